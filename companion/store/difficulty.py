"""Per-post difficulty for this learner: HSK mix, share of tokens known, unknown distinct words.

Each post's Chinese words are counted once (``post_words``); the figures are then plain SQL over
those counts and ``word_status``, so refreshing after a status change touches only the posts
that contain the changed words and takes milliseconds.

``level`` is the HSK level a reader needs to cover 90% of the post's graded tokens: a post of
mostly HSK 1–2 words with a few rare ones reads as 2, not as the rarest word's level.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from companion.language import hsk
from companion.language.characters import HAN_RANGES, HAN_RE
from companion.language.rednote import find_markup
from companion.store.connection import Database

if TYPE_CHECKING:
    from companion.language.segment import Segmenter
from companion.store.clock import now
from companion.store.listing import Difficulty
from companion.store.models import WordStatus
from companion.store.rows import in_chunks

COVERAGE = 0.9
MAX_MEASURED = 100_000
"""Characters of a post (title, body, then comments) its difficulty is measured on."""
_LATIN_RUN_RE = re.compile(f"[^{HAN_RANGES}]{{200,}}")
_KNOWN = (int(WordStatus.KNOWN), int(WordStatus.IGNORED))
_LEVELS = (1, 2, 3, 4, 5, 6, 7)
_LEVEL_SLOT = {lv: 3 + i for i, lv in enumerate(_LEVELS)}
"""Where a level's tokens go in a (tokens, known, unknown, *per level) total."""


def count_words(text: str, segmenter: Segmenter) -> Counter[str]:
    """Chinese words of text (markup such as topics and stickers left out) with their counts.

    Only the first MAX_MEASURED characters are measured, and long stretches without Chinese
    are dropped before segmenting (jieba's time grows faster than their length), so the work
    is bounded whatever a post holds.
    """
    text = _LATIN_RUN_RE.sub("\n", text[:MAX_MEASURED])
    spans = find_markup(text)
    if spans:
        pieces, last = [], 0
        for span in spans:
            pieces.append(text[last : span.start])
            last = span.end
        pieces.append(text[last:])
        text = "\n".join(pieces)
    counts = Counter(segmenter.cut(text))
    search = HAN_RE.search
    for word in [w for w in counts if search(w) is None]:  # per distinct word, not per token
        del counts[word]
    return counts


def index_post(db: Database, post_id: int, text: str, segmenter: Segmenter) -> None:
    """Store the word counts of a post (its title, body and comments joined)."""
    counts = count_words(text, segmenter)
    conn = db.conn
    conn.execute("DELETE FROM post_words WHERE post_id = ?", (post_id,))
    conn.executemany(
        "INSERT INTO post_words (post_id, word, count, hsk) VALUES (?, ?, ?, ?)",
        [(post_id, w, n, hsk.level(w)) for w, n in counts.items()],
    )


def unindexed_posts(db: Database) -> list[int]:
    """Posts whose words have not been counted yet (new or changed since)."""
    return [
        r[0]
        for r in db.conn.execute(
            "SELECT id FROM posts WHERE id NOT IN (SELECT post_id FROM post_difficulty) ORDER BY id"
        )
    ]


def posts_with_words(db: Database, words: Iterable[str]) -> list[int]:
    """Posts containing any of words: the ones to refresh after their status changed."""
    words = list(words)
    found: set[int] = set()
    for chunk, marks in in_chunks(words):
        found.update(
            r[0]
            for r in db.conn.execute(
                f"SELECT DISTINCT post_id FROM post_words WHERE word IN ({marks})", chunk
            )
        )
    return sorted(found)


def unknown_words(db: Database, post_id: int) -> list[str]:
    """The words of a post the learner has not marked known or ignored (new or learning)."""
    return [
        r[0]
        for r in db.conn.execute(
            "SELECT pw.word FROM post_words pw LEFT JOIN word_status s ON s.word = pw.word"
            " WHERE pw.post_id = ? AND coalesce(s.status, 0) IN (0, 1)",
            (post_id,),
        )
    ]


def coverage_level(mix: dict[str, float]) -> float | None:
    """The HSK level at which graded tokens reach COVERAGE of the post (None if none graded)."""
    graded = sum(mix.get(str(level), 0.0) for level in _LEVELS)
    if graded <= 0:
        return None
    covered = 0.0
    for level in _LEVELS:
        covered += mix.get(str(level), 0.0)
        if covered / graded >= COVERAGE - 1e-9:
            return float(level)
    return float(_LEVELS[-1])


def refresh(db: Database, post_ids: Iterable[int] | None = None) -> int:
    """Recompute difficulty for these posts (all when None); returns how many were refreshed."""
    conn = db.conn
    ids = list(post_ids) if post_ids is not None else None
    where = ""
    params: list[int] = []
    if ids is not None:
        if not ids:
            return 0
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS refresh_ids (id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM refresh_ids")
        conn.executemany("INSERT OR IGNORE INTO refresh_ids VALUES (?)", [(i,) for i in ids])
        where = "WHERE p.id IN (SELECT id FROM refresh_ids)"
    level_sums = ", ".join(
        f"sum(CASE WHEN pw.hsk = {lv} THEN pw.count ELSE 0 END)" for lv in _LEVELS
    )
    rows = conn.execute(
        f"SELECT p.id, coalesce(sum(pw.count), 0),"
        f" coalesce(sum(CASE WHEN s.status IN {_KNOWN} THEN pw.count ELSE 0 END), 0),"
        f" count(CASE WHEN pw.word IS NOT NULL AND coalesce(s.status, 0) NOT IN {_KNOWN}"
        f"  THEN 1 END),"
        f" {level_sums}"
        f" FROM posts p LEFT JOIN post_words pw ON pw.post_id = p.id"
        f" LEFT JOIN word_status s ON s.word = pw.word {where} GROUP BY p.id",
        params,
    ).fetchall()
    _write_difficulty(db, rows)
    return len(rows)


def _write_difficulty(db: Database, rows: Iterable[tuple[Any, ...]]) -> None:
    """Save post_difficulty from (post id, tokens, known tokens, unknown words, tokens at
    each of _LEVELS) rows."""
    stamp = now()
    values = []
    for post_id, tokens, known, unknown, *per_level in rows:
        shares = zip(_LEVELS, per_level, strict=True)
        mix = {str(lv): (n / tokens if tokens else 0.0) for lv, n in shares}
        mix["none"] = 1.0 - sum(mix.values()) if tokens else 0.0
        mix = {k: round(v, 4) for k, v in mix.items()}
        values.append(
            (post_id, tokens, known, unknown, json.dumps(mix), coverage_level(mix), stamp)
        )
    db.conn.executemany(
        "INSERT OR REPLACE INTO post_difficulty"
        " (post_id, tokens, known_tokens, unknown_words, hsk_mix, level, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        values,
    )


def read(db: Database, post_ids: Iterable[int]) -> dict[int, Difficulty]:
    """The stored difficulty of these posts (those measured), by post id."""
    ids = list(dict.fromkeys(post_ids))
    found: dict[int, Difficulty] = {}
    for chunk, marks in in_chunks(ids):
        rows = db.conn.execute(
            "SELECT post_id, tokens, known_tokens, unknown_words, hsk_mix, level"
            f" FROM post_difficulty WHERE post_id IN ({marks})",
            chunk,
        )
        for post_id, tokens, known, unknown, mix, level in rows:
            found[post_id] = Difficulty(tokens, known, unknown, json.loads(mix), level)
    return found


def store_counts(db: Database, post_id: int, counts: Counter[str]) -> None:
    """Store word counts measured elsewhere (``count_words`` on a worker thread)."""
    store_many_counts(db, [(post_id, counts)])


def store_many_counts(db: Database, counts: Iterable[tuple[int, Counter[str]]]) -> None:
    """Store the word counts of many posts in bulk (inside the caller's write transaction),
    replacing what they had, and their difficulty, reckoned from the counts in hand (what
    ``refresh`` would read back out of post_words)."""
    counts = list(counts)
    conn = db.conn
    conn.executemany("DELETE FROM post_words WHERE post_id = ?", [(i,) for i, _ in counts])
    level = hsk.level
    rows = [(post_id, w, n, level(w)) for post_id, words in counts for w, n in words.items()]
    conn.executemany("INSERT INTO post_words (post_id, word, count, hsk) VALUES (?, ?, ?, ?)", rows)
    known = {r[0] for r in conn.execute(f"SELECT word FROM word_status WHERE status IN {_KNOWN}")}
    totals: dict[int, list[int]] = {post_id: [0] * (3 + len(_LEVELS)) for post_id, _ in counts}
    for post_id, word, n, lv in rows:
        total = totals[post_id]
        total[0] += n
        if word in known:
            total[1] += n
        else:
            total[2] += 1
        if lv in _LEVEL_SLOT:
            total[_LEVEL_SLOT[lv]] += n
    _write_difficulty(db, [(post_id, *total) for post_id, total in totals.items()])
