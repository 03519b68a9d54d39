"""Simplified ↔ traditional conversion keeps every offset: same length, or the text unchanged."""

from __future__ import annotations

import pytest

from companion.language.script import to_simplified, to_traditional


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("银行旁边", "銀行旁邊"),
        ("这次一定上岸！", "這次一定上岸！"),
        ("ABC 123 😋", "ABC 123 😋"),
        ("", ""),
    ],
)
def test_conversion_both_ways(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize("text", ["宝子们，今天去银行旁边吃了一家小笼包", "頭髮", "干净的里面"])
def test_conversion_never_changes_the_length(text: str) -> None:
    assert len(to_traditional(text)) == len(text)
    assert len(to_simplified(text)) == len(text)
