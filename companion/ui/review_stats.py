"""The Review page's progress section: headline figures (due, reviewed today, retention, streak,
known) and three charts (reviews per day, due forecast, known words over time)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from companion.review.model import DayCount, ReviewStats
from companion.ui import theme as themes
from companion.ui.chart_view import ChartView
from companion.ui.charts import Kind
from companion.ui.labels import plain_label
from companion.wording import counted


def _points(series: tuple[DayCount, ...]) -> list[tuple[object, float]]:
    return [(p.day, float(p.value)) for p in series]


def figures(stats: ReviewStats) -> list[tuple[str, str, str]]:
    """(name, value, hint) of each headline figure, as the tiles show them."""
    retention = "–" if stats.retention is None else f"{stats.retention * 100:.0f}%"
    return [
        ("Due now", f"{stats.due:,}", "cards waiting"),
        ("Reviewed today", f"{stats.reviewed_today:,}", "cards graded"),
        ("Retention", retention, "recalled, 30 days"),
        ("Streak", counted(stats.streak, "day"), "in a row"),
        ("Known words", f"{stats.known:,}", "learned or marked"),
    ]


class _Tile(QFrame):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName("Card")
        self.name = plain_label(name)
        self.name.setObjectName("Muted")
        self.value = plain_label("–")
        self.value.setObjectName("TileValue")
        self.hint = plain_label()
        self.hint.setObjectName("Muted")
        self.hint.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 10, 14, 10)
        box.setSpacing(2)
        box.addWidget(self.name)
        box.addWidget(self.value)
        box.addWidget(self.hint)


class ProgressView(QWidget):
    """Shows a ReviewStats; set_stats with a fresh one after every change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stats: ReviewStats | None = None
        self.tiles = [_Tile(name) for name, _v, _h in figures(_NO_STATS)]
        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        for tile in self.tiles:
            tiles.addWidget(tile, 1)
        self.reviews = ChartView(
            "Reviews per day", Kind.BARS, "review", empty_text="No reviews in the last 30 days"
        )
        self.forecast = ChartView(
            "Due in the next 30 days", Kind.BARS, "card", empty_text="Nothing due: save some words"
        )
        self.known = ChartView("Known words", Kind.LINE, "word", empty_text="No known words yet")
        self.charts = (self.reviews, self.forecast, self.known)
        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self.reviews, 0, 0)
        grid.addWidget(self.forecast, 0, 1)
        grid.addWidget(self.known, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(tiles)
        layout.addLayout(grid, 1)
        self.apply_theme(themes.current())

    def apply_theme(self, theme: themes.Theme) -> None:
        self.setStyleSheet(
            f"QLabel#TileValue {{ font-size: 24px; font-weight: 700; color: {theme.text}; }}"
        )
        for chart in self.charts:
            chart.set_theme(theme)

    def set_stats(self, stats: ReviewStats) -> None:
        self.stats = stats
        for tile, (_name, value, hint) in zip(self.tiles, figures(stats), strict=True):
            tile.value.setText(value)
            tile.hint.setText(hint)
        total = sum(p.value for p in stats.per_day)
        self.reviews.set_points(_points(stats.per_day), f"{total:,} in 30 days")
        coming = sum(p.value for p in stats.forecast)
        self.forecast.set_points(_points(stats.forecast), f"{coming:,} in 30 days")
        self.known.set_points(_points(stats.known_over_time), f"{stats.known:,} now")


_NO_STATS = ReviewStats(
    due=0,
    reviewed_today=0,
    retention=None,
    streak=0,
    known=0,
    per_day=(),
    forecast=(),
    known_over_time=(),
)
