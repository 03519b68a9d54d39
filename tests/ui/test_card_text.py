"""What a feed card says and wears (no Qt): RedNote like counts, the difficulty badge, pastels."""

from __future__ import annotations

import pytest

from companion.store.posts import Difficulty
from companion.ui.card_text import (
    avatar_colors,
    badge_text,
    format_likes,
    hsk_label,
    level_color,
    stable_hash,
    text_cover_colors,
)


@pytest.mark.parametrize(
    ("likes", "text"),
    [
        (0, "0"),
        (987, "987"),
        (9_999, "9999"),
        (10_000, "1万"),
        (12_000, "1.2万"),
        (12_345, "1.2万"),
        (15_632, "1.6万"),
        (99_999, "10万"),
        (1_234_567, "123.5万"),
        (123_456_789, "1.2亿"),
        (-5, "0"),
    ],
)
def test_format_likes(likes: int, text: str) -> None:
    assert format_likes(likes) == text


def test_badge_text() -> None:
    def diff(known: int, level: float | None) -> Difficulty:
        return Difficulty(100, known, 3, {}, level)

    assert badge_text(diff(42, 3.0)) == "HSK 3 · 42% known"
    assert badge_text(diff(42, 3.4)) == "HSK 3 · 42% known"
    assert badge_text(diff(90, 2.5)) == "HSK 3 · 90% known"  # half up, not banker's
    assert badge_text(diff(5, 7.0)) == "HSK 7-9 · 5% known"
    assert badge_text(diff(5, 8.6)) == "HSK 7-9 · 5% known"
    assert badge_text(diff(100, 0.2)) == "HSK 1 · 100% known"
    assert badge_text(diff(42, None)) == "42% known"
    assert badge_text(None) is None
    assert badge_text(Difficulty(0, 0, 0, {}, 1.0)) == "HSK 1 · 100% known"
    assert [hsk_label(x) for x in (1, 6.4, 6.5, 9)] == ["1", "6", "7-9", "7-9"]


def test_text_cover_colour_is_stable_per_post_and_varied() -> None:
    assert text_cover_colors(7, False) == text_cover_colors(7, False)
    assert len({text_cover_colors(i, False) for i in range(50)}) >= 5
    assert text_cover_colors(7, True) != text_cover_colors(7, False)


@pytest.mark.parametrize(
    ("level", "colour"),
    [(None, "#c8ccd2"), (1.0, "#4cd08a"), (2.4, "#4cd08a"), (2.5, "#5cb8ff"), (4.0, "#5cb8ff"),
     (5.0, "#ffb648"), (6.4, "#ffb648"), (6.5, "#ff6b6b"), (9.0, "#ff6b6b")],
)  # fmt: skip
def test_badge_dot_colour_by_level(level: float | None, colour: str) -> None:
    assert level_color(level) == colour


def test_avatar_colour_is_the_same_in_every_run() -> None:
    # FNV-1a, a fixed value: Python's salted str hash would change from run to run
    assert stable_hash("小红薯") == 0x7807EEA1
    assert avatar_colors("小红薯", dark=False) == text_cover_colors(0x7807EEA1, False)
    assert avatar_colors("小红薯", dark=True) != avatar_colors("小红薯", dark=False)
