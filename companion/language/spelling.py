"""Writing tone-number syllables for people: tone marks, and erhua joined to its syllable."""

from __future__ import annotations

from collections.abc import Sequence


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
