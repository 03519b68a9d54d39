"""RedNote markup: topics, stickers, mentions, URLs and emoji are found whole."""

from __future__ import annotations

import itertools

import pytest

from companion.language.rednote import MarkupKind, find_markup, topics


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#上海美食[话题]#", [("topic", "上海美食")]),
        ("周末#探店[话题]##上海美食[话题]#", [("topic", "探店"), ("topic", "上海美食")]),
        ("#周末去哪儿#", [("topic", "周末去哪儿")]),
        ("好看 #穿搭 #OOTD", [("topic", "穿搭"), ("topic", "OOTD")]),
        ("太好笑了[笑哭R]", [("sticker", "笑哭")]),
        ("[新表情R]", [("sticker", "新表情")]),
        ("[微笑]", [("sticker", "微笑")]),
        ("第[1]名 [注意]", []),
        ("@小红薯 快来", [("mention", "小红薯")]),
        ("问@店长，好吗", [("mention", "店长")]),
        (
            "链接 https://www.xiaohongshu.com/explore/64a1?x=1。",
            [("url", "https://www.xiaohongshu.com/explore/64a1?x=1")],
        ),
        ("看 xhslink.com/a1B2 哦", [("url", "xhslink.com/a1B2")]),
        ("好吃😋😋", [("emoji", "😋😋")]),
        ("👍🏻赞", [("emoji", "👍🏻")]),
        ("👨‍👩‍👧 一家人", [("emoji", "👨‍👩‍👧")]),
        ("#123", []),
        ("没有标记的句子。", []),
    ],
)
def test_markup_spans(text: str, expected: list[tuple[str, str]]) -> None:
    spans = find_markup(text)
    assert [(s.kind.value, s.value) for s in spans] == expected
    for span in spans:
        assert text[span.start : span.end].strip()


def test_spans_are_sorted_and_disjoint() -> None:
    text = "@阿花 #美食[话题]# [哭惹R]😭 https://a.com/x @b #c"
    spans = find_markup(text)
    assert spans == sorted(spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_known_sticker_has_emoji_and_meaning() -> None:
    (span,) = find_markup("[笑哭R]")
    sticker = span.sticker
    assert sticker is not None and sticker.emoji == "😂" and "laugh" in sticker.meaning


def test_unknown_sticker_is_labelled() -> None:
    (span,) = find_markup("[新表情R]")
    assert span.kind is MarkupKind.STICKER
    assert (
        span.sticker is not None and span.sticker.emoji == "" and "新表情" in span.sticker.meaning
    )


def test_topics_in_order_without_duplicates() -> None:
    assert topics("#探店[话题]# 好吃 #美食[话题]# #探店[话题]#") == ["探店", "美食"]
