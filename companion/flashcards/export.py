"""Write saved words as flashcards in one of three formats (no database: the Library reads the
words, calls this, and logs the export)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from companion.changes import OpChanges
from companion.errors import InvalidInput, StorageError
from companion.flashcards.anki import write_apkg
from companion.flashcards.card import Readings, build_cards
from companion.flashcards.csv import write_anki_tsv, write_csv
from companion.flashcards.pleco import write_pleco
from companion.progress import Progress
from companion.store.vocabulary import SavedCard
from companion.wording import counted

if TYPE_CHECKING:
    from companion.speech.cache import Speech

FORMATS = ("anki", "csv", "pleco")
EXPORTED = OpChanges(exports=True)


@dataclass(frozen=True)
class ExportResult:
    format: str
    path: Path
    count: int
    changes: OpChanges = EXPORTED


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def write_cards(
    entries: Sequence[SavedCard],
    readings: Readings,
    fmt: str,
    path: Path,
    *,
    deck: str = "Companion",
    card_tags: Iterable[str] = (),
    sentence_cards: bool = True,
    progress: Progress = lambda done, total, message: None,
    audio: Speech | None = None,
) -> int:
    """Write entries to path as cards (a .tsv path in csv is Anki's text import); returns how
    many words were written; with audio (Anki only), the words' and sentences' speech goes
    in as media. What words saved before it was stored lack is read by readings,
    which keeps it to be stored."""
    check_format(fmt)
    if audio is not None and fmt != "anki":
        raise InvalidInput("audio goes only into Anki decks (export anki --audio)")
    if audio is not None:
        _ = audio.voice  # no voice: NoVoice (how to get one) before anything is written
    total = len(entries)
    message = f"Exporting {counted(total, 'word')}"

    def step(done: int) -> None:
        if done % 100 == 0 or done == total:
            progress(done, total, message)

    cards = build_cards(entries, readings)
    path = Path(path)
    if not path.parent.is_dir():
        raise InvalidInput(f"the folder {path.parent} does not exist")
    try:
        if fmt == "anki":
            return write_apkg(
                cards,
                path,
                deck=deck,
                tags=card_tags,
                sentence_cards=sentence_cards,
                progress=step,
                audio=audio,
            )
        if fmt == "pleco":
            return write_pleco(cards, path, progress=step)
        if path.suffix.lower() == ".tsv":
            return write_anki_tsv(cards, path, deck=deck, tags=card_tags, progress=step)
        return write_csv(cards, path, progress=step)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror}") from exc
