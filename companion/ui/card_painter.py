"""Painting one feed card: cover (image, placeholder or pastel text cover), badge, title, footer.

The painter owns the card fonts and the text measuring the layout needs (a cached per-character
advance estimates a title's width; characters no installed font can draw are dropped so nothing
shows as a tofu box). It paints whatever `CardView` it is handed and keeps no per-post state
beyond a bounded cache of wrapped lines, keyed by the text and the font that wrap it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTextLayout,
    QTextOption,
)

from companion.store.posts import Difficulty, PostSummary
from companion.ui.card_text import (
    avatar_colors,
    badge_text,
    format_likes,
    level_color,
    text_cover_colors,
)
from companion.ui.cover_cache import top_rounded_path
from companion.ui.emoji_font import has_emoji_font
from companion.ui.fonts import load_fonts
from companion.ui.masonry import FOOTER_H, FOOTER_TOP, PAD, TARGET_CARD, TITLE_TOP
from companion.ui.theme import Theme

RADIUS = 12
LIFT = 2  # px a hovered card rises
TITLE_PX, META_PX, BADGE_PX = 14, 12, 10
WRAP_CACHE = 4000  # wrapped texts kept


def card_font(pixels: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    """The bundled UI font at a pixel size, unhinted (so estimates match what is painted)."""
    font = QFont(load_fonts())
    font.setPixelSize(pixels)
    font.setWeight(weight)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def heart_path(rect: QRectF) -> QPainterPath:
    """An outline heart fitting rect."""
    x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    path = QPainterPath()
    path.moveTo(x + w / 2, y + h * 0.95)
    path.cubicTo(x - w * 0.05, y + h * 0.55, x + w * 0.05, y + h * 0.02, x + w / 2, y + h * 0.27)
    path.cubicTo(x + w * 0.95, y + h * 0.02, x + w * 1.05, y + h * 0.55, x + w / 2, y + h * 0.95)
    return path


def wrap_text(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """Lay text out in at most max_lines lines of width; the last one elided if it overflows."""
    if not text or max_lines <= 0:
        return []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while len(spans) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    units = text.encode("utf-16-le")  # QTextLayout counts UTF-16 code units

    def piece(start: int, length: int | None = None) -> str:
        end = len(units) if length is None else 2 * (start + length)
        return units[2 * start : end].decode("utf-16-le", "ignore")

    lines = [piece(s, n).strip() for s, n in spans]
    if spans:
        last_start, last_len = spans[-1]
        if last_start + last_len < len(units) // 2:
            rest = piece(last_start).strip()
            lines[-1] = QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return [line for line in lines if line]


class Glyphs:
    """Which characters some available font can draw, and cached advances for estimates."""

    _JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")

    def __init__(self, font: QFont) -> None:
        self.metrics = QFontMetricsF(font)
        self._checks = [QFontMetrics(font)]
        general = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        self._checks.append(QFontMetrics(general))
        self._emoji = has_emoji_font()
        self._ok: dict[str, bool] = {}
        self._advance: dict[str, float] = {}

    def drawable(self, ch: str) -> bool:
        ok = self._ok.get(ch)
        if ok is None:
            if self._emoji or ch < "\u2000":
                ok = True
            elif ch in self._JOINERS or 0x1F3FB <= ord(ch) <= 0x1F3FF:
                ok = False  # emoji glue, meaningless without an emoji font
            else:
                ok = any(m.inFontUcs4(ord(ch)) for m in self._checks)
            self._ok[ch] = ok
        return ok

    def clean(self, text: str) -> str:
        """Text without characters that would render as tofu boxes (emoji without a font)."""
        if self._emoji:
            return text
        out = "".join(ch for ch in text if self.drawable(ch))
        return " ".join(out.split())

    def advance(self, text: str) -> float:
        """Estimated width of one line of text (sum of cached per-character advances)."""
        total = 0.0
        table = self._advance
        for ch in text:
            w = table.get(ch)
            if w is None:
                w = self.metrics.horizontalAdvance(ch) if self.drawable(ch) else 0.0
                table[ch] = w
            total += w
        return total


@dataclass(frozen=True)
class CardView:
    """What one card shows, as the widget hands it to the painter."""

    post: PostSummary
    title: str  # the display title ('' for none)
    title_lines: int
    cover_h: float
    cover: QPixmap | None  # the decoded cover, if any
    loading: bool  # a local cover is on its way (placeholder); else a text cover
    hovered: bool = False
    current: bool = False
    focused: bool = False


class CardPainter:
    """Paints cards in a theme; `set_card_width` scales the text covers' type with the card."""

    def __init__(self) -> None:
        self.title_font = card_font(TITLE_PX, QFont.Weight.Bold)
        self.meta_font = card_font(META_PX)
        self.badge_font = card_font(BADGE_PX, QFont.Weight.Medium)
        self.avatar_font = card_font(10, QFont.Weight.DemiBold)
        self.glyphs = Glyphs(self.title_font)
        self.title_lh = QFontMetrics(self.title_font).height()
        self.quote_font = QFont("Serif")
        self.quote_font.setStyleHint(QFont.StyleHint.Serif)
        self.quote_font.setWeight(QFont.Weight.Bold)
        self.cover_font = QFont()
        self.cover_lh = 0
        self._wrap_cache: dict[tuple[int, int, str, int, int], list[str]] = {}
        self.set_card_width(TARGET_CARD)

    def set_card_width(self, card_w: int) -> None:
        """Text covers scale their type with the card, like a poster."""
        pixels = max(16, min(26, round(card_w / 10.5)))
        self.cover_font = card_font(pixels, QFont.Weight.Bold)
        self.cover_lh = round(QFontMetrics(self.cover_font).height() * 1.02)
        self.quote_font.setPixelSize(round(card_w * 0.3))

    def wrapped(self, text: str, font: QFont, width: float, lines: int) -> list[str]:
        """wrap_text, cached by the text and the font and width that wrap it."""
        key = (font.pixelSize(), font.weight().value, text, round(width), lines)
        cached = self._wrap_cache.get(key)
        if cached is None:
            if len(self._wrap_cache) >= WRAP_CACHE:
                self._wrap_cache.clear()
            cached = self._wrap_cache[key] = wrap_text(text, font, width, lines)
        return cached

    # -- the card ----------------------------------------------------------------------------

    def paint(self, p: QPainter, rect: QRectF, card: CardView, t: Theme) -> None:
        """Paint card at rect (its resting place; a hovered card rises above it)."""
        dark = t.name == "dark"
        if card.hovered:
            rect = rect.translated(0, -LIFT)
            self._paint_shadow(p, rect, dark)
        w = rect.width()
        body = QPainterPath()
        body.addRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        p.fillPath(body, t.color("surface"))

        cover = QRectF(rect.left(), rect.top(), w, card.cover_h)
        if card.cover is not None:
            p.drawPixmap(cover, card.cover, QRectF(card.cover.rect()))
        elif card.loading:
            self._paint_placeholder(p, cover, t)
        else:
            self._paint_text_cover(p, card, cover, dark)

        border = QColor(t.accent if card.hovered else t.border)
        if card.hovered:
            border.setAlpha(150)
        p.setPen(QPen(border, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(body)

        label = badge_text(card.post.difficulty)
        if label:
            self._paint_badge(p, label, card.post.difficulty, cover)
        self._paint_text(p, card, rect, cover.bottom(), t)
        if card.current:
            outline = QPainterPath()
            outline.addRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), RADIUS + 1.5, RADIUS + 1.5)
            p.setPen(QPen(t.color("accent"), 2.5 if card.focused else 1.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(outline)

    def _paint_text(self, p: QPainter, card: CardView, rect: QRectF, y: float, t: Theme) -> None:
        """The title lines under the cover, then the footer."""
        text_w = rect.width() - 2 * PAD
        if card.title_lines:
            y += TITLE_TOP
            p.setFont(self.title_font)
            p.setPen(t.color("text"))
            for line in self.wrapped(card.title, self.title_font, text_w, card.title_lines):
                p.drawText(
                    QRectF(rect.left() + PAD, y, text_w, self.title_lh),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    line,
                )
                y += self.title_lh
        row = QRectF(rect.left() + PAD, y + FOOTER_TOP, text_w, FOOTER_H)
        self._paint_footer(p, card.post, row, t)

    def _paint_placeholder(self, p: QPainter, cover: QRectF, t: Theme) -> None:
        """A cover still decoding: a soft block with a faint picture glyph."""
        p.fillPath(top_rounded_path(cover, RADIUS), t.color("surface_alt"))
        ink = t.color("text_muted")
        ink.setAlpha(70)
        c = cover.center()
        frame = QRectF(c.x() - 15, c.y() - 12, 30, 24)
        p.setPen(QPen(ink, 1.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(frame, 4, 4)
        p.drawEllipse(QRectF(frame.left() + 6, frame.top() + 5, 5, 5))
        hills = QPainterPath()
        hills.moveTo(frame.left() + 4, frame.bottom() - 4)
        hills.lineTo(frame.left() + 12, frame.bottom() - 12)
        hills.lineTo(frame.left() + 18, frame.bottom() - 7)
        hills.lineTo(frame.left() + 21, frame.bottom() - 10)
        hills.lineTo(frame.right() - 4, frame.bottom() - 4)
        p.drawPath(hills)

    def _paint_shadow(self, p: QPainter, rect: QRectF, dark: bool) -> None:
        base = 70 if dark else 22
        p.setPen(Qt.PenStyle.NoPen)
        for step, alpha in ((7, base // 5), (5, base // 3), (3, base // 2), (1.5, base)):
            shadow = QPainterPath()
            grown = rect.adjusted(-step, -step + 3, step, step + 3)
            shadow.addRoundedRect(grown, RADIUS + step, RADIUS + step)
            p.fillPath(shadow, QColor(0, 0, 0, alpha))

    def _paint_text_cover(self, p: QPainter, card: CardView, cover: QRectF, dark: bool) -> None:
        """A RedNote text note: the title in large type on a pastel picked from the post id."""
        post = card.post
        bg, fg = text_cover_colors(post.id, dark)
        p.fillPath(top_rounded_path(cover, RADIUS), QColor(bg))
        ink = QColor(fg)
        soft = QColor(fg)
        soft.setAlpha(45)
        side = round(cover.width() * 0.09)
        inner = cover.adjusted(side, side * 1.6, -side, -side * 1.6)
        p.setFont(self.quote_font)
        p.setPen(soft)
        quote_h = QFontMetricsF(self.quote_font).height()
        p.drawText(
            QRectF(inner.left() - 2, cover.top() + side * 0.6, inner.width(), quote_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            "\u201c",
        )
        text = card.title or " ".join(f"#{tag}" for tag in post.tags[:3])
        max_lines = max(1, min(5, int(inner.height() // self.cover_lh)))
        lines = self.wrapped(text, self.cover_font, inner.width(), max_lines)
        if lines:
            block = len(lines) * self.cover_lh
            y = inner.top() + max(0.0, (inner.height() - block) * 0.45)
            p.setFont(self.cover_font)
            p.setPen(ink)
            for line in lines:
                p.drawText(
                    QRectF(inner.left(), y, inner.width(), self.cover_lh),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    line,
                )
                y += self.cover_lh
        if post.tags and card.title:
            tags = "  ".join(f"#{self.glyphs.clean(tag)}" for tag in post.tags[:2])
            metrics = QFontMetricsF(self.meta_font)
            tags = metrics.elidedText(tags, Qt.TextElideMode.ElideRight, inner.width())
            ink.setAlpha(150)
            p.setFont(self.meta_font)
            p.setPen(ink)
            p.drawText(
                QRectF(inner.left(), cover.bottom() - side - 18, inner.width(), 18),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                tags,
            )

    def _paint_badge(
        self, p: QPainter, label: str, difficulty: Difficulty | None, cover: QRectF
    ) -> None:
        metrics = QFontMetricsF(self.badge_font)
        dot = 6.0
        height = 18.0
        max_w = cover.width() - 12
        text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, max_w - 19 - dot)
        width = min(max_w, metrics.horizontalAdvance(text) + 19 + dot)
        pill = QRectF(cover.left() + 6, cover.top() + 6, width, height)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 128))
        p.drawRoundedRect(pill, height / 2, height / 2)
        level = difficulty.level if difficulty else None
        p.setBrush(QColor(level_color(level)))
        p.drawEllipse(QRectF(pill.left() + 7, pill.center().y() - dot / 2, dot, dot))
        p.setFont(self.badge_font)
        p.setPen(QColor("white"))
        p.drawText(
            pill.adjusted(7 + dot + 4, 0, -7, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )

    def _paint_footer(self, p: QPainter, post: PostSummary, row: QRectF, t: Theme) -> None:
        """The author's avatar and name on the left, a heart and the likes on the right."""
        metrics = QFontMetricsF(self.meta_font)
        likes = format_likes(post.likes)
        likes_w = metrics.horizontalAdvance(likes)
        heart = 13.0
        right_w = heart + 4 + likes_w
        p.setFont(self.meta_font)
        p.setPen(t.color("text_muted"))
        p.drawText(
            QRectF(row.right() - likes_w, row.top(), likes_w + 1, row.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            likes,
        )
        heart_rect = QRectF(
            row.right() - right_w, row.center().y() - heart / 2 + 0.5, heart, heart * 0.92
        )
        p.setPen(QPen(t.color("text_muted"), 1.3))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(heart_path(heart_rect))

        author = self.glyphs.clean(post.author)
        avatar = 18.0
        bg, fg = avatar_colors(post.author, t.name == "dark")
        circle = QRectF(row.left(), row.center().y() - avatar / 2, avatar, avatar)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(bg))
        p.drawEllipse(circle)
        if author:
            p.setFont(self.avatar_font)
            p.setPen(QColor(fg))
            p.drawText(circle, Qt.AlignmentFlag.AlignCenter, author[0])
        name_left = circle.right() + 6
        name_w = row.right() - right_w - 8 - name_left
        if name_w > 8 and author:
            p.setFont(self.meta_font)
            p.setPen(t.color("text_muted"))
            name = metrics.elidedText(author, Qt.TextElideMode.ElideRight, name_w)
            p.drawText(
                QRectF(name_left, row.top(), name_w, row.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
