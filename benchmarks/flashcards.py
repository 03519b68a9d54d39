"""Flashcard benchmarks: 10,000 saved words to .apkg and CSV, each against a bare baseline that
writes the same content (genanki with our note type and our notes' fields and tags; a plain
SELECT of the stored fields, then csv.writer with our rows, to a byte-identical file)."""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.report import Row

WORDS = 10_000
SENTENCES = (
    "今天和姐妹去探店，这家火锅真的绝绝子！",
    "人均才100块，性价比超高。",
    "周末去公园散步，天气很好。",
    "我家猫咪今天又拆家了。",
)


def _save_words(library: object) -> None:
    """10,000 words as add_word stores them (reading, senses, traditional form, slang term and
    the sentence's pinyin), written in one statement per table."""
    from companion.flashcards.card import read_word, sentence_pinyin
    from companion.store.database import write_transaction

    engine = library.engine  # type: ignore[attr-defined]
    reading = read_word(engine, "词语")
    pinyins = [sentence_pinyin(engine, s + "词语") for s in SENTENCES]
    stamp = "2026-01-01T00:00:00"
    with write_transaction(library.db):  # type: ignore[attr-defined]
        conn = library.db.conn  # type: ignore[attr-defined]
        conn.executemany(
            "INSERT INTO vocabulary (id, word, pinyin, definition, hsk, traditional, slang,"
            " added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (n, f"词语{n}", reading.pinyin, f"word number {n}; a term", n % 7 + 1,
                 reading.traditional + str(n), "", stamp, stamp)
                for n in range(1, WORDS + 1)
            ),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO contexts (vocabulary_id, sentence, translation, sentence_pinyin,"
            " added_at) VALUES (?, ?, ?, ?, ?)",
            (
                (n, SENTENCES[n % 4] + f"词语{n}", "A sentence.", pinyins[n % 4], stamp)
                for n in range(1, WORDS + 1)
            ),
        )


_BARE_READ = (
    "SELECT v.word, v.traditional, v.pinyin, v.definition, v.hsk, v.slang, c.sentence,"
    " c.sentence_pinyin, c.translation FROM vocabulary v"
    " LEFT JOIN contexts c ON c.vocabulary_id = v.id"
)


def run(root: Path) -> list[Row]:
    import genanki

    from companion.flashcards import anki
    from companion.flashcards.card import Readings, build_cards
    from companion.flashcards.csv import CSV_COLUMNS, card_row, spreadsheet_safe
    from companion.library import Library
    from companion.paths import DataDir

    library = Library(DataDir(root / "home"), seed_samples=False)
    library.engine.warm_up()
    _save_words(library)
    calls: list[int] = []

    def export_anki() -> None:
        library.export(
            "anki", root / "deck.apkg", progress=lambda done, total, message: calls.append(done)
        )

    # The baselines' content, made untimed from the same cards.
    readings = Readings(lambda: library.engine)
    cards = list(build_cards(library.vocabulary.for_cards(), readings))
    assert not readings.words and not readings.sentences  # nothing was read again
    notes = [
        (
            anki.note_fields(card, sentence_cards=True),
            anki.note_guid(card.word),
            sorted({"companion", f"companion::{card.status}"}),
        )
        for card in cards
    ]
    rows = [[spreadsheet_safe(v) for v in card_row(card)] for card in cards]
    del cards

    def bare_anki() -> None:
        deck = genanki.Deck(anki.deck_id("Companion"), "Companion")
        for fields, guid, tags in notes:
            deck.add_note(genanki.Note(model=anki.MODEL, fields=fields, guid=guid, tags=tags))
        genanki.Package(deck).write_to_file(str(root / "bare.apkg"))

    def bare_csv_write() -> None:
        # The bare pipeline reads the stored fields too: one plain SELECT, as sqlite3 gives it.
        library.db.conn.execute(_BARE_READ).fetchall()
        with (root / "bare.csv").open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(rows)

    # Best of two runs each: the first run of either side pays one-off costs (imports, caches).
    ours, bare, csv_time, bare_csv = (_best(f) for f in (export_anki, bare_anki,
        lambda: library.export("csv", root / "deck.csv"), bare_csv_write))  # fmt: skip
    library.close()
    same_csv = (root / "bare.csv").read_bytes() == (root / "deck.csv").read_bytes()
    return [
        Row(
            f"export {WORDS:,} words to .apkg (s)",
            ours,
            bare,
            "genanki, same notes",
            target="<= 2x",
            ok=ours <= 2 * bare and len(calls) >= 100,
        ),
        Row(
            f"export {WORDS:,} words to CSV (s)",
            csv_time,
            bare_csv,
            "SELECT + csv.writer, same file",
            target="<= 3x",
            ok=csv_time <= 3 * bare_csv and same_csv,
        ),
    ]


def _best(run: Callable[[], object], repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        return run(Path(tmp))
