"""Painting the reader's text: only the blocks and lines that intersect the exposed rectangle.

A line is painted in layers: the selection band, backgrounds (word status, hover, chips),
characters, sticker labels, pinyin coloured by tone, and the keyboard focus outline.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from companion.language.document import Token
from companion.store.models import WordStatus
from companion.ui import theme as themes
from companion.ui.gloss_line import paint_gloss
from companion.ui.text_layout import Block, Layout, Shape, Style
from companion.ui.text_shaping import WRAP_FLAGS, Typesetter

__all__ = ["Colors", "PaintState", "paint_text", "theme_colors", "token_box"]

_NO_BACKGROUND = frozenset((Style.SPACE, Style.PLAIN, Style.LINK, Style.EMOJI))


@dataclass(frozen=True)
class Colors:
    """A theme's colours as QColors: named ones, and the tone palettes by tone_colors option."""

    named: dict[str, QColor]
    tones: dict[str, list[QColor]]


def theme_colors(t: themes.Theme) -> Colors:
    names = (
        "surface text text_muted accent accent_text unknown_bg learning_bg saved_bg saved_line "
        "hover_bg "
        "selection_bg translation border surface_alt"
    )
    named = {name: QColor(getattr(t, name)) for name in names.split()}
    chip = QColor(t.accent)
    chip.setAlphaF(0.10)
    named["chip"] = chip
    placeholder = QColor(t.text_muted)
    placeholder.setAlphaF(0.55)
    named["placeholder"] = placeholder
    tones = {
        "pleco": [QColor(c) for c in t.tones],
        "alt": [QColor(c) for c in t.tones_alt],
        "off": [QColor(t.text_muted)] * 5,
    }
    return Colors(named, tones)


@dataclass(frozen=True)
class PaintState:
    """Everything one paint needs from the widget."""

    ts: Typesetter
    colors: dict[str, QColor]
    palette: list[QColor]  # tone colours, index 0-3 tones 1-4, 4 neutral
    layout: Layout
    shapes: Sequence[Shape]
    tokens: Sequence[Token]
    statuses: Mapping[str, WordStatus]
    hover: int | None
    selection: tuple[int, int] | None  # (first, last) token indices, sorted
    focus: int | None  # the keyboard focus word, when the widget has focus
    saved: Set[str] = frozenset()  # words saved to study: their own background and line


def token_box(ts: Typesetter, layout: Layout, i: int, x: float, w: float, box_top: float) -> QRectF:
    """The painted character box of token i (shrunk if the token is scaled to fit)."""
    scale = layout.scale.get(i)
    if scale is None:
        return QRectF(x, box_top, w, ts.box_h)
    h = ts.box_h * scale
    return QRectF(x, box_top + (ts.box_h - h) / 2, w, h)


def _scale_around(
    painter: QPainter, ts: Typesetter, x: float, box_top: float, scale: float
) -> None:
    """Map token-local coordinates (origin: token left, box top) into a shrunk token."""
    mid = ts.box_h / 2
    painter.translate(x, box_top + mid)
    painter.scale(scale, scale)
    painter.translate(0, -mid)


def paint_text(painter: QPainter, state: PaintState, clip: QRectF) -> None:
    """Paint the blocks of state.layout that intersect clip."""
    layout = state.layout
    y0, y1 = clip.top(), clip.bottom()
    tops = layout.block_top
    b = max(0, bisect.bisect_right(tops, y0) - 1)
    while b < len(layout.blocks) and tops[b] <= y1:
        block = layout.blocks[b]
        if tops[b] + block.height >= y0:
            _paint_block(painter, state, b, block, y0, y1)
        b += 1


def _paint_block(
    painter: QPainter, state: PaintState, b: int, block: Block, y0: float, y1: float
) -> None:
    ts, layout = state.ts, state.layout
    top = layout.block_top[b]
    for line in range(block.first_line, block.end_line):
        line_top = top + layout.line_rel[line]
        if line_top <= y1 and line_top + ts.line_h >= y0:
            _paint_line(painter, state, line, line_top)
    if block.translation_h or block.gloss_h:
        y = top + block.translation_top(ts.spacing)
        avail = ts.spacing.avail(layout.width)
        if y <= y1 and y + block.translation_h + block.gloss_h + ts.gloss_gap >= y0:
            _paint_translation(painter, state, block, y, avail)


def _paint_translation(
    painter: QPainter, state: PaintState, block: Block, y: float, avail: float
) -> None:
    ts, colors = state.ts, state.colors
    painter.setFont(ts.translation)
    if block.translation:
        painter.setPen(colors["translation"])
        painter.drawText(
            QRectF(ts.margin, y, avail, block.translation_h + 2), WRAP_FLAGS, block.translation
        )
    elif block.placeholder:
        painter.setPen(colors["placeholder"])
        painter.drawText(QRectF(ts.margin, y, avail, ts.placeholder_h), WRAP_FLAGS, "…")
    if block.gloss:
        gy = y + block.translation_h + ts.gloss_gap
        paint_gloss(
            painter,
            ts.gloss_layout(block.gloss, avail),
            QPointF(ts.margin, gy),
            ts.gloss,
            ts.gloss_caps,
            colors["text_muted"],
        )


def _paint_line(painter: QPainter, state: PaintState, line: int, top: float) -> None:
    layout = state.layout
    first, end = layout.line_first[line], layout.line_end[line]
    box_top = top + state.ts.band
    painter.setPen(Qt.PenStyle.NoPen)
    _paint_selection(painter, state, first, end, top)
    _paint_backgrounds(painter, state, first, end, box_top)
    _paint_characters(painter, state, first, end, box_top)
    _paint_labels(painter, state, first, end, box_top)
    if state.ts.band:
        _paint_pinyin(painter, state, first, end, top)
    focus = state.focus
    if focus is not None and first <= focus < end:
        rect = token_box(state.ts, layout, focus, layout.tok_x[focus], layout.tok_w[focus], box_top)
        painter.setPen(QPen(state.colors["accent"], 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        radius = state.ts.radius
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), radius, radius)


def _paint_selection(
    painter: QPainter, state: PaintState, first: int, end: int, top: float
) -> None:
    """One band from the first to the last selected token of this line."""
    if state.selection is None:
        return
    a, z = state.selection
    layout, shapes, ts = state.layout, state.shapes, state.ts
    lo, hi = max(a, first), min(z, end - 1)
    visible = [i for i in range(lo, hi + 1) if shapes[i].style != Style.SPACE]
    if visible:
        left = layout.tok_x[visible[0]]
        right = layout.tok_x[visible[-1]] + layout.tok_w[visible[-1]]
        painter.setBrush(state.colors["selection_bg"])
        radius = ts.radius / 2
        painter.drawRoundedRect(QRectF(left - 1, top, right - left + 2, ts.line_h), radius, radius)


def _background(state: PaintState, i: int, style: Style) -> QColor | None:
    """The background of token i: hover, the selection band (None), status, chip."""
    colors = state.colors
    if i == state.hover:
        return colors["hover_bg"]
    if state.selection is not None and state.selection[0] <= i <= state.selection[1]:
        return None  # the selection band shows through
    if style == Style.WORD:
        if state.tokens[i].text in state.saved:
            return colors["saved_bg"]
        status = state.statuses.get(state.tokens[i].text, WordStatus.NEW)
        if status == WordStatus.NEW:
            return colors["unknown_bg"]
        if status == WordStatus.LEARNING:
            return colors["learning_bg"]
        return None
    if style == Style.TOPIC:
        return colors["chip"]
    if style == Style.LABEL:
        return colors["surface_alt"]
    return None


def _paint_backgrounds(
    painter: QPainter, state: PaintState, first: int, end: int, box_top: float
) -> None:
    layout, ts = state.layout, state.ts
    for i in range(first, end):
        style = state.shapes[i].style
        if style in _NO_BACKGROUND:
            continue
        color = _background(state, i, style)
        saved = style == Style.WORD and state.tokens[i].text in state.saved
        if color is not None or saved:
            rect = token_box(ts, layout, i, layout.tok_x[i], layout.tok_w[i], box_top)
        if color is not None:
            painter.setBrush(color)
            r = ts.radius * (rect.height() / ts.box_h)
            painter.drawRoundedRect(rect, r, r)
        if saved:
            thick = max(2.0, rect.height() / 16)
            painter.setBrush(state.colors["saved_line"])
            line = QRectF(rect.left() + 2, rect.bottom() - thick, rect.width() - 4, thick)
            painter.drawRoundedRect(line, thick / 2, thick / 2)


def _paint_characters(
    painter: QPainter, state: PaintState, first: int, end: int, box_top: float
) -> None:
    ts, layout, colors = state.ts, state.layout, state.colors
    baseline = box_top + ts.box_ascent
    painter.setFont(ts.hanzi)
    pen_color = None
    for i in range(first, end):
        shape = state.shapes[i]
        style = shape.style
        if style in (Style.SPACE, Style.LABEL):
            continue
        color = colors["accent"] if style in (Style.TOPIC, Style.LINK) else colors["text"]
        if color is not pen_color:
            painter.setPen(color)
            pen_color = color
        x = layout.tok_x[i]
        scale = layout.scale.get(i)
        if scale is not None:
            painter.save()
            _scale_around(painter, ts, x, box_top, scale)
            for cell in shape.cells:
                painter.drawText(QPointF(cell.x, ts.box_ascent), cell.glyphs)
            painter.restore()
            continue
        if i in layout.elided:
            painter.drawText(QPointF(x, baseline), layout.elided[i])
            continue
        for cell in shape.cells:
            painter.drawText(QPointF(x + cell.x, baseline), cell.glyphs)


def _paint_labels(
    painter: QPainter, state: PaintState, first: int, end: int, box_top: float
) -> None:
    """Sticker labels (small chips)."""
    labels = [i for i in range(first, end) if state.shapes[i].style == Style.LABEL]
    if not labels:
        return
    ts, layout = state.ts, state.layout
    painter.setFont(ts.label)
    painter.setPen(state.colors["text_muted"])
    label_base = box_top + ts.box_h / 2 + (ts.lfm.ascent() - ts.lfm.descent()) / 2
    for i in labels:
        cell = state.shapes[i].cells[0]
        scale = layout.scale.get(i)
        if scale is not None:
            painter.save()
            _scale_around(painter, ts, layout.tok_x[i], box_top, scale)
            painter.drawText(QPointF(cell.x, label_base - box_top), cell.glyphs)
            painter.restore()
        else:
            painter.drawText(QPointF(layout.tok_x[i] + cell.x, label_base), cell.glyphs)


def _paint_pinyin(painter: QPainter, state: PaintState, first: int, end: int, top: float) -> None:
    """Pinyin, coloured by tone."""
    ts, layout, palette = state.ts, state.layout, state.palette
    box_top = top + ts.band
    painter.setFont(ts.pinyin)
    pinyin_base = top + ts.pinyin_ascent
    for i in range(first, end):
        shape = state.shapes[i]
        if not shape.has_pinyin:
            continue
        x = layout.tok_x[i]
        scale = layout.scale.get(i)
        if scale is not None:
            painter.save()
            _scale_around(painter, ts, x, box_top, scale)
            x, base = 0.0, -ts.band + ts.pinyin_ascent
        else:
            base = pinyin_base
        for cell in shape.cells:
            if cell.pinyin:
                painter.setPen(palette[cell.tone])
                painter.drawText(QPointF(x + cell.pinyin_x, base), cell.pinyin)
        if scale is not None:
            painter.restore()
