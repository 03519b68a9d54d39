"""Chart layout (no Qt): round ticks, bars inside the plot, day labels that never overlap, the
hovered column, value labels kept inside the card."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from companion.ui.charts import Box, Kind, format_value, label_box, layout_chart, ticks, value_label


def measure(text: str) -> float:
    return 7.0 * len(text)


def days(values: list[int], start: date = date(2026, 11, 3)) -> list[tuple[date, float]]:
    return [(start + timedelta(days=i), v) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("high", "expected"),
    [
        (0, (0, 1)),
        (1, (0, 1)),
        (3, (0, 1, 2, 3)),
        (7, (0, 2, 4, 6, 8)),
        (42, (0, 20, 40, 60)),
        (180, (0, 50, 100, 150, 200)),
        (1234, (0, 500, 1000, 1500)),
    ],
)
def test_ticks_are_round_and_cover_the_highest_value(high: float, expected: tuple[int]) -> None:
    assert ticks(high) == tuple(float(v) for v in expected)


@pytest.mark.parametrize(
    ("value", "percent", "text"),
    [
        (0, False, "0"),
        (12, False, "12"),
        (1500, False, "1.5k"),
        (2000, False, "2k"),
        (25_000, False, "25k"),
        (0.875, True, "88%"),
        (1.0, True, "100%"),
    ],
)
def test_values_print_short(value: float, percent: bool, text: str) -> None:
    assert format_value(value, percent) == text


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("width", [260, 600, 1200])
def test_marks_sit_inside_the_plot_in_day_order(kind: Kind, width: int) -> None:
    points = days([3, 0, 12, 7, 40, 1] * 5)
    layout = layout_chart(kind, points, width, 200, measure, 14, origin=(12, 30))
    plot = layout.plot
    assert plot.x > 12 + measure("50") and plot.y > 30 and plot.bottom < 230
    xs = [m.anchor[0] for m in layout.marks]
    assert xs == sorted(xs) and len(xs) == 30
    for mark in layout.marks:
        assert plot.x - 0.01 <= mark.anchor[0] <= plot.right + 0.01
        assert plot.y - 0.01 <= mark.anchor[1] <= plot.bottom + 0.01
    top = max(layout.marks, key=lambda m: m.value)
    assert top.anchor[1] >= plot.y  # the highest value is under the top tick, not clipped
    labels = layout.x_ticks
    assert labels[0].text == "3 Nov"
    for a, b in itertools.pairwise(labels):  # day labels never overlap
        assert b.pos - a.pos >= (measure(a.text) + measure(b.text)) / 2


def test_a_bar_is_as_tall_as_its_value() -> None:
    layout = layout_chart(Kind.BARS, days([10, 5, 0]), 400, 200, measure, 14)
    ten, five, zero = (m.box.h for m in layout.marks)
    assert ten == pytest.approx(2 * five) and zero == 0
    assert ten == pytest.approx(layout.plot.h)  # 10 is the top tick


def test_hover_picks_the_column_under_the_pointer() -> None:
    layout = layout_chart(Kind.BARS, days([1, 2, 3, 4]), 400, 200, measure, 14)
    for index, mark in enumerate(layout.marks):
        x = mark.column.x + mark.column.w / 2
        assert layout.mark_at(x, layout.plot.y + 5) == index
    assert layout.mark_at(layout.plot.x - 3, 50) is None
    assert layout.mark_at(layout.plot.right + 3, 50) is None


def test_an_all_zero_series_is_empty() -> None:
    assert layout_chart(Kind.LINE, days([0, 0]), 300, 200, measure, 14).empty
    assert layout_chart(Kind.LINE, [], 300, 200, measure, 14).empty
    assert not layout_chart(Kind.LINE, days([0, 1]), 300, 200, measure, 14).empty


def test_value_labels_say_the_day_and_stay_inside() -> None:
    layout = layout_chart(Kind.BARS, days([12]), 300, 200, measure, 14)
    assert value_label(layout.marks[0], "review") == "3 Nov: 12 reviews"
    area = Box(0, 0, 300, 200)
    for anchor in [(0.0, 0.0), (299.0, 5.0), (150.0, 100.0)]:
        box = label_box(anchor, 120, 18, area)
        assert box.x >= 0 and box.right <= 300 and box.y >= 0
