"""A small daily chart painted with QPainter: a title and headline, round y ticks, day labels,
bars or a line, and the hovered day's value labelled over it (layout in ``charts.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from companion.ui import theme as themes
from companion.ui.charts import Box, ChartLayout, Kind, label_box, layout_chart, value_label

HEADER_H = 30.0
MARGIN = 12.0


def _rect(box: Box) -> QRectF:
    return QRectF(box.x, box.y, box.w, box.h)


class ChartView(QWidget):
    """One chart of the progress section; set_points with (day, value) pairs."""

    def __init__(
        self,
        title: str,
        kind: Kind,
        unit: str,
        *,
        percent: bool = False,
        empty_text: str = "Nothing yet",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.kind = kind
        self.unit = unit
        self.percent = percent
        self.empty_text = empty_text
        self.headline = ""
        self.points: tuple[tuple[date, float], ...] = ()
        self.hovered: int | None = None
        self.theme = themes.current()
        self._layout: ChartLayout | None = None
        self._size: tuple[int, int] = (0, 0)
        self.setMouseTracking(True)
        self.setMinimumSize(260, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_points(self, points: Sequence[tuple[date, float]], headline: str = "") -> None:
        self.points = tuple(points)
        self.headline = headline
        self.setAccessibleName(self.title)
        self.setAccessibleDescription(headline)
        self.hovered = None
        self._layout = None
        self.update()

    def set_theme(self, theme: themes.Theme) -> None:
        self.theme = theme
        self.update()

    def chart_layout(self) -> ChartLayout:
        """The layout for the current size (in widget coordinates), computed once per size."""
        size = (self.width(), self.height())
        if self._layout is None or size != self._size:
            font = self._small_font()
            metrics = QFontMetricsF(font)
            self._layout = layout_chart(
                self.kind,
                self.points,
                self.width() - 2 * MARGIN,
                self.height() - HEADER_H - MARGIN,
                metrics.horizontalAdvance,
                metrics.height(),
                percent=self.percent,
                origin=(MARGIN, HEADER_H),
            )
            self._size = size
        return self._layout

    def hovered_label(self) -> str | None:
        """What the hovered day's label says (None when nothing is hovered)."""
        if self.hovered is None:
            return None
        marks = self.chart_layout().marks
        if not 0 <= self.hovered < len(marks):
            return None
        return value_label(marks[self.hovered], self.unit, self.percent)

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(11)
        return font

    # -- events ---------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        index = self.chart_layout().mark_at(position.x(), position.y())
        if index != self.hovered:
            self.hovered = index
            self.update()

    def leaveEvent(self, event: object) -> None:
        if self.hovered is not None:
            self.hovered = None
            self.update()

    def paintEvent(self, event: object) -> None:
        t = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(t.color("border"), 1))
        painter.setBrush(t.color("surface"))
        painter.drawRoundedRect(frame, 12, 12)
        self._paint_header(painter)
        layout = self.chart_layout()
        small = self._small_font()
        painter.setFont(small)
        self._paint_axes(painter, layout)
        if layout.empty:
            painter.setPen(t.color("text_muted"))
            painter.drawText(_rect(layout.plot), Qt.AlignmentFlag.AlignCenter, self.empty_text)
        elif layout.kind is Kind.BARS:
            self._paint_bars(painter, layout)
        else:
            self._paint_line(painter, layout)
        self._paint_hover(painter, layout)
        painter.end()

    # -- painting -------------------------------------------------------------------------

    def _paint_header(self, painter: QPainter) -> None:
        t = self.theme
        title = QFont(self.font())
        title.setPixelSize(13)
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(t.color("text"))
        area = QRectF(MARGIN, 6, self.width() - 2 * MARGIN, HEADER_H - 6)
        flags = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(area, flags | Qt.AlignmentFlag.AlignLeft, self.title)
        if self.headline:
            head = QFont(self.font())
            head.setPixelSize(12)
            painter.setFont(head)
            painter.setPen(t.color("text_muted"))
            painter.drawText(area, flags | Qt.AlignmentFlag.AlignRight, self.headline)

    def _paint_axes(self, painter: QPainter, layout: ChartLayout) -> None:
        t = self.theme
        plot = layout.plot
        grid = QPen(t.color("border"), 1)
        muted = t.color("text_muted")
        metrics = QFontMetricsF(painter.font())
        h = metrics.height()
        for tick in layout.y_ticks:
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.x, tick.pos), QPointF(plot.right, tick.pos))
            painter.setPen(muted)
            box = QRectF(0, tick.pos - h / 2, plot.x - 6, h)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, tick.text
            )
        painter.setPen(muted)
        for tick in layout.x_ticks:
            w = metrics.horizontalAdvance(tick.text) + 2
            x = min(max(tick.pos - w / 2, plot.x - 4), self.width() - MARGIN - w)
            painter.drawText(
                QRectF(x, plot.bottom + 4, w, h), Qt.AlignmentFlag.AlignLeft, tick.text
            )

    def _series_colour(self) -> QColor:
        t = self.theme
        return t.color("accent") if self.kind is Kind.BARS else QColor(t.tones[1])

    def _paint_bars(self, painter: QPainter, layout: ChartLayout) -> None:
        colour = self._series_colour()
        faded = QColor(colour)
        faded.setAlphaF(0.55)
        painter.setPen(Qt.PenStyle.NoPen)
        for index, mark in enumerate(layout.marks):
            if mark.value <= 0:
                continue
            painter.setBrush(colour if index == self.hovered or self.hovered is None else faded)
            rect = _rect(mark.box)
            radius = min(3.0, rect.width() / 2)
            painter.drawRoundedRect(rect, radius, radius)

    def _paint_line(self, painter: QPainter, layout: ChartLayout) -> None:
        colour = self._series_colour()
        points = [QPointF(*m.anchor) for m in layout.marks]
        area = QPainterPath(QPointF(points[0].x(), layout.plot.bottom))
        for p in points:
            area.lineTo(p)
        area.lineTo(QPointF(points[-1].x(), layout.plot.bottom))
        fill = QColor(colour)
        fill.setAlphaF(0.18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawPath(area)
        line = QPainterPath(points[0])
        for p in points[1:]:
            line.lineTo(p)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colour, 2))
        painter.drawPath(line)

    def _paint_hover(self, painter: QPainter, layout: ChartLayout) -> None:
        text = self.hovered_label()
        if text is None or self.hovered is None or layout.empty:
            return
        t = self.theme
        mark = layout.marks[self.hovered]
        if layout.kind is Kind.LINE:
            painter.setPen(QPen(t.color("text_muted"), 1, Qt.PenStyle.DashLine))
            x = mark.anchor[0]
            painter.drawLine(QPointF(x, layout.plot.y), QPointF(x, layout.plot.bottom))
            painter.setPen(QPen(t.color("surface"), 2))
            painter.setBrush(self._series_colour())
            painter.drawEllipse(QPointF(*mark.anchor), 4, 4)
        metrics = QFontMetricsF(painter.font())
        w, h = metrics.horizontalAdvance(text) + 12, metrics.height() + 6
        area = Box(MARGIN, HEADER_H - 4, self.width() - 2 * MARGIN, self.height() - HEADER_H)
        box = _rect(label_box(mark.anchor, w, h, area))
        painter.setPen(QPen(t.color("border"), 1))
        painter.setBrush(t.color("surface_alt"))
        painter.drawRoundedRect(box, 6, 6)
        painter.setPen(t.color("text"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
