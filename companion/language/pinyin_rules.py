"""Grammar rules of the pinyin engine: how a character reads from the words around it.

Written by hand because no library provides them: g2pM's BiLSTM, trained on encyclopaedia text,
reads adverbial 地 as dì and the complement 得 as dé, and jieba's part-of-speech tag for a known
word is its dictionary tag, the same in every sentence, so it cannot tell the verb 数 shǔ from
the noun shù. Each rule names the frame it reads: verb frames (数一下, 在种, 教我), measure
words after numbers (两只 zhī, 三卷 juàn), degree adverbs before adjectives (很长 cháng), the
aspect and complement particles (了 着 过 得 地), and a few collocations (还钱 huán, 抽空 kòng).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from companion.language.characters import is_han

# One-character words whose reading, standing alone, is fixed: their other readings live in
# words that jieba keeps whole (的确, 目的, 和面, 暖和, 首都, 把手, 会计, 说服, 没收, 大夫, 中奖,
# 要求, 看守, 便宜, 号叫, 可汗, 反省, 称心, 胡同, 间隔, 占卜, 阿胶 ...) or in surnames and
# classical usage. No library records how a character reads as a word of its own, so this table
# is written by hand; every reading in it is pypinyin's default for the character.
_FIXED_SINGLE: dict[str, str] = {
    "的": "de5",
    "和": "he2",
    "都": "dou1",
    "把": "ba3",
    "给": "gei3",
    "与": "yu3",
    "更": "geng4",
    "会": "hui4",
    "说": "shuo1",
    "没": "mei2",
    "大": "da4",
    "上": "shang4",
    "中": "zhong1",
    "要": "yao4",
    "看": "kan4",
    "便": "bian4",
    "呢": "ne5",
    "那": "na4",
    "哪": "na3",
    "过": "guo4",
    "号": "hao4",
    "可": "ke3",
    "约": "yue1",
    "省": "sheng3",
    "称": "cheng1",
    "比": "bi3",
    "属": "shu3",
    "同": "tong2",
    "万": "wan4",
    "间": "jian1",
    "阿": "a1",
    "王": "wang2",
    "占": "zhan4",
    "令": "ling4",
    "分": "fen1",
    "据": "ju4",
    "作": "zuo4",
    "语": "yu3",
    "见": "jian4",
    "论": "lun4",
    "远": "yuan3",
    "度": "du4",
    "叶": "ye4",
    "正": "zheng4",
    "车": "che1",
    "克": "ke4",
    "头": "tou2",
    "场": "chang3",
    "女": "nv3",
    "草": "cao3",
    "难": "nan2",
    "待": "dai4",
    "应": "ying1",  # the modal "should"; yìng is bound: 应邀, 响应, 适应, 应声
    "胖": "pang4",  # pán only in 心广体胖
    "逮": "dai3",  # the verb "catch"; dài is bound: 逮捕, 力有未逮
    # Everyday one-character words whose other readings are bound in words or names (请教,
    # 音乐, 相差, 传记, 喝彩). 累 lěi, 藏 zàng, 薄 bó, 降 xiáng stay with the BiLSTM: CPP dev
    # has them in names and classical prose (西藏, 薄熙来, 累迁, 迎降).
    "教": "jiao1",
    "乐": "le4",
    "差": "cha4",
    "几": "ji3",
    "传": "chuan2",
    "喝": "he1",
    "挑": "tiao1",  # tiǎo, "stir up", is bound: 挑战, 挑衅
    "切": "qie1",  # qiè is bound: 一切, 亲切, 切记
    "哄": "hong3",  # coax; hōng/hòng are bound: 哄堂大笑, 起哄
}
# Rules for a few characters whose readings follow grammar that g2pM, trained on encyclopaedia
# text, gets wrong in everyday prose (it reads adverbial 地 as dì and the complement 得 as dé).
# No library provides them, so they are written here.
#
# 了 is le5 unless a potential complement may be starting (不了 liǎo, 得了 dé): the BiLSTM
# decides there. 着 after 不/没/得 is the complement zháo (睡不着, 用得着), else zhe5 unless 了
# follows (找着了 zháo: the BiLSTM decides).
_LIAO_BEFORE = frozenset({"不", "得", "没", "不得"})
_ZHAO_AFTER = frozenset({"不", "没", "没有", "得", "不得"})
# After a degree adverb a character is an adjective (很长 cháng, not the verb zhǎng).
_DEGREE = frozenset("很太真挺最更超好蛮极越") | {"非常", "特别", "比较", "十分", "超级"}
_DEGREE |= {"有点", "有些", "这么", "那么", "多么", "不太"}
_ADJECTIVE = {
    "卷": "juan3",  # 很卷, 太卷了: competitive, "involuted"
    "长": "chang2",
    "重": "zhong4",
    "少": "shao3",
    "好": "hao3",
    "干": "gan1",
    "难": "nan2",
    "差": "cha4",
    "横": "heng4",
    "冲": "chong4",
    "熟": "shu2",
}
# Verb readings, taken in verb frames: X一X, XX (数一数, 数数) and X before an aspect particle
# (种了 zhòng, 数过 shǔ).
_VERB = {
    "数": "shu3",
    "种": "zhong4",
    "量": "liang2",
    "称": "cheng1",
    "磨": "mo2",
    "钉": "ding4",
    "铺": "pu1",
    "教": "jiao1",
    "扇": "shan1",
    "卷": "juan3",
    "背": "bei1",
    "调": "tiao2",
    "缝": "feng2",
    "挑": "tiao1",
}
_ASPECT = frozenset("了着过")
_COUNT = frozenset("零〇一二两三四五六七八九十0123456789")  # not 百千万亿: 一百 yì bǎi
_ZHAO = frozenset("睡找猜够烧点")
"""Verbs whose 着 is the complement zháo, "reach, succeed" (睡着 fall asleep, 找着 find)."""
# Other frames that make a one-character word a verb: a short-action complement after it
# (数一下, 量一次), an object person after it (教我), or an auxiliary or adverb before it (要数,
# 在种, 帮我量 is covered by the person). Written by hand: jieba's POS tags for a known word
# are its dictionary tag, the same in every sentence, so they cannot tell 数 shù from shǔ.
_VERB_AFTER = frozenset({"一下", "一下儿", "一遍", "一次", "一会儿", "一会", "完", "清", "不清"})
_VERB_AFTER |= {"清楚", "好", "错", "对", "到", "出", "起", "过来", "一数", "一量"}
_VERB_AFTER |= {"起来", "在", "上", "回", "走", "进"}
_VERB_BEFORE = frozenset("要想会能在先再来去别请快帮") | {"可以", "应该", "正在", "不要", "一起"}
_VERB_BEFORE |= {"赶紧", "需要", "记得", "开始", "继续", "喜欢", "负责", "学会", "打算"}
# 背 is bèi, "learn by heart", with what is recited (背单词), else bēi, "carry" (背着包).
_RECITED = frozenset({"单词", "课文", "书", "诗", "古诗", "台词", "公式", "歌词", "稿子", "答案"})
_RECITED |= {"英语", "词", "生词", "知识点", "口诀", "乘法表"}
# 卷 is juàn, "volume", counted (三卷, 卷四), except a roll of something (一卷纸 juǎn).
_ROLLED = frozenset("纸布线带胶尺毯帘发")
# 得 after its subject or an adverb is the modal děi (我得去, 这得花钱); after a verb or an
# adjective it is the complement marker de (跑得快, 吃得好饱) unless 了/到 follow (得了 dé) or it
# completes a compound jieba split off (不得, 获得, 值得 ...): there the BiLSTM decides.
_DEI_AFTER = frozenset("我你您他她它咱谁这那也还就都又总可真才先") | {"我们", "你们", "他们"}
_DEI_AFTER |= {"她们", "咱们", "大家", "自己", "还是", "一定", "必须", "总是", "可能", "肯定"}
# What follows the modal 得 děi, "must", and never a complement 得 (这件事得花钱, 你得提前订):
# adverbs of manner and time, and verbs of paying, waiting and queueing.
_AFTER_MUST = frozenset({"先", "提前", "早点", "赶紧", "马上", "自己", "注意", "小心", "好好"})
_AFTER_MUST |= {"花", "排队", "买", "等", "交", "付", "带", "换", "重新", "预约", "请假"}
_DE_NOT_AFTER = frozenset("不没未所难获取赢值记懂免舍晓显使博")
# 为 before a person is the preposition wèi, "for" (为我们做饭), unless 所 follows (为人所知 wéi).
_PERSONS = frozenset("我你您他她它") | {"我们", "你们", "他们", "她们", "它们", "咱们", "大家"}
# 地 is the adverbial marker de after a reduplicated word (慢慢地) or a longer word that does not
# end in a measure word, demonstrative or numeral (认真地, 高兴地; not 这块地, 一片地), when a
# word follows; jieba may even glue it to the next word (高兴 / 地说).
_NOT_BEFORE_DE = frozenset("块片亩顷处这那此该每各某本其等一二两三四五六七八九十百千几")
# What ends a word that makes the next 只 a measure word (一只猫, 两只, 这只, 几只).
_NUMERAL_END = frozenset("一二两三四五六七八九十百千万几每这那哪某半0123456789")


def _word_rules(word: str, readings: list[str], covered: list[bool]) -> set[int]:
    """Apply the rules that a word decides on its own (outside dictionary phrases); return the
    positions they settled."""
    fixed: set[int] = set()
    n = len(word)
    first = word[0]
    if first in _VERB and (
        (n == 3 and word[1] == "一" and word[2] == first) or (n == 2 and word[1] == first)
    ):
        readings[0] = readings[-1] = _VERB[first]  # 数一数, 数数
        fixed.update((0, n - 1))
    if n == 2 and word[1] == first and (first in _VERB or first in _REDUPLICATED_VERBS):
        readings[1] = readings[0][:-1] + "5"  # a verb said twice: 看看 kàn kan, 数数 shǔ shu
        fixed.add(1)
    elif first in _VERB and (
        (word[1:] in _VERB_AFTER and not (first == "调" and word[1:] in ("到", "出", "过来")))
        or (n == 2 and word[1] in _ASPECT)
    ):
        readings[0] = _verb(first, "")  # jieba glued the frame on: 背着, 种了, 数一下
        fixed.add(0)
    if first == "卷" and n > 1 and word[1] in _COUNT:
        readings[0] = "juan4"  # 卷四: volume four
        fixed.add(0)
    for i in range(1, n):
        ch = word[i]
        if ch in _COUNTED and word[i - 1] in _NUMERAL_END:
            readings[i] = _COUNTED[ch](word[i + 1 : i + 2])  # a measure word: 两只, 三卷
            fixed.add(i)
            continue
        if covered[i]:
            continue
        if ch == "得" and word[i - 1] not in _DE_NOT_AFTER:
            readings[i] = "de5"  # a complement inside a word: 跑得快, 说得好
            fixed.add(i)
        elif ch == "着" and i > 1 and word[i - 1] in "不得":
            readings[i] = "zhao2"  # 睡不着, 用得着
            fixed.add(i)
        elif ch in _ADJECTIVE and word[:i] in _DEGREE:
            readings[i] = _ADJECTIVE[ch]  # 很长, 太重
            fixed.add(i)
    return fixed


def _verb(char: str, nxt: str) -> str:
    """The verb reading of char before nxt (背 bèi before what is recited, else bēi)."""
    if char == "背" and nxt in _RECITED:
        return "bei4"
    return _VERB[char]


def _verb_frame(words: Sequence[str], wi: int) -> bool:
    """Whether the one-character word wi stands where a verb stands."""
    word = words[wi]
    prev = words[wi - 1] if wi else ""
    nxt = words[wi + 1] if wi + 1 < len(words) else ""
    if nxt[:1] in _ASPECT or nxt in _PERSONS:
        return True
    if nxt == "一" and wi + 2 < len(words) and words[wi + 2] == word:
        return True  # 数 一 数
    if prev == "一" and wi > 1 and words[wi - 2] == word:
        return True
    if nxt in ("个", "一个") and word != "数":
        return True  # a verb and its counted object: 钉个钉子, 种个花
    if word == "调":  # 调小 tiáo; 调到北京 diào: only complements of degree count
        return nxt in _VERB_AFTER_TUNE or (nxt in _VERB_AFTER and nxt not in ("到", "出", "过来"))
    return nxt in _VERB_AFTER or prev in _VERB_BEFORE


_SUBJECT_OR_ADVERB = _PERSONS | _VERB_BEFORE | frozenset("也都还就又才") | {"每天", "天天"}


def _frame_rule(char: str, prev: str, nxt: str, after: str) -> str | None:
    """Readings of one-character words that the words around them decide, before the
    readings a character has standing alone (``_FIXED_SINGLE``): the frames below, then the
    learner-sense table's context rows that name a reading (炸 zhá with 鸡, 囤 tún with 货)."""
    rule = _FRAMES.get(char)
    found = rule(prev, nxt, after) if rule is not None else None
    if found is None and char in context_chars():
        found = _table_reading(char, prev, nxt, after)
    return found


@lru_cache(maxsize=1)
def context_chars() -> frozenset[str]:
    """Characters the learner-sense table gives context readings for."""
    return frozenset(_context_readings())


@lru_cache(maxsize=1)
def _context_readings() -> dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]]:
    """{character: ((reading, context kind, values), …)} from the learner-sense table, for
    one-character words; empty if the table cannot load."""
    try:
        from companion.language.sense_table import table

        contexts = table().contexts
    except Exception:  # a broken table must not stop pinyin
        return {}
    out: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for word, rows in contexts.items():
        if len(word) == 1:
            for row in rows:
                out.setdefault(word, []).append((row.reading, row.kind.value, row.values))
    return {w: tuple(rows) for w, rows in out.items()}


def _table_reading(char: str, prev: str, nxt: str, after: str) -> str | None:
    for reading, kind, values in _context_readings()[char]:
        if kind == "with" and (nxt in values or after in values):
            return reading
        if kind == "after" and (prev in values or prev[-1:] in values):
            return reading
        if kind == "classifier" and prev[-1:] in _NUMERAL_END:
            return reading
        if kind == "after_degree" and prev in _DEGREE:
            return reading
        if kind == "sentence_final" and not _starts_han(nxt):
            return reading
    return None


def _guo(prev: str, nxt: str, after: str) -> str | None:
    """过 after a one-character verb is the experiential aspect, neutral (去过, 吃过), unless a
    direction or a place follows (走过来, 过马路 after 要)."""
    if len(prev) == 1 and _starts_han(prev) and prev not in _NOT_A_VERB and nxt[:1] not in "来去":
        return "guo5"
    return None


def _chang(prev: str, nxt: str, after: str) -> str | None:
    if prev in _DEGREE or (prev == "又" and not _starts_han(nxt)):
        return "chang2"  # the adjective: 太长了, 又黑又长。
    if nxt[:1] in "了大高胖出满肉痘得成" or nxt in ("起来", "个子"):
        return "zhang3"
    return None


def _dao(prev: str, nxt: str, after: str) -> str | None:
    if nxt[:1] in "杯水茶酒垃" or nxt.startswith("一杯"):
        return "dao4"  # pour: 倒杯水, 倒垃圾
    if nxt == "在" or (nxt == "了" and not _starts_han(after)) or nxt in ("车", "地铁", "两次"):
        return "dao3"  # fall; change (trains): 倒在地上, 倒地铁
    if nxt[:1] in "也是不还挺很":
        return "dao4"
    return None


def _gan(prev: str, nxt: str, after: str) -> str | None:
    if prev[-1:] in "晒吹擦烘变拧风烤" or prev in _DEGREE:
        return "gan1"
    if nxt in ("什么", "嘛", "啥", "活", "完", "得", "吗", "过", "点"):
        return "gan4"
    return None


_CLOSERS = frozenset("就吧了啊呀哦呗嘛")
"""Words that end what 还 + a person says: 下周还我就行, 还我吧 (huán)."""
_REDONE = frozenset("来做写买拍装开选找考画打读看说")
_MINDED = frozenset({"孩子", "娃", "家", "门", "店", "小孩", "宝宝", "行李", "摊", "病人"})


def _surname(char: str) -> Callable[[str, str, str], str | None]:
    def rule(prev: str, nxt: str, after: str) -> str | None:
        return _SURNAMES[char] if prev == "姓" else None

    return rule


# Words before 过 that are not verbs: it is then the verb "pass, spend" (guò).
_NOT_A_VERB = frozenset("我你您他她它咱谁这那也还都就再又刚才不没太超很真好一要想会能得") | {"难"}
# Characters read another way as a surname, after 姓 (姓曾 Zēng, 姓单 Shàn).
_SURNAMES = {"曾": "zeng1", "单": "shan4", "解": "xie4", "仇": "qiu2", "朴": "piao2"}
_SURNAMES |= {"区": "ou1", "查": "zha1", "华": "hua4", "翟": "zhai2", "乐": "yue4"}
_SURNAMES |= {"盖": "ge3", "缪": "miao4", "覃": "qin2", "宁": "ning4", "种": "chong2"}
_WEATHER = frozenset("雨雪风病梦架仗") | {"大雨", "大雪", "暴雨", "大病"}
_FRAMES: dict[str, Callable[[str, str, str], str | None]] = {
    "过": _guo,
    # 转 zhuàn, "turn round", before a round or a speed: 转一圈, 转得慢.
    "转": lambda p, n, a: (
        "zhuan4"
        if n[:1] in "圈得着" or n in ("一圈", "几圈", "起来") or (n == "了" and a[1:2] == "圈")
        else None
    ),
    # 背 the noun bèi, "back", owned or placed: 我的背, 后背, 腰背.
    "背": lambda p, n, a: "bei4" if p[-1:] in "的后腰手" else None,
    # 散 sǎn, "loose", of hair or a book coming apart: 散着, 快散了.
    "散": lambda p, n, a: "san3" if n == "着" or (p[-1:] == "快" and n == "了") else None,
    # 处 chǔ, "get along, date": 处了三年, 处得来, 处对象.
    "处": lambda p, n, a: "chu3" if n[:1] in "了得不" or n == "对象" else None,
    # 露 lòu in the colloquial 露一手, 露面, 露馅, 露脸.
    "露": lambda p, n, a: (
        "lou4"
        if n[:1] in "一面馅脸" or n.startswith("了一") or (n == "了" and a[:1] == "一")
        else None
    ),
    # 削 xiāo, "peel, pare", with what is peeled: 削土豆皮, 削苹果.
    "削": lambda p, n, a: "xiao1" if n[:1] in "皮苹土铅果梨" or n == "好" else None,
    # 划 huá, "scratch, cut": 划破, 划伤, 被纸划了一道.
    "划": lambda p, n, a: "hua2" if n[:1] in "破伤开" or (n == "了" and a[:1] in "一道") else None,
    # 扎 zā, "tie up": 扎头发, 扎起来, 扎马尾, 扎辫子.
    "扎": lambda p, n, a: "za1" if n in ("起来", "头发", "马尾", "辫子", "个") else None,
    # 闷 mēn, "shut oneself in, stuffy": 闷在家里.
    "闷": lambda p, n, a: "men1" if n == "在" else None,
    # 蒙 mēng, "guess": 蒙对, 蒙的, 蒙错.
    "蒙": lambda p, n, a: "meng1" if n[:1] in "对错的中" else None,
    # 扒 bā, "cling to", 扒着.
    "扒": lambda p, n, a: "ba1" if n[:1] in "着在开" else None,
    # 降 xiáng, "subdue": 降得住, 降不住, 降服.
    "降": lambda p, n, a: (
        "xiang2" if n in ("得住", "不住", "服") or (n[:1] in "得不" and a == "住") else None
    ),
    # 磨 mò, "grind (in a mill)": 磨豆浆, 磨面.
    "磨": lambda p, n, a: "mo4" if n[:1] in "豆面米粉咖" else None,
    # 供 gòng, "make offerings": 供着.
    "供": lambda p, n, a: "gong4" if n == "着" else None,
    # 盛 chéng, "ladle out": 盛饭, 盛一碗汤.
    "盛": lambda p, n, a: "cheng2" if n[:1] in "饭汤粥" or n.startswith("一碗") else None,
    # 系 jì, "tie", what is tied up: 系着领带, 系上鞋带.
    "系": lambda p, n, a: "ji4" if n[:1] in "着上好紧" else None,
    # 粘 zhān, "stick (to)": 粘在手上, 粘住, 粘一下.
    "粘": lambda p, n, a: "zhan1" if n[:1] in "在住上着" or n == "一下" else None,
    # 薄 báo, the everyday adjective, before clothes and bedding or after a degree word.
    "薄": lambda p, n, a: "bao2" if p in _DEGREE or n[:1] in "外衣被片款纱毯" else None,
    # 空 kòng, "free time", after what makes time: 抽空, 有空, 没空.
    "空": lambda p, n, a: "kong4" if p in ("抽", "有", "没", "没有", "得") else None,
    # 卡 qiǎ, "get stuck": 卡在, 卡住.
    "卡": lambda p, n, a: "qia3" if n[:1] in "在住" else None,
    # 假 jià, "leave, holiday", counted or taken: 三天假, 请假, 放假.
    "假": lambda p, n, a: "jia4" if p[-1:] in "天周请放休" or p.endswith("个月") else None,
    # 场 cháng for a spell of weather, an illness or a quarrel: 一场大雨.
    "场": lambda p, n, a: "chang2" if p[-1:] in _NUMERAL_END and n in _WEATHER else None,
    # 血 alone is colloquial xiě (流了好多血); in words it is xuè (血型, 流血).
    "血": lambda p, n, a: "xie3",
    # 塞 as a verb is sāi (塞进包里, 塞满); sài and sè live in words and names (边塞, 堵塞).
    "塞": lambda p, n, a: "sai1" if n[:1] in "进到在满住了给" else None,
    # 中 zhòng, "hit, win": 中了, 中奖.
    "中": lambda p, n, a: "zhong4" if n[:1] in "了过奖彩" else None,
    # 行 háng, "line of work, row", counted: 这一行, 两行字.
    "行": lambda p, n, a: "hang2" if p[-1:] in _NUMERAL_END and p[-1:] not in "几" else None,
    # 差 chà, "short of", before an amount: 差五分八点, 还差十块.
    "差": lambda p, n, a: "cha4" if n[:1] in _NUMERAL_END else None,
    # 发 fà, "hair", before what hair has: 发质, 发量.
    "发": lambda p, n, a: "fa4" if n[:1] in "质丝梢根尾量际" else None,
    # 为 wéi, "be, act as", in 以…为主 and before 止/准/例; else the preposition wèi.
    "为": lambda p, n, a: "wei2" if n[:1] in "主止准例" else None,
    # 长 zhǎng, "grow", before what grows or a result: 长了, 长高, 长痘.
    "长": _chang,
    # 重 chóng, "again", before a one-character verb: 重来, 重做, 重拍.
    "重": lambda p, n, a: "chong2" if n in _REDONE else None,
    # 倒 dǎo "fall" ending its clause or 倒在; the adverb dào "yet, though" (倒是, 倒也).
    "倒": _dao,
    # 觉 jiào, "a sleep", counted: 睡了一觉, 好觉.
    "觉": lambda p, n, a: "jiao4" if p[-1:] in "一个好场" else None,
    # 干 gān, "dry", after what dries; gàn, "do", before what is done.
    "干": _gan,
    # 冲 chòng, "towards, at", before a person; chōng, "rinse, brew", otherwise.
    "冲": lambda p, n, a: "chong4" if n in _PERSONS or n[:1] == "着" or p in _DEGREE else "chong1",
    # 折 shé, "snap", ending its clause: 腿折了。
    "折": lambda p, n, a: "she2" if n == "了" and not _starts_han(a) else None,
    # 吐 tù, "vomit", with no object after it: 吐了, 吐了一晚上.
    "吐": lambda p, n, a: "tu4" if n == "了" and (not _starts_han(a) or a[:1] in "一好") else None,
    # 看 kān, "look after", with what is minded: 看孩子, 帮我看一下店.
    "看": lambda p, n, a: (
        "kan1" if n in _MINDED or (n in ("一下", "着") and a in _MINDED) else None
    ),
    # 载 zǎi, "year", counted: 三年五载, 至德二载 (zài "carry" is never counted).
    "载": lambda p, n, a: "zai3" if p[-1:] in _NUMERAL_END and p[-1:] not in "这那哪每某" else None,
    # 种 zhǒng "kind" counted (一种, 这种); zhòng "grow" before 的 (自己种的).
    "种": lambda p, n, a: "zhong3" if p[-1:] in _NUMERAL_END else "zhong4" if n == "的" else None,
    # 啊 opening its clause before a pause is the interjection à ("啊，原来是你"), not the
    # sentence-final particle.
    "啊": lambda p, n, a: "a4" if not _starts_han(p[-1:]) and n[:1] in "，,！!、…" else None,
    **{c: _surname(c) for c in _SURNAMES},
}
_VERB_AFTER_TUNE = frozenset("小大高低亮暗快慢整成回") | {"一下"}
# Measure words whose reading after a number differs from their default, and what the
# reading then depends on: 只 zhī (两只猫), 卷 juàn "volume" unless a roll of something follows.
_COUNTED: dict[str, Callable[[str], str]] = {
    "只": lambda after: "zhi1",
    "卷": lambda after: "juan3" if after[:1] in _ROLLED else "juan4",
}
_REDUPLICATED_VERBS = frozenset(
    "看试想说聊走听问等找尝逛玩学练洗读写算猜查摸揉拍晒比动跑跳坐歇停笑帮讲谈闻抱转刷翻搓泡捏"
    "抖挑逗遛吹擦修改理收弄做吃喝睡叫"
)


def _ruled(word: str, covered: list[bool], fixed: set[int]) -> tuple[int, ...]:
    """Positions of a multi-character word that a rule may change in context: a first 地
    (高兴 / 地说) and a last verb before an aspect particle (这块 / 地种 / 了)."""
    at = []
    if word[0] == "地" and not covered[0] and 0 not in fixed:
        at.append(0)
    last = len(word) - 1
    if last and word[last] in _VERB and not covered[last] and last not in fixed:
        at.append(last)
    return tuple(at)


def _rule(words: Sequence[str], wi: int, i: int = 0) -> str | None:
    """The reading of character i of word wi from the words around it, or None."""
    word = words[wi]
    prev = words[wi - 1] if wi else ""
    nxt = words[wi + 1] if wi + 1 < len(words) else ""
    if i:
        if i == len(word) - 1 and word[i] in _VERB and nxt[:1] in _ASPECT:
            return _VERB[word[i]]
        return None
    first = word[0]
    if first == "地":
        if len(word) > 1:
            nxt = word[1:]
        if _reduplicated(prev) or (
            len(prev) > 1
            and prev[-1] not in _NOT_BEFORE_DE
            and _starts_han(prev)
            and _starts_han(nxt)
        ):
            return "de5"
        return None
    if len(word) > 1:
        return None
    after = words[wi + 2] if wi + 2 < len(words) else ""
    framed = _frame_rule(first, prev, nxt, after)
    if framed is not None:
        return framed
    fixed = _FIXED_SINGLE.get(first)
    if fixed is not None:
        return fixed
    if prev in _DEGREE and first in _ADJECTIVE:
        return _ADJECTIVE[first]
    if first in _COUNTED and prev[-1:] in _NUMERAL_END and prev:
        return _COUNTED[first](nxt)
    if first == "卷" and nxt[:1] in _NUMERAL_END and nxt[:1] not in "这那哪每某":
        return "juan4"  # 卷四, 卷183
    if first == "背" and _starts_han(nxt) and (not _starts_han(prev) or prev in _SUBJECT_OR_ADVERB):
        return "bei4" if nxt in _RECITED else "bei1"  # 背单词 bèi; 背书包 bēi; 拍背 bèi
    if first in _VERB and _verb_frame(words, wi):
        return _verb(first, nxt)
    if first == "得":
        if not (_starts_han(prev) and _starts_han(nxt)) or nxt[0] in "了到":
            return None
        if prev in _DEI_AFTER or nxt in _AFTER_MUST:
            return "dei3"
        return None if prev[-1] in _DE_NOT_AFTER else "de5"
    if first == "为" and nxt in _PERSONS:
        after = words[wi + 2] if wi + 2 < len(words) else ""
        return None if after[:1] == "所" else "wei4"
    if first == "还":
        # 还 as "give back": before what is returned (还钱, 还你钱), or ending its clause (按时还).
        after = words[wi + 2] if wi + 2 < len(words) else ""
        if nxt in _RETURNED or (
            nxt in _PERSONS and (after in _RETURNED or not _starts_han(after) or after in _CLOSERS)
        ):
            return "huan2"  # 还钱, 还你钱, 下周还我。
        if nxt == "给":
            return "huan2"  # 还给他
        if prev and _starts_han(prev) and not _starts_han(nxt):
            return "huan2"  # adverbial 还 (hái) always needs something after it
        return None
    if first == "落":
        return _luo(words, wi, prev, nxt)
    if first == "只":
        return "zhi3"
    if first == "了":
        if prev == "不" and not _starts_han(nxt):
            return "liao3"  # a potential complement ending its clause: 吃不了, 干不了
        return None if prev in _LIAO_BEFORE else "le5"
    if first == "着":
        if prev in _ZHAO_AFTER:
            return "zhao2"
        return None if nxt[:1] == "了" else "zhe5"
    return None


# What a person carries and leaves behind (落 là): 手机落在家了, 钥匙落车上了.
_CARRIED = frozenset(
    {"手机", "钥匙", "东西", "包", "伞", "雨伞", "钱包", "书", "作业", "外套", "耳机"}
) | frozenset({"充电器", "身份证", "卡", "帽子", "眼镜", "水杯", "电脑", "本子"})


def _luo(words: Sequence[str], wi: int, prev: str, nxt: str) -> str | None:
    """落 là, "leave behind", after 把 or a thing one carries (把手机落在家, 钥匙落车上了);
    luò, "fall", ending its clause or onto the ground (树叶都落了, 落在地上). Only the two
    words before are read (the rule cache's window)."""
    if "把" in words[max(0, wi - 2) : wi] or prev in _CARRIED:
        return "la4"
    if (nxt == "了" and not _starts_han(words[wi + 2] if wi + 2 < len(words) else "")) or (
        nxt == "在" and (words[wi + 2] if wi + 2 < len(words) else "")[:1] == "地"
    ):
        return "luo4"
    return None


# What 还 (huán, "give back") typically takes as its object: written by hand; no library
# models this construction.
_RETURNED = frozenset({"钱", "书", "债", "账", "款", "东西", "贷款", "信用卡", "人情"})


def _starts_han(text: str) -> bool:
    """Whether text starts with a Chinese character."""
    return is_han(text[:1])


def _reduplicated(word: str) -> bool:
    """AA, ABB or AABB: 慢慢, 静悄悄, 高高兴兴."""
    n = len(word)
    if n == 2:
        return word[0] == word[1]
    if n == 3:
        return word[1] == word[2]
    if n == 4:
        return word[0] == word[1] and word[2] == word[3]
    return False


RULED_CHARS = frozenset(
    {*_FIXED_SINGLE, *_FRAMES, *_VERB, *_ADJECTIVE, *_COUNTED, *_SURNAMES}
    | set("得为还只了着地卷背落")
)
"""Characters some rule may read as one-character words (the annotator re-reads only these)."""
