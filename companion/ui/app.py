"""Start the desktop app: QApplication, fonts, theme, logging of Qt messages, the window."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QObject,
    QSocketNotifier,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QWidget

from companion import __version__
from companion.paths import DataDir
from companion.ui import theme as themes
from companion.ui.fonts import ui_font

if TYPE_CHECKING:
    from companion.ui.main_window import MainWindow

log = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    log.log(_LEVELS.get(kind, logging.WARNING), message)


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication with our name, font and theme (reuses an existing one)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        qInstallMessageHandler(_qt_message)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Companion")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Companion")
    app.setFont(ui_font(10.5))
    themes.apply(app, themes.LIGHT)
    return app


def _crash_dialog(kind: type[BaseException], error: BaseException, trace: object) -> None:
    """Unexpected exceptions on the UI thread: log them and tell the user, never die silently."""
    import traceback

    from PySide6.QtWidgets import QMessageBox

    from companion.failures import explain
    from companion.ui.labels import message_box

    details = "".join(traceback.format_exception(kind, error, trace))  # type: ignore[arg-type]
    known = explain(error)
    if known is not None:  # a read-only file, a full disk: the user can act on it; not a bug
        logging.getLogger("companion").warning("%s\n%s", known, details)
        message_box(None, QMessageBox.Icon.Warning, "Companion", str(known)).exec()
        return
    logging.getLogger("companion").error("unexpected error on the UI thread:\n%s", details)
    box = message_box(
        None,
        QMessageBox.Icon.Critical,
        "Companion hit a bug",
        f"Something went wrong: {error}\n\nYour data is safe; the details are in "
        "companion.log in your data folder.",
        details,
    )
    box.exec()


READY_FILE_ENV = "COMPANION_READY_FILE"


class _ReadyMarker(QObject):
    """Writes a small JSON file once the feed has loaded and been painted on screen, so a test
    (or a launcher) started the real app can tell when the window is ready to use."""

    def __init__(self, window: MainWindow, path: Path) -> None:
        super().__init__(window)
        self._window = window
        self._viewport = window.feed_page.feed.viewport()
        self._path = path
        self._loaded = False
        self._waits = 0
        self._viewport.installEventFilter(self)
        window.feed_loaded.connect(self.feed_loaded)

    def feed_loaded(self) -> None:
        page = self._window.stack.currentWidget()
        if not self._loaded and page is not self._window.feed_page:
            self._viewport.removeEventFilter(self)  # the page the last session was on shows
            self._viewport = page
            page.installEventFilter(self)
        self._loaded = True
        self._viewport.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._loaded and event.type() == QEvent.Type.Paint:
            self._viewport.removeEventFilter(self)
            QTimer.singleShot(0, self._write)  # after this paint has been done
        return False

    def _write(self) -> None:
        window = self._window
        if window.session.restoring and self._waits < 100:  # the last post, up to 10 s
            self._waits += 1
            QTimer.singleShot(100, self._write)
            return
        size, place = window.size(), window.geometry()
        post = window.reader.post
        marker = {
            "pid": os.getpid(),
            "platform": QApplication.platformName(),
            "posts": len(window.feed_page.feed.posts()),
            "window": [size.width(), size.height()],
            "geometry": [place.x(), place.y(), place.width(), place.height()],
            "page": window.session.current().page,
            "post": post.stored.id if post is not None else None,
        }
        partial = self._path.with_name(self._path.name + ".part")
        partial.write_text(json.dumps(marker), encoding="utf-8")
        partial.replace(self._path)


def _close_on_signals(app: QApplication, window: QWidget) -> None:
    """SIGTERM and SIGINT close the window the normal way (saving, closing the library).

    Python runs signal handlers only between bytecodes, which never happens while Qt waits for
    events; the wakeup fd wakes the event loop so the handler runs at once."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_: reader.recv(64))
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: window.close())
    app.setProperty("_signal_sockets", (reader, writer, notifier))  # keep them alive


def run(data: DataDir) -> int:
    """Show the main window on the data dir and run the event loop."""
    from logging.handlers import RotatingFileHandler

    from companion.ui.main_window import MainWindow

    app = create_app()
    data.ensure()
    handler = RotatingFileHandler(
        data.root / "companion.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    sys.excepthook = _crash_dialog
    window = MainWindow(data)
    ready_file = os.environ.get(READY_FILE_ENV)
    if ready_file:
        _ReadyMarker(window, Path(ready_file))
    _close_on_signals(app, window)
    window.show()
    return app.exec()
