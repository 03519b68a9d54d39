"""Segmentation: jieba with a cached model, slang kept whole, user merges and splits."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from companion.language import word_graph
from companion.language.annotate import Annotator
from companion.language.segment import Segmenter

SAMPLES = Path(__file__).resolve().parents[2] / "companion" / "resources" / "samples" / "posts.json"


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


def test_frequencies_are_cached_in_our_cache_dir(tmp_path: Path) -> None:
    segmenter = Segmenter(tmp_path)
    segmenter.warm_up()
    (cache,) = tmp_path.glob("jieba-freq-*.dawg")
    assert cache.stat().st_size > 1_000_000
    again = Segmenter(tmp_path)
    assert again.cut("我喜欢银行") == ["我", "喜欢", "银行"]
    assert again.frequencies()["银行"] == segmenter.frequencies()["银行"] > 1_000


def test_a_damaged_frequency_cache_is_rebuilt(tmp_path: Path, engine_cache: Path) -> None:
    (built,) = engine_cache.glob("jieba-freq-*.dawg")  # the session's, built once
    cache = tmp_path / built.name
    cache.write_bytes(b"\x00garbage")
    assert not word_graph._whole(cache)  # refused from its header, not after reading gigabytes
    assert Segmenter(tmp_path).frequencies()["喜欢"] > 1_000
    assert word_graph._whole(cache)
    assert cache.stat().st_size > 1_000_000
    cache.write_bytes(built.read_bytes()[:100_000])  # cut short (a full disk)
    assert Segmenter(tmp_path).frequencies()["喜欢"] > 1_000
    assert cache.read_bytes() == built.read_bytes()


def test_the_word_graph_cuts_as_jieba_does(tmp_path: Path) -> None:
    """rjieba stands in for jieba's own search: the same words on real sentences."""
    import jieba

    from companion.language.word_graph import WordGraph

    posts = json.loads(SAMPLES.read_text(encoding="utf-8"))["posts"]
    text = "\n".join(p["title"] + "\n" + p["body"] for p in posts)
    text += "iPhone15真的好用，100%好评！今天天气很好。Ｈｅｌｌｏ，世界 3.5元"
    graph = WordGraph(tmp_path)
    assert graph.cut(text) == jieba.Tokenizer().lcut(text, HMM=False)


def test_words_added_while_other_threads_cut(tmp_path: Path) -> None:
    segmenter = Segmenter(tmp_path)
    text = "今天天气很好我们一起去吃火锅吧" * 100
    errors: list[BaseException] = []

    def cut() -> None:
        try:
            for _ in range(50):
                assert "".join(segmenter.cut(text)) == text
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=cut) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(500):
        segmenter.add_word(f"火锅{i}号")
    for t in threads:
        t.join()
    assert errors == []


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


def test_a_merge_inside_a_longer_jieba_word_wins(engine_cache: Path) -> None:
    """jieba's dictionary has 一个包; cut into dictionary words it is 一 | 个 | 包 (measure words
    stand apart), but a learner who merged 一个 sees 一个 | 包."""
    plain = Annotator(engine_cache)
    assert plain.segmenter.cut("我买了一个包。")[3:6] == ["一", "个", "包"]
    merged = Annotator(engine_cache, user_words=["一个"])
    assert merged.segmenter.cut("我买了一个包。")[3:5] == ["一个", "包"]


def test_merges_and_splits_apply_to_words_already_cut(engine_cache: Path) -> None:
    """The vetting segmenter remembers how it cut each word; a learner's merge or split made
    after a word was seen still changes how it is cut next time."""
    segmenter = Annotator(engine_cache).segmenter
    assert segmenter.cut("好看的衣服")[:2] == ["好看", "的"]
    segmenter.add_word("好看的")
    assert segmenter.cut("好看的衣服") == ["好看的", "衣服"]
    assert "衣服" in segmenter.cut("新衣服很好看")
    segmenter.split_word(["衣", "服"])
    assert segmenter.cut("新衣服很好看")[1:3] == ["衣", "服"]
