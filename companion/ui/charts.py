"""Chart layout with no Qt: where the bars, the line, the axis ticks and the labels of a small
daily chart go, as plain rectangles and points (``chart_view.py`` paints them with QPainter).

Text is measured by a function passed in (``Measure``), so layouts are tested without a font.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from companion.wording import counted

Measure = Callable[[str], float]
"""Width in pixels of a label in the chart's font."""


class Kind(Enum):
    BARS = "bars"
    LINE = "line"


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True, slots=True)
class Mark:
    """One day's value: its bar (or, for a line, a box around its point) and the column that
    hovering selects it by."""

    day: date
    value: float
    box: Box
    column: Box
    anchor: tuple[float, float]
    """Where the value sits: a bar's top centre, a line's point."""


@dataclass(frozen=True, slots=True)
class Tick:
    pos: float
    text: str


@dataclass(frozen=True, slots=True)
class ChartLayout:
    kind: Kind
    plot: Box
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]

    def mark_at(self, x: float, y: float) -> int | None:
        """The index of the mark whose column holds (x, y), if any."""
        if not self.plot.x <= x < self.plot.right:
            return None
        for index, mark in enumerate(self.marks):
            if mark.column.x <= x < mark.column.right:
                return index
        return None

    @property
    def empty(self) -> bool:
        return not any(m.value for m in self.marks)


PAD = 6.0
TICK_GAP = 6.0


def nice_step(high: float, count: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten; at least 1) so about count steps cover
    high."""
    if high <= 0 or not math.isfinite(high):
        return 1.0
    raw = high / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return max(float(factor * power), 1.0)
    return max(10 * power, 1.0)  # pragma: no cover - the loop always returns


def ticks(high: float, count: int = 4) -> tuple[float, ...]:
    """0, step, 2·step … up to the first value at or above high."""
    step = nice_step(high, count)
    top = max(step, math.ceil(high / step) * step)
    n = round(top / step)
    return tuple(step * i for i in range(n + 1))


def format_value(value: float, percent: bool = False) -> str:
    if percent:
        return f"{value * 100:.0f}%"
    if value >= 10_000:
        return f"{value / 1000:.0f}k"
    if value >= 1000:
        return f"{value / 1000:.1f}k".replace(".0k", "k")
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def day_label(day: date) -> str:
    """ "3 Dec": short, and the same in every locale the app is used in."""
    return f"{day.day} {day.strftime('%b')}"


def _x_labels(days: Sequence[date], centres: Sequence[float], room: float, measure: Measure):
    """Labels for evenly spaced days, thinned so none overlap: every k-th, always the first."""
    if not days:
        return ()
    widest = max(measure(day_label(d)) for d in days) + 10
    every = max(1, math.ceil(widest / max(room, 1.0)))
    picked = range(0, len(days), every)
    return tuple(Tick(centres[i], day_label(days[i])) for i in picked)


def layout_chart(
    kind: Kind,
    points: Sequence[tuple[date, float]],
    width: float,
    height: float,
    measure: Measure,
    line_height: float,
    *,
    percent: bool = False,
    origin: tuple[float, float] = (0.0, 0.0),
) -> ChartLayout:
    """Bars or a line for daily points in a width×height area whose top-left corner is at
    origin, with a y axis of round ticks on the left and day labels below."""
    values = [max(float(v), 0.0) for _d, v in points]
    high = max(values, default=0.0)
    if percent:
        y_values: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)
    else:
        y_values = ticks(high)
    y_texts = [format_value(v, percent) for v in y_values]
    label_w = max((measure(t) for t in y_texts), default=0.0)
    ox, oy = origin
    left = ox + PAD + label_w + TICK_GAP
    top = oy + PAD + line_height  # room for a hovered value over the highest bar
    bottom = oy + height - PAD - line_height - TICK_GAP
    plot = Box(left, top, max(ox + width - left - PAD, 1.0), max(bottom - top, 1.0))
    span = y_values[-1] or 1.0

    def y_of(v: float) -> float:
        return plot.bottom - plot.h * min(v, span) / span

    y_ticks = tuple(Tick(y_of(v), t) for v, t in zip(y_values, y_texts, strict=True))
    n = len(points)
    slot = plot.w / n if n else plot.w
    marks = []
    centres = []
    for i, ((day, _v), value) in enumerate(zip(points, values, strict=True)):
        x0 = plot.x + i * slot
        centre = x0 + slot / 2
        centres.append(centre)
        y = y_of(value)
        if kind is Kind.BARS:
            gap = min(max(slot * 0.2, 1.0), 8.0) if slot > 3 else 0.0
            box = Box(x0 + gap / 2, y, max(slot - gap, 1.0), plot.bottom - y)
        else:
            box = Box(centre - 3, y - 3, 6, 6)
        marks.append(Mark(day, value, box, Box(x0, plot.y, slot, plot.h), (centre, y)))
    x_ticks = _x_labels([d for d, _v in points], centres, slot, measure)
    return ChartLayout(kind, plot, y_ticks, x_ticks, tuple(marks))


def value_label(mark: Mark, unit: str, percent: bool = False) -> str:
    """What a hovered mark says: "3 Dec: 12 reviews" (unit is the singular noun)."""
    if percent:
        return f"{day_label(mark.day)}: {format_value(mark.value, percent)}"
    text = counted(round(mark.value), unit) if unit else f"{mark.value:,.0f}"
    return f"{day_label(mark.day)}: {text}"


def label_box(anchor: tuple[float, float], text_w: float, text_h: float, area: Box) -> Box:
    """A label's box just above anchor, kept inside area (so it is never clipped)."""
    x = min(max(anchor[0] - text_w / 2, area.x), area.right - text_w)
    y = max(anchor[1] - text_h - 4, area.y)
    return Box(max(x, area.x), y, text_w, text_h)
