"""The slang glossary we wrote: well-formed, large enough, and found by the engine."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from companion.errors import ResourceMissing
from companion.language import slang
from companion.language.characters import is_han
from companion.resources import resource_path


def rows() -> list[list[str]]:
    with resource_path("slang.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_file_is_well_formed() -> None:
    header, *entries = rows()
    assert tuple(header) == slang.COLUMNS
    assert len(entries) >= 1000
    terms = [e[0].lower() for e in entries]
    assert len(set(terms)) == len(terms), "duplicate terms"
    for entry in entries:
        assert len(entry) == 7, entry
        term, pinyin, meaning, register, _expansion, example, example_en = entry
        assert term and meaning and register and example and example_en, entry
        assert term.lower() in example.lower(), f"{term}: the example uses the term"
        han = sum(is_han(c) for c in term)
        if han:
            assert len(pinyin.split()) == han, f"{term}: one syllable per character"


@pytest.mark.parametrize(
    "term",
    [
        "绝绝子",
        "yyds",
        "宝子们",
        "集美",
        "避雷",
        "拔草",
        "平替",
        "氛围感",
        "显白",
        "干货",
        "蹲",
        "家人们",
        "谁懂啊",
        "破防",
        "上头",
        "踩雷",
        "回购",
        "无限回购",
        "探店",
        "打工人",
        "躺平",
        "内卷",
        "社恐",
        "emo",
        "xswl",
        "u1s1",
        "nsdd",
        "种草",
    ],
)
def test_required_terms(term: str) -> None:
    entry = slang.lookup(term)
    assert entry is not None, term
    assert entry.meaning


def test_latin_terms_match_any_case() -> None:
    assert slang.lookup("YYDS") == slang.lookup("yyds")
    assert "永远的神" in (slang.lookup("yyds") or slang.SlangTerm(*"_______")).summary()


def test_syllables_follow_the_characters() -> None:
    entry = slang.lookup("种草")
    assert entry is not None
    assert entry.syllables_for("种草") == ("zhong4", "cao3")


def test_broken_glossary_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "slang.tsv"
    bad.write_text("term\tpinyin\n", encoding="utf-8")
    with pytest.raises(ResourceMissing, match="not a slang glossary"):
        slang.load_glossary(bad)
    bad.write_text("\t".join(slang.COLUMNS) + "\nonly\ttwo\n", encoding="utf-8")
    with pytest.raises(ResourceMissing, match=":2: expected 7 columns"):
        slang.load_glossary(bad)
    with pytest.raises(ResourceMissing, match="cannot read"):
        slang.load_glossary(tmp_path / "missing.tsv")
