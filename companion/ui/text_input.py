"""The reader's input handling: hover, click, drag selection, keyboard focus word and tooltips.

``TextInput`` holds the interaction state (focus word, hovered word, selection, a press in
progress) and turns mouse and key events into it; the widget forwards its events here and
paints what the state says. Hit testing is ``text_layout``'s pure geometry.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QToolTip

from companion.language.document import Token
from companion.ui.gloss_line import tooltip_for
from companion.ui.labels import plain_tooltip
from companion.ui.text_layout import characters_before, nearest_token, token_at, vertical_neighbour

if TYPE_CHECKING:
    from companion.ui.annotated_text import AnnotatedTextWidget

__all__ = ["TextInput"]

_NAVIGATION_KEYS = frozenset(
    (
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
    )
)


class TextInput:
    """Interaction state of one AnnotatedTextWidget and the event handling that changes it."""

    def __init__(self, widget: AnnotatedTextWidget) -> None:
        self.widget = widget
        self.current: int | None = None  # the keyboard focus word
        self.hover: int | None = None
        self.selection: tuple[int, int] | None = None  # (anchor, end) token indices
        self._press_pos: QPointF | None = None
        self._press_token: int | None = None
        self._dragging = False

    def reset(self) -> None:
        """Forget everything (a new document)."""
        self.current = self.hover = self.selection = None
        self._press_pos = self._press_token = None
        self._dragging = False

    # -- hit testing --------------------------------------------------------------------

    def token_at(self, pos: QPointF) -> int | None:
        """The non-space token whose column (pinyin band + characters) contains pos."""
        w = self.widget
        return token_at(w.current_layout(), w.shapes(), pos.x(), pos.y(), w.typesetter().line_h)

    def _nearest_token(self, pos: QPointF) -> int | None:
        w = self.widget
        layout = w.current_layout()
        return nearest_token(layout, w.shapes(), pos.x(), pos.y(), w.typesetter().line_h)

    # -- mouse --------------------------------------------------------------------------

    def press(self, event: QMouseEvent) -> bool:
        """A press; False if the widget's default handling should have it."""
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        pos = event.position()
        self._press_pos = pos
        self._press_token = self.token_at(pos)
        self._dragging = False
        self.widget.clear_selection()
        event.accept()
        return True

    def move(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press_pos is not None and event.buttons() & Qt.MouseButton.LeftButton:
            distance = (pos - self._press_pos).manhattanLength()
            if self._dragging or distance >= QApplication.startDragDistance():
                self._drag_to(pos)
            return
        self.hover_at(pos)

    def release(self, event: QMouseEvent) -> bool:
        """A release: a click on a word looks it up. False for the default handling."""
        if event.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            return False
        pos = event.position()
        pressed, dragging = self._press_token, self._dragging
        self._press_pos = self._press_token = None
        self._dragging = False
        clicked = not dragging and pressed is not None and self.token_at(pos) == pressed
        if clicked and pressed is not None and self.widget.tokens()[pressed].is_chinese:
            self.set_current(pressed, scroll=False)
            self.activate(pressed, pos.x())
        self.hover_at(pos)
        return True

    def _drag_to(self, pos: QPointF) -> None:
        assert self._press_pos is not None
        anchor = self._nearest_token(self._press_pos)
        end = self._nearest_token(pos)
        if anchor is None or end is None:
            return
        w = self.widget
        self._dragging = True
        before = w.selected_text()
        self.selection = (anchor, end)
        w.update()
        text = w.selected_text()
        if text != before:
            w.selection_changed.emit(text)

    def hover_at(self, pos: QPointF) -> None:
        w = self.widget
        index = self.token_at(pos)
        if index is not None and not w.tokens()[index].is_chinese:
            index = None
        if index != self.hover:
            self.hover = index
            if index is None:
                w.unsetCursor()
            else:
                w.setCursor(Qt.CursorShape.PointingHandCursor)
            w.update()
            w.word_hovered.emit(w.tokens()[index] if index is not None else None)

    def leave(self) -> None:
        if self.hover is not None:
            w = self.widget
            self.hover = None
            w.unsetCursor()
            w.update()
            w.word_hovered.emit(None)

    def tooltip(self, event: QHelpEvent) -> None:
        """A Leipzig label's meaning over the gloss line, nothing elsewhere."""
        label = self.widget.gloss_label_at(QPointF(event.pos()))
        if label is None:
            QToolTip.hideText()
            event.ignore()
        else:
            QToolTip.showText(event.globalPos(), plain_tooltip(tooltip_for(label)), self.widget)

    # -- keyboard -----------------------------------------------------------------------

    def key(self, event: QKeyEvent) -> bool:
        """Copy, Enter (look up), Escape (clear selection), arrows/Home/End across words.
        False if the widget's default handling should have the key."""
        w = self.widget
        if event.matches(QKeySequence.StandardKey.Copy):
            w.copy()
            return True
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.current is not None and w.tokens()[self.current].is_chinese:
                self.activate(self.current)
            return True
        if key == Qt.Key.Key_Escape and self.selection is not None:
            w.clear_selection()
            return True
        chinese = w.chinese_indices()
        if not chinese or key not in _NAVIGATION_KEYS:
            return False
        target = self._target(key, chinese)
        if target is not None:
            self.set_current(target)
        event.accept()
        return True

    def _target(self, key: Qt.Key, chinese: list[int]) -> int | None:
        """The word a navigation key moves the focus to."""
        current = self.current
        if key == Qt.Key.Key_Home:
            return chinese[0]
        if key == Qt.Key.Key_End:
            return chinese[-1]
        if current is None:
            return chinese[-1] if key in (Qt.Key.Key_Left, Qt.Key.Key_Up) else chinese[0]
        if key == Qt.Key.Key_Right:
            k = bisect.bisect_right(chinese, current)
            return chinese[k] if k < len(chinese) else current
        if key == Qt.Key.Key_Left:
            k = bisect.bisect_left(chinese, current) - 1
            return chinese[k] if k >= 0 else current
        tokens = self.widget.tokens()
        direction = -1 if key == Qt.Key.Key_Up else 1
        return vertical_neighbour(
            self.widget.current_layout(), lambda i: tokens[i].is_chinese, current, direction
        )

    def set_current(self, index: int, *, scroll: bool = True) -> None:
        self.current = index
        self.widget.update()
        if scroll:
            self._ensure_visible(self.widget.token_rect(index))

    def _ensure_visible(self, rect: QRectF) -> None:
        w = self.widget
        parent = w.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is None or parent.widget() is None:
            return
        point = w.mapTo(parent.widget(), rect.center().toPoint())
        parent.ensureVisible(point.x(), point.y(), int(rect.width()), int(rect.height() * 2))

    # -- looking up ---------------------------------------------------------------------

    def activate(self, index: int, x: float | None = None) -> None:
        """Look up token index, or the word of a topic under x (#上海美食 → 美食)."""
        w = self.widget
        token = w.tokens()[index]
        if x is not None and token.info.parts:
            token = self._part_at(index, x - w.current_layout().tok_x[index]) or token
        w.word_activated.emit(token, w.sentence_of(index))

    def _part_at(self, index: int, dx: float) -> Token | None:
        """The inner word of topic token index under dx, measured from the token's left."""
        token = self.widget.tokens()[index]
        at = token.start + characters_before(self.widget.shapes()[index], dx)
        return next((p for p in token.info.parts if p.start <= at < p.end), None)
