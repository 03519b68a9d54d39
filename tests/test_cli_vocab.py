"""`companion vocab`: words marked with a status are listed (`--status known`, `--kind`),
`set-status` works on words never saved, and `--search` matches pinyin however typed."""

from __future__ import annotations

import json

import pytest

from companion.cli import main
from companion.library import Library
from companion.paths import DataDir


def vocab(data: DataDir, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(data.root), "vocab", *args]) == 0
    return capsys.readouterr().out


@pytest.fixture
def home(data_dir: DataDir) -> DataDir:
    with Library(data_dir, seed_samples=False) as library:
        library.add_word("种草", sentence="被朋友种草了这家店。")
        library.add_word("绿色")
    return data_dir


def test_set_status_of_a_word_never_saved_lists_it_as_known_and_back(
    home: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    assert vocab(home, capsys, "set-status", "猫", "known") == "1 word(s) now known\n"
    known = json.loads(vocab(home, capsys, "list", "--status", "known", "--json"))
    assert [(e["word"], e["pinyin"], e["kind"]) for e in known] == [("猫", "māo", "marked")]
    assert "猫\tmāo\tknown\tcat" in vocab(home, capsys, "list")
    saved = vocab(home, capsys, "list", "--kind", "saved")
    assert "猫" not in saved and "种草" in saved
    assert vocab(home, capsys, "list", "--kind", "marked").startswith("猫\t")
    vocab(home, capsys, "set-status", "猫", "new")
    assert vocab(home, capsys, "list", "--status", "known") == ""


@pytest.mark.parametrize("query", ["zhongcao", "zhong cao", "zhong4cao3", "zc", "recommend"])
def test_search_finds_by_pinyin_initials_and_meaning(
    home: DataDir, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    found = vocab(home, capsys, "list", "--search", query)
    assert [line.split("\t")[0] for line in found.splitlines()] == ["种草"]


@pytest.mark.parametrize("query", ["lü", "lv", "lu"])
def test_search_spells_u_umlaut_every_way(
    home: DataDir, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    assert vocab(home, capsys, "list", "--search", query).startswith("绿色\t")
