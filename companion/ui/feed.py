"""The post feed: a RedNote-style waterfall (masonry) of post cards, virtualised for huge lists.

The widget ties four parts together: `FeedModel` holds the rows (posts, display titles, cover
shapes, covers resolved to local files), `masonry.Masonry` places every card up front from cheap
estimates (a cached per-character advance for the title, a 3:4 cover until the real image says
otherwise), `CoverCache` decodes covers lazily off the UI thread within a memory budget, and
`CardPainter` paints a card. Painting and hit-testing look cards up per column by binary search,
so only visible cards cost anything. Remote addresses are never fetched; posts without a local
cover get a pastel "text cover" like RedNote's text notes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCursor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QStyle, QWidget

from companion.store.listing import Difficulty
from companion.store.posts import PostSummary
from companion.ui import theme as theme_mod
from companion.ui.card_painter import LIFT, RADIUS, CardPainter, CardView
from companion.ui.cover_cache import CoverCache
from companion.ui.feed_model import CoverPath, FeedModel
from companion.ui.masonry import Masonry, cover_height
from companion.ui.theme import Theme

__all__ = ["CoverPath", "FeedWidget"]

SHADOW_SPILL = 12  # px a hovered card's shadow reaches beyond it


class FeedWidget(QAbstractScrollArea):
    """A scrollable waterfall of post cards; click or Enter activates a post."""

    post_activated = Signal(int)
    more_wanted = Signal()
    key_help = (  # the keys keyPressEvent reads, for the shortcut sheet (ui/shortcuts.py)
        ((Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down), "Move between cards"),
        ((Qt.Key.Key_PageUp, Qt.Key.Key_PageDown), "A screen of cards up or down"),
        ((Qt.Key.Key_Home, Qt.Key.Key_End), "The first or the last card"),
        ((Qt.Key.Key_Return,), "Read the chosen post"),
    )
    """The view came within two screens of its last card and more posts exist (see
    ``set_posts``): the owner reads the next page and hands it to ``append_posts``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Post feed")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self._theme = theme_mod.current()
        self._painter = CardPainter()
        self._model = FeedModel()
        self._layout = Masonry()
        self._current: int | None = None
        self._hover: int | None = None
        self._pressed: int | None = None
        self.last_painted: list[int] = []
        self._has_more = False
        self._more_asked = False

        self._covers = CoverCache(self)
        self._covers.finished.connect(self._on_cover_finished)
        self._load_timer = QTimer(self, singleShot=True, interval=0)
        self._load_timer.timeout.connect(self._schedule_loads)
        self._relayout_timer = QTimer(self, singleShot=True, interval=0)
        self._relayout_timer.timeout.connect(lambda: self._relayout(force=True))
        self.verticalScrollBar().setSingleStep(40)

    # -- public API --------------------------------------------------------------------------

    def set_posts(
        self, posts: Sequence[PostSummary], cover_path: CoverPath, *, has_more: bool = False
    ) -> None:
        """Show posts (in order); cover_path maps a post to its local cover file or None.
        has_more: further posts follow, asked for with ``more_wanted`` as the user scrolls."""
        glyphs = self._painter.glyphs
        self._model.set_posts(posts, cover_path, glyphs.clean, glyphs.advance)
        self._has_more, self._more_asked = has_more, False
        self._covers.forget_failures()  # a missing file may have arrived since
        self._current = None
        self._hover = self._pressed = None
        self._relayout(force=True, anchor=False)
        self.verticalScrollBar().setValue(0)
        self.viewport().update()
        self._load_timer.start()

    def append_posts(self, posts: Sequence[PostSummary], *, has_more: bool = False) -> None:
        """Add the next page after the cards shown; what is on screen does not move (cards
        are placed in order, so the ones shown keep their places)."""
        self._model.append_posts(posts)
        self._has_more, self._more_asked = has_more, False
        self._relayout(force=True)

    def set_difficulties(self, found: Mapping[int, Difficulty]) -> None:
        """Repaint the badges of cards whose post's difficulty changed (nothing moves)."""
        for index in self._model.set_difficulties(found):
            self.viewport().update(self._dirty_rect(index))

    @property
    def has_more(self) -> bool:
        return self._has_more

    def posts(self) -> list[PostSummary]:
        return self._model.posts()

    def model(self) -> FeedModel:
        return self._model

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.viewport().update()

    def current_index(self) -> int | None:
        return self._current

    def set_current_index(self, i: int) -> None:
        """Make card i current (outlined) and scroll it into view."""
        if not 0 <= i < len(self._model):
            return
        old, self._current = self._current, i
        for index in (old, i):
            if index is not None:
                self.viewport().update(self._dirty_rect(index))
        self.ensure_visible(i)
        post = self._model.post(i)
        self.setAccessibleDescription(f"{post.title} — {post.author}")

    def card_rect(self, index: int) -> QRect:
        """Card index's rectangle in viewport coordinates (scroll-adjusted)."""
        x, y, w, h = self._layout.rect(index)
        return QRect(self._x0() + x, y - self.verticalScrollBar().value(), w, h)

    def column_count(self) -> int:
        return self._layout.columns

    def column_of(self, index: int) -> int:
        return self._layout.col[index]

    def card_at(self, pos: QPoint) -> int | None:
        """The card under a viewport point, or None."""
        return self._layout.card_at(
            pos.x() - self._x0(), pos.y() + self.verticalScrollBar().value()
        )

    def visible_indices(self, margin: int = 0) -> list[int]:
        """Cards intersecting the viewport grown by margin px above and below."""
        top = self.verticalScrollBar().value() - margin
        return self._layout.visible(top, top + self.viewport().height() + 2 * margin)

    @property
    def last_painted_count(self) -> int:
        """How many cards the last paint drew (virtualisation check)."""
        return len(self.last_painted)

    @property
    def loads_started(self) -> int:
        """Cover decodes started so far."""
        return self._covers.loads_started

    def cover_state(self, index: int) -> str:
        """'loaded', 'loading', 'pending' (not requested yet), 'failed' or 'text' (no cover)."""
        key = self._model.cover_key(index)
        return "text" if key is None else self._covers.state(key)

    def is_cover_loaded(self, index: int) -> bool:
        return self.cover_state(index) == "loaded"

    def ensure_visible(self, index: int) -> None:
        bar = self.verticalScrollBar()
        target = self._layout.scroll_to_show(index, bar.value(), self.viewport().height())
        if target != bar.value():
            bar.setValue(target)

    def wait_for_covers(self, msecs: int = 5_000) -> bool:
        """Block until queued decodes finish (tests and shutdown)."""
        return self._covers.wait(msecs)

    # -- layout ------------------------------------------------------------------------------

    def _available_width(self) -> int:
        """Width the waterfall may use: the viewport, always reserving the scrollbar's room so
        the scrollbar appearing never reflows the columns."""
        extent = self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent, None, self.verticalScrollBar()
        )
        return max(0, self.contentsRect().width() - extent)

    def _x0(self) -> int:
        return self._layout.x0(self.viewport().width())

    def _relayout(self, force: bool = False, anchor: bool = True) -> None:
        width = self._available_width()
        if not force and width == self._layout.width:
            self._update_scrollbar()
            self._want_more()
            return
        bar = self.verticalScrollBar()
        page = self.viewport().height()
        anchor_index, anchor_offset = (
            self._layout.anchor(bar.value(), page, self._current) if anchor else (None, 0.0)
        )
        model = self._model
        self._layout = Masonry.build(
            width, model.aspects, model.title_widths, self._painter.title_lh
        )
        self._painter.set_card_width(self._layout.card_w)
        self._update_scrollbar()
        if anchor_index is not None and anchor_index < len(self._layout):
            bar.setValue(self._layout.scroll_for_anchor(anchor_index, anchor_offset))
        self.viewport().update()
        self._load_timer.start()
        self._want_more()

    def _want_more(self) -> None:
        """Ask once for the next page when within two screens of the end."""
        if not self._has_more or self._more_asked:
            return
        bar, page = self.verticalScrollBar(), self.viewport().height()
        if bar.maximum() - bar.value() <= 2 * max(page, 1):
            self._more_asked = True
            self.more_wanted.emit()

    def _update_scrollbar(self) -> None:
        bar = self.verticalScrollBar()
        page = max(1, self.viewport().height())
        bar.setPageStep(page)
        bar.setRange(0, max(0, self._layout.content_h - page))

    # -- covers ------------------------------------------------------------------------------

    def _wanted_width_px(self) -> int:
        return max(1, round(self._layout.card_w * self.devicePixelRatioF()))

    def _schedule_loads(self) -> None:
        """Start decodes for covers within about a viewport of the visible area, nearest first."""
        covers = self._covers
        if not len(self._model) or not self.isVisible() or covers.free_slots <= 0:
            return
        height = self.viewport().height()
        centre = self.verticalScrollBar().value() + height / 2
        candidates = self._layout.nearest_first(self.visible_indices(margin=height), centre)
        width_px = self._wanted_width_px()
        dpr = self.devicePixelRatioF()
        for i in candidates:
            key = self._model.cover_key(i)
            if key is None or not covers.needs(key, width_px):
                continue
            covers.request(key, width_px, RADIUS * dpr, dpr)
            if covers.free_slots <= 0:
                break

    def _on_cover_finished(self, key: str, aspect: float, ok: bool) -> None:
        if ok and self._model.learn_aspect(key, aspect):
            self._relayout_timer.start()
        for i in self._model.users(key):
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
        area = event.rect().adjusted(0, -SHADOW_SPILL, 0, SHADOW_SPILL)
        scroll = self.verticalScrollBar().value()
        top, bottom = area.top() + scroll, area.bottom() + 1 + scroll
        layout, x0 = self._layout, self._x0()
        for column in range(len(layout.col_items)):
            x = x0 + layout.column_left(column)
            if x > area.right() + 8 or x + layout.card_w < area.left() - 8:
                continue
            for index in layout.in_column(column, top, bottom):
                if index != self._hover:
                    self._paint_card(painter, index)
                    painted.append(index)
        if self._hover is not None and self.card_rect(self._hover).intersects(area):
            self._paint_card(painter, self._hover)  # on top, so its shadow is not covered
            painted.append(self._hover)
        painter.end()
        self.last_painted = painted

    def _paint_card(self, p: QPainter, index: int) -> None:
        model = self._model
        key = model.cover_key(index)
        card = CardView(
            post=model.post(index),
            title=model.titles[index],
            title_lines=self._layout.lines[index],
            cover_h=float(cover_height(self._layout.card_w, model.aspects[index])),
            cover=self._covers.pixmap(key),
            loading=key is not None and not self._covers.failed(key),
            hovered=index == self._hover,
            current=index == self._current,
            focused=self.hasFocus(),
        )
        self._painter.paint(p, QRectF(self.card_rect(index)), card, self._theme)

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
        self._want_more()

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
                self.post_activated.emit(self._model.post(index).id)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if not len(self._model):
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._current is not None:
                self.post_activated.emit(self._model.post(self._current).id)
            event.accept()
            return
        if key not in _MOVES:
            super().keyPressEvent(event)
            return
        if self._current is None:  # the first key press picks the first visible card
            visible = self.visible_indices()
            target = self._move(0, key) if key == Qt.Key.Key_End else min(visible, default=0)
        else:
            target = self._move(self._current, key)
        if target is not None:
            self.set_current_index(target)
        event.accept()

    def _move(self, index: int, key: int) -> int | None:
        """The card a navigation key moves to from card index (None: stay)."""
        kind, step = _MOVES[key]
        layout = self._layout
        if kind == "across":
            return layout.step_across(index, step)
        if kind == "within":
            return layout.step_within(index, step)
        if kind == "page":
            return layout.step_page(index, step * self.viewport().height())
        return 0 if step < 0 else len(self._model) - 1


_MOVES: dict[int, tuple[str, int]] = {  # key -> (how it moves, which way)
    Qt.Key.Key_Left: ("across", -1),
    Qt.Key.Key_Right: ("across", 1),
    Qt.Key.Key_Up: ("within", -1),
    Qt.Key.Key_Down: ("within", 1),
    Qt.Key.Key_PageUp: ("page", -1),
    Qt.Key.Key_PageDown: ("page", 1),
    Qt.Key.Key_Home: ("end", -1),
    Qt.Key.Key_End: ("end", 1),
}
