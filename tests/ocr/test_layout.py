"""Screenshots read back into posts: pure logic on recognised lines (no engine, no pixels)."""

from __future__ import annotations

import pytest

from companion.ocr import layout
from companion.ocr.engine import OcrLine, OcrResult

W, H = 1080, 2400


def ln(
    text: str, x0: int, y0: int, size: int = 44, x1: int | None = None, cut: bool = False
) -> OcrLine:
    """A line as the engine gives it: its box from the text's length at this size (a line cut
    by a bar keeps its width and loses height)."""
    width = round(layout.em_count(text) * size)
    height = round(size * (0.6 if cut else 1.15))
    return OcrLine(text, (x0, y0, x1 or x0 + width, y0 + height), 0.99)


CHROME_TOP = [
    ln("9:41", 60, 28, 34),
    ln("88", 920, 28, 28),
    ln("小鱼的日常", 180, 150, 36),
    ln("关注", 830, 150, 34),
]
CHROME_BOTTOM = [
    ln("说点什么...", 70, 2300, 34),
    ln("1.2万", 570, 2300, 34),
    ln("356", 760, 2300, 34),
    ln("48", 940, 2300, 34),
]
FULL = 1080 - 48  # a line that runs to the right margin


def screen(lines: list[OcrLine]) -> layout.Screen:
    return layout.split_chrome(OcrResult(tuple(CHROME_TOP + lines + CHROME_BOTTOM), W, H))


def post_lines() -> list[OcrLine]:
    return [
        ln("3/5", 960, 280, 30),  # the picture counter
        ln("秋天的第一杯热可可", 48, 1500, 54),
        ln("今天降温了，下班路上买了一杯热可可，捧在手", 48, 1600, x1=FULL),
        ln("里暖暖的。", 48, 1670),
        ln("回家的路上树叶都黄了。", 48, 1770),
        ln("#秋天 #热饮", 48, 1860),
        ln("编辑于 10-21 上海", 48, 1940, 30),
        ln("共 12 条评论", 48, 2010, 30),
        ln("让大家听到你的声音", 150, 2060, 30),
        ln("橘子汽水", 140, 2130, 32),
        ln("看起来好好喝！", 140, 2175, 40),
        ln("赞", 990, 2175, 30),
        ln("10-22 北京 回复", 140, 2230, 30),
    ]


def test_a_screen_becomes_title_body_topics_and_comments() -> None:
    one = screen(post_lines())
    assert one.author == "小鱼的日常"
    texts = [line.text for line in one.content]
    assert not {"9:41", "88", "关注", "说点什么...", "1.2万", "356", "3/5", "赞"} & set(texts)
    post = layout.parse([one])
    assert post.title == "秋天的第一杯热可可"
    assert post.paragraphs == (
        "今天降温了，下班路上买了一杯热可可，捧在手里暖暖的。",
        "回家的路上树叶都黄了。",
    )
    assert post.tags == ("秋天", "热饮")
    assert post.comments == (layout.ShotComment("橘子汽水", "看起来好好喝！"),)
    assert post.comments_count == 12


def test_screens_of_one_post_join_without_repeating_lines() -> None:
    first = screen(
        [
            ln("秋天的第一杯热可可", 48, 1500, 54),
            ln("今天降温了，下班路上买了一杯热可可，捧在手", 48, 1600, x1=FULL),
            ln("里暖暖的。", 48, 1670),
            ln("回家的路上树叶都黄了，风吹过来有点冷。", 48, 1770),
            ln("明天还要早起，先睡啦", 48, 1870),
            ln("晚安晚安晚", 48, 2250, cut=True),  # cut by the bottom bar
        ]
    )
    second = screen(
        [
            ln("回家的路上树叶都黄了，风吹过来有点冷。", 48, 300),
            ln("明天还要早起，先睡啦", 48, 400),
            ln("晚安晚安晚安晚安", 48, 500),
            ln("#秋天", 48, 600),
            ln("10-21 上海", 48, 680, 30),
        ]
    )
    post = layout.parse([first, second])
    assert post.title == "秋天的第一杯热可可"
    assert post.paragraphs == (
        "今天降温了，下班路上买了一杯热可可，捧在手里暖暖的。",
        "回家的路上树叶都黄了，风吹过来有点冷。",
        "明天还要早起，先睡啦",
        "晚安晚安晚安晚安",
    )
    assert post.tags == ("秋天",)
    uncut = (*first.content, ln("晚安晚安晚", 48, 2230))  # misread, not dropped
    again = layout.parse([layout.Screen(first.author, uncut, W), second])
    assert again.paragraphs == post.paragraphs


def test_replies_are_indented_under_their_comment() -> None:
    lines = [
        ln("正文第一段，写得不长。", 48, 1500),
        ln("共 3 条评论", 48, 1600, 30),
        ln("阿树", 140, 1700, 32),
        ln("请问在哪里买的？", 140, 1745, 40),
        ln("10-22 北京 回复", 140, 1800, 30),
        ln("小鱼的日常", 210, 1860, 32),
        ln("楼下便利店就有", 210, 1905, 40),
        ln("10-22 上海 回复", 210, 1960, 30),
        ln("momo", 140, 2020, 32),
        ln("同款！", 140, 2065, 40),
        ln("昨天 18:30 回复", 140, 2120, 30),
    ]
    post = layout.parse([screen(lines)])
    assert [(c.author, c.text, c.reply) for c in post.comments] == [
        ("阿树", "请问在哪里买的？", False),
        ("小鱼的日常", "楼下便利店就有", True),
        ("momo", "同款！", False),
    ]
    assert post.title == "正文第一段，写得不长。"  # no larger first line: the body's start


@pytest.mark.parametrize(
    ("text", "date", "meta"),
    [
        ("编辑于 10-21 上海", True, False),
        ("10-21 上海", True, True),
        ("2天前 北京", True, True),
        ("昨天 18:30 回复", True, True),
        ("今天也要早睡", False, False),
        ("一杯十六块", False, False),
        ("03-04 福建回复", True, True),
    ],
)
def test_date_and_comment_lines(text: str, date: bool, meta: bool) -> None:
    assert bool(layout.DATE_LINE.match(text)) is date
    assert bool(layout.COMMENT_META.match(text)) is meta


def test_without_a_follow_button_the_author_bar_is_still_chrome() -> None:
    top = [ln("9:41", 60, 28, 34), ln("小鱼的日常", 180, 150, 36)]
    lines = [ln("秋天的第一杯热可可", 48, 1500, 54), ln("回家的路上树叶都黄了。", 48, 1600)]
    one = layout.split_chrome(OcrResult(tuple(top + lines), W, H))
    assert [line.text for line in one.content] == [line.text for line in lines]
    assert layout.parse([one]).title == "秋天的第一杯热可可"
