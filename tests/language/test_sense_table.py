"""The learner-sense tables: validation on load, bad rows and files, reading matches."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from companion.language.annotate import Annotator
from companion.language.sense_table import ContextKind, load_table
from companion.language.senses import SenseFitter

LEARNER_HEADER = "word\tpinyin\tgloss\tsense\n"
CONTEXT_HEADER = "word\tpinyin\tcontext\tgloss\tsense\n"


def test_bad_rows_are_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    learner = tmp_path / "learner.tsv"
    learner.write_text(
        LEARNER_HEADER
        + "店\tdian4\tshop\tshop; store\n"
        + "店\tdian4\n"  # too few columns
        + "店铺\tdian4\tshop\tshop\n"  # one syllable for two characters
        + "abc\ta1\tx\ty\n"  # not Chinese
        + "好\thao3\t\tgood\n"  # empty gloss
        + "好\thǎo\tgood\tgood\n"  # tone marks, not numbers
        + "\n# a comment\n"
        + "吗\tma5\tQ\t(question particle)\n",
        encoding="utf-8",
    )
    context = tmp_path / "context.tsv"
    context.write_text(
        CONTEXT_HEADER
        + "刷\tshua1\twith:手机\tscroll\tto scroll\n"
        + "刷\tshua1\tnear:手机\tscroll\tto scroll\n"  # unknown context
        + "刷\tshua1\twith:\tscroll\tto scroll\n"  # with: needs words
        + "火\thuo3\tafter_degree\tpopular\tpopular\textra\n",  # too many columns
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="companion.language.sense_table"):
        loaded = load_table(learner, context)
    assert set(loaded.everyday) == {("店", "dian4"), ("吗", "ma5")}
    assert loaded.everyday[("吗", "ma5")].label == "Q"
    assert [(r.kind, r.values) for r in loaded.contexts["刷"]] == [(ContextKind.WITH, ("手机",))]
    assert "火" not in loaded.contexts
    assert len([r for r in caplog.records if "skipped" in r.getMessage()]) == 8


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not\ta\theader\n",
        b"\xff\xfe\x00garbage\x00",
        "word\tpinyin\tgloss\tsense\n店".encode(),
    ],
)
def test_a_broken_table_file_leaves_the_engine_working(
    annotator: Annotator, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "learner.tsv"
    path.write_bytes(content)
    broken = load_table(path, tmp_path / "missing.tsv")
    fitter = SenseFitter(annotator.all_senses, broken)
    fitted = fitter.fit("店", "dian4", annotator.dictionary.senses("店", "dian4"))
    assert fitted.definitions and fitted.gloss
    tokens = fitter.in_context(list(annotator.annotate("这家店").sentences[0].tokens))
    assert [t.text for t in tokens] == ["这", "家", "店"]


def test_shipped_tables_load_without_bad_rows(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="companion.language.sense_table"):
        loaded = load_table()
    assert len(loaded.everyday) > 500
    assert not caplog.records, [r.getMessage() for r in caplog.records[:5]]


@pytest.mark.parametrize(
    ("word", "table_reading", "text_reading", "matches"),
    [
        ("朋友", "peng2 you5", "peng2 you3", True),  # neutral tone or not: the same word
        ("东西", "dong1 xi5", "dong1 xi1", False),  # but two rows: the reading decides
        ("一", "yi1", "yi2", True),  # tone sandhi
        ("还", "huan2", "hai2", False),
    ],
)
def test_table_rows_match_readings_that_differ_only_by_neutral_tone_or_sandhi(
    tmp_path: Path, word: str, table_reading: str, text_reading: str, matches: bool
) -> None:
    rows = f"{word}\t{table_reading}\tx\tthe sense\n"
    if word == "东西":
        rows += "东西\tdong1 xi1\teast-west\teast and west\n"
    (tmp_path / "l.tsv").write_text(LEARNER_HEADER + rows, encoding="utf-8")
    loaded = load_table(tmp_path / "l.tsv", tmp_path / "none.tsv")
    row = loaded.everyday_sense(word, text_reading)
    if word == "东西":
        assert row is not None and row.sense == "east and west"
    else:
        assert (row is not None and row.sense == "the sense") is matches
