"""The sense that fits the sentence and Leipzig labels, on the real engine (jieba, CC-CEDICT)."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.language.annotate import Annotator, Token
from companion.language.details import describe, word_in_sentence
from companion.language.senses import (
    LABELS,
    SenseFitter,
    demote,
    describe_label,
    is_numeral,
    load_table,
    named,
    slang_gloss,
    table,
)
from companion.translation.gloss import gloss

LEARNER_HEADER = "word\tpinyin\tgloss\tsense\n"
CONTEXT_HEADER = "word\tpinyin\tcontext\tgloss\tsense\n"


def token_in(annotator: Annotator, sentence: str, word: str) -> Token:
    return next(t for t in annotator.annotate(sentence).tokens if t.text == word)


def first_sense(annotator: Annotator, sentence: str, word: str) -> str:
    return token_in(annotator, sentence, word).definitions[0]


@pytest.mark.parametrize(
    ("word", "syllables", "expected"),
    [
        ("东西", ("dong1", "xi5"), "thing"),
        ("东西", ("dong1", "xi1"), "east and west"),
        ("地", ("de5",), "-ly"),
        ("地", ("di4",), "ground"),
        ("了", ("liao3",), "finish"),
        ("得", ("dei3",), "must"),
    ],
)
def test_the_reading_decides_the_sense(
    annotator: Annotator, word: str, syllables: tuple[str, ...], expected: str
) -> None:
    assert expected in annotator.word_info(word, syllables).definitions[0]


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("我们这家店被很多人推荐", "家"),
        ("十块钱就够了", "块"),
        ("我买了两只猫", "只"),
        ("点了一杯奶茶", "杯"),
        ("这本书很好看", "本"),
        ("拍了一张照片", "张"),
        ("我买了一个包。", "个"),
    ],
)
def test_classifiers_after_numerals_and_demonstratives(
    annotator: Annotator, sentence: str, word: str
) -> None:
    token = token_in(annotator, sentence, word)
    assert token.info.label == "CL"
    assert "classifier" in token.definitions[0]


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [("他们家很大", "家", "home"), ("他在看书", "在", "at")],
)
def test_no_classifier_sense_without_a_numeral(
    annotator: Annotator, sentence: str, word: str, expected: str
) -> None:
    token = token_in(annotator, sentence, word)
    assert token.info.label != "CL"
    assert expected in token.definitions[0]


@pytest.mark.parametrize(
    ("sentence", "word", "expected", "label"),
    [
        ("我们这家店被很多人推荐", "被", "passive", "PASS"),
        ("他把书给我了", "把", "object before the verb", "BA"),
        ("跟朋友去逛街", "跟", "with", None),
        ("这家店很火", "很", "very", None),
        ("你吃饭了吗", "吗", "question", "Q"),
        ("他看着我笑", "着", "-ing", "PROG"),
        ("她慢慢地走", "地", "-ly", "ADV"),
        ("我们走吧", "吧", "let's", "SFP"),
    ],
)
def test_function_words_by_their_job(
    annotator: Annotator, sentence: str, word: str, expected: str, label: str | None
) -> None:
    token = token_in(annotator, sentence, word)
    assert expected in token.definitions[0]
    assert token.info.label == label


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [("我们这家店被很多人推荐", "店", "shop"), ("这本书很好看", "书", "book")],
)
def test_everyday_senses_before_rare_ones(
    annotator: Annotator, sentence: str, word: str, expected: str
) -> None:
    assert expected in first_sense(annotator, sentence, word)


@pytest.mark.parametrize(
    ("senses", "first"),
    [
        (["inn; old-style hotel", "(bound form) shop; store"], "(bound form) shop; store"),
        (["(archaic) a cart", "car"], "car"),
        (["(literary) to suffer", "to cover"], "to cover"),
        (["surname Qian", "money"], "money"),
        (["variant of 杯", "cup"], "cup"),
        (["CL:个 [gè]", "friend"], "friend"),
        (["used in 自个儿", "see 个", "individual"], "individual"),
        (["(adverb of degree)", "quite", "very"], "quite"),
        (["(Taiwan pr.) x", "y"], "y"),
    ],
)
def test_demotion_of_marked_senses_keeps_them_below(senses: list[str], first: str) -> None:
    ordered = demote(senses)
    assert ordered[0] == first
    assert sorted(ordered) == sorted(senses)


def test_every_other_sense_is_kept_below_the_fitted_one(annotator: Annotator) -> None:
    token = token_in(annotator, "我们这家店被很多人推荐", "被")
    raw = annotator.dictionary.senses("被", "bei4")
    assert "quilt" in " ".join(token.definitions)
    assert len(token.definitions) >= len(raw) - 2  # the table's sense may absorb a duplicate


@pytest.mark.parametrize(
    ("sentence", "word", "rows", "expected", "label"),
    [
        (
            "每天都在刷手机",
            "刷",
            "刷\tshua1\twith:手机|视频\tscroll\tto scroll (a feed)",
            "scroll",
            None,
        ),
        ("这家店很火", "火", "火\thuo3\tafter_degree\tpopular\tpopular; hot", "popular", None),
        ("三点见", "点", "点\tdian3\tclassifier\to'clock\to'clock", "o'clock", None),
        ("我点了一杯", "点", "点\tdian3\tafter:我|你\torder\tto order (food)", "order", None),
        ("我们走吧", "吧", "吧\tba5\tsentence_final\tSFP\t(suggestion) let's", "let's", "SFP"),
    ],
)
def test_context_rows_choose_the_sense(
    annotator: Annotator,
    tmp_path: Path,
    sentence: str,
    word: str,
    rows: str,
    expected: str,
    label: str | None,
) -> None:
    (tmp_path / "l.tsv").write_text(LEARNER_HEADER, encoding="utf-8")
    (tmp_path / "c.tsv").write_text(CONTEXT_HEADER + rows + "\n", encoding="utf-8")
    fitter = SenseFitter(annotator.all_senses, load_table(tmp_path / "l.tsv", tmp_path / "c.tsv"))
    tokens = fitter.in_context(list(annotator.annotate(sentence).sentences[0].tokens))
    token = next(t for t in tokens if t.text == word)
    assert expected in token.definitions[0]
    assert token.info.gloss == expected or token.info.label == label


def test_a_context_row_that_does_not_fit_changes_nothing(
    annotator: Annotator, tmp_path: Path
) -> None:
    (tmp_path / "l.tsv").write_text(LEARNER_HEADER, encoding="utf-8")
    row = "刷\tshua1\twith:手机\tscroll\tto scroll (a feed)\n"
    (tmp_path / "c.tsv").write_text(CONTEXT_HEADER + row, encoding="utf-8")
    fitter = SenseFitter(annotator.all_senses, load_table(tmp_path / "l.tsv", tmp_path / "c.tsv"))
    before = list(annotator.annotate("他每天刷鞋").sentences[0].tokens)
    after = fitter.in_context(list(before))
    assert after == before


def test_the_issue_sentence_glosses_as_a_linguist_would(annotator: Annotator) -> None:
    sentence = annotator.annotate("我们这家店被很多人推荐").sentences[0]
    assert gloss(sentence) == "we · this · CL · shop · PASS · very · many · person · recommend"


@pytest.mark.parametrize(
    ("sentence", "word", "label"),
    [
        ("我买了一个包", "了", "PFV"),
        ("他看着我", "着", "PROG"),
        ("我吃过火锅", "过", "EXP"),
        ("我的包呢", "的", "DE"),  # attributive or possessive alike
        ("好吃的东西", "的", "DE"),
        ("她慢慢地走", "地", "ADV"),
        ("你吃饭了吗", "吗", "Q"),
        ("我的包呢", "呢", "SFP"),
        ("他把书给我了", "把", "BA"),
        ("我们这家店被很多人推荐", "被", "PASS"),
        ("这本书", "本", "CL"),
    ],
)
def test_leipzig_labels(annotator: Annotator, sentence: str, word: str, label: str) -> None:
    token = token_in(annotator, sentence, word)
    assert token.info.label == label
    assert label in gloss(annotator.annotate(sentence).sentences[0]).split(" · ")
    assert token.to_json()["label"] == label
    assert describe_label(label).startswith(f"{label} — ")


def test_only_known_labels_count_as_labels(annotator: Annotator) -> None:
    """我 glosses as "I", which is capital but no label."""
    token = token_in(annotator, "我很好", "我")
    assert token.info.gloss == "I"
    assert token.info.label is None
    assert all(row.label in (None, *LABELS) for row in table().everyday.values())


def test_slang_meaning_comes_first_and_the_literal_sense_stays(annotator: Annotator) -> None:
    token = token_in(annotator, "考研终于上岸了", "上岸")
    assert token.slang is not None
    assert token.definitions[0] == token.slang.meaning
    assert any("ashore" in d for d in token.definitions[1:])
    assert "exam" in token.info.gloss


@pytest.mark.parametrize(
    ("meaning", "expected"),
    [
        (
            '"Reach the shore": to pass a tough exam (civil service) and get in.',
            "pass a tough exam",
        ),
        ("The GOAT; the absolute best, forever.", "the GOAT"),
        ("From English 'emo': feeling down, gloomy.", "feeling down, gloomy"),
        ("1) to finally buy something; 2) to lose the urge.", "finally buy something"),
    ],
)
def test_slang_gloss(meaning: str, expected: str) -> None:
    assert slang_gloss(meaning) == expected


def test_token_json_has_gloss_and_label(annotator: Annotator) -> None:
    data = token_in(annotator, "这家店很火", "家").to_json()
    assert data["gloss"] == "CL"
    assert data["label"] == "CL"
    assert "classifier" in data["definitions"][0]


def test_lookup_card_shows_the_fitted_sense_first(annotator: Annotator) -> None:
    details = describe(token_in(annotator, "我们这家店被很多人推荐", "店"), annotator)
    assert "shop" in details.entries[0].senses[0]
    assert any("inn" in s for s in details.entries[0].senses)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("一", True), ("两", True), ("三十", True), ("十多", True), ("好几", True), ("第三", True),
     ("这", True), ("每", True), ("100", True), ("多", False), ("上", False), ("我", False)],
)  # fmt: skip
def test_numerals_and_demonstratives(word: str, expected: bool) -> None:
    assert is_numeral(word) is expected


@pytest.mark.parametrize(
    ("sentence", "word", "expected", "label"),
    [
        ("这个周末你有空吗？", "个", "classifier", "CL"),  # cut 这个
        ("这种面膜很好用", "种", "kind", "CL"),  # cut 这种
        ("我买了一个包。", "一个", "one", "CL"),  # cut 一 | 个: one-CL before the noun
        ("我买了一大袋零食", "袋", "bag", "CL"),  # numeral + 大 + classifier
    ],
)
def test_a_word_in_its_sentence_whatever_the_cut(
    annotator: Annotator, sentence: str, word: str, expected: str, label: str | None
) -> None:
    token = word_in_sentence(annotator, word, sentence)
    assert token.text == word and sentence[token.start : token.end] == word
    assert token.info.label == label
    assert expected in token.definitions[0]


@pytest.mark.parametrize(
    ("label", "sense", "first"),
    [
        ("EXP", "(after a verb) have ...-ed before", "experiential aspect: (after a verb)"),
        ("CL", "(classifier) cup of, glass of", "(classifier) cup of"),
        ("Q", "(yes-no question particle)", "(yes-no question particle)"),
        (None, "to eat", "to eat"),
    ],
)
def test_a_labelled_sense_says_what_its_word_is_called(
    label: str | None, sense: str, first: str
) -> None:
    assert named(label, sense).startswith(first)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("兩隻貓", "two · CL · cat"), ("這家店很火", "this · CL · shop · very · popular")],
)
def test_traditional_text_gets_the_same_senses(
    annotator: Annotator, text: str, expected: str
) -> None:
    assert gloss(annotator.annotate(text).sentences[0]) == expected


def test_meanings_the_fitted_sense_gives_are_not_repeated_below(annotator: Annotator) -> None:
    token = token_in(annotator, "我们这家店被很多人推荐", "店")
    meanings = [m.strip() for d in token.definitions for m in d.split(";")]
    assert meanings.count("inn") <= 1 and meanings.count("shop") == 1
    assert any("old-style hotel" in d for d in token.definitions)  # the rest stays


@pytest.mark.parametrize(
    ("sentence", "word", "gloss_", "label"),
    [
        ("今天去吃了一家小笼包店", "一家", "one-CL", "CL"),  # before a noun: one + classifier
        ("我们一家去旅游", "一家", "the whole family", None),  # before a verb: the word itself
    ],
)
def test_a_numeral_and_classifier_cut_as_one_word(
    annotator: Annotator, sentence: str, word: str, gloss_: str, label: str | None
) -> None:
    token = token_in(annotator, sentence, word)
    assert token.info.gloss == gloss_ and token.info.label == label
    if label:
        assert token.definitions[0].startswith("一 one") and "classifier" in token.definitions[0]
        assert any("whole family" in d for d in token.definitions[1:])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("这家店很好", "very · good"), ("好！", "OK")],
)
def test_the_end_of_a_sentence_is_the_weakest_hint(
    annotator: Annotator, sentence: str, expected: str
) -> None:
    assert gloss(annotator.annotate(sentence).sentences[0]).endswith(expected)


def test_a_single_character_with_word_must_be_a_word_of_the_sentence(
    annotator: Annotator, tmp_path: Path
) -> None:
    (tmp_path / "l.tsv").write_text(LEARNER_HEADER, encoding="utf-8")
    row = "送\tsong4\twith:到\tsee off\tto see off\n"
    (tmp_path / "c.tsv").write_text(CONTEXT_HEADER + row, encoding="utf-8")
    fitter = SenseFitter(annotator.all_senses, load_table(tmp_path / "l.tsv", tmp_path / "c.tsv"))

    def first(sentence: str) -> str:
        tokens = fitter.in_context(list(annotator.annotate(sentence).sentences[0].tokens))
        return next(t for t in tokens if t.text == "送").definitions[0]

    assert first("我送他到机场") == "to see off"
    inside = "阿姨迟到了还送了一碗冰粉"  # 到 only inside 迟到
    assert first(inside) == token_in(annotator, inside, "送").definitions[0]
