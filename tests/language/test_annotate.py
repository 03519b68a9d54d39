"""Annotation: tokens tile the input, carry context pinyin, senses, HSK and slang; bad input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.language.annotate import Annotator, Document, TokenKind
from companion.language.sandhi import document_with_sandhi, sentence_sandhi


def check_tiling(doc: Document, text: str) -> None:
    """Sentences and tokens cover text exactly, in order, without overlap."""
    position = 0
    for paragraph in doc.paragraphs:
        assert paragraph.start == position
        for sentence in paragraph.sentences:
            assert (
                sentence.start == position and sentence.text == text[sentence.start : sentence.end]
            )
            for token in sentence.tokens:
                assert token.start == position, (token, position)
                assert token.end > token.start
                assert token.text == text[token.start : token.end]
                position = token.end
            assert position == sentence.end
        assert paragraph.end == position
    assert position == len(text)


def render(doc: Document) -> str:
    """Readable rendering for table tests: word[pinyin] separated by /."""
    return "/".join(
        f"{t.text}[{t.pinyin}]" if t.is_chinese else t.text
        for t in doc.tokens
        if t.kind is not TokenKind.SPACE
    )


def test_worked_example(annotator: Annotator) -> None:
    text = "宝子们！这家店绝绝子😋 #探店[话题]#"
    doc = annotator.annotate(text)
    check_tiling(doc, text)
    assert [s.text for s in doc.sentences] == ["宝子们！", "这家店绝绝子😋 ", "#探店[话题]#"]
    assert render(doc) == (
        "宝子们[bǎo zi men]/！/这[zhè]/家[jiā]/店[diàn]/绝绝子[jué jué zǐ]/😋/#探店[话题]#[tàn diàn]"
    )
    assert doc.tags == ("探店",)
    tokens = {t.text: t for t in doc.tokens}
    assert tokens["绝绝子"].slang is not None
    assert tokens["店"].definitions and tokens["店"].hsk is not None
    assert tokens["😋"].kind is TokenKind.EMOJI and not tokens["😋"].is_chinese
    assert tokens["#探店[话题]#"].kind is TokenKind.TOPIC


def test_context_decides_reading_and_senses(annotator: Annotator) -> None:
    doc = annotator.annotate("我去银行还钱。")
    tokens = {t.text: t for t in doc.tokens}
    assert tokens["银行"].pinyin_numbers == "yin2 hang2"
    assert tokens["银行"].definitions[0] == "bank"
    huan = next(t for t in doc.tokens if t.text.startswith("还"))
    assert huan.syllables[0] == "huan2"


def test_slang_reading_wins_over_the_dictionary(annotator: Annotator) -> None:
    (token,) = [t for t in annotator.annotate("又被种草了").tokens if t.text == "种草"]
    assert token.pinyin == "zhòng cǎo"
    assert token.slang is not None


def test_traditional_text(annotator: Annotator) -> None:
    text = "這家餐廳還不錯，我覺得很好吃。"
    doc = annotator.annotate(text)
    check_tiling(doc, text)
    tokens = {t.text: t for t in doc.tokens}
    assert tokens["餐廳"].pinyin == "cān tīng" and tokens["餐廳"].definitions
    assert tokens["覺得"].pinyin_numbers == "jue2 de5"
    assert tokens["餐廳"].hsk is not None


def test_sticker_mention_url(annotator: Annotator) -> None:
    text = "笑死[笑哭R] @小红薯 看 https://xhslink.com/a1 吧"
    doc = annotator.annotate(text)
    check_tiling(doc, text)
    kinds = {t.text: t.kind for t in doc.tokens}
    assert kinds["[笑哭R]"] is TokenKind.STICKER
    assert kinds["@小红薯"] is TokenKind.MENTION
    assert kinds["https://xhslink.com/a1"] is TokenKind.URL
    sticker = next(t for t in doc.tokens if t.kind is TokenKind.STICKER)
    assert "😂" in sticker.definitions[0]  # the gloss, for display
    assert sticker.info.sticker is not None
    assert (sticker.info.sticker.label, sticker.info.sticker.emoji) == ("笑哭", "😂")
    assert sticker.to_json()["sticker"] == {
        "label": "笑哭",
        "emoji": "😂",
        "meaning": sticker.info.sticker.meaning,
    }
    assert all(t.info.sticker is None for t in doc.tokens if t.kind is not TokenKind.STICKER)
    mention = next(t for t in doc.tokens if t.kind is TokenKind.MENTION)
    assert mention.syllables == ("", "xiao3", "hong2", "shu3")


def test_pure_english_and_numbers(annotator: Annotator) -> None:
    text = "Hello world, 2024 is 100% great."
    doc = annotator.annotate(text)
    check_tiling(doc, text)
    assert not any(t.is_chinese for t in doc.tokens)
    kinds = {t.text: t.kind for t in doc.tokens}
    assert kinds["Hello"] is TokenKind.LATIN and kinds["2024"] is TokenKind.NUMBER


def test_empty_and_whitespace(annotator: Annotator) -> None:
    assert annotator.annotate("").sentences == []
    doc = annotator.annotate(" \n\t ")
    check_tiling(doc, " \n\t ")
    assert not any(t.is_chinese for t in doc.tokens)


def test_control_characters_and_lone_surrogates(annotator: Annotator) -> None:
    text = "好\x00吃\x07了\ud800吗\udfff"
    doc = annotator.annotate(text)
    assert doc.text == "好\x00吃\x07了\ufffd吗\ufffd"
    check_tiling(doc, doc.text)


def test_emoji_only_lines(annotator: Annotator) -> None:
    text = "😋😋😋\n🥰\n👍🏻👍🏻"
    doc = annotator.annotate(text)
    check_tiling(doc, text)
    assert len(doc.paragraphs) == 3
    assert all(t.kind in (TokenKind.EMOJI, TokenKind.SPACE) for t in doc.tokens)


def test_html_stays_text(annotator: Annotator) -> None:
    text = "<script>alert('好')</script><b>粗体</b>"
    doc = annotator.annotate(text)
    check_tiling(doc, text)
    assert "".join(t.text for t in doc.tokens) == text


def test_huge_post(annotator: Annotator) -> None:
    unit = "今天和姐妹去探店，这家火锅真的绝绝子😋！人均才100块，性价比超高。#成都美食[话题]#\n"
    text = unit * (1_000_000 // len(unit) + 1)
    doc = annotator.annotate(text)
    assert len(text) > 1_000_000
    assert doc.sentences[-1].end == len(text)
    assert sum(len(t.text) for t in doc.tokens) == len(text)


def test_json_contract(annotator: Annotator) -> None:
    payload = annotator.annotate("我觉得很好。").to_json()
    assert list(payload) == ["sentences"]
    (sentence,) = payload["sentences"]
    assert list(sentence) == ["text", "start", "end", "translation", "tokens"]
    assert sentence["translation"] is None
    token = sentence["tokens"][1]
    # DESIGN.md's keys, in order; new keys may follow them.
    assert list(token) == [
        "text",
        "start",
        "end",
        "is_chinese",
        "pinyin",
        "pinyin_numbers",
        "definitions",
        "hsk",
        "slang",
        "gloss",
        "label",
        "name",
        "sticker",
    ]
    assert token["sticker"] is None
    assert token["text"] == "觉得" and token["pinyin"] == "jué de"
    assert token["pinyin_numbers"] == "jue2 de5" and isinstance(token["definitions"], list)


# (text, word, its dictionary reading, as spoken with sandhi)
SANDHI = [
    ("我买了一个包。", "一", "yī", "yí"),  # 一 | 个: the measure word shown apart
    ("他不是学生。", "不是", "bù shì", "bú shì"),
    ("我一天没吃饭。", "一", "yī", "yì"),
    ("他是第一名。", "第一", "dì yī", "dì yī"),
    ("看一看", "看一看", "kàn yī kàn", "kàn yi kàn"),
    ("我買了一個包。", "一", "yī", "yí"),  # traditional: read through 个
]


@pytest.mark.parametrize(("text", "word", "dictionary", "spoken"), SANDHI)
def test_sandhi_is_display_only(
    annotator: Annotator, text: str, word: str, dictionary: str, spoken: str
) -> None:
    """Annotation gives the dictionary reading; document_with_sandhi is the spoken one."""
    document = annotator.annotate(text)
    assert next(t for t in document.tokens if t.text == word).pinyin == dictionary
    shown = document_with_sandhi(document)
    assert next(t for t in shown.tokens if t.text == word).pinyin == spoken
    assert [(t.text, t.start, t.end) for t in shown.tokens] == [
        (t.text, t.start, t.end) for t in document.tokens
    ]
    # Tokens sandhi leaves alone are the very same values.
    changed = [a for a, b in zip(document.tokens, shown.tokens, strict=True) if a is not b]
    assert all(any(c in "一不" for c in t.text) for t in changed)


def test_sentence_sandhi_works_on_the_tokens_of_one_sentence(annotator: Annotator) -> None:
    (sentence,) = annotator.annotate("一个人不是").sentences
    spoken = sentence_sandhi(sentence.tokens)
    assert len(spoken) == len(sentence.tokens)
    assert [len(s) for s in spoken] == [len(t.text) for t in sentence.tokens]
    assert sentence_sandhi(annotator.annotate("我很好").sentences[0].tokens) == [
        t.syllables for t in annotator.annotate("我很好").tokens
    ]


MIXED = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            list("我们今天去吃火锅还钱银行了的地得觉长行。，！？…“”#[]@R话题 \n\t😋👍🏻\u200d")
        ),
        st.characters(exclude_categories=()),
    ),
    max_size=80,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(MIXED)
def test_tokens_tile_any_input(annotator: Annotator, text: str) -> None:
    doc = annotator.annotate(text)
    check_tiling(doc, doc.text)
    assert len(doc.text) == len(text)
    for token in doc.tokens:
        assert len(token.syllables) in (0, len(token.text))
