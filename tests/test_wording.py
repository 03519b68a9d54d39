"""Counts in messages: one word, two words."""

from __future__ import annotations

import pytest

from companion.wording import counted


@pytest.mark.parametrize(
    ("count", "noun", "plural", "expected"),
    [
        (0, "word", None, "0 words"),
        (1, "word", None, "1 word"),
        (2, "word", None, "2 words"),
        (1_200, "post", None, "1,200 posts"),
        (1, "entry", "entries", "1 entry"),
        (3, "entry", "entries", "3 entries"),
    ],
)
def test_counted(count: int, noun: str, plural: str | None, expected: str) -> None:
    assert counted(count, noun, plural) == expected
