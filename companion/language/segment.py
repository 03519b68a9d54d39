"""Word segmentation with jieba: one lazily built tokenizer, its model cached, user words merged in.

jieba's cold start (building the prefix dictionary from dict.txt) takes about a second; with the
cache file in our data dir's cache it loads in about half that. The tokenizer is our own
``jieba.Tokenizer`` instance, never the module-global one, so other jieba users are unaffected.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import jieba

from companion.language.characters import has_han

log = logging.getLogger(__name__)

# jieba announces every model load on stderr through its own logger.
jieba.setLogLevel(logging.WARNING)

USER_WORD_FREQ = 2_000_000
"""Frequency given to slang and user-merged words so they beat jieba's own splits."""


class Segmenter:
    """Splits Chinese text into words; slang and the user's own merges are kept whole."""

    def __init__(
        self,
        cache_dir: Path | None = None,
        user_words: Iterable[str] = (),
        vet: Callable[[str], list[str]] | None = None,
    ) -> None:
        """vet(word) returns the parts a multi-character word should be shown as (itself, if
        it is a word the learner can look up); user words are never vetted."""
        self._cache_dir = cache_dir
        self._pending = list(user_words)
        self._user_words: set[str] = set()
        self._tokenizer: jieba.Tokenizer | None = None
        self._lock = threading.Lock()
        self._vet_word = vet
        self._vetted: dict[str, list[str]] = {}

    def warm_up(self) -> None:
        """Load jieba's model now (about 0.5 s from cache); safe to call from any thread."""
        self._get()

    def _get(self) -> jieba.Tokenizer:
        tokenizer = self._tokenizer
        if tokenizer is not None:
            return tokenizer
        with self._lock:
            if self._tokenizer is None:
                tokenizer = jieba.Tokenizer()
                if self._cache_dir is not None:
                    self._cache_dir.mkdir(parents=True, exist_ok=True)
                    tokenizer.tmp_dir = str(self._cache_dir)
                tokenizer.initialize()
                for word in self._pending:
                    self._add(tokenizer, word)
                self._pending.clear()
                self._tokenizer = tokenizer
            return self._tokenizer

    def _add(self, tokenizer: jieba.Tokenizer, word: str) -> None:
        word = word.strip()
        if word and not any(c.isspace() for c in word):
            tokenizer.add_word(word, USER_WORD_FREQ)
            self._user_words.add(word)
            self._vetted.pop(word, None)

    def add_word(self, word: str) -> None:
        """Keep word whole from now on (a slang term, or the user merging two words)."""
        with self._lock:
            if self._tokenizer is None:
                self._pending.append(word)
                return
        self._add(self._get(), word)

    def split_word(self, parts: Sequence[str]) -> None:
        """Cut the word made of parts into exactly those parts from now on (a user's split)."""
        parts = [p for p in parts if p]
        if len(parts) < 2:
            return
        tokenizer = self._get()
        whole = "".join(parts)
        tokenizer.del_word(whole)
        self._user_words.discard(whole)
        self._vetted.clear()
        for part in parts:
            if not tokenizer.FREQ.get(part):
                tokenizer.add_word(part, USER_WORD_FREQ)
        tokenizer.suggest_freq(tuple(parts), tune=True)

    def cut(self, text: str) -> list[str]:
        """Words of text in order; joining them gives text back.

        jieba's HMM finds words its dictionary lacks (闺蜜) but also glues particles to their
        neighbours (我点, 太香, 人去), and jieba's dictionary holds phrases a learner cannot look
        up (今天天气). With a vetting function every multi-character word that is not a user
        word is checked once (the verdict is cached) and shown as the parts vet returns.
        """
        tokenizer = self._get()
        words = tokenizer.lcut(text, HMM=True)
        if self._vet_word is None:
            return words
        vetted = self._vetted
        user = self._user_words
        out: list[str] = []
        for word in words:
            if len(word) > 1 and word not in user:
                parts = vetted.get(word)
                if parts is None:
                    parts = self._vet(word)
                out.extend(parts)
            else:
                out.append(word)
        return out

    def _vet(self, word: str) -> list[str]:
        assert self._vet_word is not None
        parts = self._vet_word(word) if has_han(word) else [word]
        if "".join(parts) != word:  # a vet function must only cut, never change the text
            parts = [word]
        if len(self._vetted) > 100_000:
            self._vetted.clear()
        self._vetted[word] = parts
        return parts
