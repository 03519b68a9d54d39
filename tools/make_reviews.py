"""Generate a library with a year of reviews for benchmarks:
``python -m tools.make_reviews DATA_DIR [--words 10000] [--days 365]``.

Saved words with a context sentence each (their cards made by migration 0005's trigger), then
a simulated learner who reviews every day: the day's due cards and up to ``--new`` new cards,
each graded Again with FSRS's own odds of forgetting it (1 − retrievability) and otherwise
Hard, Good or Easy, repeated through the day's learning steps. Every grade goes through
``companion.review.scheduling.review`` (real FSRS); cards, log and statuses are written in bulk
at the end. The output depends only on the arguments and the seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

from companion.library import Library
from companion.paths import DataDir
from companion.review.model import Grade
from companion.review.scheduling import retrievability, review, status_after
from companion.store.database import write_transaction
from companion.store.models import WordStatus
from companion.store.review import LogEntry, StoredCard, stamp

SENTENCES = (
    "今天和姐妹去探店，这家{}真的绝绝子！",
    "人均才100块，{}性价比超高。",
    "周末去公园散步，顺便买了{}。",
    "我家猫咪今天又把{}弄坏了。",
)
DAY_START = dt.time(8, 0)
DAY_END = dt.time(22, 0)


def _words(count: int) -> list[str]:
    """Distinct words from common characters (two, then three characters)."""
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    chars = "".join(dict.fromkeys(chars))
    words = [a + b for a in chars for b in chars if a != b]
    words += [a + b + c for a in chars for b in chars for c in chars]
    return list(dict.fromkeys(words))[:count]


def _save_words(library: Library, words: list[str], first_day: dt.datetime) -> None:
    added = stamp(first_day - dt.timedelta(days=1))
    with write_transaction(library.db):
        conn = library.db.conn
        conn.executemany(
            "INSERT INTO vocabulary (id, word, pinyin, definition, hsk, added_at, updated_at)"
            " VALUES (?, ?, 'cí yǔ', ?, ?, ?, ?)",
            ((n, w, f"meaning of {w}", n % 6 + 1, added, added) for n, w in enumerate(words, 1)),
        )
        conn.executemany(
            "INSERT INTO contexts (vocabulary_id, sentence, translation, added_at)"
            " VALUES (?, ?, 'A sentence.', ?)",
            ((n, SENTENCES[n % 4].format(w), added) for n, w in enumerate(words, 1)),
        )


def _grade(rng: random.Random, card: StoredCard, when: dt.datetime) -> Grade:
    odds = retrievability(card, when) if card.reps else 0.6
    if rng.random() > odds:
        return Grade.AGAIN
    return rng.choices((Grade.HARD, Grade.GOOD, Grade.EASY), (1, 8, 1))[0]


def simulate(
    cards: dict[int, StoredCard], first_day: dt.datetime, days: int, new_per_day: int, seed: int
) -> list[LogEntry]:
    """A learner's reviews, day by day; ``cards`` are updated in place."""
    rng = random.Random(seed)
    random.seed(seed)  # FSRS's interval fuzz draws from the module's generator
    log: list[LogEntry] = []
    new = sorted(i for i, c in cards.items() if c.reps == 0)
    for day in range(days):
        start = dt.datetime.combine((first_day + dt.timedelta(days=day)).date(), DAY_START, dt.UTC)
        end = dt.datetime.combine(start.date(), DAY_END, dt.UTC)
        today = new[day * new_per_day : (day + 1) * new_per_day]
        clock = start
        while True:
            limit = stamp(end)
            due = [i for i, c in cards.items() if c.reps and c.due <= limit] + today
            today = []
            if not due:
                break
            for vocab_id in sorted(due, key=lambda i: cards[i].due):
                card = cards[vocab_id]
                clock = max(clock, dt.datetime.fromisoformat(card.due)) + dt.timedelta(seconds=8)
                grade = _grade(rng, card, clock)
                after, entry = review(card, grade, clock, WordStatus.LEARNING, 8000)
                cards[vocab_id] = after
                log.append(entry)
            if clock >= end:
                break
    return log


def make_review_library(
    root: Path, words: int = 10_000, days: int = 365, new_per_day: int = 30, *, seed: int = 11
) -> tuple[Library, dt.datetime]:
    """Create the library at root; returns it and the end of the simulated year (the "now"
    its figures are for)."""
    library = Library(DataDir(root), seed_samples=False)
    end = dt.datetime(2026, 12, 1, 23, 0, tzinfo=dt.UTC)
    first_day = end - dt.timedelta(days=days - 1)  # the last day simulated is end's
    _save_words(library, _words(words), first_day)
    cards = {c.vocabulary_id: c for c in _cards(library)}
    log = simulate(cards, first_day, days, new_per_day, seed)
    with write_transaction(library.db):
        for card in cards.values():
            library.reviews.save(card)
        library.db.conn.executemany(
            "INSERT INTO review_log (word, grade, reviewed_at, elapsed_days, duration_ms,"
            " state_before, state_after, stability_after, due_after, card_before)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            log,
        )
        statuses = [(c.word, int(status_after(c)), c.last_review) for c in cards.values() if c.reps]
        library.db.conn.executemany("INSERT INTO word_status VALUES (?, ?, ?)", statuses)
    return library, end


def _cards(library: Library) -> list[StoredCard]:
    words = [r[0] for r in library.db.execute("SELECT word FROM vocabulary ORDER BY id")]
    found = [library.reviews.card(w) for w in words]
    return [c for c in found if c is not None]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--words", type=int, default=10_000, help="saved words (default 10000)")
    parser.add_argument("--days", type=int, default=365, help="days of reviews (default 365)")
    parser.add_argument("--new", type=int, default=30, help="new cards a day (default 30)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    if (args.data_dir / "companion.db").exists():
        print(f"{args.data_dir} already has a library", file=sys.stderr)
        return 1
    began = time.perf_counter()
    library, _end = make_review_library(
        args.data_dir, args.words, args.days, args.new, seed=args.seed
    )
    reviews = library.db.execute("SELECT count(*) FROM review_log").fetchone()[0]
    library.close()
    took = time.perf_counter() - began
    print(f"{args.data_dir}: {args.words:,} cards, {reviews:,} reviews in {took:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
