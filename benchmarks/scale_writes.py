"""The scaling table's open, import and export figures: what the library costs to open, to
import into and to export from at each size, next to a bare baseline on the same file.

Import and export write, so each runs on a copy of the generated library (made untimed)."""

from __future__ import annotations

import csv
import json
import random
import shutil
import sqlite3
import tempfile
from pathlib import Path

from benchmarks.library import _clock, _note, bare_pipeline
from benchmarks.timing import best_of

IMPORT_NOTES = 1_000
"""Notes in the file imported into each library: the same file at every size."""


def open_library(root: Path) -> tuple[float, float]:
    """Library(...) opened and closed (ms), against sqlite3.connect and one trivial query."""
    from companion.library import Library
    from companion.paths import DataDir

    def ours() -> None:
        Library(DataDir(root), seed_samples=False).close()

    def bare() -> None:
        conn = sqlite3.connect(root / "companion.db")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()

    return best_of(ours) * 1000, best_of(bare) * 1000


def _copy(root: Path, to: Path) -> Path:
    to.mkdir(parents=True)
    for name in ("companion.db", "companion.db-wal"):
        if (root / name).is_file():
            shutil.copyfile(root / name, to / name)
    return to


def import_notes(root: Path) -> tuple[float, float]:
    """A 1,000-note MediaCrawler file imported with its difficulty into a copy of the library
    (CPU s), against the bare pipeline (json, executemany, FTS5, rjieba) on another copy."""
    from companion.language import hsk
    from companion.library import Library
    from companion.paths import DataDir

    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        export = base / "search_contents.jsonl"
        export.write_text(
            "".join(
                json.dumps(_note(900_000 + n, rng), ensure_ascii=False) + "\n"
                for n in range(IMPORT_NOTES)
            ),
            encoding="utf-8",
        )
        library = Library(DataDir(_copy(root, base / "ours")), seed_samples=False)
        try:
            # Loaded before timing, as the bare pipeline's: the segmenter and the HSK lists.
            library.engine.segmenter.cut("今天天气很好")
            hsk.warm_up()
            start = _clock()
            report = library.import_paths([export], backup=False)
            ours = _clock() - start
            assert report.added == IMPORT_NOTES, report.errors
        finally:
            library.close()
        bare = bare_pipeline(export, _copy(root, base / "bare")).total
    return ours, bare


_READ = (
    "SELECT v.word, v.traditional, v.pinyin, v.definition, v.hsk, v.slang, c.sentence,"
    " c.sentence_pinyin, c.translation FROM vocabulary v"
    " LEFT JOIN contexts c ON c.vocabulary_id = v.id"
)


def export_csv(root: Path) -> tuple[float, float]:
    """The library's saved words exported to CSV (ms), against a plain SELECT of their stored
    fields written by csv.writer (the byte-identical comparison is benchmarks/flashcards.py)."""
    from companion.library import Library
    from companion.paths import DataDir

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        library = Library(DataDir(_copy(root, out / "home")), seed_samples=False)
        try:
            ours = best_of(lambda: library.export("csv", out / "ours.csv"), repeat=3)
        finally:
            library.close()
        conn = sqlite3.connect(out / "home" / "companion.db")

        def bare() -> None:
            rows = conn.execute(_READ).fetchall()
            with (out / "bare.csv").open("w", encoding="utf-8-sig", newline="") as fh:
                csv.writer(fh).writerows(rows)

        try:
            plain = best_of(bare, repeat=3)
        finally:
            conn.close()
    return ours * 1000, plain * 1000
