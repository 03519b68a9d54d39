"""Start the desktop app: QApplication, fonts, theme, logging of Qt messages, the window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from companion import __version__
from companion.paths import DataDir
from companion.ui import theme as themes
from companion.ui.fonts import ui_font

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

    details = "".join(traceback.format_exception(kind, error, trace))  # type: ignore[arg-type]
    known = explain(error)
    if known is not None:  # a read-only file, a full disk: the user can act on it; not a bug
        logging.getLogger("companion").warning("%s\n%s", known, details)
        QMessageBox.warning(None, "Companion", str(known))
        return
    logging.getLogger("companion").error("unexpected error on the UI thread:\n%s", details)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Companion hit a bug",
        f"Something went wrong: {error}\n\nYour data is safe; the details are in "
        "companion.log in your data folder.",
    )
    box.setDetailedText(details)
    box.exec()


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
    window.show()
    return app.exec()
