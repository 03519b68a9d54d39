"""Opening the library at size: what `Library(...)` costs on a large database, against a bare
``sqlite3.connect`` and one trivial query on the same file, in the same run.

The library is built quickly: 500 notes through the real import, then copied with
INSERT … SELECT (posts, their full-text rows and difficulty) up to the size asked. Also shown:
the open after an unclean shutdown (the marker left "open": ``quick_check`` first), and the
whole-file ``PRAGMA integrity_check`` every open used to run (now the weekly background check).
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.library import _note
from benchmarks.report import Row
from benchmarks.timing import best_of

SEED_NOTES = 500
POSTS = (20_000, 100_000)
OPEN_BAR_S = 0.3
"""The open's share of the 1.5 s cold start to the painted feed."""


def build(home: Path, posts: int) -> Path:
    """A library of `posts` posts in home; returns its database."""
    from companion.library import Library
    from companion.paths import DataDir

    rng = random.Random(14)
    export = home.parent / f"seed-{posts}.jsonl"
    export.write_text(
        "".join(json.dumps(_note(n, rng), ensure_ascii=False) + "\n" for n in range(SEED_NOTES)),
        encoding="utf-8",
    )
    with Library(DataDir(home), seed_samples=False) as library:
        library.import_paths([export], backup=False)
        database = library.data.database
    conn = sqlite3.connect(database)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(posts)") if r[1] != "id"]
    others = ", ".join(c for c in columns if c != "source_id")
    copies = -(-posts // SEED_NOTES) - 1
    with conn:
        conn.execute(
            f"INSERT INTO posts (source_id, {others}) "
            f"SELECT p.source_id || '-' || k.n, {others} FROM posts p, "
            "(WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?) "
            "SELECT n FROM k) k ORDER BY k.n, p.id LIMIT ?",
            (copies, posts - SEED_NOTES),
        )
        conn.execute(
            "INSERT INTO posts_fts (rowid, title, body, comments) "
            "SELECT id, title, body, '' FROM posts WHERE id > ?",
            (SEED_NOTES,),
        )
        difficulty = [r[1] for r in conn.execute("PRAGMA table_info(post_difficulty)")]
        rest = ", ".join(c for c in difficulty if c != "post_id")
        conn.execute(
            f"INSERT INTO post_difficulty (post_id, {rest}) "
            f"SELECT p.id, d.{rest.replace(', ', ', d.')} FROM posts p "
            "JOIN post_difficulty d ON d.post_id = 1 + (p.id - 1) % ? WHERE p.id > ?",
            (SEED_NOTES, SEED_NOTES),
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return database


def rows_at(root: Path, posts: int) -> list[Row]:
    from companion.library import Library
    from companion.paths import DataDir
    from companion.store import open_marker

    started = time.perf_counter()
    database = build(root / f"home-{posts}", posts)
    built = time.perf_counter() - started
    data = DataDir(database.parent)
    size_mb = database.stat().st_size / 1e6
    print(f"(open: built {posts:,} posts, {size_mb:,.0f} MB, in {built:.1f} s)", file=sys.stderr)

    def bare() -> None:
        conn = sqlite3.connect(database)
        conn.execute("SELECT value FROM meta WHERE key = 'samples_seeded'").fetchone()
        conn.close()

    def ours() -> None:
        Library(data, seed_samples=False).close()

    def after_a_kill() -> None:
        open_marker.marker_path(database).write_text(open_marker.OPEN)
        Library(data, seed_samples=False).close()

    def old_check() -> None:
        conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
        conn.execute("PRAGMA integrity_check").fetchall()
        conn.close()

    baseline = best_of(bare)
    opened = best_of(ours)
    return [
        Row(
            f"open the library, {posts:,} posts ({size_mb:,.0f} MB) (s)",
            opened,
            baseline,
            "sqlite3.connect + 1 query",
            target=f"< {OPEN_BAR_S} s",
            ok=opened < OPEN_BAR_S,
        ),
        Row(
            "  after an unclean shutdown (quick_check first) (s)",
            best_of(after_a_kill, repeat=2),
            baseline,
            "sqlite3.connect + 1 query",
        ),
        Row(
            "  the integrity_check each open ran before (now weekly, in the background) (s)",
            best_of(old_check, repeat=1),
            baseline,
            "sqlite3.connect + 1 query",
        ),
    ]


def main(sizes: tuple[int, ...] = POSTS) -> list[Row]:
    rows: list[Row] = []
    for posts in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            rows += rows_at(Path(tmp), posts)
    return rows


if __name__ == "__main__":
    from benchmarks.report import format_table

    sizes = tuple(int(a) for a in sys.argv[1:]) or POSTS
    print(format_table(main(sizes)))
