"""Segmentation: jieba with a cached model, slang kept whole, user merges and splits."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.language.annotate import Annotator
from companion.language.segment import Segmenter


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("我喜欢银行", ["我", "喜欢", "银行"]),
        ("iPhone15真的好用", ["iPhone15", "真的", "好用"]),
        ("100%好评", ["100%", "好评"]),
        # slang from our glossary stays one word
        ("宝子们冲鸭", ["宝子们", "冲鸭"]),
        ("这家店绝绝子", ["这", "家", "店", "绝绝子"]),
        # jieba phrases CC-CEDICT lacks are cut into words a learner can look up
        ("今天天气很好", ["今天", "天气", "很", "好"]),
        # HMM-invented words that are not words are cut back
        (
            "我点的是三分糖",
            ["我", "点", "的", "是", "三分糖"],
        ),  # a milk-tea sugar level, in the glossary
        ("家人们谁懂啊", ["家人们", "谁懂啊"]),
        ("双十一囤货", ["双十一", "囤货"]),
    ],
)
def test_cut(annotator: Annotator, text: str, words: list[str]) -> None:
    assert annotator.segmenter.cut(text) == words


def test_model_cache_is_written_to_our_cache_dir(tmp_path: Path) -> None:
    segmenter = Segmenter(tmp_path)
    segmenter.warm_up()
    assert (tmp_path / "jieba.cache").stat().st_size > 1_000_000
    again = Segmenter(tmp_path)
    assert again.cut("我喜欢银行") == ["我", "喜欢", "银行"]


def test_user_merge_and_split(tmp_path: Path) -> None:
    segmenter = Segmenter(tmp_path, user_words=["小红薯们"])
    assert segmenter.cut("小红薯们好") == ["小红薯们", "好"]
    segmenter.split_word(["小红薯", "们"])
    assert segmenter.cut("小红薯们好") == ["小红薯", "们", "好"]
    segmenter.add_word("好看的")
    assert segmenter.cut("好看的衣服") == ["好看的", "衣服"]


def test_words_join_back_to_the_text(annotator: Annotator) -> None:
    text = "今天 天气\t很好!! abc123 㐀㐁 \x00\x07"
    assert "".join(annotator.segmenter.cut(text)) == text
