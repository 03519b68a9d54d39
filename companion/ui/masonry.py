"""The feed's waterfall (masonry) as plain geometry: no Qt here, so it is tested without a display.

Cards go, in order, to the shortest column (leftmost on ties). A card is its cover (the card width
times the cover's height/width, clamped between 4:3 landscape and 3:4 portrait), then zero, one or
two title lines, then the footer. Positions are kept per column in sorted lists, so the card under
a point, the cards in a band of the page and the card next to another are binary searches.
Coordinates: x from the left of the waterfall (see `x0`), y from the top of the content.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

GAP = 12  # between cards, both ways
MARGIN = 12  # around the waterfall
PAD = 10  # inside a card, left/right of the text
TARGET_CARD = 240
MIN_COLUMNS, MAX_COLUMNS = 2, 5
PORTRAIT = 4 / 3  # cover height / width: 3:4 portrait ...
LANDSCAPE = 3 / 4  # ... down to 4:3 landscape
TITLE_TOP, FOOTER_TOP, FOOTER_H, BOTTOM = 9, 8, 20, 10
TITLE_LINES = 2
ONE_LINE_SHARE = 0.97  # a title estimated this close to the line width may still wrap


def column_count_for_width(width: int) -> int:
    """Columns for an available width: cards near TARGET_CARD px, between 2 and 5 columns."""
    inner = width - 2 * MARGIN
    n = round((inner + GAP) / (TARGET_CARD + GAP))
    return max(MIN_COLUMNS, min(MAX_COLUMNS, n))


def card_width_for(width: int, columns: int) -> int:
    """Card width that fills `width` with `columns` cards, GAP apart, MARGIN at the edges."""
    return max(40, (width - 2 * MARGIN - (columns - 1) * GAP) // columns)


def clamp_aspect(height_over_width: float) -> float:
    """A cover's height/width, clamped between 4:3 landscape and 3:4 portrait."""
    return min(PORTRAIT, max(LANDSCAPE, height_over_width))


def cover_height(card_w: int, aspect: float) -> int:
    """Pixel height of a cover on a card card_w wide."""
    return round(card_w * aspect)


def title_lines(title_w: float, card_w: int) -> int:
    """Title lines a card shows: 0 without a title, 1 if it fits the text width, else 2."""
    if title_w <= 0:
        return 0
    return 1 if title_w <= (card_w - 2 * PAD) * ONE_LINE_SHARE else TITLE_LINES


def card_height(card_w: int, aspect: float, title_w: float, line_h: int) -> tuple[int, int]:
    """(card height, title lines) of a card card_w wide with a title title_w px long."""
    lines = title_lines(title_w, card_w)
    title = TITLE_TOP + lines * line_h if lines else 0
    return cover_height(card_w, aspect) + title + FOOTER_TOP + FOOTER_H + BOTTOM, lines


@dataclass(frozen=True)
class Masonry:
    """Where every card is: its column, top and height, and per column the cards top to bottom."""

    width: int = -1  # the width laid out for (-1: never laid out)
    columns: int = MIN_COLUMNS
    card_w: int = 0
    col: tuple[int, ...] = ()
    y: tuple[int, ...] = ()
    h: tuple[int, ...] = ()
    lines: tuple[int, ...] = ()  # title lines per card
    col_items: tuple[tuple[int, ...], ...] = ()
    col_tops: tuple[tuple[int, ...], ...] = ()
    col_bottoms: tuple[tuple[int, ...], ...] = ()
    content_h: int = 0

    @classmethod
    def build(
        cls, width: int, aspects: Sequence[float], title_widths: Sequence[float], line_h: int
    ) -> Masonry:
        """Lay cards out for an available width; card i has cover aspects[i] and a title
        title_widths[i] px long (0 for none), in lines line_h px high."""
        columns = column_count_for_width(width)
        card_w = card_width_for(width, columns)
        n = len(aspects)
        filled = [MARGIN] * columns
        col_of, ys, hs, lines_of = [0] * n, [0] * n, [0] * n, [0] * n
        items: list[list[int]] = [[] for _ in range(columns)]
        tops: list[list[int]] = [[] for _ in range(columns)]
        bottoms: list[list[int]] = [[] for _ in range(columns)]
        column_range = range(columns)
        for i in range(n):
            c = min(column_range, key=filled.__getitem__)  # shortest column, leftmost on ties
            h, lines = card_height(card_w, aspects[i], title_widths[i], line_h)
            y = filled[c]
            col_of[i], ys[i], hs[i], lines_of[i] = c, y, h, lines
            items[c].append(i)
            tops[c].append(y)
            bottoms[c].append(y + h)
            filled[c] = y + h + GAP
        return cls(
            width=width,
            columns=columns,
            card_w=card_w,
            col=tuple(col_of),
            y=tuple(ys),
            h=tuple(hs),
            lines=tuple(lines_of),
            col_items=tuple(map(tuple, items)),
            col_tops=tuple(map(tuple, tops)),
            col_bottoms=tuple(map(tuple, bottoms)),
            content_h=(max(filled) - GAP + MARGIN) if n else 0,
        )

    def __len__(self) -> int:
        return len(self.col)

    # -- where things are -------------------------------------------------------------------

    def used_width(self) -> int:
        return self.columns * self.card_w + (self.columns - 1) * GAP

    def x0(self, viewport_w: int) -> int:
        """Left edge of the first column in a viewport viewport_w wide (the waterfall centred)."""
        return max(MARGIN, (viewport_w - self.used_width()) // 2)

    def column_left(self, column: int) -> int:
        """Left edge of a column, from the waterfall's left edge."""
        return column * (self.card_w + GAP)

    def rect(self, index: int) -> tuple[int, int, int, int]:
        """(x, y, width, height) of a card, x from the waterfall's left edge."""
        return self.column_left(self.col[index]), self.y[index], self.card_w, self.h[index]

    def centre_y(self, index: int) -> float:
        return self.y[index] + self.h[index] / 2

    def card_at(self, x: int, y: int) -> int | None:
        """The card under a point (x from the waterfall's left edge), or None (gutter, margin)."""
        if not self.col or x < 0:
            return None
        column, offset = divmod(x, self.card_w + GAP)
        if column >= self.columns or offset >= self.card_w:
            return None
        k = bisect_right(self.col_tops[column], y) - 1
        if k >= 0 and y < self.col_bottoms[column][k]:
            return self.col_items[column][k]
        return None

    def in_column(self, column: int, top: float, bottom: float) -> list[int]:
        """Cards of a column that overlap the band top <= y < bottom, top to bottom."""
        bottoms, tops, items = (
            self.col_bottoms[column],
            self.col_tops[column],
            self.col_items[column],
        )
        k = bisect_right(bottoms, top)
        end = bisect_left(tops, bottom, lo=k)
        return list(items[k:end])

    def visible(self, top: float, bottom: float) -> list[int]:
        """Cards overlapping the band top <= y < bottom, column by column."""
        found: list[int] = []
        for column in range(len(self.col_items)):
            found.extend(self.in_column(column, top, bottom))
        return found

    def nearest_first(self, indices: Sequence[int], centre: float) -> list[int]:
        """indices ordered by how far their centres are from centre (loading order)."""
        return sorted(indices, key=lambda i: abs(self.centre_y(i) - centre))

    # -- moving between cards ----------------------------------------------------------------

    def position_in_column(self, index: int) -> int:
        return bisect_left(self.col_tops[self.col[index]], self.y[index])

    def nearest_in_column(self, column: int, centre: float) -> int:
        """The card of a (non-empty) column whose centre is nearest centre."""
        tops, bottoms, items = (
            self.col_tops[column],
            self.col_bottoms[column],
            self.col_items[column],
        )
        k = bisect_right(tops, centre)
        best: tuple[float, int] | None = None
        for j in (k - 1, k):
            if 0 <= j < len(items):
                distance = abs((tops[j] + bottoms[j]) / 2 - centre)
                if best is None or distance < best[0]:
                    best = (distance, items[j])
        assert best is not None
        return best[1]

    def step_within(self, index: int, step: int) -> int | None:
        """The card step places above (-1) or below (+1) in its column, None past the end."""
        items = self.col_items[self.col[index]]
        k = self.position_in_column(index) + step
        return items[k] if 0 <= k < len(items) else None

    def step_across(self, index: int, step: int) -> int | None:
        """The card nearest vertically in the column step places left (-1) or right (+1)."""
        column = self.col[index] + step
        if not 0 <= column < self.columns or not self.col_items[column]:
            return None
        return self.nearest_in_column(column, self.centre_y(index))

    def step_page(self, index: int, delta: float) -> int:
        """The card of the same column nearest delta px below (above, if negative) this one."""
        return self.nearest_in_column(self.col[index], self.centre_y(index) + delta)

    # -- scrolling ---------------------------------------------------------------------------

    def scroll_to_show(self, index: int, scroll: int, page: int) -> int:
        """The scroll offset that brings a card (with its margin) into a page page px high."""
        top, bottom = self.y[index], self.y[index] + self.h[index]
        if top - MARGIN < scroll:
            return top - MARGIN
        if bottom + MARGIN > scroll + page:
            return min(top - MARGIN, bottom + MARGIN - page)
        return scroll

    def anchor(self, scroll: int, page: int, current: int | None) -> tuple[int | None, float]:
        """The card to keep still across a relayout (current if visible, else the first visible)
        and where its top is: px below the page top, or, when the top edge cuts it, the hidden
        share of its height as a negative fraction."""
        visible = self.visible(scroll, scroll + page)
        if not visible:
            return None, 0.0
        index = current if current in visible else min(visible)
        offset = self.y[index] - scroll
        return index, (offset if offset >= 0 else offset / max(1, self.h[index]))

    def scroll_for_anchor(self, index: int, offset: float) -> int:
        """The scroll offset that puts an anchor (see `anchor`) back where it was."""
        if offset < 0:  # a card cut by the top edge keeps the same share hidden
            offset *= self.h[index]
        return round(self.y[index] - offset)
