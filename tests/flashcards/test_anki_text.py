"""The .tsv export through Anki's own text import (File → Import, with the options Anki reads
from the file's header): full cards on the Basic note type, in the named deck, tagged, escaped,
and re-importing updates the notes instead of adding copies."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import anki.collection as anki_collection
import pytest

from companion.library import Library
from companion.store.database import write_transaction
from companion.store.models import Post


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[object]:
    (tmp_path / "anki").mkdir()
    col = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


@pytest.fixture
def words(library: Library) -> Library:
    post = Post(
        "test",
        "p1",
        "周末探店",
        "我去银行还钱了。",
        author="小红薯",
        translations={"我去银行还钱了。": "I went to the bank to pay back money."},
    )
    with write_transaction(library.db):
        post_id, _ = library.posts.save(post)
    library.add_word("银行", post_id=post_id, tags=["money words"])
    library.add_word("下头")
    library.add_word("学习")
    with write_transaction(library.db):
        library.vocabulary.edit("学习", definition="to <b>study</b> & <script>alert(1)</script>")
    return library


def import_text(col: object, path: Path) -> object:
    """What Anki's import dialog does: read the header's options, then import with them."""
    from anki.import_export_pb2 import ImportCsvRequest

    metadata = col.get_csv_metadata(str(path), None)  # type: ignore[attr-defined]
    col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))  # type: ignore[attr-defined]
    return metadata


def notes(col: object) -> dict[str, tuple[str, dict[str, str], list[str]]]:
    """{front: (note type name, fields, tags)}."""
    found = {}
    for nid in col.find_notes(""):  # type: ignore[attr-defined]
        note = col.get_note(nid)  # type: ignore[attr-defined]
        fields = dict(note.items())
        found[fields["Front"]] = (note.note_type()["name"], fields, list(note.tags))
    return found


def test_anki_text_import_makes_full_cards(
    words: Library, tmp_path: Path, collection: object
) -> None:
    out = tmp_path / "words.tsv"
    words.export("csv", out, deck="Chinese::RedNote", card_tags=["rednote"])
    metadata = import_text(collection, out)
    basic = collection.models.by_name("Basic")  # type: ignore[attr-defined]
    assert metadata.global_notetype.id == basic["id"]  # type: ignore[attr-defined]
    assert metadata.deck_name == "Chinese::RedNote"  # type: ignore[attr-defined]
    found = notes(collection)
    assert set(found) == {"银行", "下头", "学习"}
    for kind, fields, tags in found.values():
        assert kind == "Basic" and fields["Back"], fields
        assert "companion" in tags and "rednote" in tags
    _kind, bank, tags = found["银行"]
    back = bank["Back"]
    for expected in ("bank", "yín", "銀行", "HSK 3", "I went to the bank", "周末探店 — 小红薯"):
        assert expected in back, expected
    assert '<b class="target">银行</b>' in back and "money_words" in tags
    assert "A total turn-off" in found["下头"][1]["Back"]
    study = found["学习"][1]["Back"]
    assert "&lt;script&gt;" in study and "<script>" not in study
    deck = collection.decks.by_name("Chinese::RedNote")  # type: ignore[attr-defined]
    cids = collection.find_cards("")  # type: ignore[attr-defined]
    assert {collection.get_card(c).did for c in cids} == {deck["id"]}  # type: ignore[attr-defined]
    card = collection.get_card(collection.find_cards("Front:银行")[0])  # type: ignore[attr-defined]
    assert "bank" in card.answer() and "bank" not in card.question()


def test_reimport_updates_the_notes(words: Library, tmp_path: Path, collection: object) -> None:
    first = tmp_path / "first.tsv"
    words.export("csv", first)
    import_text(collection, first)
    with write_transaction(words.db):
        words.vocabulary.edit("银行", definition="a bank (where money lives)")
    words.add_word("火锅")
    time.sleep(1.1)  # Anki compares modification times in seconds
    second = tmp_path / "second.tsv"
    words.export("csv", second)
    import_text(collection, second)
    found = notes(collection)
    assert len(found) == 4 == collection.note_count()  # type: ignore[attr-defined]
    assert "a bank (where money lives)" in found["银行"][1]["Back"]
