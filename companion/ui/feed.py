"""The post feed: a RedNote-style waterfall (masonry) of post cards, virtualised for huge lists.

Geometry for every card is computed up front from cheap estimates (a cached per-character
advance for the title, a 3:4 cover until the real image says otherwise) and kept in flat lists;
painting and hit-testing look cards up per column by binary search, so only visible cards cost
anything. Covers are decoded lazily on a QThreadPool (QImageReader scaled to the card's device
pixels, top corners rounded off-thread) and kept in an LRU of pixmaps; remote URLs are never
fetched, and posts without a local cover get a pastel "text cover" like RedNote's text notes.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QRect,
    QRectF,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QFontMetricsF,
    QImage,
    QImageIOHandler,
    QImageReader,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QStyle, QWidget

from companion.importers.images import is_remote
from companion.store.posts import Difficulty, PostSummary
from companion.ui import theme as theme_mod
from companion.ui.fonts import load_fonts
from companion.ui.theme import Theme

CoverPath = Callable[[PostSummary], Path | None]

GAP = 12  # between cards, both ways
MARGIN = 12  # around the waterfall
RADIUS = 12
PAD = 10  # inside a card, left/right of the text
TARGET_CARD = 240
MIN_COLUMNS, MAX_COLUMNS = 2, 5
PORTRAIT = 4 / 3  # cover height / width: 3:4 portrait ...
LANDSCAPE = 3 / 4  # ... down to 4:3 landscape
TITLE_PX, META_PX, BADGE_PX = 14, 12, 10
TITLE_TOP, FOOTER_TOP, FOOTER_H, BOTTOM = 9, 8, 20, 10
TITLE_LINES = 2
LIFT = 2  # px a hovered card rises
CACHE_SIZE = 300  # decoded cover pixmaps kept
MAX_IN_FLIGHT = 6

_LIGHT_PASTELS = (
    ("#fde2e4", "#7a2e3a"),
    ("#e3f2d9", "#2f5a24"),
    ("#d9ecf7", "#1f4e6b"),
    ("#fff1c7", "#6b5216"),
    ("#e7e0f7", "#47347a"),
    ("#fde3cf", "#7a4216"),
    ("#d8f3ea", "#1e5a48"),
    ("#f8dcef", "#6e2a58"),
)
_DARK_PASTELS = (
    ("#4a2a30", "#ffd9df"),
    ("#2d4128", "#d9f2cc"),
    ("#233b4b", "#cfe8f7"),
    ("#4a3f1f", "#fbeab8"),
    ("#352d4d", "#e2d9fb"),
    ("#4a3222", "#fde0c8"),
    ("#1f4038", "#cdf1e5"),
    ("#462a3f", "#f7d3ea"),
)
_EMOJI_FAMILIES = (
    "Noto Color Emoji",
    "Apple Color Emoji",
    "Segoe UI Emoji",
    "Twemoji",
    "Twitter Color Emoji",
    "JoyPixels",
    "EmojiOne Color",
)


# -- pure helpers --------------------------------------------------------------------------------


def format_likes(n: int | None) -> str:
    """RedNote-style counts: 987, 1.2万 (≥ 10,000), 3.4亿 (≥ 10^8)."""
    n = max(0, int(n or 0))
    if n < 10_000:
        return str(n)
    tenths = math.floor(n / 1_000 + 0.5)  # in units of 0.1万
    unit = "万"
    if tenths >= 100_000:
        tenths, unit = math.floor(n / 10_000_000 + 0.5), "亿"
    whole, frac = divmod(tenths, 10)
    return f"{whole}{unit}" if frac == 0 else f"{whole}.{frac}{unit}"


def hsk_label(level: float) -> str:
    """'1'…'6', or '7-9' for the advanced band (levels are rounded half up)."""
    n = min(7, max(1, math.floor(level + 0.5)))
    return "7-9" if n == 7 else str(n)


def badge_text(difficulty: Difficulty | None) -> str | None:
    """'HSK 3 · 42% known', '42% known' without a level, None without a difficulty."""
    if difficulty is None:
        return None
    known = f"{math.floor(difficulty.known_share * 100 + 0.5)}% known"
    if difficulty.level is None:
        return known
    return f"HSK {hsk_label(difficulty.level)} · {known}"


def column_count_for_width(width: int) -> int:
    """Columns for an available width: cards near TARGET_CARD px, between 2 and 5 columns."""
    inner = width - 2 * MARGIN
    n = round((inner + GAP) / (TARGET_CARD + GAP))
    return max(MIN_COLUMNS, min(MAX_COLUMNS, n))


def card_width_for(width: int, columns: int) -> int:
    """Card width that fills `width` with `columns` cards, GAP apart, MARGIN at the edges."""
    return max(40, (width - 2 * MARGIN - (columns - 1) * GAP) // columns)


def text_cover_colors(post_id: int, dark: bool) -> tuple[str, str]:
    """(background, text) of a post's text cover: a pastel picked from a hash of its id."""
    mixed = (post_id * 2654435761) & 0xFFFFFFFF
    palette = _DARK_PASTELS if dark else _LIGHT_PASTELS
    return palette[(mixed >> 13) % len(palette)]


def clamp_aspect(height_over_width: float) -> float:
    """A cover's height/width, clamped between 4:3 landscape and 3:4 portrait."""
    return min(PORTRAIT, max(LANDSCAPE, height_over_width))


def top_rounded_path(rect: QRectF, radius: float) -> QPainterPath:
    """A rectangle with its top two corners rounded (a cover's shape)."""
    path = QPainterPath()
    path.moveTo(rect.left(), rect.bottom())
    path.lineTo(rect.left(), rect.top() + radius)
    path.arcTo(QRectF(rect.left(), rect.top(), 2 * radius, 2 * radius), 180, -90)
    path.lineTo(rect.right() - radius, rect.top())
    path.arcTo(QRectF(rect.right() - 2 * radius, rect.top(), 2 * radius, 2 * radius), 90, -90)
    path.lineTo(rect.right(), rect.bottom())
    path.closeSubpath()
    return path


def heart_path(rect: QRectF) -> QPainterPath:
    """An outline heart fitting rect."""
    x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    path = QPainterPath()
    path.moveTo(x + w / 2, y + h * 0.95)
    path.cubicTo(x - w * 0.05, y + h * 0.55, x + w * 0.05, y + h * 0.02, x + w / 2, y + h * 0.27)
    path.cubicTo(x + w * 0.95, y + h * 0.02, x + w * 1.05, y + h * 0.55, x + w / 2, y + h * 0.95)
    return path


def _font(pixels: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    font = QFont(load_fonts())
    font.setPixelSize(pixels)
    font.setWeight(weight)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


@cache
def _has_emoji_font() -> bool:
    families = set(QFontDatabase.families())
    return any(f in families for f in _EMOJI_FAMILIES)


class _Glyphs:
    """Which characters some available font can draw, and cached advances for estimates."""

    _JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")

    def __init__(self, font: QFont) -> None:
        self.metrics = QFontMetricsF(font)
        self._checks = [QFontMetrics(font)]
        general = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        self._checks.append(QFontMetrics(general))
        self._emoji = _has_emoji_font()
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


# -- cover decoding (worker threads) -------------------------------------------------------------


def decode_cover(path: str, width_px: int, radius_px: float) -> tuple[QImage | None, float]:
    """Read an image scaled to width_px device pixels, centre-cropped to the clamped aspect,
    with its top corners rounded off. Safe off the UI thread (QImage only)."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        return None, PORTRAIT
    raw_w, raw_h = size.width(), size.height()
    rotated = bool(reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90)
    iw, ih = (raw_h, raw_w) if rotated else (raw_w, raw_h)
    aspect = clamp_aspect(ih / iw)
    tw = max(1, width_px)
    th = max(1, round(tw * aspect))
    scale = max(tw / iw, th / ih)
    sw, sh = max(tw, round(iw * scale)), max(th, round(ih * scale))
    reader.setScaledSize(QSize(sh, sw) if rotated else QSize(sw, sh))
    image = reader.read()
    if image.isNull():
        return None, PORTRAIT
    if image.width() != tw or image.height() != th:
        image = image.copy((image.width() - tw) // 2, (image.height() - th) // 2, tw, th)
    out = QImage(tw, th, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillPath(top_rounded_path(QRectF(0, 0, tw, th), radius_px), QColor("white"))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.drawImage(0, 0, image)
    painter.end()
    return out, aspect


class _CoverSignals(QObject):
    loaded = Signal(str, object, float)  # key, QImage or None, clamped aspect


class _CoverJob(QRunnable):
    def __init__(
        self, key: str, path: str, width_px: int, radius_px: float, signals: _CoverSignals
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the widget holds it until its result arrives
        self.key, self.path, self.width_px, self.radius_px = key, path, width_px, radius_px
        self.signals = signals

    def run(self) -> None:
        try:
            image, aspect = decode_cover(self.path, self.width_px, self.radius_px)
        except Exception:  # a broken file must never kill the worker or lose the signal
            image, aspect = None, PORTRAIT
        self.signals.loaded.emit(self.key, image, aspect)


# -- the widget ----------------------------------------------------------------------------------


class FeedWidget(QAbstractScrollArea):
    """A scrollable waterfall of post cards; click or Enter activates a post."""

    post_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Post feed")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self._theme = theme_mod.current()

        self._title_font = _font(TITLE_PX, QFont.Weight.Bold)
        self._meta_font = _font(META_PX)
        self._badge_font = _font(BADGE_PX, QFont.Weight.Medium)
        self._avatar_font = _font(10, QFont.Weight.DemiBold)
        self._glyphs = _Glyphs(self._title_font)
        title_metrics = QFontMetrics(self._title_font)
        self._title_lh = title_metrics.height()
        self._quote_font = QFont("Serif")
        self._quote_font.setStyleHint(QFont.StyleHint.Serif)
        self._quote_font.setWeight(QFont.Weight.Bold)
        self._cover_font = QFont()
        self._cover_lh = 0
        self._set_cover_font(TARGET_CARD)

        self._posts: list[PostSummary] = []
        self._cover_fn: CoverPath = lambda _post: None
        self._titles: list[str] = []  # display titles (no tofu)
        self._title_w: list[float] = []
        self._aspect: list[float] = []  # cover height / width per card
        self._known_aspect: dict[tuple[int, str], float] = {}
        self._paths: dict[int, str | None] = {}  # index -> resolved local cover (lazy)
        self._key_users: dict[str, set[int]] = {}

        # layout (flat lists, one entry per card; per column: indices, tops, bottoms)
        self._columns = MIN_COLUMNS
        self._card_w = 0
        self._layout_w = -1
        self._col: list[int] = []
        self._y: list[int] = []
        self._h: list[int] = []
        self._title_lines: list[int] = []
        self._col_items: list[list[int]] = []
        self._col_tops: list[list[int]] = []
        self._col_bottoms: list[list[int]] = []
        self._content_h = 0
        self._wrap_cache: dict[tuple[int, int, str], list[str]] = {}

        self._current: int | None = None
        self._hover: int | None = None
        self._pressed: int | None = None
        self.last_painted: list[int] = []

        # covers
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._failed: set[str] = set()
        self._jobs: dict[str, _CoverJob] = {}
        self.loads_started = 0
        self._signals = _CoverSignals()
        self._signals.loaded.connect(self._on_cover_loaded)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(2, min(4, QThreadPool.globalInstance().maxThreadCount())))
        self._load_timer = QTimer(self, singleShot=True, interval=0)
        self._load_timer.timeout.connect(self._schedule_loads)
        self._relayout_timer = QTimer(self, singleShot=True, interval=0)
        self._relayout_timer.timeout.connect(lambda: self._relayout(force=True))

        self.verticalScrollBar().setSingleStep(40)

    # -- public API --------------------------------------------------------------------------

    def set_posts(self, posts: Sequence[PostSummary], cover_path: CoverPath) -> None:
        """Show posts (in order); cover_path maps a post to its local cover file or None."""
        self._posts = list(posts)
        self._cover_fn = cover_path
        clean, advance, known = self._glyphs.clean, self._glyphs.advance, self._known_aspect
        self._titles = [clean(p.title) for p in self._posts]
        self._title_w = [advance(t) for t in self._titles]
        self._aspect = [known.get((p.id, p.cover), PORTRAIT) for p in self._posts]
        self._paths = {}
        self._key_users = {}
        self._failed.clear()  # a missing file may have arrived since
        self._wrap_cache.clear()
        self._current = None
        self._hover = self._pressed = None
        self._relayout(force=True, anchor=False)
        self.verticalScrollBar().setValue(0)
        self.viewport().update()
        self._load_timer.start()

    def posts(self) -> list[PostSummary]:
        return list(self._posts)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._wrap_cache.clear()
        self.viewport().update()

    def current_index(self) -> int | None:
        return self._current

    def set_current_index(self, i: int) -> None:
        """Make card i current (outlined) and scroll it into view."""
        if not 0 <= i < len(self._posts):
            return
        old, self._current = self._current, i
        for index in (old, i):
            if index is not None:
                self.viewport().update(self._dirty_rect(index))
        self.ensure_visible(i)
        post = self._posts[i]
        self.setAccessibleDescription(f"{post.title} — {post.author}")

    def card_rect(self, index: int) -> QRect:
        """Card index's rectangle in viewport coordinates (scroll-adjusted)."""
        return QRect(
            self._x0() + self._col[index] * (self._card_w + GAP),
            self._y[index] - self.verticalScrollBar().value(),
            self._card_w,
            self._h[index],
        )

    def column_count(self) -> int:
        return self._columns

    def column_of(self, index: int) -> int:
        return self._col[index]

    def card_at(self, pos: QPoint) -> int | None:
        """The card under a viewport point, or None."""
        if not self._posts:
            return None
        rel = pos.x() - self._x0()
        if rel < 0:
            return None
        column, offset = divmod(rel, self._card_w + GAP)
        if column >= self._columns or offset >= self._card_w:
            return None
        y = pos.y() + self.verticalScrollBar().value()
        k = bisect_right(self._col_tops[column], y) - 1
        if k >= 0 and y < self._col_bottoms[column][k]:
            return self._col_items[column][k]
        return None

    def visible_indices(self, margin: int = 0) -> list[int]:
        """Cards intersecting the viewport grown by margin px above and below."""
        top = self.verticalScrollBar().value() - margin
        bottom = top + self.viewport().height() + 2 * margin
        found: list[int] = []
        for column in range(len(self._col_items)):
            bottoms, items = self._col_bottoms[column], self._col_items[column]
            k = bisect_right(bottoms, top)
            tops = self._col_tops[column]
            while k < len(items) and tops[k] < bottom:
                found.append(items[k])
                k += 1
        return found

    @property
    def last_painted_count(self) -> int:
        """How many cards the last paint drew (virtualisation check)."""
        return len(self.last_painted)

    def cover_state(self, index: int) -> str:
        """'loaded', 'loading', 'pending' (not requested yet), 'failed' or 'text' (no cover)."""
        key = self._path(index)
        if key is None:
            return "text"
        if key in self._pixmaps:
            return "loaded"
        if key in self._failed:
            return "failed"
        return "loading" if key in self._jobs else "pending"

    def is_cover_loaded(self, index: int) -> bool:
        return self.cover_state(index) == "loaded"

    def ensure_visible(self, index: int) -> None:
        bar = self.verticalScrollBar()
        top, bottom = self._y[index], self._y[index] + self._h[index]
        height = self.viewport().height()
        if top - MARGIN < bar.value():
            bar.setValue(top - MARGIN)
        elif bottom + MARGIN > bar.value() + height:
            bar.setValue(min(top - MARGIN, bottom + MARGIN - height))

    def wait_for_covers(self, msecs: int = 5_000) -> bool:
        """Block until queued decodes finish (tests and shutdown)."""
        return self._pool.waitForDone(msecs)

    # -- layout ------------------------------------------------------------------------------

    def _available_width(self) -> int:
        """Width the waterfall may use: the viewport, always reserving the scrollbar's room so
        the scrollbar appearing never reflows the columns."""
        extent = self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent, None, self.verticalScrollBar()
        )
        return max(0, self.contentsRect().width() - extent)

    def _x0(self) -> int:
        used = self._columns * self._card_w + (self._columns - 1) * GAP
        return max(MARGIN, (self.viewport().width() - used) // 2)

    def _card_height(self, i: int, width: int) -> tuple[int, int]:
        """(card height, title lines) for card i at a card width."""
        cover = round(width * self._aspect[i])
        text_w = width - 2 * PAD
        tw = self._title_w[i]
        lines = 0 if tw <= 0 else (1 if tw <= text_w * 0.97 else TITLE_LINES)
        title = TITLE_TOP + lines * self._title_lh if lines else 0
        return cover + title + FOOTER_TOP + FOOTER_H + BOTTOM, lines

    def _relayout(self, force: bool = False, anchor: bool = True) -> None:
        width = self._available_width()
        if not force and width == self._layout_w:
            self._update_scrollbar()
            return
        anchor_index, anchor_offset = self._anchor() if anchor else (None, 0.0)
        self._layout_w = width
        self._columns = column_count_for_width(width)
        self._card_w = card_w = card_width_for(width, self._columns)
        self._set_cover_font(card_w)
        n = len(self._posts)
        cols = self._columns
        heights = [MARGIN] * cols
        col_of, ys, hs, lines_of = [0] * n, [0] * n, [0] * n, [0] * n
        items: list[list[int]] = [[] for _ in range(cols)]
        tops: list[list[int]] = [[] for _ in range(cols)]
        bottoms: list[list[int]] = [[] for _ in range(cols)]
        card_height = self._card_height
        column_range = range(cols)
        for i in range(n):
            c = min(column_range, key=heights.__getitem__)  # shortest column, leftmost on ties
            h, lines = card_height(i, card_w)
            y = heights[c]
            col_of[i], ys[i], hs[i], lines_of[i] = c, y, h, lines
            items[c].append(i)
            tops[c].append(y)
            bottoms[c].append(y + h)
            heights[c] = y + h + GAP
        self._col, self._y, self._h, self._title_lines = col_of, ys, hs, lines_of
        self._col_items, self._col_tops, self._col_bottoms = items, tops, bottoms
        self._content_h = (max(heights) - GAP + MARGIN) if n else 0
        self._wrap_cache.clear()
        self._update_scrollbar()
        if anchor_index is not None and anchor_index < n:
            offset = anchor_offset
            if offset < 0:  # a card cut by the top edge keeps the same share hidden
                offset *= self._h[anchor_index]
            self.verticalScrollBar().setValue(round(self._y[anchor_index] - offset))
        self.viewport().update()
        self._load_timer.start()

    def _anchor(self) -> tuple[int | None, float]:
        """The card to keep still across a relayout (current if visible, else the first visible)
        and where its top is: px below the viewport top, or, when the top edge cuts it, the
        hidden share of its height as a negative fraction."""
        if not self._posts or not self._y:
            return None, 0.0
        visible = self.visible_indices()
        if not visible:
            return None, 0.0
        index = self._current if self._current in visible else min(visible)
        offset = self._y[index] - self.verticalScrollBar().value()
        return index, (offset if offset >= 0 else offset / max(1, self._h[index]))

    def _update_scrollbar(self) -> None:
        bar = self.verticalScrollBar()
        page = max(1, self.viewport().height())
        bar.setPageStep(page)
        bar.setRange(0, max(0, self._content_h - page))

    # -- covers ------------------------------------------------------------------------------

    def _path(self, index: int) -> str | None:
        """The local cover file of card index (resolved once), or None for a text cover."""
        if index in self._paths:
            return self._paths[index]
        post = self._posts[index]
        path: Path | None = None
        if post.cover and not is_remote(post.cover):
            try:
                path = self._cover_fn(post)
            except Exception:
                path = None
        key = None if path is None or is_remote(path) else str(path)
        self._paths[index] = key
        if key is not None:
            self._key_users.setdefault(key, set()).add(index)
        return key

    def _wanted_width_px(self) -> int:
        return max(1, round(self._card_w * self.devicePixelRatioF()))

    def _schedule_loads(self) -> None:
        """Start decodes for covers within about a viewport of the visible area, nearest first."""
        if not self._posts or not self.isVisible():
            return
        slots = MAX_IN_FLIGHT - len(self._jobs)
        if slots <= 0:
            return
        height = self.viewport().height()
        top = self.verticalScrollBar().value()
        centre = top + height / 2
        candidates = self.visible_indices(margin=height)
        candidates.sort(key=lambda i: abs(self._y[i] + self._h[i] / 2 - centre))
        width_px = self._wanted_width_px()
        for i in candidates:
            key = self._path(i)
            if key is None or key in self._jobs or key in self._failed:
                continue
            pixmap = self._pixmaps.get(key)
            if pixmap is not None:
                self._pixmaps.move_to_end(key)
                if abs(pixmap.width() - width_px) <= max(2, width_px // 12):
                    continue
            job = _CoverJob(key, key, width_px, RADIUS * self.devicePixelRatioF(), self._signals)
            self._jobs[key] = job
            self.loads_started += 1
            self._pool.start(job)
            slots -= 1
            if slots <= 0:
                break

    def _on_cover_loaded(self, key: str, image: QImage | None, aspect: float) -> None:
        self._jobs.pop(key, None)
        users = self._key_users.get(key, set())
        if image is None or image.isNull():
            self._failed.add(key)
        else:
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            self._pixmaps[key] = pixmap
            self._pixmaps.move_to_end(key)
            while len(self._pixmaps) > CACHE_SIZE:
                self._pixmaps.popitem(last=False)
            changed = False
            for i in users:
                if i < len(self._posts):
                    post = self._posts[i]
                    self._known_aspect[(post.id, post.cover)] = aspect
                    if abs(self._aspect[i] - aspect) > 1e-3:
                        self._aspect[i] = aspect
                        changed = True
            if changed:
                self._relayout_timer.start()
        for i in users:
            if i < len(self._posts):
                self.viewport().update(self._dirty_rect(i))
        self._load_timer.start()

    # -- painting ----------------------------------------------------------------------------

    def _dirty_rect(self, index: int) -> QRect:
        return self.card_rect(index).adjusted(-8, -8 - LIFT, 8, 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(event.rect(), self._theme.color("window"))
        painted: list[int] = []
        area = event.rect().adjusted(0, -12, 0, 12)  # hover shadows spill a little
        scroll = self.verticalScrollBar().value()
        top, bottom = area.top() + scroll, area.bottom() + scroll
        for column in range(len(self._col_items)):
            x = self._x0() + column * (self._card_w + GAP)
            if x > area.right() + 8 or x + self._card_w < area.left() - 8:
                continue
            bottoms, tops, items = (
                self._col_bottoms[column],
                self._col_tops[column],
                self._col_items[column],
            )
            k = bisect_right(bottoms, top)
            while k < len(items) and tops[k] <= bottom:
                index = items[k]
                if index != self._hover:
                    self._paint_card(painter, index)
                    painted.append(index)
                k += 1
        if self._hover is not None and self.card_rect(self._hover).intersects(area):
            self._paint_card(painter, self._hover)  # on top, so its shadow is not covered
            painted.append(self._hover)
        painter.end()
        self.last_painted = painted

    def _paint_card(self, p: QPainter, index: int) -> None:
        t = self._theme
        post = self._posts[index]
        dark = t.name == "dark"
        hovered = index == self._hover
        rect = QRectF(self.card_rect(index))
        if hovered:
            rect.translate(0, -LIFT)
            self._paint_shadow(p, rect, dark)
        w = rect.width()
        cover_h = float(round(self._card_w * self._aspect[index]))
        body = QPainterPath()
        body.addRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        p.fillPath(body, t.color("surface"))

        cover = QRectF(rect.left(), rect.top(), w, cover_h)
        key = self._path(index)
        pixmap = self._pixmaps.get(key) if key else None
        if pixmap is not None:
            p.drawPixmap(cover, pixmap, QRectF(pixmap.rect()))
        elif key is not None and key not in self._failed:
            self._paint_placeholder(p, cover)
        else:
            self._paint_text_cover(p, index, cover, dark)

        border = QColor(t.accent if hovered else t.border)
        if hovered:
            border.setAlpha(150)
        p.setPen(QPen(border, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(body)

        label = badge_text(post.difficulty)
        if label:
            self._paint_badge(p, label, post.difficulty, cover)

        y = cover.bottom()
        text_w = w - 2 * PAD
        lines = self._title_lines[index]
        if lines:
            y += TITLE_TOP
            p.setFont(self._title_font)
            p.setPen(t.color("text"))
            for line in self._wrapped(index, "title", self._title_font, text_w, lines):
                p.drawText(
                    QRectF(rect.left() + PAD, y, text_w, self._title_lh),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    line,
                )
                y += self._title_lh
        self._paint_footer(p, post, QRectF(rect.left() + PAD, y + FOOTER_TOP, text_w, FOOTER_H))

        if index == self._current:
            outline = QPainterPath()
            outline.addRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), RADIUS + 1.5, RADIUS + 1.5)
            p.setPen(QPen(t.color("accent"), 2.5 if self.hasFocus() else 1.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(outline)

    def _paint_placeholder(self, p: QPainter, cover: QRectF) -> None:
        """A cover still decoding: a soft block with a faint picture glyph."""
        t = self._theme
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

    def _set_cover_font(self, card_w: int) -> None:
        """Text covers scale their type with the card, like a poster."""
        pixels = max(16, min(26, round(card_w / 10.5)))
        self._cover_font = _font(pixels, QFont.Weight.Bold)
        self._cover_lh = round(QFontMetrics(self._cover_font).height() * 1.02)
        self._quote_font.setPixelSize(round(card_w * 0.3))

    def _paint_text_cover(self, p: QPainter, index: int, cover: QRectF, dark: bool) -> None:
        """A RedNote text note: the title in large type on a pastel picked from the post id."""
        post = self._posts[index]
        bg, fg = text_cover_colors(post.id, dark)
        p.fillPath(top_rounded_path(cover, RADIUS), QColor(bg))
        ink = QColor(fg)
        soft = QColor(fg)
        soft.setAlpha(45)
        side = round(cover.width() * 0.09)
        inner = cover.adjusted(side, side * 1.6, -side, -side * 1.6)
        p.setFont(self._quote_font)
        p.setPen(soft)
        quote_h = QFontMetricsF(self._quote_font).height()
        p.drawText(
            QRectF(inner.left() - 2, cover.top() + side * 0.6, inner.width(), quote_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            "\u201c",
        )
        text = self._titles[index] or " ".join(f"#{tag}" for tag in post.tags[:3])
        max_lines = max(1, min(5, int(inner.height() // self._cover_lh)))
        lines = self._wrapped(index, "cover", self._cover_font, inner.width(), max_lines, text)
        if lines:
            block = len(lines) * self._cover_lh
            y = inner.top() + max(0.0, (inner.height() - block) * 0.45)
            p.setFont(self._cover_font)
            p.setPen(ink)
            for line in lines:
                p.drawText(
                    QRectF(inner.left(), y, inner.width(), self._cover_lh),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    line,
                )
                y += self._cover_lh
        if post.tags and self._titles[index]:
            tags = "  ".join(f"#{self._glyphs.clean(tag)}" for tag in post.tags[:2])
            metrics = QFontMetricsF(self._meta_font)
            tags = metrics.elidedText(tags, Qt.TextElideMode.ElideRight, inner.width())
            ink.setAlpha(150)
            p.setFont(self._meta_font)
            p.setPen(ink)
            p.drawText(
                QRectF(inner.left(), cover.bottom() - side - 18, inner.width(), 18),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                tags,
            )

    def _paint_badge(
        self, p: QPainter, label: str, difficulty: Difficulty | None, cover: QRectF
    ) -> None:
        metrics = QFontMetricsF(self._badge_font)
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
        p.setBrush(QColor(_level_color(level)))
        p.drawEllipse(QRectF(pill.left() + 7, pill.center().y() - dot / 2, dot, dot))
        p.setFont(self._badge_font)
        p.setPen(QColor("white"))
        p.drawText(
            pill.adjusted(7 + dot + 4, 0, -7, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )

    def _paint_footer(self, p: QPainter, post: PostSummary, row: QRectF) -> None:
        t = self._theme
        metrics = QFontMetricsF(self._meta_font)
        likes = format_likes(post.likes)
        likes_w = metrics.horizontalAdvance(likes)
        heart = 13.0
        right_w = heart + 4 + likes_w
        p.setFont(self._meta_font)
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

        author = self._glyphs.clean(post.author)
        avatar = 18.0
        bg, fg = text_cover_colors(_stable_hash(post.author), t.name == "dark")
        circle = QRectF(row.left(), row.center().y() - avatar / 2, avatar, avatar)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(bg))
        p.drawEllipse(circle)
        if author:
            p.setFont(self._avatar_font)
            p.setPen(QColor(fg))
            p.drawText(circle, Qt.AlignmentFlag.AlignCenter, author[0])
        name_left = circle.right() + 6
        name_w = row.right() - right_w - 8 - name_left
        if name_w > 8 and author:
            p.setFont(self._meta_font)
            p.setPen(t.color("text_muted"))
            name = metrics.elidedText(author, Qt.TextElideMode.ElideRight, name_w)
            p.drawText(
                QRectF(name_left, row.top(), name_w, row.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                name,
            )

    def _wrapped(
        self, index: int, kind: str, font: QFont, width: float, lines: int, text: str | None = None
    ) -> list[str]:
        key = (index, round(width), kind)
        cached = self._wrap_cache.get(key)
        if cached is None:
            if len(self._wrap_cache) > 4000:
                self._wrap_cache.clear()
            source = self._titles[index] if text is None else text
            cached = wrap_text(source, font, width, lines)
            self._wrap_cache[key] = cached
        return cached

    # -- events ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._relayout()
        self._load_timer.start()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().scroll(dx, dy)  # blit; only the uncovered strip is painted
        if self.viewport().underMouse():
            self._set_hover(self.card_at(self.viewport().mapFromGlobal(QCursor.pos())))
        self._load_timer.start()

    def _set_hover(self, index: int | None) -> None:
        if index == self._hover:
            return
        for old in (self._hover, index):
            if old is not None:
                self.viewport().update(self._dirty_rect(old))
        self._hover = index
        if index is None:
            self.viewport().unsetCursor()
        else:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._set_hover(self.card_at(event.position().toPoint()))
        super().mouseMoveEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self._set_hover(None)
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed = self.card_at(event.position().toPoint())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.card_at(event.position().toPoint())
            pressed, self._pressed = self._pressed, None
            if index is not None and index == pressed:
                self.set_current_index(index)
                self.post_activated.emit(self._posts[index].id)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if not self._posts:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._current is not None:
                self.post_activated.emit(self._posts[self._current].id)
            event.accept()
            return
        moves = {
            Qt.Key.Key_Left: self._step_across,
            Qt.Key.Key_Right: self._step_across,
            Qt.Key.Key_Up: self._step_within,
            Qt.Key.Key_Down: self._step_within,
            Qt.Key.Key_PageUp: self._step_page,
            Qt.Key.Key_PageDown: self._step_page,
            Qt.Key.Key_Home: self._step_end,
            Qt.Key.Key_End: self._step_end,
        }
        move = moves.get(Qt.Key(key))
        if move is None:
            super().keyPressEvent(event)
            return
        if self._current is None:  # the first key press picks the first visible card
            visible = self.visible_indices()
            target = move(0, key) if key == Qt.Key.Key_End else min(visible, default=0)
        else:
            target = move(self._current, key)
        if target is not None:
            self.set_current_index(target)
        event.accept()

    def _step_within(self, index: int, key: int) -> int | None:
        column = self._col[index]
        k = self._position_in_column(index) + (-1 if key == Qt.Key.Key_Up else 1)
        items = self._col_items[column]
        return items[k] if 0 <= k < len(items) else None

    def _step_across(self, index: int, key: int) -> int | None:
        column = self._col[index] + (-1 if key == Qt.Key.Key_Left else 1)
        if not 0 <= column < self._columns or not self._col_items[column]:
            return None
        return self._nearest_in_column(column, self._y[index] + self._h[index] / 2)

    def _step_page(self, index: int, key: int) -> int | None:
        delta = self.viewport().height() * (-1 if key == Qt.Key.Key_PageUp else 1)
        return self._nearest_in_column(
            self._col[index], self._y[index] + self._h[index] / 2 + delta
        )

    def _step_end(self, index: int, key: int) -> int | None:
        return 0 if key == Qt.Key.Key_Home else len(self._posts) - 1

    def _position_in_column(self, index: int) -> int:
        column = self._col[index]
        return bisect_left(self._col_tops[column], self._y[index])

    def _nearest_in_column(self, column: int, centre: float) -> int:
        tops, bottoms, items = (
            self._col_tops[column],
            self._col_bottoms[column],
            self._col_items[column],
        )
        k = bisect_right(tops, centre)
        best = None
        for j in (k - 1, k):
            if 0 <= j < len(items):
                distance = abs((tops[j] + bottoms[j]) / 2 - centre)
                if best is None or distance < best[0]:
                    best = (distance, items[j])
        assert best is not None
        return best[1]


def _level_color(level: float | None) -> str:
    """Badge dot: green for beginner posts through red for advanced ones."""
    if level is None:
        return "#c8ccd2"
    n = math.floor(level + 0.5)
    if n <= 2:
        return "#4cd08a"
    if n <= 4:
        return "#5cb8ff"
    if n <= 6:
        return "#ffb648"
    return "#ff6b6b"


def _stable_hash(text: str) -> int:
    """A process-independent hash (Python's str hash is salted per run)."""
    value = 2166136261
    for ch in text:
        value = ((value ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return value
