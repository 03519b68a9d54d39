"""The feed's waterfall as plain geometry: no QApplication, no Qt import (checked below)."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from companion.ui.masonry import (
    BOTTOM,
    FOOTER_H,
    FOOTER_TOP,
    GAP,
    LANDSCAPE,
    MARGIN,
    PAD,
    PORTRAIT,
    TITLE_TOP,
    Masonry,
    card_height,
    card_width_for,
    clamp_aspect,
    column_count_for_width,
    title_lines,
)

LINE_H = 20
FIXED = FOOTER_TOP + FOOTER_H + BOTTOM  # every card's footer block


def build(width: int, aspects: list[float], titles: list[float] | None = None) -> Masonry:
    return Masonry.build(width, aspects, titles or [0.0] * len(aspects), LINE_H)


@pytest.mark.parametrize(
    "module", ["companion.ui.masonry", "companion.ui.card_text", "companion.ui.feed_model"]
)
def test_the_plain_parts_of_the_feed_import_no_qt(module: str) -> None:
    probe = f"import sys, {module}; assert 'PySide6' not in sys.modules, 'Qt loaded'"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("width", "columns", "card_w"),
    [
        (200, 2, 82),  # never fewer than two columns
        (480, 2, 222),
        (776, 3, 242),
        (800, 3, 250),
        (1100, 4, 260),
        (1400, 5, 265),
        (2400, 5, 465),  # never more than five: the cards grow instead
        (0, 2, 40),  # a card is at least 40 px wide
    ],
)
def test_columns_and_card_width(width: int, columns: int, card_w: int) -> None:
    assert column_count_for_width(width) == columns
    assert card_width_for(width, columns) == card_w
    layout = build(width, [PORTRAIT])
    assert (layout.columns, layout.card_w) == (columns, card_w)


@pytest.mark.parametrize(
    ("aspect", "clamped"),
    [(2.0, PORTRAIT), (PORTRAIT, PORTRAIT), (1.0, 1.0), (LANDSCAPE, LANDSCAPE), (0.2, LANDSCAPE)],
)
def test_cover_shapes_are_clamped(aspect: float, clamped: float) -> None:
    assert clamp_aspect(aspect) == clamped


@pytest.mark.parametrize(
    ("title_w", "card_w", "lines"),
    [
        (0.0, 240, 0),  # no title: no title block at all
        (100.0, 240, 1),
        ((240 - 2 * PAD) * 0.97, 240, 1),  # just fits
        ((240 - 2 * PAD) * 0.97 + 1, 240, 2),  # an estimate this close may wrap: two lines
        (5_000.0, 240, 2),  # a long title is cut at two lines
    ],
)
def test_title_lines(title_w: float, card_w: int, lines: int) -> None:
    assert title_lines(title_w, card_w) == lines


@pytest.mark.parametrize(
    ("card_w", "aspect", "title_w", "height"),
    [
        (240, PORTRAIT, 0.0, 320 + FIXED),
        (240, LANDSCAPE, 0.0, 180 + FIXED),
        (240, 1.0, 50.0, 240 + TITLE_TOP + LINE_H + FIXED),
        (240, PORTRAIT, 900.0, 320 + TITLE_TOP + 2 * LINE_H + FIXED),
        (251, PORTRAIT, 0.0, 335 + FIXED),  # covers round to whole pixels
    ],
)
def test_card_height(card_w: int, aspect: float, title_w: float, height: int) -> None:
    assert card_height(card_w, aspect, title_w, LINE_H)[0] == height


@pytest.mark.parametrize(
    ("aspects", "columns"),
    [
        ([PORTRAIT] * 4, [0, 1, 0, 1]),  # equal cards alternate, leftmost on ties
        ([PORTRAIT, LANDSCAPE, LANDSCAPE, PORTRAIT], [0, 1, 1, 0]),  # two short ones stack
        ([LANDSCAPE, PORTRAIT, PORTRAIT, LANDSCAPE], [0, 1, 0, 1]),
        ([], []),
    ],
)
def test_each_card_goes_to_the_shortest_column(aspects: list[float], columns: list[int]) -> None:
    layout = build(480, aspects)  # two columns
    assert list(layout.col) == columns
    for column in range(layout.columns):
        items = layout.col_items[column]
        assert [layout.col[i] for i in items] == [column] * len(items)
        tops = [layout.y[i] for i in items]
        assert tops == sorted(tops) and tops[:1] in ([], [MARGIN])
        for above, below in itertools.pairwise(items):
            assert layout.y[below] == layout.y[above] + layout.h[above] + GAP
    bottoms = [layout.y[i] + layout.h[i] for i in range(len(aspects))]
    assert layout.content_h == (max(bottoms) + MARGIN if aspects else 0)


def test_card_at_finds_cards_and_nothing_in_gutters_or_margins() -> None:
    layout = build(480, [PORTRAIT, LANDSCAPE, LANDSCAPE])
    w = layout.card_w
    cases = [
        ((5, MARGIN + 5), 0),
        ((w + GAP + 5, MARGIN + 5), 1),
        ((w + GAP + 5, layout.y[2] + 1), 2),
        ((w + GAP // 2, MARGIN + 5), None),  # the gutter between columns
        ((5, MARGIN - 1), None),  # above the first card
        ((-1, MARGIN + 5), None),  # left of the waterfall
        ((5, layout.y[0] + layout.h[0] + 1), None),  # below the last card of column 0
        ((2 * (w + GAP) + 5, MARGIN + 5), None),  # right of the last column
    ]
    for (x, y), expected in cases:
        assert layout.card_at(x, y) == expected, (x, y)
    assert build(480, []).card_at(5, 20) is None


@pytest.mark.parametrize(
    ("top", "bottom"), [(0, 600), (5_000, 5_700), (MARGIN + 1, MARGIN + 2), (10**9, 10**9 + 1)]
)
def test_visible_is_exactly_the_cards_in_the_band(top: int, bottom: int) -> None:
    aspects = [(PORTRAIT, LANDSCAPE, 1.0)[i % 3] for i in range(300)]
    titles = [(0.0, 50.0, 900.0)[i % 4 % 3] for i in range(300)]
    layout = build(1100, aspects, titles)
    expected = {i for i in range(300) if layout.y[i] < bottom and layout.y[i] + layout.h[i] > top}
    assert set(layout.visible(top, bottom)) == expected


def test_stepping_between_cards() -> None:
    layout = build(480, [PORTRAIT, LANDSCAPE, LANDSCAPE, PORTRAIT, LANDSCAPE])
    # columns: 0 -> [0, 3], 1 -> [1, 2, 4]
    assert [layout.col_items[0], layout.col_items[1]] == [(0, 3), (1, 2, 4)]
    cases = [
        (layout.step_within, 0, 1, 3),
        (layout.step_within, 3, 1, None),  # bottom of the column: stay
        (layout.step_within, 0, -1, None),
        (layout.step_within, 4, -1, 2),
        (layout.step_across, 0, -1, None),  # no column further left
        (layout.step_across, 0, 1, 1),  # nearest vertically in the next column
        (layout.step_across, 3, 1, 4),
        (layout.step_across, 2, -1, 0),
        (layout.step_across, 4, 1, None),
    ]
    for step, start, way, expected in cases:
        assert step(start, way) == expected, (step.__name__, start, way)
    assert layout.step_page(0, 10_000) == 3
    assert layout.step_page(4, -10_000) == 1


@pytest.mark.parametrize(
    ("index", "scroll", "page", "target"),
    [
        (0, 0, 400, 0),  # already in view: no scroll
        (0, 100, 400, 0),  # above the page: its top (less the margin) comes to the top
        (6, 0, 400, None),  # below: its bottom (plus the margin) comes to the bottom
    ],
)
def test_scroll_to_show(index: int, scroll: int, page: int, target: int | None) -> None:
    layout = build(480, [PORTRAIT] * 8)
    if target is None:
        target = layout.y[index] + layout.h[index] + MARGIN - page
    assert layout.scroll_to_show(index, scroll, page) == target


def test_the_anchor_card_keeps_its_place_across_a_relayout() -> None:
    aspects = [(PORTRAIT, LANDSCAPE, 1.0)[i % 3] for i in range(500)]
    wide = build(1400, aspects)
    scroll = wide.y[200] + wide.h[200] // 3  # the top edge cuts card 200
    index, offset = wide.anchor(scroll, 700, current=None)
    assert index is not None and offset < 0
    narrow = build(800, aspects)
    moved = narrow.scroll_for_anchor(index, offset)
    # the same share of the card is hidden above the page
    assert abs((moved - narrow.y[index]) / narrow.h[index] - (-offset)) < 0.01
    # a visible current card is the anchor, whatever comes first
    current = wide.visible(scroll, scroll + 700)[-1]
    assert wide.anchor(scroll, 700, current=current)[0] == current
    assert build(800, []).anchor(0, 700, None) == (None, 0.0)
