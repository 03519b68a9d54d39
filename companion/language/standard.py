"""The standard reading of a word: CC-CEDICT's readings, with their neutral tones and erhua,
and Companion's own supplement of everyday words that the standard (the Putonghua proficiency
test's neutral-tone list, 现代汉语词典) reads with a neutral tone where CC-CEDICT has a full one.

The pinyin engine reads a word with pypinyin, its rules and the BiLSTM, then asks this module
whether the dictionary knows the word *read that way*, allowing for neutral tones:

    >>> neutral_variant(("yi1", "fu5"), ("yi1", "fu2"))   # 衣服: the dictionary's yi1 fu5
    True
    >>> neutral_variant(("huang2", "pi2"), ("huang2", "bei1"))   # 黄陂: a different reading
    False

and among two dictionary readings that differ only by a neutral tone after the first
syllable, the neutral one is the everyday word (东西 dong1 xi5 "thing", not dong1 xi1 "east
and west"): ``prefer_neutral``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from functools import lru_cache

from companion.resources import resource_path

SUPPLEMENT = "neutral_tones.tsv"


@lru_cache(maxsize=1)
def supplement() -> dict[str, str]:
    """{word: reading} of our neutral-tone supplement (resources/neutral_tones.tsv)."""
    path = resource_path(SUPPLEMENT)
    out: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(rows, None)
            for row in rows:
                if len(row) == 2 and len(row[1].split()) == len(row[0]):
                    out[row[0]] = row[1].strip()
    except OSError:
        return {}  # a missing supplement leaves CC-CEDICT's readings
    return out


def word_readings(dictionary_readings: Callable[[str], Sequence[str]]) -> Callable[[str], list[str]]:
    """A word's standard readings, most common first: the supplement's, then CC-CEDICT's."""
    extra = supplement()

    def readings(word: str) -> list[str]:
        found = list(dictionary_readings(word))
        own = extra.get(word)
        if own is not None:
            found = [own, *(r for r in found if r != own)]
        return found

    return readings


def neutral_variant(candidate: Sequence[str], read: Sequence[str]) -> bool:
    """Whether a dictionary reading is what was read, or that with neutral tones or erhua in
    places (衣服 yi1 fu5 for yi1 fu2, 哪儿 na3 r5 for na3 er2)."""
    for c, r in zip(candidate, read, strict=True):
        if c != r and not (c.endswith("5") and (c[:-1] == r[:-1] or c == "r5")):
            return False
    return True


def prefer_neutral(candidates: Sequence[tuple[str, ...]], best: tuple[str, ...]) -> tuple[str, ...]:
    """Of two dictionary readings that differ only by neutral tones after the first syllable
    (东西 dong1 xi1 / dong1 xi5, 地方 di4 fang1 / di4 fang5), the neutral one. A neutral first
    syllable (起来 qi5 lai5, 出来 chu5 lai5) is only ever a complement's, so it never wins here."""
    for other in candidates:
        if other != best and other[0] == best[0] and neutral_variant(other, best):
            return other
    return best
