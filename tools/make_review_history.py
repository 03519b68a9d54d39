"""Give a library saved words and weeks of reviews, for screenshots and UI tests:
``python -m tools.make_review_history DATA_DIR [--days 60]``.

Everything goes through ``Library``: words are saved from the sample posts (in their sentences,
with the post linked), a few more each day, and each past evening the cards due then are graded
with explicit ``now`` (mostly Good, some Again, Hard and Easy; a missed day now and then), so the
queue, the due forecast, the known-words curve, retention and the streak are all real. Today is
left unreviewed, so cards are due. The output depends only on the arguments, the seed and today.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

from companion.library import Library
from companion.paths import DataDir
from companion.review.model import Grade

GRADES = (Grade.AGAIN, Grade.HARD, Grade.GOOD, Grade.EASY)
WEIGHTS = (0.1, 0.15, 0.6, 0.15)
SKIP_DAY = 0.12
"""The share of past days with no reviews (the streak breaks, then starts again)."""


def sample_words(library: Library, count: int) -> list[tuple[str, int]]:
    """(word, post id) of the sample posts' words worth studying: two characters or more,
    with a dictionary sense, each once, in reading order."""
    found: dict[str, int] = {}
    for summary in library.posts.list():
        post = library.read_post(summary.id)
        for token in (*post.title.tokens, *post.body.tokens):
            if len(found) >= count:
                return list(found.items())
            text = token.text
            if token.is_chinese and len(text) >= 2 and text not in found and token.info.definitions:
                found[text] = summary.id
    return list(found.items())


def make_history(
    library: Library, days: int = 60, words: int = 80, seed: int = 7, now: dt.datetime | None = None
) -> int:
    """Save words and grade them over the past ``days`` days; the number of grades given."""
    rng = random.Random(seed)
    now = now or dt.datetime.now(dt.UTC).astimezone()
    chosen = sample_words(library, words)
    past = len(chosen) * 5 // 6  # the rest are saved today: new cards waiting
    graded = 0
    for back in range(days, 0, -1):
        evening = (now - dt.timedelta(days=back)).replace(hour=20, minute=0, second=0)
        day = days - back
        for word, post_id in chosen[past * day // days : past * (day + 1) // days]:
            library.add_word(word, post_id=post_id)
        if rng.random() < SKIP_DAY and back > 3:
            continue
        for minute, card in enumerate(library.review_queue(now=evening)):
            grade = rng.choices(GRADES, WEIGHTS)[0]
            library.grade(card.word, grade, now=evening + dt.timedelta(minutes=minute))
            graded += 1
    for word, post_id in chosen[past:]:
        library.add_word(word, post_id=post_id)
    return graded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--words", type=int, default=80)
    args = parser.parse_args(argv)
    with Library(DataDir(args.data_dir)) as library:
        graded = make_history(library, args.days, args.words)
        print(f"{graded} grades over {args.days} days; {library.due_count()} due now")
    return 0


if __name__ == "__main__":
    sys.exit(main())
