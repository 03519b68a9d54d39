"""Real posts read right: the standard's neutral tones and erhua, part-of-speech polyphones,
Latin-letter slang, names kept whole, 一 … 就, and bad input that keeps its offsets (issue 13)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.language.annotate import Annotator, TokenKind
from tests.language.test_annotate import check_tiling


def reading(annotator: Annotator, sentence: str, word: str) -> str:
    """pinyin_numbers of the first token that is word."""
    for token in annotator.annotate(sentence).tokens:
        if token.text == word:
            return token.pinyin_numbers
    cut = [t.text for t in annotator.annotate(sentence).tokens]
    raise AssertionError(f"{word!r} is not a token of {sentence!r}: {cut}")


def char_reading(annotator: Annotator, sentence: str, at: int) -> str:
    """The syllable of sentence[at]."""
    for token in annotator.annotate(sentence).tokens:
        if token.start <= at < token.end:
            return token.syllables[at - token.start]
    raise AssertionError(at)


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("这件衣服真好看", "衣服", "yi1 fu5"),
        ("东西也便宜", "东西", "dong1 xi5"),  # not dong1 xi1 "east and west"
        ("我有很多朋友", "朋友", "peng2 you5"),
        ("我喜欢你", "喜欢", "xi3 huan5"),
        ("我明白了", "明白", "ming2 bai5"),
        ("我知道了", "知道", "zhi1 dao5"),  # our supplement: CC-CEDICT has zhi1 dao4
        ("她很漂亮", "漂亮", "piao4 liang5"),
        ("这里很舒服", "舒服", "shu1 fu5"),
        ("你好好休息", "休息", "xiu1 xi5"),
        ("什么时候", "时候", "shi2 hou5"),
        ("太麻烦了", "麻烦", "ma2 fan5"),
        ("我看不清楚", "清楚", "qing1 chu5"),
        ("很高兴认识你", "认识", "ren4 shi5"),
        ("这个地方很美", "地方", "di4 fang5"),
        ("我妈妈做饭", "妈妈", "ma1 ma5"),
        ("别客气", "客气", "ke4 qi5"),
        ("房间收拾好了", "收拾", "shou1 shi5"),
        ("葡萄很甜", "葡萄", "pu2 tao5"),
        ("头发很长", "头发", "tou2 fa5"),
        ("天气暖和了", "暖和", "nuan3 huo5"),
        ("我去看大夫", "大夫", "dai4 fu5"),
        ("我老公做饭", "老公", "lao3 gong1"),  # the learner table's reading, not the eunuch's
        ("你看看", "看看", "kan4 kan5"),  # a verb said twice
    ],
)
def test_neutral_tones_follow_the_standard(
    annotator: Annotator, sentence: str, word: str, expected: str
) -> None:
    assert reading(annotator, sentence, word) == expected


@pytest.mark.parametrize(
    ("sentence", "word", "numbers", "marks"),
    [
        ("你去哪儿？", "哪儿", "na3 r5", "nǎr"),
        ("一会儿就到", "一会儿", "yi1 hui4 r5", "yī huìr"),
        ("这里好玩儿", "好玩儿", "hao3 wan2 r5", "hǎo wánr"),
        ("我在这儿", "这儿", "zhe4 r5", "zhèr"),
    ],
)
def test_erhua_joins_the_syllable_before_it(
    annotator: Annotator, sentence: str, word: str, numbers: str, marks: str
) -> None:
    token = next(t for t in annotator.annotate(sentence).tokens if t.text == word)
    assert token.pinyin_numbers == numbers
    assert token.pinyin == marks
    assert len(token.syllables) == len(word)  # still one syllable per character


@pytest.mark.parametrize(
    ("sentence", "at", "expected"),
    [
        ("你数一下有几个。", 1, "shu3"),
        ("数学很难。", 0, "shu4"),
        ("我在阳台种花。", 4, "zhong4"),
        ("这种花很香。", 1, "zhong3"),
        ("他背着包去上学。", 1, "bei1"),
        ("我每天背单词。", 3, "bei4"),
        ("量一下体温吧。", 0, "liang2"),
        ("饭量很大。", 1, "liang4"),
        ("你明天有空吗？", 4, "kong4"),
        ("我抽空去了超市。", 2, "kong4"),
        ("空调坏了。", 0, "kong1"),
        ("把音量调小一点。", 3, "tiao2"),
        ("妈妈教我做饭。", 2, "jiao1"),
        ("两只猫。", 1, "zhi1"),
        ("我只吃了一点。", 1, "zhi3"),
        ("三卷本。", 1, "juan4"),
        ("这部电影太长了。", 5, "chang2"),
        ("孩子长高了。", 2, "zhang3"),
        ("重来一遍。", 0, "chong2"),
        ("鱼刺卡在喉咙里。", 2, "qia3"),
        ("我请了三天假。", 5, "jia4"),
        ("昨天下了一场大雨。", 5, "chang2"),
        ("流了好多血。", 4, "xie3"),
        ("我把毛巾塞进包里了。", 4, "sai1"),
        ("他中了一等奖！", 1, "zhong4"),
        ("杯子倒了。", 2, "dao3"),
        ("你去过云南吗？", 2, "guo5"),
        ("这个工作我干不了。", 7, "liao3"),
        ("我们班主任姓曾。", 6, "zeng1"),
        ("帮我看一下孩子。", 2, "kan1"),
        ("衣服晒干了。", 3, "gan1"),
        ("你在干什么？", 2, "gan4"),
        ("这件事得花不少钱。", 3, "dei3"),  # the modal "must" before what must be done
        ("他跑得很快。", 2, "de5"),
        # a separable verb's object keeps the compound's reading (照相, 睡觉, 理发)
        ("我们在海边照了好多相。", 9, "xiang4"),
        ("昨晚睡了一个好觉。", 7, "jiao4"),
        ("他理了个发。", 4, "fa4"),
        ("这件衬衫洗了一次就缩水了。", 11, "le5"),  # 了 is never an object
        ("秋天树叶都落了。", 5, "luo4"),  # 落 luò "fall"
        ("我把手机落在家了。", 4, "la4"),  # 落 là "leave behind"
        ("钥匙落在车上了。", 2, "la4"),
        ("他出国已经两载了。", 6, "zai3"),  # 载 zǎi "year", counted
        ("这辆车能载五个人。", 4, "zai4"),
        ("啊，原来你也在这儿！", 0, "a4"),  # the interjection opening a clause
        ("好啊，明天见。", 1, "a5"),  # the particle closing one
        ("他去了彼得格勒。", 4, "de2"),  # a name the dictionary spells with a full tone
        ("我叫王得，你呢？", 3, "de2"),  # a name the dictionary lacks: no particle in it
    ],
)
def test_polyphones_follow_the_words_around_them(
    annotator: Annotator, sentence: str, at: int, expected: str
) -> None:
    assert char_reading(annotator, sentence, at) == expected


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("这个防晒霜yyds！", "yyds"),
        ("YYDS，太好用了", "YYDS"),
        ("ｙｙｄｓ，太好用了", "ｙｙｄｓ"),  # full-width letters
        ("xswl，我家猫又卡住了", "xswl"),
        ("下雨天有点emo了", "emo"),
        ("我是i人", "i人"),
        ("I人狂喜", "I人"),
        ("穿这身去喝咖啡，city不city啊", "city不city"),
        ("这个操作666", "666"),
        ("u1s1，性价比很高", "u1s1"),
    ],
)
def test_latin_letter_and_digit_slang_is_one_glossed_word(
    annotator: Annotator, sentence: str, word: str
) -> None:
    token = next((t for t in annotator.annotate(sentence).tokens if t.text == word), None)
    assert token is not None, [t.text for t in annotator.annotate(sentence).tokens]
    assert token.slang is not None and token.is_chinese and token.definitions


def test_english_words_in_english_are_not_slang(annotator: Annotator) -> None:
    """ "get", "high", "he" are slang in Chinese posts only ("hello" once split at "he")."""
    doc = annotator.annotate("Hello, I get high marks and he is low.")
    assert not any(t.slang for t in doc.tokens)
    assert "Hello" in [t.text for t in doc.tokens]


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        ("奥博穆来上海了", "奥博穆", "foreign"),
        ("张伟说他喜欢迪奥的口红", "张伟", "person"),
        ("李佳琦直播间", "李佳琦", "person"),
        ("我和小李去吃饭", "小李", "person"),
        ("周末去黄山", "黄山", "place"),
        ("我买了Dior的新品", "Dior", "brand"),
    ],
)
def test_names_stay_one_token_marked_as_names(
    annotator: Annotator, sentence: str, name: str, kind: str
) -> None:
    token = next((t for t in annotator.annotate(sentence).tokens if t.text == name), None)
    assert token is not None, [t.text for t in annotator.annotate(sentence).tokens]
    assert token.info.name is not None and token.info.name.value == kind
    assert token.to_json()["name"] == kind
    assert "obscure" not in " ".join(token.definitions)


@pytest.mark.parametrize("sentence", ["马上就到", "一张纸", "我和他去", "高兴地说"])
def test_ordinary_words_are_not_names(annotator: Annotator, sentence: str) -> None:
    assert not any(t.info.name for t in annotator.annotate(sentence).tokens)


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("一下飞机就去吃饭", ["一", "下", "飞机", "就"]),
        ("我一下班就回家", ["一", "下班", "就"]),
        ("你看一下就懂了", ["看", "一下", "就"]),
        ("一到家就睡了", ["一", "到家", "就"]),
    ],
)
def test_yi_jiu_as_soon_as(annotator: Annotator, sentence: str, words: list[str]) -> None:
    cut = [t.text for t in annotator.annotate(sentence).tokens]
    start = cut.index(words[0])
    assert cut[start : start + len(words)] == words


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("又被种\u200b草了", "种\u200b草"),  # a zero-width space inside a word
        ("种\u2060草了", "种\u2060草"),
        ("get到了吗", "get到"),
        ("我emo了", "emo"),
    ],
)
def test_bad_input_keeps_words_and_offsets(annotator: Annotator, text: str, word: str) -> None:
    doc = annotator.annotate(text)
    check_tiling(doc, text)
    token = next((t for t in doc.tokens if t.text == word), None)
    assert token is not None, [t.text for t in doc.tokens]
    assert token.slang is not None
    assert text[token.start : token.end] == word


def test_emoji_between_characters_keeps_offsets(annotator: Annotator) -> None:
    text = "种😋草，绝😂绝子"
    doc = annotator.annotate(text)
    check_tiling(doc, text)
    assert sum(t.kind is TokenKind.EMOJI for t in doc.tokens) == 2


_PIECES = st.sampled_from(
    ["种草", "yyds", "ＹＹＤＳ", "\u200b", "\u2060", "😋", "👩\u200d👩\u200d👧", "city不city", "get到",
     "emo了", "一下飞机就", "张伟说", "奥博穆", "哪儿", "#上海美食[话题]#", " ", "\n", "。", "a", "1"]
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_offsets_tile_any_mix_of_hostile_pieces(annotator: Annotator, text: str) -> None:
    doc = annotator.annotate(text)
    check_tiling(doc, text)
    for token in doc.tokens:
        assert len(token.info.syllables) in (0, len(token.text))


def test_topics_stay_one_tag_with_their_words_inside(annotator: Annotator) -> None:
    doc = annotator.annotate("好吃！#上海美食[话题]#")
    assert doc.tags == ("上海美食",)
    topic = next(t for t in doc.tokens if t.kind is TokenKind.TOPIC)
    assert [p.text for p in topic.info.parts] == ["上海", "美食"]
    assert all(doc.text[p.start : p.end] == p.text for p in topic.info.parts)
    assert topic.info.parts[0].info.name is not None  # 上海 is a place name
    assert topic.definitions and "Shanghai" in topic.definitions[0]
    assert topic.pinyin == "shàng hǎi měi shí"


@pytest.mark.parametrize(
    ("sentence", "words", "classifier", "syllable"),
    [
        ("这个周末你有空吗？", ["这", "个"], "个", "ge5"),  # read as the word 这个 zhè ge
        ("我只吃了一口就饱了。", ["一", "口"], "口", "kou3"),
        ("两只猫", ["两", "只"], "只", "zhi1"),
    ],
)
def test_measure_words_stand_apart_from_their_numeral(
    annotator: Annotator, sentence: str, words: list[str], classifier: str, syllable: str
) -> None:
    tokens = annotator.annotate(sentence).tokens
    cut = [t.text for t in tokens]
    start = cut.index(words[0])
    assert cut[start : start + 2] == words
    token = tokens[start + 1]
    assert token.syllables == (syllable,) and token.info.label == "CL"


def test_counted_words_with_their_own_meaning_stay_whole(annotator: Annotator) -> None:
    assert "一家" in [t.text for t in annotator.annotate("我们一家去旅游").tokens]
