"""Flashcard benchmarks: 10,000 saved words to .apkg and CSV, against bare genanki."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.report import Row


def run(root: Path) -> list[Row]:
    import genanki

    from companion.flashcards import anki
    from companion.library import Library
    from companion.paths import DataDir
    from companion.store.database import write_transaction

    library = Library(DataDir(root / "home"), seed_samples=False)
    library.engine.warm_up()
    sentences = [
        "今天和姐妹去探店，这家火锅真的绝绝子！",
        "人均才100块，性价比超高。",
        "周末去公园散步，天气很好。",
        "我家猫咪今天又拆家了。",
    ]
    stamp = "2026-01-01T00:00:00"
    with write_transaction(library.db):
        conn = library.db.conn
        conn.executemany(
            "INSERT INTO vocabulary (id, word, pinyin, definition, hsk, added_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (n, f"词语{n}", "cí yǔ", f"word number {n}; a term", n % 7 + 1, stamp, stamp)
                for n in range(1, 10_001)
            ),
        )
        conn.executemany(
            "INSERT INTO contexts (vocabulary_id, sentence, translation, added_at)"
            " VALUES (?, ?, ?, ?)",
            ((n, sentences[n % 4] + f"词语{n}", "A sentence.", stamp) for n in range(1, 10_001)),
        )
    calls: list[int] = []
    start = time.perf_counter()
    library.export(
        "anki",
        root / "deck.apkg",
        progress=lambda done, total, message: calls.append(done),
    )
    ours = time.perf_counter() - start
    start = time.perf_counter()
    library.export("csv", root / "deck.csv")
    csv_time = time.perf_counter() - start

    start = time.perf_counter()
    deck = genanki.Deck(1, "bare")
    for n in range(1, 10_001):
        deck.add_note(
            genanki.Note(
                model=anki.MODEL, fields=[f"词语{n}"] + [""] * 12, guid=anki.note_guid(f"词语{n}")
            )
        )
    genanki.Package(deck).write_to_file(str(root / "bare.apkg"))
    bare = time.perf_counter() - start
    library.close()
    return [
        Row(
            "export 10,000 words to .apkg (s)",
            ours,
            bare,
            "bare genanki notes",
            target="< 10 s",
            ok=ours < 10 and len(calls) >= 100,
        ),
        Row(
            "export 10,000 words to CSV (s)",
            csv_time,
            bare,
            "bare genanki notes",
            target="< 10 s",
            ok=csv_time < 10,
        ),
    ]


def main() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        return run(Path(tmp))
