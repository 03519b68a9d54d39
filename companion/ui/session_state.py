"""Picking up where the learner left off: the window's size and position, the page, and the
last open post at the place it was read, saved when the window closes and restored when it
opens (companion/session.py keeps the file).

Restoring never holds up the start: the file is a few hundred bytes read once, the post is read
by the database thread like any other, and a post that is gone (deleted, or another library)
quietly leaves the learner on the feed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QTimer

from companion.session import ReadingPlace, Session, load_session, save_session

if TYPE_CHECKING:
    from companion.library import Library
    from companion.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _bytes(text: str) -> QByteArray:
    return QByteArray.fromBase64(QByteArray(text.encode("ascii", "ignore")))


def _text(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


SAVE_DELAY_MS = 3_000
"""A while after the learner stops scrolling or changes page, the session is saved, so that
even a crash or a power cut leaves the place no more than a few seconds old."""


class SessionKeeper(QObject):
    """Saves and restores a MainWindow's session in its data dir (not enabled: the window
    starts on the feed and leaves the saved session alone, as screenshots do)."""

    def __init__(self, window: MainWindow, enabled: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.enabled = enabled
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        if enabled:
            window.stack.currentChanged.connect(lambda _i: self._timer.start())
            window.reader.position.moved.connect(self._timer.start)
        self._reopening: ReadingPlace | None = None
        """The post being reopened: kept if the window closes before it is read again."""

    @property
    def restoring(self) -> bool:
        """Whether the last post is still being reopened."""
        return self._reopening is not None

    def current(self) -> Session:
        """The window's session now."""
        w = self.window
        page = next((k for k, b in w.nav_buttons.items() if b.isChecked()), "feed")
        post = w.reader.post
        place = self._reopening  # closed before it was back: keep the place
        if post is not None:
            where = w.reader.position.place()
            place = ReadingPlace(post.stored.id)
            if where is not None:
                place = ReadingPlace(post.stored.id, *where, at_top=False)
        geometry, state = _text(w.saveGeometry()), _text(w.saveState())
        return Session(page, place, geometry, state)

    def save(self) -> None:
        """Write the session (a data dir that cannot be written: one log line, no more)."""
        self._timer.stop()
        root = self.window.data.root
        if not self.enabled or not root.is_dir():
            return
        try:
            save_session(root, self.current())
        except OSError as exc:
            log.warning("could not save the session in %s: %s", root, exc)

    def restore(self) -> None:
        """Put the window back as it was: at once its geometry and page, the post when the
        library has read it (a post that no longer exists: the feed)."""
        w = self.window
        root = w.data.root
        session = load_session(root) if self.enabled and root.is_dir() else Session()
        if session.geometry:
            w.restoreGeometry(_bytes(session.geometry))
        if session.window_state:
            w.restoreState(_bytes(session.window_state))
        page = session.page if session.page in w.nav_buttons else "feed"
        place = session.place
        if page == "reader" and place is None:
            page = "feed"  # nothing to read: not an empty reader
        w.show_page(page)
        if place is not None:
            self._reopen(place, page == "reader")

    def _reopen(self, place: ReadingPlace, show: bool) -> None:
        w = self.window
        spot = None if place.at_top else (place.part, place.offset, place.shift)
        self._reopening = place

        def exists(lib: Library) -> bool:
            return lib.posts.get(place.post_id) is not None

        def shown() -> None:
            self._reopening = None
            w.reader.position.hold(spot)

        def checked(found: bool) -> None:
            if w.reader.post is not None:
                self._reopening = None
                return  # the learner opened a post meanwhile
            if not found:
                failed(LookupError("it is no longer in the library"), "")
                return
            w.reader.open_post(place.post_id, shown)

        def failed(error: Exception, _trace: str) -> None:
            log.info("not reopening post %s: %s", place.post_id, error)
            self._reopening = None
            if show:
                w.show_page("feed")

        w.db(exists, on_success=checked, on_failure=failed)
