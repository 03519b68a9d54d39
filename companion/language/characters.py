"""Unicode character classes the engine needs: Han characters, emoji, punctuation, sanitising."""

from __future__ import annotations

import re
import unicodedata

# CJK Unified Ideographs and extensions, compatibility ideographs, and 〇.
HAN_RANGES = (
    "\u3007"
    "\u3400-\u4dbf"
    "\u4e00-\u9fff"
    "\uf900-\ufaff"
    "\U00020000-\U0002a6df"
    "\U0002a700-\U0002ebef"
    "\U00030000-\U0003134f"
)
HAN_RE = re.compile(f"[{HAN_RANGES}]")
HAN_RUN_RE = re.compile(f"[{HAN_RANGES}]+")

# Pictographic emoji plus the joiners and modifiers that glue a sequence together.
EMOJI_RANGES = (
    "\u2600-\u27bf"
    "\u2b00-\u2bff"
    "\U0001f000-\U0001faff"
    "\u200d"
    "\ufe0f"
    "\u20e3"
    "\U0001f3fb-\U0001f3ff"
    "\U000e0020-\U000e007f"
)
EMOJI_RUN_RE = re.compile(f"[{EMOJI_RANGES}]+")

_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def is_han(char: str) -> bool:
    """True for a single Chinese character (汉字)."""
    return HAN_RE.fullmatch(char) is not None


def has_han(text: str) -> bool:
    """True if text contains at least one Chinese character."""
    return HAN_RE.search(text) is not None


def is_punctuation(text: str) -> bool:
    """True if every character is punctuation or a symbol (not emoji, not letters or digits)."""
    return bool(text) and all(unicodedata.category(c)[0] in "PS" for c in text)


def sanitize(text: str) -> str:
    """Replace lone surrogates with U+FFFD one-for-one, so offsets into the text stay valid."""
    return _SURROGATE_RE.sub("\ufffd", text)


ZERO_WIDTH = frozenset("\u200b\u200c\u2060\ufeff\u00ad")
"""Invisible characters that copy-paste and anti-spam tricks put inside words (种\u200b草); the
zero-width joiner is not among them: it belongs to emoji sequences."""


_FOLD = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_FOLD |= {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # full-width ！ … ～ to ASCII
_FOLD |= {c: c - 0xFEE0 + 32 for c in range(0xFF21, 0xFF3B)}  # full-width Ａ … Ｚ to a … z
_FOLD[0x3000] = 0x20  # the ideographic space


def fold(text: str) -> str:
    """text with full-width letters and digits folded to plain lower-case ASCII (ＹＹＤＳ →
    yyds), character for character, so offsets stay valid. Full-width punctuation folds too
    (！ → !), which the sentence splitter and segmenter treat alike."""
    return text.translate(_FOLD)
