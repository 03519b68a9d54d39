"""The reader's place in a post, held while the page lays itself out again.

A post's layout keeps changing under the learner: translations stream in and add lines, the
photos arrive and push the text down, a merge or split re-reads the whole post, a new window
width re-wraps it. A pixel offset means nothing across such changes, so the place is kept as
the word at the top of the view (which text, which character, how far from the top): every
scroll by the learner records it, and every change of the page's height puts that word back
where it was. At the very top the page stays at the top.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QScrollArea, QWidget

from companion.ui.annotated_text import AnnotatedTextWidget

Parts = Callable[[], Sequence[AnnotatedTextWidget]]
Place = tuple[int, int, float]
"""(part index, character offset of the word at the top, its top below the view's, px)."""


class ReadingPosition(QObject):
    """Records the word at the top of ``scroll`` and keeps it there when the page re-lays out.

    ``parts()`` gives the page's texts in reading order (title, body, comments)."""

    moved = Signal()
    """The learner's place changed (scrolled, or a new post opened at its top)."""

    def __init__(self, scroll: QScrollArea, parts: Parts) -> None:
        super().__init__(scroll)
        self._scroll = scroll
        self._parts = parts
        self._place: Place | None = None  # None: at the top
        self._applying = False
        bar = scroll.verticalScrollBar()
        bar.valueChanged.connect(self._moved)
        bar.rangeChanged.connect(lambda _low, _high: self.apply())
        # The page's layout ran (texts grew, photos arrived): the texts may have moved even
        # when the page's height did not change.
        scroll.widget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self.apply()
        return False

    # -- what the reader calls --------------------------------------------------------------

    def place(self) -> Place | None:
        """Where the learner is (None: at the top)."""
        return self._place

    def to_top(self) -> None:
        """A new post: start at the top."""
        self._place = None
        self._set(0)
        self.moved.emit()

    def hold(self, place: Place | None) -> None:
        """Go to place and keep it there as the page lays out (until the learner scrolls)."""
        self._place = place
        self.apply()
        QTimer.singleShot(0, self, self.apply)  # not after the page is gone
        self.moved.emit()

    def apply(self) -> None:
        """Put the recorded word back at its place in the view."""
        if self._place is None:
            self._set(0)
            return
        part, offset, shift = self._place
        parts = self._parts()
        if not parts:
            return
        widget = parts[min(part, len(parts) - 1)]
        top = _word_top(widget, offset if part < len(parts) else 1 << 62)
        if top is None:
            return
        y = widget.mapTo(self._content(), widget.rect().topLeft()).y() + top
        self._set(round(y - shift))

    # -- recording --------------------------------------------------------------------------

    def _content(self) -> QWidget:
        return self._scroll.widget()

    def _set(self, value: int) -> None:
        self._applying = True
        try:
            self._scroll.verticalScrollBar().setValue(value)
        finally:
            self._applying = False

    def _moved(self, value: int) -> None:
        if self._applying:
            return
        self._place = None if value <= 0 else self._find(value)
        self.moved.emit()

    def _find(self, top: int) -> Place | None:
        """The first word whose box reaches below content y ``top``."""
        content = self._content()
        parts = list(self._parts())
        tops = [p.mapTo(content, p.rect().topLeft()).y() for p in parts]
        bottoms = [t + p.height() for t, p in zip(tops, parts, strict=True)]
        start = bisect.bisect_right(bottoms, top)  # parts are laid out top to bottom
        for index in range(start, len(parts)):
            widget = parts[index]
            found = _first_below(widget, top - tops[index])
            if found is not None:
                offset, word_top = found
                return index, offset, tops[index] + word_top - top
        for index in reversed(range(len(parts))):  # below every word: keep to the last one
            tokens = parts[index].tokens()
            if tokens:
                word_top = parts[index].token_rect(len(tokens) - 1).top()
                return index, tokens[-1].start, tops[index] + word_top - top
        return None


def _word_top(widget: AnnotatedTextWidget, offset: int) -> float | None:
    """The top of the word at (or the last word before) character ``offset``."""
    tokens = widget.tokens()
    if not tokens:
        return 0.0
    index = max(0, bisect.bisect_right([t.start for t in tokens], offset) - 1)
    return widget.token_rect(index).top()


def _first_below(widget: AnnotatedTextWidget, y: float) -> tuple[int, float] | None:
    """(character offset, top) of the first word whose bottom is below widget y."""
    tokens = widget.tokens()
    low, high = 0, len(tokens)
    while low < high:  # word boxes go down the widget line by line
        middle = (low + high) // 2
        if widget.token_rect(middle).bottom() <= y:
            low = middle + 1
        else:
            high = middle
    if low == len(tokens):
        return None
    return tokens[low].start, widget.token_rect(low).top()
