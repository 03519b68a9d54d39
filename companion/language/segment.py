"""Word segmentation with jieba's dictionary: one lazily built word graph, user words merged in.

The graph is rjieba's (``word_graph``): jieba's dictionary and route, run in Rust. It is our own
instance, so other jieba users are unaffected.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from companion.language.characters import has_han, is_han
from companion.language.names import TRANSLITERATION, NameKind, find_names, load_tagged_names
from companion.language.word_graph import WordGraph

log = logging.getLogger(__name__)

_NUMBER_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*")

COMMON_CHAR_FREQ = 50_000
"""jieba frequency above which a character is a function word or very common (我 去 的 在)."""
PRONOUNS = frozenset("我你您他她它咱")

_HAN_CHARS: dict[str, bool] = {}
"""is_han of each single character seen (the segmenter's loop asks for every token)."""

USER_WORD_FREQ = 2_000_000
"""Frequency given to slang and user-merged words so they beat jieba's own splits."""


_CLAUSE_START = PRONOUNS | {"我们", "你们", "他们", "她们", "大家", "刚", "刚刚", "每次", "才"}


def _as_soon_as(words: list[str]) -> None:
    """一 … 就 "as soon as": jieba's 一下 ("a bit") is 一 + the verb 下 when it opens a clause
    that 就 continues (一下飞机就去吃饭 → 一 / 下 / 飞机 / 就 …), not after a verb (看一下就懂)."""
    i = 0
    while i < len(words):
        if words[i] == "一下" and (
            i == 0 or not has_han(words[i - 1]) or words[i - 1] in _CLAUSE_START
        ):
            ahead = words[i + 1 : i + 5]
            stop = next((k for k, w in enumerate(ahead) if not has_han(w)), len(ahead))
            if "就" in ahead[:stop] and ahead[:1] != ["就"]:
                words[i : i + 1] = ["一", "下"]
                i += 1
        i += 1


_COUNTERS = frozenset("这那哪每几一二两三四五六七八九十半")
CLASSIFIERS = frozenset(
    "个种口家件只条张本杯位次遍顿份双套支台辆间座篇首部场片粒颗根瓶盒袋碗盘斤岁"
)
"""Measure words that jieba glues to a numeral or demonstrative (这个, 一口, 两只): shown apart,
so a learner looks up the measure word itself (the reader still reads 这个 zhè ge)."""
_COUNTED_RE = re.compile(f"[{''.join(_COUNTERS)}][{''.join(CLASSIFIERS)}]")
_WHOLE = frozenset(
    {"一家", "一种", "一部", "一场", "一次", "一片", "一台", "一首", "一口气", "一家人"}
)
_WHOLE |= {"几个", "一次性", "一本正经", "这次", "那次", "每次", "一家子", "一间"}
"""Counted words kept whole: their own meaning in the dictionary is what a learner needs."""


_SPLITTABLE = frozenset(a + b for a in _COUNTERS for b in CLASSIFIERS) - _WHOLE


def _split_counted(words: list[str], user: set[str]) -> list[str]:
    """words with each numeral + measure word pair (这个, 两只) cut in two, unless kept whole."""
    found = _SPLITTABLE.intersection(words).difference(user)
    if not found:
        return words
    return [piece for w in words for piece in (w if w in found else (w,))]


def _rejoin(parts: list[str], user: set[str], longest: int = 8) -> list[str]:
    """parts with each run of consecutive parts that spells a user word joined, longest first."""
    out: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(min(len(parts), i + longest), i + 1, -1):
            if "".join(parts[i:j]) in user:
                out.append("".join(parts[i:j]))
                i = j
                break
        else:
            out.append(parts[i])
            i += 1
    return out


class Segmenter:
    """Splits Chinese text into words; slang and the user's own merges are kept whole."""

    def __init__(
        self,
        cache_dir: Path | None = None,
        user_words: Iterable[str] = (),
        vet: Callable[[str, bool], list[str]] | None = None,
    ) -> None:
        """vet(word, run) returns the parts a multi-character word (or, with run, a run of
        characters jieba left single) should be shown as: itself, if it is a word the learner
        can look up; user words are never vetted."""
        self._cache_dir = cache_dir
        self._pending = list(user_words)
        self._user_words: set[str] = set()
        self._splits: dict[str, list[str]] = {}
        self._tokenizer: WordGraph | None = None
        self._lock = threading.Lock()
        self._vet_word = vet
        self._vetted: dict[str, list[str]] = {}
        self._plain: dict[str, list[str]] = {}
        """Parts of multi-character words that stand on their own whatever is around them (not
        a name's start, a tagged name or a number): the loop's fast path, cleared with _vetted."""
        self._tagged_names: dict[str, NameKind] = {}
        self.names: dict[str, NameKind] = {}
        """Names the segmenter kept whole (张伟, 奥博穆), with their kind."""

    def warm_up(self) -> None:
        """Load the word graph now (about 0.4 s); safe to call from any thread."""
        self._get()

    def _get(self) -> WordGraph:
        tokenizer = self._tokenizer
        if tokenizer is not None:
            return tokenizer
        with self._lock:
            if self._tokenizer is None:
                tokenizer = WordGraph(self._cache_dir)
                if self._vet_word is not None:
                    self._tagged_names = load_tagged_names(self._cache_dir)
                for word in self._pending:
                    self._add(tokenizer, word)
                self._pending.clear()
                self._tokenizer = tokenizer
            return self._tokenizer

    def _add(self, tokenizer: WordGraph, word: str) -> None:
        word = word.strip().lower()  # the annotator segments text with Latin letters folded
        if word.isascii():
            return  # jieba keeps a run of letters or digits whole; as a user word "he" (HE,
            # happy ending) would cut "hello" in two
        if word and not any(c.isspace() for c in word):
            tokenizer.add_word(word, USER_WORD_FREQ)
            self._user_words.add(word)
            self._forget()

    def add_word(self, word: str) -> None:
        """Keep word whole from now on (a slang term, or the user merging two words)."""
        with self._lock:
            if self._tokenizer is None:
                self._pending.append(word)
                return
        self._add(self._get(), word)

    def split_word(self, parts: Sequence[str]) -> None:
        """Cut the word made of parts into exactly those parts from now on (a user's split)."""
        parts = [p.lower() for p in parts if p]
        if len(parts) < 2:
            return
        tokenizer = self._get()
        whole = "".join(parts)
        # The whole stays a word of the graph, so jieba cuts it out where it stands and the
        # split gives exactly these parts (removing it let jieba cut 打工人 as 打 | 工人).
        if not tokenizer.freq.get(whole):
            tokenizer.add_word(whole, USER_WORD_FREQ)
        self._user_words.discard(whole)
        self._splits[whole] = list(parts)
        self._forget()

    def cut(self, text: str) -> list[str]:
        """Words of text in order; joining them gives text back.

        jieba runs on its dictionary alone (no HMM): its HMM invents words by gluing particles
        to their neighbours (我点, 太香, 人去) and costs a quarter of jieba's time. With a vetting
        function, what jieba leaves is then shaped into words a learner can look up: a run of
        single characters is matched against the dictionary (闺+蜜 → 闺蜜), and a multi-character
        word the dictionary lacks is cut into words it has (今天天气 → 今天 天气). User words are
        never touched; every verdict is cached.
        """
        return self.cut_both(text)[0]

    def cut_both(self, text: str) -> tuple[list[str], list[str]]:
        """(words as cut(), jieba's own words before vetting): the pinyin engine reads the
        second, whose longer phrases carry more context; both join to text."""
        tokenizer = self._get()
        words = tokenizer.cut(text, hmm=self._vet_word is None)
        if self._vet_word is None:
            if self._splits:
                words = [piece for word in words for piece in self._splits.get(word, [word])]
            return words, words
        vetted = self._vetted
        user = self._user_words
        tagged = self._tagged_names
        out: list[str] = []
        run: list[str] = []  # consecutive single Chinese characters

        def flush() -> None:
            if len(run) == 1:
                out.append(run[0])
            elif run:
                joined = "".join(run)
                parts = vetted.get(joined)
                out.extend(parts if parts is not None else self._vet_run(joined))
            run.clear()

        plain = self._plain
        han = _HAN_CHARS
        for word in words:
            parts = plain.get(word)
            if parts is not None:  # a word seen before that stands on its own
                if run:
                    flush()
                out.extend(parts)
                continue
            if len(word) == 1:
                single = han.get(word)
                if single is None:
                    single = han[word] = is_han(word)
                if single:
                    run.append(word)
                    continue
                if run:
                    flush()
                if word.isdigit():
                    self._join_number(out, word)
                    continue
                out.append(word)
                if word == "%" and len(out) > 1 and _NUMBER_RE.fullmatch(out[-2]):
                    out[-2:] = [out[-2] + "%"]
                continue
            if (
                len(word) == 2
                and word[0] in TRANSLITERATION
                and word[1] in TRANSLITERATION
                and word not in user
                and word not in tagged
                and not self._is_dictionary_word(word)
            ):
                run.extend(word)  # 奥博 + 穆: a foreign name the run may complete
                continue
            if run:
                flush()
            if word in user:
                out.append(word)
                plain[word] = [word]
            elif word in tagged and word not in self._splits:
                out.append(word)
                self._note_names({word: tagged[word]})
            elif word[0].isdigit() and _NUMBER_RE.fullmatch(word):
                self._join_number(out, word)
            else:
                parts = vetted.get(word)
                if parts is None:
                    parts = self._vet(word)
                out.extend(parts)
                if len(plain) > 100_000:
                    plain.clear()
                plain[word] = parts
        flush()
        if "一下" in out:
            _as_soon_as(out)
        if _COUNTED_RE.search(text):
            out = _split_counted(out, user)
        return out, words

    def frequencies(self) -> dict[str, int]:
        """jieba's word frequencies (its dictionary and our user words)."""
        return self._get().freq

    def _is_dictionary_word(self, text: str) -> bool:
        assert self._vet_word is not None
        return text in self._user_words or self._vet_word(text, False) == [text]

    @staticmethod
    def _join_number(out: list[str], number: str) -> None:
        """jieba cuts 3.5 and 1,234 at the separator: join them back into one number."""
        if len(out) > 1 and out[-1] in ".," and _NUMBER_RE.fullmatch(out[-2]):
            out[-2:] = [out[-2] + out[-1] + number]
        else:
            out.append(number)

    def _vet_run(self, run: str) -> list[str]:
        """Dictionary words in a run of single characters jieba left, except a pronoun with a
        common character after it (我去 is slang for "what the…", but 我/去 is nearly always a
        subject and its verb: "I go")."""
        freq = self._get().freq
        parts: list[str] = []
        pieces, names = find_names(list(run), {}, self._is_dictionary_word)
        self._note_names(names)
        rest = ""
        for piece in [*pieces, ""]:
            if piece and piece not in names:
                rest += piece
                continue
            for part in self._vet(rest, run=True) if len(rest) > 1 else list(rest):
                if (
                    len(part) == 2
                    and part[0] in PRONOUNS
                    and freq.get(part[1], 0) >= COMMON_CHAR_FREQ
                ):
                    parts.extend(part)
                else:
                    parts.append(part)
            rest = ""
            if piece:
                parts.append(piece)  # a name: 张伟, 奥博穆
        self._vetted[run] = parts
        return parts

    def _forget(self) -> None:
        """Drop every cached verdict (user words or splits changed, or the caches are full)."""
        self._vetted.clear()
        self._plain.clear()

    def _note_names(self, names: dict[str, NameKind]) -> None:
        if not names:
            return
        if len(self.names) > 100_000:
            self.names.clear()
            self._forget()  # its runs' names are recorded only when first vetted
        self.names.update(names)

    def _vet(self, word: str, *, run: bool = False) -> list[str]:
        assert self._vet_word is not None
        split = self._splits.get(word)
        if split is not None:  # the learner's split of this very word: exactly its parts
            parts = list(split)
        else:
            parts = self._vet_word(word, run) if has_han(word) else [word]
            if "".join(parts) != word:  # a vet function must only cut, never change the text
                parts = [word]
        if self._splits:  # the learner's splits beat the dictionary
            parts = [piece for part in parts for piece in self._splits.get(part, [part])]
        if len(parts) > 1 and self._user_words:  # and so do their merges (一个包 → 一个 | 包)
            parts = _rejoin(parts, self._user_words)
        if len(self._vetted) > 100_000:
            self._forget()
        self._vetted[word] = parts
        return parts
