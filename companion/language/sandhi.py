"""Display-only tone sandhi for 一 and 不: stored and exported pinyin keeps dictionary tones."""

from __future__ import annotations

from collections.abc import Sequence

from companion.language.pinyin_rules import _COUNT

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
