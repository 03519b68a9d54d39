"""Search keys for the vocabulary: pinyin without tones, spaces or ü, and syllable initials.

A saved word's pinyin is stored as read (``zhǒng cǎo``); learners type it every way there is
(``zhongcao``, ``zhong cao``, ``zhong4cao3``, ``lü``, ``lv``, ``lu:``, ``lu``). Both sides are
brought to one spelling — lower case Latin letters only, tone marks and numbers dropped, ü
spelled u — so that a plain substring test matches. The keys are computed when a word is
written and kept in their own columns (migration 0007): a search is a scan of two short
columns, with no per-row Python.
"""

from __future__ import annotations

import re
import unicodedata

_SYLLABLE_BREAK = re.compile(r"[\s'’\-·]+")
_NOT_LETTER = re.compile(r"[^a-z]")
_PINYIN_QUERY = re.compile(r"^[a-zA-Z0-9\s'’:\-·\u00c0-\u024f\u0300-\u036f]+$")
"""What a pinyin query may contain: Latin letters with or without tone marks, tone numbers,
spaces, apostrophes and the colon of ``u:``."""


def fold(text: str) -> str:
    """Pinyin in the one spelling searches compare: ``Zhǒng cǎo`` → ``zhongcao``,
    ``lü`` / ``lv`` / ``lu:`` → ``lu``, ``zhong4cao3`` → ``zhongcao``."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_LETTER.sub("", bare.replace("v", "u"))


def initials(pinyin: str) -> str:
    """The first letter of each syllable: ``zhǒng cǎo`` → ``zc``."""
    return "".join(fold(s)[:1] for s in _SYLLABLE_BREAK.split(pinyin.strip()) if fold(s))


def keys(pinyin: str) -> tuple[str, str]:
    """(folded pinyin, initials) of a stored reading, as kept in the vocabulary's columns."""
    return fold(pinyin), initials(pinyin)


def pinyin_query(query: str) -> str | None:
    """The folded form of a query that may be pinyin, or None (characters, punctuation, or
    nothing left once folded)."""
    query = query.strip()
    if not query or not _PINYIN_QUERY.match(query):
        return None
    return fold(query) or None


def match_clause(query: str) -> tuple[str, list[str]]:
    """The SQL condition (over ``vocabulary v``) and parameters of a vocabulary search: the
    query anywhere in the word, its meaning or its notes; folded, anywhere in the folded
    pinyin or at the start of the initials. One scan of short columns: 10,000 words in a
    few milliseconds (benchmarks/library.py)."""
    query = query.strip()
    escape = ""
    if any(c in query for c in "%_\\"):
        query = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        escape = " ESCAPE '\\'"
    columns = ("v.word", "coalesce(v.user_definition, v.definition)", "v.notes")
    match = [f"{column} LIKE ?{escape}" for column in columns]
    params = [f"%{query}%"] * len(columns)
    folded = pinyin_query(query)
    if folded:  # Latin letters only: compared as they are, no pattern
        match += ["instr(v.search_pinyin, ?)", "(v.search_initials >= ? AND v.search_initials < ?)"]
        params += [folded, folded, folded + "{"]  # "{" sorts right after "z"
    return "(" + " OR ".join(match) + ")", params
