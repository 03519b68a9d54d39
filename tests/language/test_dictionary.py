"""CC-CEDICT compiled into SQLite: lookups, ranking, readings, longest match, bad sources."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest

from companion.language.dictionary import Dictionary, build_database, normalise_reading


def test_compiled_once_into_the_cache(dictionary: Dictionary, engine_cache: Path) -> None:
    assert dictionary.path.parent == engine_cache
    assert dictionary.source_date() == "2023-11-07"
    count = sqlite3.connect(dictionary.path).execute("SELECT count(*) FROM entries").fetchone()[0]
    assert count == 122_143


@pytest.mark.parametrize(
    ("word", "pinyin", "sense"),
    [
        ("银行", "yín háng", "bank"),
        ("你好", "nǐ hǎo", "hello"),
        ("銀行", "yín háng", "bank"),  # traditional form finds the same entry
        ("女", "nǚ", "female"),
        ("绿", "lǜ", "green"),
        ("儿", "r", "non-syllabic diminutive suffix"),
    ],
)
def test_lookup(dictionary: Dictionary, word: str, pinyin: str, sense: str) -> None:
    entries = dictionary.entries(word)
    assert entries, word
    assert any(e.pinyin == pinyin for e in entries)
    assert any(sense in s for e in entries for s in e.senses)


def test_common_senses_rank_above_surname_and_variants(dictionary: Dictionary) -> None:
    entries = dictionary.entries("还")
    assert entries[0].pinyin_numbers == "hai2"
    assert entries[-1].senses == ("surname Huan",)


def test_reading_in_context_comes_first(dictionary: Dictionary) -> None:
    assert dictionary.entries("还", "huan2")[0].pinyin_numbers == "huan2"
    assert dictionary.senses("行", "hang2")[0] == "row"
    assert "to walk" in dictionary.senses("行", "xing2")
    assert "to walk" not in dictionary.senses("行", "hang2")


def test_unknown_reading_falls_back_to_all_senses(dictionary: Dictionary) -> None:
    assert dictionary.senses("行", "qqq9") == dictionary.senses("行")


def test_cross_references_become_learner_text(dictionary: Dictionary) -> None:
    senses = dictionary.senses("本")
    assert any("个 [gè]" in s or "本 [běn]" in s for s in dictionary.senses("书")) or senses
    assert not any("|" in s for s in dictionary.senses("书"))


def test_traditional_form(dictionary: Dictionary) -> None:
    assert dictionary.traditional("银行") == "銀行"
    assert dictionary.traditional("zzz") is None


@pytest.mark.parametrize(
    ("text", "start", "headword"),
    [
        ("中华人民共和国万岁", 0, "中华人民共和国"),
        ("我喜欢银行", 3, "银行"),
        ("我喜欢银行", 1, "喜欢"),
        ("abc", 0, None),
        ("", 0, None),
    ],
)
def test_longest_match(dictionary: Dictionary, text: str, start: int, headword: str | None) -> None:
    found = dictionary.longest_match(text, start)
    assert (found[0].simplified if found else None) == headword


def test_unknown_word(dictionary: Dictionary) -> None:
    assert dictionary.entries("绝绝子") == ()
    assert dictionary.senses("") == []


def test_warm_lookup_is_cached(dictionary: Dictionary) -> None:
    first = dictionary.entries("学习")
    assert dictionary.entries("学习") is first


def test_normalise_reading() -> None:
    assert normalise_reading("Lu:4  xing2") == "lv4 xing2"


def test_malformed_lines_are_skipped_and_build_is_atomic(tmp_path: Path) -> None:
    source = tmp_path / "mini.txt.gz"
    with gzip.open(source, "wt", encoding="utf-8") as fh:
        fh.write("#! date=2024-01-02T00:00:00Z\n")
        fh.write("銀行 银行 [yin2 hang2] /bank/CL:家[jia1],個|个[ge4]/\n")
        fh.write("this line is garbage\n")
        fh.write("貓 猫 [mao1] /cat/\n")
    dictionary = Dictionary(tmp_path / "cache", source=source)
    assert dictionary.path.name == "cedict-2024-01-02-v2.sqlite"
    assert dictionary.senses("银行") == ["bank", "CL:家 [jiā],个 [gè]"]
    assert dictionary.senses("貓") == ["cat"]
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [dictionary.path.name]


def test_corrupt_source_leaves_no_half_built_file(tmp_path: Path) -> None:
    source = tmp_path / "broken.txt.gz"
    source.write_bytes(gzip.compress("貓 猫 [mao1] /cat/\n".encode())[:-12])
    with pytest.raises(EOFError):
        build_database(source, tmp_path / "out" / "dict.sqlite")
    assert list((tmp_path / "out").iterdir()) == []
