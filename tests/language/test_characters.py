"""The one Han-character test every module uses (names, pinyin rules, annotation)."""

from __future__ import annotations

import pytest

from companion.language.characters import has_han, is_han


@pytest.mark.parametrize(
    ("char", "han"),
    [
        ("我", True),
        ("〇", True),  # the ideographic zero of 二〇二四
        ("㐀", True),  # extension A, first
        ("䶿", True),  # extension A, last
        ("鿿", True),  # end of the unified block
        ("豈", True),  # compatibility ideograph
        ("𠀀", True),  # extension B, beyond the Basic Multilingual Plane
        ("𰀀", True),  # extension G
        ("a", False),
        ("1", False),
        ("，", False),  # full-width comma
        ("。", False),
        ("ー", False),  # katakana long vowel mark
        ("あ", False),
        ("한", False),
        ("😋", False),
        ("\u200b", False),
        ("", False),
        ("我们", False),  # one character, not a word
    ],
)
def test_is_han(char: str, han: bool) -> None:
    assert is_han(char) is han


@pytest.mark.parametrize(
    ("text", "han"),
    [
        ("yyds绝绝子", True),
        ("2024年", True),
        ("yyds", False),
        ("😋👍", False),
        ("，。！", False),
        ("", False),
    ],
)
def test_has_han(text: str, han: bool) -> None:
    assert has_han(text) is han
