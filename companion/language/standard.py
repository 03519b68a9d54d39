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
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class WordReadings:
    """A word's readings as a dictionary gives them, in tone numbers ('yi1 fu5')."""

    standard: str | None
    """Our supplement's reading, which always wins (大夫 dai4 fu5, 知道 zhi1 dao5)."""
    usual: tuple[str, ...]
    """The learner-sense table's readings of the word, the everyday one first (老公 lao3 gong1
    before the eunuch's lao3 gong5; 东西 dong1 xi5 before dong1 xi1)."""
    common: tuple[str, ...]
    """The readings of the word's common entries."""
    other: tuple[str, ...]
    """Readings that only proper nouns and variant entries have (勃艮第 bo2 gen3 di4)."""


Lookup = Callable[[str], tuple[tuple[str, ...], tuple[str, ...]]]


def word_readings(dictionary_readings: Lookup) -> Callable[[str], WordReadings]:
    """A word's readings: our supplement's, the learner table's, then the dictionary's."""
    extra = supplement()
    usual = usual_readings()

    def readings(word: str) -> WordReadings:
        common, other = dictionary_readings(word)
        return WordReadings(extra.get(word), usual.get(word, ()), common, other)

    return readings


@lru_cache(maxsize=1)
def usual_readings() -> dict[str, tuple[str, ...]]:
    """{word: readings} from the learner-sense table (resources/learner_senses.tsv), in its
    order: the everyday reading of a word first. Empty if the table is missing."""
    out: dict[str, list[str]] = {}
    try:
        with resource_path("learner_senses.tsv").open(encoding="utf-8", newline="") as fh:
            rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(rows, None)
            for row in rows:
                if len(row) >= 2 and len(row[1].split()) == len(row[0]):
                    reading = " ".join(row[1].lower().replace("u:", "v").split())
                    if reading not in out.setdefault(row[0], []):
                        out[row[0]].append(reading)
    except OSError:
        return {}
    return {word: tuple(r) for word, r in out.items() if len(word) > 1}


def choose(found: WordReadings, read: tuple[str, ...]) -> tuple[str, ...] | None:
    """The standard reading of a word that pypinyin, the rules and the BiLSTM read as read,
    or None to keep read.

    Our supplement decides first. Then a dictionary reading that is read, or read with neutral
    tones or erhua (衣服 yi1 fu5). Then the common reading closest to read (流血 liu2 xue4
    for xie3): a common word's dictionary reading is the standard. A word known only as a
    name or a variant keeps the engine's reading, the better judge of those in context."""
    n = len(read)
    if found.standard is not None and len(found.standard.split()) == n:
        return tuple(found.standard.split())
    common = [tuple(r.split()) for r in found.common if len(r.split()) == n]
    every = common + [tuple(r.split()) for r in found.other if len(r.split()) == n]
    matching = [c for c in every if neutral_variant(c, read)]
    for usual in (tuple(r.split()) for r in found.usual):
        if usual in matching:
            return usual  # the everyday reading, where the dictionary allows it (老公 lao3 gong1)
    if matching:
        return prefer_neutral(every, read if read in matching else matching[0])
    if not common:
        # A name read with a neutral tone where the dictionary has a full one (彼得格勒
        # Bǐdégélè, not de5): names have no particles in them.
        named = [c for c in every if neutral_variant(read, c)]
        return named[0] if named else None

    def agreement(c: tuple[str, ...]) -> tuple[int, int]:
        same = sum(a == b for a, b in zip(c, read, strict=True))
        return same, sum(a[:-1] == b[:-1] for a, b in zip(c, read, strict=True))

    return max(common, key=agreement)


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


DIRECTIONS = frozenset(
    {"起来", "出来", "过来", "下来", "上来", "回来", "进来", "起去", "出去", "过去", "下去"}
    | {"上去", "回去", "进去", "开来", "到"}
)
"""Directional complements: after a verb the whole complement is unstressed (站起来 zhàn qi
lai, 拿出来 ná chu lai) where the dictionary has that reading."""


def complement(found: WordReadings, read: tuple[str, ...]) -> tuple[str, ...]:
    """A directional complement's reading after a verb: the dictionary reading with the most
    neutral tones (起来 qi5 lai5, 下来 xia4 lai5), else read."""
    candidates = [tuple(r.split()) for r in (*found.common, *found.other)]
    candidates = [c for c in candidates if len(c) == len(read)]
    if not candidates:
        return read
    return max(candidates, key=lambda c: sum(x.endswith("5") for x in c))
