"""Anki stays first-class: exporting the vocabulary (Anki deck or CSV, from the Library or the
command line) never changes or loses a card's review state or the review log, including for
words saved before their readings were stored (export stores those as it goes)."""

from __future__ import annotations

from pathlib import Path

import anki.collection as anki_collection
import pytest

from companion.cli import main
from companion.library import Library
from companion.review.model import Grade
from tests.flashcards.test_anki import fields_by_word, import_apkg
from tests.review.helpers import at, save


def scheduled(library: Library) -> list[tuple[object, ...]]:
    """The queue as scheduled (the sentence's pinyin is what export may fill in)."""
    return [(c.word, c.due, c.state, c.reps) for c in library.review_queue(now=at(30))]


@pytest.mark.parametrize("fmt", ["anki", "csv"])
def test_exporting_leaves_review_state_as_it_was(
    library: Library, tmp_path: Path, fmt: str
) -> None:
    save(library, "火锅", "种草", "绝绝子")  # stored without readings: export fills them in
    library.grade("火锅", Grade.GOOD, now=at(0))
    library.grade("火锅", Grade.EASY, now=at(0, minutes=10))
    library.grade("种草", Grade.AGAIN, now=at(0))
    before = library.reviews.cards_snapshot()
    queue = scheduled(library)
    library.export(fmt, tmp_path / f"deck.{fmt}")
    library.export(fmt, tmp_path / f"again.{fmt}", only_new=False)
    assert library.reviews.cards_snapshot() == before
    assert scheduled(library) == queue
    assert library.grade("火锅", Grade.GOOD, now=at(30)).card.reps == 3


def test_the_command_line_export_keeps_review_state_and_anki_sees_every_word(
    library: Library, tmp_path: Path
) -> None:
    save(library, "火锅", "种草")
    library.grade("火锅", Grade.GOOD, now=at(0))
    before = library.reviews.cards_snapshot()
    out = tmp_path / "deck.apkg"
    assert main(["--data-dir", str(library.data.root), "export", "anki", "-o", str(out)]) == 0
    assert library.reviews.cards_snapshot() == before
    (tmp_path / "anki").mkdir()
    collection = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        import_apkg(collection, out)
        assert sorted(fields_by_word(collection)) == sorted(["种草", "火锅"])
    finally:
        collection.close()
