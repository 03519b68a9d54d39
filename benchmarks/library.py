"""Library benchmarks: 10,000-note import, full-text search, vocabulary sort, difficulty refresh."""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from benchmarks.report import Row
from benchmarks.text_engine import REDNOTE_STYLE
from benchmarks.timing import best_of


def _note(n: int, rng: random.Random) -> dict[str, object]:
    lines = REDNOTE_STYLE.splitlines()
    body = "\n".join(rng.sample(lines, 3)) + f" 第{n}篇"
    return {
        "note_id": f"n{n:08d}",
        "type": "normal",
        "title": f"探店日记{n}｜{lines[n % 5][:12]}",
        "desc": body,
        "time": 1_714_000_000_000 + n * 1000,
        "user_id": f"u{n % 500}",
        "nickname": f"小红薯{n % 500}",
        "liked_count": f"{rng.randint(1, 99)}.{n % 10}万",
        "collected_count": str(rng.randint(0, 9999)),
        "comment_count": "12",
        "share_count": "3",
        "ip_location": "上海",
        "image_list": f"https://img.example/{n}.jpg",
        "tag_list": "探店,美食",
        "note_url": f"https://www.xiaohongshu.com/explore/n{n:08d}",
    }


def run(root: Path) -> list[Row]:
    import sqlite3

    import jieba

    from companion.library import Library
    from companion.paths import DataDir
    from companion.store.database import write_transaction
    from companion.store.models import WordStatus

    rng = random.Random(7)
    rows: list[Row] = []
    export = root / "search_contents.jsonl"
    notes = [_note(n, rng) for n in range(10_000)]
    export.write_text(
        "".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notes), encoding="utf-8"
    )
    library = Library(DataDir(root / "home"), seed_samples=False)
    library.engine.segmenter.warm_up()

    start = time.perf_counter()
    report = library.import_paths([export], index=False)
    imported = time.perf_counter() - start
    assert report.added == 10_000, report.errors
    start = time.perf_counter()
    library.index_posts()
    indexed = time.perf_counter() - start
    # Baseline: the same rows written by a bare executemany into a one-table database.
    conn = sqlite3.connect(root / "baseline.db")
    conn.execute("CREATE TABLE notes (id TEXT PRIMARY KEY, title TEXT, body TEXT, data TEXT)")
    start = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO notes VALUES (?, ?, ?, ?)",
            ((n["note_id"], n["title"], n["desc"], json.dumps(n)) for n in notes),
        )
    bare = time.perf_counter() - start
    conn.close()
    rows.append(
        Row(
            "import 10,000 MediaCrawler notes (s)",
            imported,
            bare,
            "bare executemany",
            target="< 20 s",
            ok=imported < 20,
        )
    )
    texts = "\n".join(str(n["title"]) + "\n" + str(n["desc"]) for n in notes)
    seg = best_of(lambda: jieba.lcut(texts), repeat=1)
    rows.append(
        Row(
            "count words + difficulty, 10,000 posts (s)",
            indexed,
            seg,
            "jieba.lcut",
            target="(after import)",
            ok=None,
        )
    )
    total = imported + indexed
    rows.append(
        Row(
            "import + difficulty together (s)",
            total,
            imported,
            "import alone",
            target="< 20 s",
            ok=total < 20,
        )
    )

    # The feed's search (first page and count) against LIKE finding every match in the
    # same text (title, body, comments): a LIMIT would let the scan stop early.
    search = best_of(lambda: library.posts.first_page(query="火锅 排队", limit=50), repeat=5)
    like_sql = (
        "SELECT id FROM posts p WHERE (title || body || ifnull((SELECT group_concat(text)"
        " FROM comments c WHERE c.post_id = p.id), '')) LIKE '%火锅%' AND (title || body ||"
        " ifnull((SELECT group_concat(text) FROM comments c WHERE c.post_id = p.id), ''))"
        " LIKE '%排队%'"
    )
    found = len(library.db.execute(like_sql).fetchall())
    assert found == library.posts.count_matching(query="火锅 排队"), found
    like = best_of(lambda: library.db.execute(like_sql).fetchall(), repeat=5)
    rows.append(
        Row(
            "full-text search, 10,000 posts (ms)",
            search * 1000,
            like * 1000,
            "LIKE scan",
            target="< 50 ms",
            ok=search < 0.05,
        )
    )

    with write_transaction(library.db):
        stamp = "2026-01-01T00:00:00"
        library.db.conn.executemany(
            "INSERT INTO vocabulary (word, pinyin, definition, hsk, added_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                (f"词{n}", f"ci{n % 97}", f"meaning {n}", n % 7 + 1, stamp, stamp)
                for n in range(100_000)
            ),
        )
        library.db.conn.executemany(
            "INSERT INTO word_status (word, status, updated_at) VALUES (?, ?, ?)",
            ((f"词{n}", n % 3, stamp) for n in range(0, 100_000, 2)),
        )
    page = best_of(
        lambda: library.vocabulary.list(
            query="meaning 9", statuses=[WordStatus.LEARNING], order="pinyin", limit=200
        ),
        repeat=3,
    )
    plain = best_of(
        lambda: library.db.execute("SELECT * FROM vocabulary ORDER BY pinyin LIMIT 200").fetchall(),
        repeat=3,
    )
    rows.append(
        Row(
            "vocabulary filter + sort, 100,000 words (ms)",
            page * 1000,
            plain * 1000,
            "bare ORDER BY",
            target="< 50 ms",
            ok=page < 0.05,
        )
    )

    words = [
        r[0]
        for r in library.db.execute(
            "SELECT word FROM post_words GROUP BY word ORDER BY count(*) DESC LIMIT 3"
        )
    ]
    affected = library.db.execute(
        f"SELECT count(DISTINCT post_id) FROM post_words WHERE word IN ({','.join('?' * 3)})", words
    ).fetchone()[0]
    start = time.perf_counter()
    library.set_status(words, WordStatus.KNOWN)
    refresh = time.perf_counter() - start
    rows.append(
        Row(
            f"difficulty refresh after a status change, {affected:,} posts (s)",
            refresh,
            indexed,
            "counting words again",
            target="< 1 s per 1,000",
            ok=refresh < max(1.0, affected / 1000),
        )
    )
    library.close()
    return rows


def main() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        return run(Path(tmp))
