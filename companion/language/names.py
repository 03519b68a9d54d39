"""Names as names: person, place, brand and foreign names kept as one token and marked as such.

jieba, run without its HMM, leaves a name it does not know as single characters (张 / 伟, 奥博 /
穆), and the dictionary gloss of each character is nonsense for a name (奥博穆 "obscure ·
extensive · solemn"). Before the segmenter shapes its words, ``find_names`` joins what reads as
a name, by patterns no library offers for jieba's dictionary-only cut:

* a common surname and one or two given-name characters jieba left single (张 伟 说 → 张伟 说);
* characters used to transliterate foreign names, three or more in a row (奥博 穆 → 奥博穆);
* a word jieba's dictionary tags as a person, place, organisation or brand name (its ``nr``,
  ``ns``, ``nt``, ``nz`` tags, which are noisy: only those shaped like names are kept).

The annotator also treats words that CC-CEDICT knows only as proper nouns (上海 Shanghai, 特朗普
Trump) and capitalised Latin words in Chinese text (Dior) as names.
"""

from __future__ import annotations

import logging
import os
from enum import Enum
from pathlib import Path

from companion.language.characters import is_han

log = logging.getLogger(__name__)


class NameKind(Enum):
    """What kind of name a token is."""

    PERSON = "person"
    FOREIGN = "foreign"
    PLACE = "place"
    ORGANISATION = "organisation"
    BRAND = "brand"

    @property
    def note(self) -> str:
        """How the lookup card and the gloss describe it."""
        return {
            NameKind.PERSON: "a person's name",
            NameKind.FOREIGN: "a foreign name, transliterated by sound",
            NameKind.PLACE: "a place name",
            NameKind.ORGANISATION: "the name of an organisation",
            NameKind.BRAND: "a brand or product name",
        }[self]


SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔汤温康施牛樊葛邢乔伍庞颜倪庄聂章鲁岳翟殷詹耿兰焦俞"
    "柳祝宁符舒阮柯纪梅童凌裴霍涂翁冉骆蓝辛靳柴蒙鲍华喻祁蒲滕"
    "屈饶解牟艾尤穆卓吉缪芦麦褚娄窦戚岑景费卜晏席卫柏宗瞿桂佟臧"
    "闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄丛仲虞敖巩佘苑迟邝"
)
"""Common single-character surnames, less those that are everyday words on their own far more
often (和 and, 于 at, 向 towards, 时 time, 明 bright …)."""

TRANSLITERATION = frozenset(
    "阿埃艾爱安昂奥巴拜班邦鲍贝本比彼毕波伯博布查达戴丹道德迪蒂丁杜多厄恩尔法菲费芬丰弗福富盖"
    "冈戈格根古哈海汉豪赫亨胡华惠霍基吉加杰金卡凯坎康柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里利莉列林"
    "琳隆卢鲁路伦罗洛马玛迈麦曼梅门蒙米密明摩莫墨默姆穆纳娜奈南内尼妮涅宁纽努诺欧帕潘佩皮珀普齐"
    "奇恰乔切琼丘萨塞森沙莎尚舍圣施什史斯苏索塔泰坦汤唐特提汀图托瓦万威韦维温文沃乌伍西希席夏"
    "肖谢辛休雅亚扬耶伊因英尤约泽扎詹兹佐娅丝黛"
)
"""Characters Chinese uses to write foreign names by sound (阿, 奥, 斯, 特, 娜 …)."""

NOT_GIVEN_NAME = frozenset(
    "的了是在有和就都也还又把被给对很太不没这那我你他她它们个说去来到上下要会能想看吃喝买卖做打"
    "让叫请从向跟比等着过地得吗呢吧啊呀哦哈嘛么每各某几多少些点次位家里外前后左右中间时年月日号"
    "元块毛分钱岁个只条张本件双对一二三四五六七八九十百千万"
)
"""Characters that after a surname character are a word of their own, not a given name (马 / 上,
张 / 纸: a measure word)."""

_STARTS = SURNAMES | TRANSLITERATION | {"小", "老"}
_NAME_TAGS = {"nr": NameKind.PERSON, "nrfg": NameKind.PERSON, "nrt": NameKind.FOREIGN}
_NAME_TAGS |= {"ns": NameKind.PLACE, "nt": NameKind.ORGANISATION, "nz": NameKind.BRAND}
PLACE_ENDS = frozenset("省市县区镇乡村路街巷道山湖河江岛桥寺站港湾州城园")
_NUMERAL_END = frozenset("一二两三四五六七八九十百千万几每这那哪某半0123456789")
_CACHE_NAME = "jieba-names-v1.tsv"


def _shaped_like_a_name(word: str, kind: NameKind) -> bool:
    """jieba's name tags include idioms and phrases (泫然欲泪 nr): keep the name-shaped ones."""
    if not 2 <= len(word) <= 6:
        return False
    if all(c in TRANSLITERATION for c in word) and len(word) >= 3:
        return True
    if kind is NameKind.PERSON:
        return len(word) <= 3 and word[0] in SURNAMES and not (set(word[1:]) & NOT_GIVEN_NAME)
    if kind is NameKind.PLACE:
        return word[-1] in PLACE_ENDS
    return False


def load_tagged_names(cache_dir: Path | None) -> dict[str, NameKind]:
    """jieba's dictionary words tagged as names and shaped like them, read once from dict.txt
    (0.5 s) and cached as a small file in cache_dir."""
    import jieba

    source = Path(jieba.__file__).with_name("dict.txt")
    cached = cache_dir / _CACHE_NAME if cache_dir is not None else None
    if cached is not None and cached.is_file():
        try:
            kinds = {k.value: k for k in NameKind}
            pairs = cached.read_text(encoding="utf-8").split()
            return {w: kinds[k] for w, k in zip(pairs[::2], pairs[1::2], strict=True)}
        except (OSError, ValueError, KeyError):
            log.warning("rebuilding the name cache %s", cached)
    names: dict[str, NameKind] = {}
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            kind = _NAME_TAGS.get(parts[2]) if len(parts) == 3 else None
            if kind is not None and _shaped_like_a_name(parts[0], kind):
                names[parts[0]] = kind
    if cached is not None:
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        try:
            tmp.write_text("".join(f"{w}\t{k.value}\n" for w, k in names.items()), "utf-8")
            os.replace(tmp, cached)
        except OSError:
            tmp.unlink(missing_ok=True)
    return names


def find_names(
    words: list[str], known: dict[str, NameKind], is_word: object
) -> tuple[list[str], dict[str, NameKind]]:
    """jieba's words with names joined into one word each, and the names found.

    is_word(text) says whether the dictionary knows text as a word (a surname and the word
    after it, 马 / 上 → 马上, are not a name)."""
    found: dict[str, NameKind] = {}
    starts, translit = _STARTS, TRANSLITERATION
    for w in words:  # a plain loop: the common case, nothing here can start a name, is hot
        if len(w) == 1:
            if w in starts:
                break
        elif w in known or (len(w) == 2 and w[0] in translit and w[1] in translit):
            break
    else:
        return words, found
    out: list[str] = []
    check = is_word if callable(is_word) else (lambda text: False)
    i = 0
    n = len(words)
    while i < n:
        word = words[i]
        if not _may_start(word) and word not in known:
            out.append(word)
            i += 1
            continue
        kind = known.get(word)
        if kind is not None:
            out.append(word)
            found[word] = kind
            i += 1
            continue
        j = _foreign_end(words, i)
        if j > i:
            name = "".join(words[i:j])
            out.append(name)
            found[name] = NameKind.FOREIGN
            i = j
            continue
        j = _person_end(words, i, out[-1] if out else "")
        if j > i and not check("".join(words[i:j])):
            name = "".join(words[i:j])
            out.append(name)
            found[name] = NameKind.PERSON
            i = j
            continue
        out.append(word)
        i += 1
    return out, found


def _may_start(word: str) -> bool:
    """Whether a name found by pattern may start at word: a single surname, transliteration
    or 小/老 character, or two transliteration characters (奥博)."""
    if len(word) == 1:
        return word in _STARTS
    return len(word) == 2 and word[0] in TRANSLITERATION and word[1] in TRANSLITERATION


def _foreign_end(words: list[str], i: int) -> int:
    """End of three or more transliteration characters from words[i] (奥博 + 穆), else i."""
    j, chars = i, 0
    while j < len(words) and len(words[j]) <= 2 and all(c in TRANSLITERATION for c in words[j]):
        chars += len(words[j])
        j += 1
    has_single = any(len(w) == 1 for w in words[i:j])
    return j if chars >= 3 and has_single else i


def _person_end(words: list[str], i: int, before: str) -> int:
    """End of a surname and one or two single given-name characters jieba left (张 伟), or of
    小/老 and a surname (小 李, 老 王), else i."""
    if words[i] in ("小", "老") and i + 1 < len(words) and words[i + 1] in SURNAMES:
        return i + 2
    if words[i] not in SURNAMES or before[-1:] in _NUMERAL_END:
        return i
    j = i + 1
    while j < len(words) and j - i <= 2 and len(words[j]) == 1 and _given(words[j]):
        j += 1
    return j if j > i + 1 else i


def _given(char: str) -> bool:
    return is_han(char) and char not in NOT_GIVEN_NAME


_PLACE_WORDS = ("city", "province", "county", "district", "river", "mountain", "mt ", "capital")
_PLACE_WORDS += ("country", "region", "town", "island", "lake", "village", "prefecture", "street")
_PLACE_WORDS += ("municipality", "autonomous", "old name of", "place name", "area")


def name_kind(word: str, senses: str) -> NameKind:
    """The kind of a dictionary proper noun, from its lower-cased English senses."""
    if "brand" in senses or "company" in senses:
        return NameKind.BRAND
    if any(w in senses for w in _PLACE_WORDS) or word[-1] in PLACE_ENDS:
        return NameKind.PLACE
    if word[0] in SURNAMES and len(word) <= 3:
        return NameKind.PERSON
    return NameKind.FOREIGN if all(c in TRANSLITERATION for c in word) else NameKind.PERSON
