"""Separable verbs (离合词): the object split off its verb keeps the compound's reading.

照相, 请假, 睡觉, 理发, 上当 are verb + object words that speech pulls apart: 照了好多相,
请了三天假, 睡了一个好觉, 理了个发, 上了一当. jieba then leaves the object a word of its own,
and a polyphonic one (相 xiāng/xiàng, 假 jiǎ/jià, 觉 jué/jiào, 发 fā/fà, 当 dāng/dàng) is read
as if alone. Here the object takes its reading in the dictionary's compound, when the verb is a
one-character word earlier in the clause followed by what separates such words: an aspect
particle (了 过 着) or a quantity (一, 个, 两…). No library records separable verbs; CC-CEDICT
has the compounds, so the table is the dictionary and only the frame is written here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from companion.language.characters import is_han
from companion.language.standard import WordReadings

_INSERTED = frozenset("了过着个一两几三四五六七八九十半")
"""What may open the gap between a separable verb and its object (照了, 请个, 睡一)."""
_FUNCTION = _INSERTED | frozenset("的地得还都就也在是和与为把被给要会")
"""Function words, never a separable verb or its object (了了 liǎoliǎo is no verb + 了)."""
_REACH = 5
"""Words between the verb and its object, at most (上 / 了 / 一 / 个 / 大 / 当)."""


def rejoin(
    words: Sequence[str],
    result: list[tuple[str, ...]],
    polyphonic: Callable[[str], bool],
    readings: Callable[[str], WordReadings],
) -> None:
    """Give each one-character polyphonic object its reading in the compound it was split
    from (result holds one tuple of syllables per word and is changed in place). polyphonic
    is true only of single characters (the BiLSTM's polyphone table)."""
    for wi in range(2, len(words)):
        obj = words[wi]
        if not polyphonic(obj) or obj in _FUNCTION:  # a polyphonic character: one-character
            continue
        for vi in range(wi - 2, max(-1, wi - 2 - _REACH), -1):
            verb = words[vi]
            if not is_han(verb[:1]):
                break  # the clause ended
            if len(verb) != 1 or verb in _FUNCTION or words[vi + 1][:1] not in _INSERTED:
                continue
            found = readings(verb + obj)
            compound = found.standard or (found.common[0] if found.common else None)
            if compound is not None and len(compound.split()) == 2:
                result[wi] = (compound.split()[1],)
                break
