"""Export the vocabulary as flashcards in one of three formats, and log each export."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from companion.errors import InvalidInput, StorageError
from companion.flashcards.anki import write_apkg
from companion.flashcards.card import build_cards
from companion.flashcards.csv import write_anki_tsv, write_csv
from companion.flashcards.pleco import write_pleco
from companion.library import Library
from companion.progress import Progress
from companion.store.clock import now
from companion.store.database import write_transaction
from companion.store.models import WordStatus

FORMATS = ("anki", "csv", "pleco")


@dataclass(frozen=True)
class ExportResult:
    format: str
    path: Path
    count: int


def last_export(library: Library, fmt: str, deck: str | None) -> str | None:
    """When words were last exported in this format (and deck), for --only-new."""
    row = library.db.execute(
        "SELECT max(exported_at) FROM export_log WHERE format = ? AND coalesce(deck, '') = ?",
        (fmt, deck or ""),
    ).fetchone()
    return row[0] if row else None


def export_vocabulary(
    library: Library,
    fmt: str,
    path: Path,
    *,
    deck: str = "Companion",
    only_new: bool = False,
    statuses: Sequence[WordStatus] = (),
    tags: Iterable[str] = (),
    sentence_cards: bool = True,
    progress: Progress = lambda done, total, message: None,
) -> ExportResult:
    """Write the (filtered) vocabulary to path; records the export in the export log."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    since = last_export(library, fmt, deck if fmt == "anki" else None) if only_new else None
    entries = library.vocabulary.list(
        statuses=statuses, added_after=since, order="added", descending=True, with_contexts=True
    )
    if not entries:
        raise InvalidInput("no words to export" + (" since the last export" if only_new else ""))
    total = len(entries)
    message = f"Exporting {total} words"

    def step(done: int) -> None:
        if done % 100 == 0 or done == total:
            progress(done, total, message)

    cards = build_cards(entries, library.engine)
    path = Path(path)
    if not path.parent.is_dir():
        raise InvalidInput(f"the folder {path.parent} does not exist")
    try:
        if fmt == "anki":
            count = write_apkg(
                cards, path, deck=deck, tags=tags, sentence_cards=sentence_cards, progress=step
            )
        elif fmt == "pleco":
            count = write_pleco(cards, path, progress=step)
        elif path.suffix.lower() == ".tsv":
            count = write_anki_tsv(cards, path, deck=deck, tags=tags, progress=step)
        else:
            count = write_csv(cards, path, progress=step)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror}") from exc
    with write_transaction(library.db):
        library.db.execute(
            "INSERT INTO export_log (format, path, deck, word_count, exported_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (fmt, str(path), deck if fmt == "anki" else None, count, now()),
        )
    return ExportResult(fmt, path, count)
