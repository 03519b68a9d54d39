"""What a feed card says and which colours it wears, as plain values (no Qt): likes as RedNote
writes them, the difficulty badge, the pastel of a text cover and of an author's avatar."""

from __future__ import annotations

import math

from companion.language import hsk
from companion.store.posts import Difficulty

_LIGHT_PASTELS = (
    ("#fde2e4", "#7a2e3a"),
    ("#e3f2d9", "#2f5a24"),
    ("#d9ecf7", "#1f4e6b"),
    ("#fff1c7", "#6b5216"),
    ("#e7e0f7", "#47347a"),
    ("#fde3cf", "#7a4216"),
    ("#d8f3ea", "#1e5a48"),
    ("#f8dcef", "#6e2a58"),
)
_DARK_PASTELS = (
    ("#4a2a30", "#ffd9df"),
    ("#2d4128", "#d9f2cc"),
    ("#233b4b", "#cfe8f7"),
    ("#4a3f1f", "#fbeab8"),
    ("#352d4d", "#e2d9fb"),
    ("#4a3222", "#fde0c8"),
    ("#1f4038", "#cdf1e5"),
    ("#462a3f", "#f7d3ea"),
)


def format_likes(n: int | None) -> str:
    """RedNote-style counts: 987, 1.2万 (≥ 10,000), 3.4亿 (≥ 10^8)."""
    n = max(0, int(n or 0))
    if n < 10_000:
        return str(n)
    tenths = math.floor(n / 1_000 + 0.5)  # in units of 0.1万
    unit = "万"
    if tenths >= 100_000:
        tenths, unit = math.floor(n / 10_000_000 + 0.5), "亿"
    whole, frac = divmod(tenths, 10)
    return f"{whole}{unit}" if frac == 0 else f"{whole}.{frac}{unit}"


def hsk_label(level: float) -> str:
    """'1'…'6', or '7-9' for the advanced band (levels are rounded half up): hsk.label."""
    return hsk.label(level)


def badge_text(difficulty: Difficulty | None) -> str | None:
    """'HSK 3 · 42% known', '42% known' without a level, None without a difficulty."""
    if difficulty is None:
        return None
    known = f"{math.floor(difficulty.known_share * 100 + 0.5)}% known"
    if difficulty.level is None:
        return known
    return f"HSK {hsk_label(difficulty.level)} · {known}"


def level_color(level: float | None) -> str:
    """Badge dot: green for beginner posts through red for advanced ones."""
    if level is None:
        return "#c8ccd2"
    n = math.floor(level + 0.5)
    if n <= 2:
        return "#4cd08a"
    if n <= 4:
        return "#5cb8ff"
    if n <= 6:
        return "#ffb648"
    return "#ff6b6b"


def text_cover_colors(post_id: int, dark: bool) -> tuple[str, str]:
    """(background, text) of a post's text cover: a pastel picked from a hash of its id."""
    mixed = (post_id * 2654435761) & 0xFFFFFFFF
    palette = _DARK_PASTELS if dark else _LIGHT_PASTELS
    return palette[(mixed >> 13) % len(palette)]


def stable_hash(text: str) -> int:
    """A process-independent hash (Python's str hash is salted per run)."""
    value = 2166136261
    for ch in text:
        value = ((value ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return value


def avatar_colors(author: str, dark: bool) -> tuple[str, str]:
    """(background, letter) of an author's avatar circle: the same pastel in every run."""
    return text_cover_colors(stable_hash(author), dark)
