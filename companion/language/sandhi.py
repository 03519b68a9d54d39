"""Display-only tone sandhi for 一 and 不: stored and exported pinyin keeps dictionary tones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from companion.language.pinyin_rules import _COUNT
from companion.language.script import to_simplified

if TYPE_CHECKING:  # document imports pinyin, which imports this module
    from companion.language.document import Document, Token

_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿0123456789")
_DAY = frozenset("号日")
_YI_BU = frozenset("一不")


def apply_sandhi(words: Sequence[str], syllables: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Display-only tone sandhi for 一 and 不 (一个 yí, 一天 yì, 不是 bú, 第一/十一/一月 keep yī,
    看一看 yi5 etc.). Default display uses dictionary tones; this is an opt-in option.

    No library applies these by context (pypinyin's tone-sandhi option works per phrase and
    misses 第一 and 十一), so the rules are written here: 不 is bú before a fourth tone and
    neutral between repeated words (是不是); 一 is yī in numbers, ordinals, dates and at the
    end of a word (统一, 之一), neutral between repeated verbs (看一看), yí before a fourth tone
    and yì before the others."""
    chars = [c for w in words for c in w]
    flat = [s for syl in syllables for s in syl]
    if len(chars) != len(flat):
        raise ValueError("syllables do not match the words")
    ends = set()
    pos = 0
    for w in words:
        pos += len(w)
        ends.add(pos - 1)
    out = list(flat)
    n = len(chars)
    for k, (ch, syl) in enumerate(zip(chars, flat, strict=True)):
        if not syl or ch not in _YI_BU:
            continue
        prev = chars[k - 1] if k else ""
        nxt = chars[k + 1] if k + 1 < n else ""
        nxt_syl = flat[k + 1] if k + 1 < n else ""
        tone = nxt_syl[-1:] if nxt_syl else ""
        if ch == "不":
            if syl == "bu5":
                continue
            if prev and prev == nxt:
                out[k] = "bu5"
            elif tone == "4":
                out[k] = "bu2"
            else:
                out[k] = "bu4"
            continue
        if syl == "yi5":
            continue
        date = nxt == "月" or (nxt in _DAY and prev == "月")  # 一月, 五月一日
        if not nxt_syl or prev == "第" or prev in _NUMERALS or nxt in _COUNT or date:
            out[k] = "yi1"
        elif prev and prev == nxt:
            out[k] = "yi5"
        elif k in ends and k and k - 1 not in ends:
            out[k] = "yi1"  # word-final in a longer word: 统一, 唯一, 之一
        elif tone == "4" or nxt == "个":
            out[k] = "yi2"
        else:
            out[k] = "yi4"
    result = []
    pos = 0
    for syl in syllables:
        result.append(tuple(out[pos : pos + len(syl)]))
        pos += len(syl)
    return result


class _Reading(Protocol):
    """What sandhi reads of a token: its text and one syllable per character ('' for none)."""

    @property
    def text(self) -> str: ...

    @property
    def syllables(self) -> tuple[str, ...]: ...


def sentence_sandhi(tokens: Sequence[_Reading]) -> list[tuple[str, ...]]:
    """The syllables of each token of one sentence as spoken with 一/不 sandhi (display only).

    Tokens keep their dictionary reading; this is what the reader paints when the learner asks
    for sandhi, and what ``annotate --sandhi`` prints. Traditional text is read through its
    simplified form (個 is 个), so the rules see the same characters as for simplified text."""
    syllables = [_one_per_character(t) for t in tokens]
    if not any(c in _YI_BU for t in tokens for c in t.text):
        return syllables
    shadow = to_simplified("".join(t.text for t in tokens))  # one conversion per sentence
    words: list[str] = []
    at = 0
    for t in tokens:
        words.append(shadow[at : at + len(t.text)])
        at += len(t.text)
    return apply_sandhi(words, syllables)


def _one_per_character(token: _Reading) -> tuple[str, ...]:
    """token.syllables padded (or cut) to one syllable per character of its text."""
    syllables, n = token.syllables, len(token.text)
    if len(syllables) == n:
        return syllables
    return (*syllables[:n], *("",) * (n - len(syllables)))


def tokens_with_sandhi(tokens: Sequence[Token]) -> tuple[Token, ...]:
    """One sentence's tokens as spoken with 一/不 sandhi, for display only (never save or
    export them): tokens sandhi changes get a copy with the spoken syllables, the others are
    the very same values; text, offsets and everything else are unchanged."""
    spoken = sentence_sandhi(tokens)
    return tuple(
        t if s == _one_per_character(t) else t._replace(info=replace(t.info, syllables=s))
        for t, s in zip(tokens, spoken, strict=True)
    )


def document_with_sandhi(document: Document) -> Document:
    """A copy of document whose tokens carry their sandhi syllables (``tokens_with_sandhi``)."""
    paragraphs = tuple(
        replace(
            p,
            sentences=tuple(replace(s, tokens=tokens_with_sandhi(s.tokens)) for s in p.sentences),
        )
        for p in document.paragraphs
    )
    return replace(document, paragraphs=paragraphs)
