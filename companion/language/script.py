"""Simplified ↔ traditional characters through OpenCC, always the same length as the input.

The engine reads traditional posts through their simplified shadow (``to_simplified``); the
reader shows characters in traditional form as a display option (``to_traditional``). Offsets
never move: a conversion that would change the length gives the text back unchanged.
"""

from __future__ import annotations

import threading
from typing import Any

from companion.language.characters import has_han

__all__ = ["to_simplified", "to_traditional"]

_CACHE_LIMIT = 50_000
_lock = threading.Lock()
_converters: dict[str, Any] = {}
_traditional_cache: dict[str, str] = {}


def _convert(config: str, text: str) -> str:
    """text converted with OpenCC's config ('t2s', 's2t'); text itself if the length changes."""
    with _lock:  # OpenCC objects are built once and not shared between threads unguarded
        converter = _converters.get(config)
        if converter is None:
            import opencc

            converter = _converters[config] = opencc.OpenCC(config)
        converted: str = converter.convert(text)
    return converted if len(converted) == len(text) else text


def to_simplified(text: str) -> str:
    """text in simplified characters (same length), or text itself if that is not possible."""
    return _convert("t2s", text) if has_han(text) else text


def to_traditional(text: str) -> str:
    """text in traditional characters (same length), cached per string; text itself otherwise."""
    found = _traditional_cache.get(text)
    if found is None:
        found = _convert("s2t", text) if has_han(text) else text
        if len(_traditional_cache) > _CACHE_LIMIT:
            _traditional_cache.clear()
        _traditional_cache[text] = found
    return found
