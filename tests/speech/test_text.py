"""What a voice is given: our pinyin with pauses, nothing unspeakable, long posts clipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.errors import InvalidInput
from companion.language.annotate import Annotator
from companion.speech.text import MAX_CHARS, chunks, clip, speakable, spoken_pinyin


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("银行", "yin2 hang2."),
        ("我去银行还钱了。", "wo3 qu4 yin2 hang2 huan2 qian2 le5."),
        ("绝绝子！😀 #探店[话题]#", "jue2 jue2 zi3! tan4 dian4."),
        ("yyds！3个人 https://x.cn", "yyds! 3 ge4 ren2."),
        ("[笑哭R]好看～", "hao3 kan4."),
        ("绿色，女孩", "lv4 se4, nv3 hai2."),
        ("第一行\n\n第二行", "di4 yi1 hang2. di4 er4 hang2."),
    ],
)
def test_spoken_pinyin(engine_cache: Path, text: str, spoken: str) -> None:
    assert spoken_pinyin(Annotator(engine_cache).annotate(text)) == spoken


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("你好 😀\u200b世界", "你好 世界"),
        ("  多\n\n空格  ", "多\n空格"),
        ("\x00控制\ue000字符", "控制 字符"),
    ],
)
def test_speakable(text: str, expected: str) -> None:
    assert speakable(text) == expected


def test_speakable_is_bounded() -> None:
    assert len(speakable("好" * MAX_CHARS)) == MAX_CHARS
    with pytest.raises(InvalidInput, match="too long"):
        speakable("好" * (MAX_CHARS + 1))


def test_clip_cuts_a_long_post_at_a_sentence_end() -> None:
    post = "今天很开心。" * 1000
    clipped = clip(post)
    assert len(clipped) <= MAX_CHARS and clipped.endswith("。")
    assert clip("短的。") == "短的。"


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("", []),
        ("没有句号的一句话", ["没有句号的一句话"]),
        ("周末探店。\n我们去吃火锅。味道真不错！", ["周末探店。", "我们去吃火锅。味道真不错！"]),
        ("😀\n好。", ["😀", "好。"]),
        ("一。" + "二" * 200 + "。三。", ["一。", "二" * 200 + "。", "三。"]),
    ],
)
def test_chunks_first_sentence_alone_then_up_to_a_size(text: str, pieces: list[str]) -> None:
    assert chunks(text) == pieces
