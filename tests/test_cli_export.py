"""`companion export`: a real .apkg opened by Anki's own library, CSV, and the filters (--status,
--tag, --only-new) and card tags (--card-tag) of the command line."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import anki.collection as anki_collection
import pytest

from companion.cli import main
from companion.library import Library
from companion.paths import DataDir
from companion.store.models import WordStatus
from tests.flashcards.test_anki import fields_by_word, import_apkg


@pytest.fixture
def home(data_dir: DataDir) -> DataDir:
    """A data dir with three saved words: 银行 (tagged money), 火锅, and 学习 (known)."""
    with Library(data_dir, seed_samples=False) as library:
        post_id = library.import_text("周末探店\n我去银行还钱了。今天吃火锅。").value
        library.add_word("银行", post_id=post_id, tags=["money"])
        library.add_word("火锅", post_id=post_id)
        library.add_word("学习")
        library.set_status(["学习"], WordStatus.KNOWN)
    return data_dir


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[object]:
    (tmp_path / "anki").mkdir()
    col = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def export(home: DataDir, *args: str) -> int:
    return main(["--data-dir", str(home.root), "export", *args])


def test_export_anki_deck(
    home: DataDir, tmp_path: Path, collection: object, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "deck.apkg"
    assert export(home, "anki", "-o", str(out), "--deck", "RedNote", "--card-tag", "cli") == 0
    assert capsys.readouterr().out == f"exported 3 words to {out}\n"
    import_apkg(collection, out)
    col = collection
    assert sorted(fields_by_word(col)) == sorted(["火锅", "学习", "银行"])
    assert "RedNote" in [d.name for d in col.decks.all_names_and_ids()]  # type: ignore[attr-defined]
    (bank,) = col.find_notes("Simplified:银行")  # type: ignore[attr-defined]
    assert {"money", "cli"} <= set(col.get_note(bank).tags)  # type: ignore[attr-defined]
    assert fields_by_word(col)["银行"]["Sentence"] == '我去<b class="target">银行</b>还钱了。'


def test_export_csv(home: DataDir, tmp_path: Path) -> None:
    out = tmp_path / "words.csv"
    assert export(home, "csv", "-o", str(out)) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["simplified"] for r in rows) == sorted(["火锅", "学习", "银行"])
    bank = next(r for r in rows if r["simplified"] == "银行")
    assert bank["pinyin"] == "yín háng" and "bank" in bank["definition"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--status", "known"], ["学习"]),
        (["--status", "new", "--status", "learning"], sorted(["火锅", "银行"])),
        (["--tag", "money"], ["银行"]),
        (["--tag", "money", "--status", "known"], []),
    ],
    ids=["known", "new-or-learning", "tag", "tag-and-status"],
)
def test_export_selects_words(
    home: DataDir,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    words: list[str],
) -> None:
    out = tmp_path / "words.csv"
    code = export(home, "csv", "-o", str(out), *args)
    if not words:
        assert code == 1
        assert capsys.readouterr().err == "companion: error: no words to export\n"
        assert not out.exists()
        return
    assert code == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert sorted(r["simplified"] for r in csv.DictReader(fh)) == words


def test_only_new_counts_from_the_last_export(
    home: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(home, "anki", "-o", str(tmp_path / "a.apkg")) == 0
    assert export(home, "anki", "-o", str(tmp_path / "b.apkg"), "--only-new") == 1
    assert "no words to export since the last export" in capsys.readouterr().err
    with Library(home, seed_samples=False) as library:
        library.add_word("猫")
    assert export(home, "anki", "-o", str(tmp_path / "c.apkg"), "--only-new") == 0
    assert capsys.readouterr().out.startswith("exported 1 word to")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "famous"], "unknown status 'famous'"),
        (["-o", "/nonexistent-folder/deck.apkg"], "the folder /nonexistent-folder does not exist"),
    ],
)
def test_export_refuses_bad_input_in_one_line(
    home: DataDir, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    full = ["anki", *args] if "-o" in args else ["anki", "-o", "deck.apkg", *args]
    assert export(home, *full) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
