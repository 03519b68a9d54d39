"""The RedNote slang glossary written for Companion (``resources/slang.tsv``): load and look up.

Columns: term, pinyin (tone marks, one syllable per Chinese character), meaning, register (how
and where it is used), expansion (for abbreviations), example, example_en. Latin letters match
case-insensitively (yyds, YYDS; C位, c位).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from companion.errors import ResourceMissing
from companion.language.characters import is_han
from companion.resources import resource_path

COLUMNS = ("term", "pinyin", "meaning", "register", "expansion", "example", "example_en")


@dataclass(frozen=True, slots=True)
class SlangTerm:
    """One glossary entry."""

    term: str
    pinyin: str
    meaning: str
    register: str
    expansion: str
    example: str
    example_en: str

    def syllables_for(self, word: str) -> tuple[str, ...] | None:
        """Tone-number syllables aligned to word's characters ('' for non-Chinese ones).

        None when the glossary pinyin does not have one syllable per Chinese character.
        """
        from pypinyin.contrib.tone_convert import to_tone3

        marks = self.pinyin.split()
        han = [is_han(c) for c in word]
        if not marks or len(marks) != sum(han):
            return None
        numbers = iter(to_tone3(m.lower(), neutral_tone_with_five=True) for m in marks)
        return tuple(next(numbers) if h else "" for h in han)

    def summary(self) -> str:
        """One line for a token: the meaning, with the expansion of an abbreviation."""
        if self.expansion:
            return f"{self.meaning} (short for {self.expansion})"
        return self.meaning


def load_glossary(path: Path | None = None) -> dict[str, SlangTerm]:
    """Read a glossary file into {term (Latin terms lower-cased): SlangTerm}."""
    path = path or resource_path("slang.tsv")
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, None)
            if header is None or tuple(header) != COLUMNS:
                raise ResourceMissing(f"{path}: not a slang glossary (header {header!r})")
            glossary = {}
            for number, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) != len(COLUMNS):
                    raise ResourceMissing(f"{path}:{number}: expected {len(COLUMNS)} columns")
                entry = SlangTerm(*(field.strip() for field in row))
                glossary[_key(entry.term)] = entry
    except OSError as exc:
        raise ResourceMissing(f"cannot read the slang glossary {path}: {exc.strerror}") from exc
    return glossary


def _key(term: str) -> str:
    """Lookups ignore the case of Latin letters (YYDS, I人, c位)."""
    return term.lower()


@lru_cache(maxsize=1)
def glossary() -> dict[str, SlangTerm]:
    """The shipped glossary, loaded once."""
    return load_glossary()


def lookup(word: str) -> SlangTerm | None:
    """The glossary entry for word, if it is slang."""
    return glossary().get(_key(word))
