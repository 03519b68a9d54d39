"""The clipboard reader reads copied Chinese text only, and a long copy only in part."""

from __future__ import annotations

import pytest

from companion.clipboard_text import MAX_CHARS, Clipping, clipping


@pytest.mark.parametrize(
    ("copied", "expected"),
    [
        ("今天吃火锅", Clipping("今天吃火锅")),
        ("  宝子们！\r\n这家店绝绝子  ", Clipping("宝子们！\n这家店绝绝子")),
        ("https://example.invalid/a?b=c", None),
        ("hunter2", None),
        ("", None),
        (None, None),
        ("   \n\t ", None),
        ("def f(x): return x", None),
        ("I love 火锅", Clipping("I love 火锅")),
    ],
)
def test_only_chinese_text_is_read(copied: str | None, expected: Clipping | None) -> None:
    assert clipping(copied) == expected


def test_a_long_copy_is_cut_at_a_sentence_end() -> None:
    sentence = "今天去了一家很火的火锅店。"
    got = clipping(sentence * 1_000)
    assert got is not None and got.cut
    assert len(got.text) <= MAX_CHARS
    assert got.text.endswith("。")


def test_a_long_copy_without_sentence_ends_is_cut_at_the_limit() -> None:
    got = clipping("火" * (MAX_CHARS * 3))
    assert got == Clipping("火" * MAX_CHARS, cut=True)
