"""Vocabulary: saving words in context, statuses, edits, delete with undo, search and sort."""

from __future__ import annotations

import pytest

from companion.errors import InvalidInput
from companion.library import Library
from companion.store.database import write_transaction
from companion.store.models import Post, WordStatus


def test_add_word_with_context_from_a_post(library: Library) -> None:
    post = Post(
        "test",
        "p1",
        "周末",
        "我去银行还钱了。然后吃火锅！",
        translations={"我去银行还钱了。": "I went to the bank to pay back money."},
    )
    with write_transaction(library.db):
        post_id, _ = library.posts.save(post)
    entry = library.add_word("银行", post_id=post_id).value
    assert entry.pinyin == "yín háng" and entry.definition.startswith("bank")
    assert entry.hsk == 3 and entry.status is WordStatus.NEW
    (context,) = entry.contexts
    assert context.sentence == "我去银行还钱了。"
    assert context.translation == "I went to the bank to pay back money."
    assert context.post_id == post_id and context.post_title == "周末"


def test_reading_in_context(library: Library) -> None:
    entry = library.add_word("还", sentence="我明天还你钱。").value
    assert entry.pinyin == "huán"
    assert "to pay back" in entry.definition.split("; ")[:4]
    assert "surname" not in entry.definition


def test_adding_again_adds_a_context_not_a_word(library: Library) -> None:
    library.add_word("火锅", sentence="今天吃火锅。")
    library.add_word("火锅", sentence="火锅太辣了！")
    library.add_word("火锅", sentence="今天吃火锅。")
    assert library.vocabulary.count() == 1
    entry = library.vocabulary.get("火锅")
    assert entry is not None and len(entry.contexts) == 2


def test_slang_word_gets_the_glossary_meaning(library: Library) -> None:
    entry = library.add_word("绝绝子", sentence="这家店绝绝子！").value
    assert entry.pinyin == "jué jué zǐ" and entry.definition


def test_empty_word_and_missing_post(library: Library) -> None:
    with pytest.raises(InvalidInput):
        library.add_word("  ")
    with pytest.raises(InvalidInput, match="no post 999"):
        library.add_word("好", post_id=999)


def test_statuses(library: Library) -> None:
    library.add_word("学习")
    assert library.set_status(["学习", "猫"], WordStatus.LEARNING).value == ["学习", "猫"]
    assert library.set_status(["学习"], WordStatus.LEARNING).value == []
    assert library.vocabulary.status("猫") is WordStatus.LEARNING
    library.set_status(["猫"], WordStatus.NEW)
    assert library.vocabulary.statuses() == {"学习": WordStatus.LEARNING}
    assert WordStatus.parse("Known") is WordStatus.KNOWN
    with pytest.raises(ValueError, match="expected one of: new, learning, known, ignored"):
        WordStatus.parse("mastered")


def test_edit_delete_and_undo(library: Library) -> None:
    library.add_word("熊猫", sentence="成都有熊猫。", tags=["animals"])
    with write_transaction(library.db):
        entry = library.vocabulary.edit(
            "熊猫", definition="panda <b>bear</b>", notes="cute", tags=["animals", "成都"]
        )
    assert entry.definition == "panda <b>bear</b>" and entry.tags == ("animals", "成都")
    with write_transaction(library.db):
        assert library.vocabulary.delete(["熊猫"]) == ["熊猫"]
    assert library.vocabulary.get("熊猫") is None and library.vocabulary.count() == 0
    with write_transaction(library.db):
        library.vocabulary.restore(["熊猫"])
    restored = library.vocabulary.get("熊猫")
    assert restored is not None
    assert restored.notes == "cute" and len(restored.contexts) == 1 and restored.tags
    with write_transaction(library.db):
        library.vocabulary.edit("熊猫", definition="")
    assert (library.vocabulary.get("熊猫") or restored).definition.startswith("panda")


def test_search_filter_sort(library: Library) -> None:
    for word in ("猫", "学习", "火锅", "银行"):
        library.add_word(word)
    library.set_status(["猫"], WordStatus.KNOWN)
    vocab = library.vocabulary
    assert [e.word for e in vocab.list(order="added")] == ["银行", "火锅", "学习", "猫"]
    assert [e.word for e in vocab.list(order="pinyin")] == ["火锅", "猫", "学习", "银行"]
    assert [e.word for e in vocab.list(query="bank")] == ["银行"]
    assert [e.word for e in vocab.list(query="xué")] == ["学习"]
    assert [e.word for e in vocab.list(statuses=[WordStatus.KNOWN])] == ["猫"]
    assert [e.hsk for e in vocab.list(order="hsk")] == sorted(e.hsk for e in vocab.list())
    assert vocab.list(order="word", descending=True)[0].word == max(e.word for e in vocab.list())


@pytest.mark.parametrize(
    ("word", "sentence", "pinyin", "meaning"),
    [
        ("一个", "我买了一个包。", "yī gè", "one"),  # cut 一 | 个 in the sentence
        ("买了", "我买了一个包。", "mǎi le", "buy"),
        ("家", "我们这家店被很多人推荐", "jiā", "classifier"),  # the sense that fits
        ("店", "我们这家店被很多人推荐", "diàn", "shop"),
    ],
)
def test_a_saved_word_carries_its_reading_and_meaning_whatever_the_segmentation(
    library: Library, word: str, sentence: str, pinyin: str, meaning: str
) -> None:
    entry = library.add_word(word, sentence=sentence).value
    assert entry.pinyin == pinyin
    assert meaning in entry.definition.split(";")[0]


def test_a_saved_slang_word_stores_its_slang_meaning_first(library: Library) -> None:
    entry = library.add_word("上岸", sentence="考研三年，终于上岸了！").value
    assert entry.definition.startswith('"Reach the shore": to pass a tough exam')
    assert "go ashore" in entry.definition
