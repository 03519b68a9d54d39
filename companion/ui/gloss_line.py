"""The interlinear gloss line under a sentence: word glosses joined by " · ", grammar labels
(CL, PASS, PFV …) in small caps as the Leipzig Glossing Rules print them, wrapped to a width.

``layout_gloss`` measures once per (gloss, width); ``paint_gloss`` draws a layout; each label
piece keeps its rectangle so the reader can say what a hovered label means.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from companion.language.senses import describe_label, is_label

SEPARATOR = " · "
PREFIX = "gloss: "


@dataclass(frozen=True, slots=True)
class GlossPiece:
    """One run of text at rect (relative to the line's origin); label is set for labels."""

    text: str
    rect: QRectF
    label: str | None = None


@dataclass(frozen=True, slots=True)
class GlossLayout:
    pieces: tuple[GlossPiece, ...]
    height: float

    def label_at(self, x: float, y: float) -> str | None:
        """The label under (x, y) relative to the origin, if any."""
        for piece in self.pieces:
            if piece.label is not None and piece.rect.contains(QPointF(x, y)):
                return piece.label
        return None


def caps_font(font: QFont) -> QFont:
    """font in small capitals (labels are drawn lower-cased in it: "cl", "pass")."""
    caps = QFont(font)
    caps.setCapitalization(QFont.Capitalization.SmallCaps)
    caps.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 104)
    return caps


def layout_gloss(gloss: str, width: float, font: QFont, caps: QFont) -> GlossLayout:
    """Pieces of "gloss: we · this · CL · shop" flowed into lines no wider than width."""
    fm, cm = QFontMetricsF(font), QFontMetricsF(caps)
    line_h = max(fm.height(), cm.height())
    width = max(width, 1.0)
    pieces: list[GlossPiece] = []
    x = y = 0.0
    items = [i for i in gloss.split(SEPARATOR) if i]
    for index, item in enumerate(items):
        runs = _runs(item)
        lead = PREFIX if index == 0 else ""
        tail = "·" if index < len(items) - 1 else ""
        lead_w = fm.horizontalAdvance(lead)
        tail_w = fm.horizontalAdvance(SEPARATOR) if tail else 0.0
        widths = [(cm if label else fm).horizontalAdvance(text) for text, label in runs]
        if x > 0 and x + lead_w + sum(widths) + tail_w > width:
            x, y = 0.0, y + line_h
        if lead:
            pieces.append(GlossPiece(lead, QRectF(x, y, lead_w, line_h)))
            x += lead_w
        for (text, label), text_w in zip(runs, widths, strict=True):
            metrics = cm if label else fm
            room = max(width - x - tail_w, 0.0)
            if text_w > room:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
                text_w = metrics.horizontalAdvance(text) if text else 0.0
            pieces.append(GlossPiece(text, QRectF(x, y, text_w, line_h), label))
            x += text_w
        if tail:
            pieces.append(GlossPiece(tail, QRectF(x, y, tail_w, line_h)))
            x += tail_w
    return GlossLayout(tuple(pieces), y + line_h if pieces else 0.0)


def _runs(item: str) -> list[tuple[str, str | None]]:
    """(text, label) runs of one gloss: "CL" → [("cl", "CL")]; "one-CL" → one, -, cl."""
    if is_label(item):
        return [(item.lower(), item)]
    parts = item.split("-")
    if len(parts) == 1 or not any(is_label(p) for p in parts):
        return [(item, None)]
    runs: list[tuple[str, str | None]] = []
    for k, part in enumerate(parts):
        if k:
            runs.append(("-", None))
        runs.append((part.lower(), part) if is_label(part) else (part, None))
    return [r for r in runs if r[0]]


def paint_gloss(
    painter: QPainter, layout: GlossLayout, origin: QPointF, font: QFont, caps: QFont, color: QColor
) -> None:
    """Draw a laid-out gloss with its top-left corner at origin."""
    painter.setPen(color)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
        Qt.TextFlag.TextSingleLine
    )
    for piece in layout.pieces:
        painter.setFont(caps if piece.label else font)
        rect = piece.rect.translated(origin)
        if piece.text == "·":
            painter.drawText(rect, flags | int(Qt.AlignmentFlag.AlignHCenter), "·")
        else:
            painter.drawText(rect.adjusted(0, 0, 2, 0), flags, piece.text)


def tooltip_for(label: str) -> str:
    """What a label means, for its tooltip."""
    return describe_label(label)
