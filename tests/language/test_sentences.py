"""Sentence splitting: spans tile the text, tags and stickers never break a sentence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.language.rednote import find_markup
from companion.language.sentences import split_paragraphs


def split(text: str) -> list[list[str]]:
    return [[text[a:b] for a, b in p] for p in split_paragraphs(text, find_markup(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("你好。", [["你好。"]]),
        ("你好。我很好！你呢？", [["你好。", "我很好！", "你呢？"]]),
        ("真的吗？！太好了……", [["真的吗？！", "太好了……"]]),
        ("他说：“好的。”然后走了。", [["他说：“好的。”", "然后走了。"]]),
        ("好吃！😋 下次还来\n#美食[话题]#", [["好吃！😋 ", "下次还来\n"], ["#美食[话题]#"]]),
        ("太好吃了[笑哭R] 真的", [["太好吃了[笑哭R] ", "真的"]]),
        ("绝了#探店[话题]#真的", [["绝了#探店[话题]#真的"]]),
        ("第一段\n\n\n第二段", [["第一段\n\n\n"], ["第二段"]]),
        ("\n\n开头有空行。", [["\n\n开头有空行。"]]),
        ("结尾  \n\n  ", [["结尾  \n\n  "]]),
        ("   ", [["   "]]),
        ("价格3.5元. 好", [["价格3.5元. ", "好"]]),
        ("Hello world. 你好", [["Hello world. ", "你好"]]),
        ("🥰🥰🥰", [["🥰🥰🥰"]]),
    ],
)
def test_split(text: str, expected: list[list[str]]) -> None:
    assert split(text) == expected


@given(
    st.text(alphabet=st.sampled_from(list("好吃。！？… \n\t😋#[]话题R@a.1\u3000”")), max_size=60)
)
def test_spans_tile_the_text(text: str) -> None:
    flat = [s for p in split_paragraphs(text, find_markup(text)) for s in p]
    assert "".join(text[a:b] for a, b in flat) == text
    assert all(a < b for a, b in flat)
    assert all(flat[i][1] == flat[i + 1][0] for i in range(len(flat) - 1))


@given(st.text(max_size=200))
def test_spans_tile_any_text(text: str) -> None:
    flat = [s for p in split_paragraphs(text, find_markup(text)) for s in p]
    assert "".join(text[a:b] for a, b in flat) == text
