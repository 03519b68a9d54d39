"""Paste (Ctrl+V) or drop a screenshot, a file or a post's text anywhere in the main window to
import it as a post, then read it.

A pasted or dropped picture is written to a temporary PNG on the general pool, imported on the
database thread through ``Library.import_paths`` (a picture given by name is a screenshot:
``companion.ocr.screenshot`` reads it into a post and keeps it as the post's image), and the
temporary file removed; files dropped are imported as the Import dialog would; pasted text with
Chinese in it becomes a post as the dialog's paste box makes one."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeySequence,
)

from companion.errors import InvalidInput
from companion.language.characters import has_han
from companion.library_imports import ImportReport
from companion.wording import counted

if TYPE_CHECKING:
    from companion.ui.main_window import MainWindow

PASTED = "pasted-screenshot.png"


def write_png(image: QImage, folder: Path) -> Path:
    """Save a picture as a PNG in folder (worker thread: encoding a phone screenshot takes a
    while); returns its path."""
    path = folder / PASTED
    if image.isNull() or not image.save(str(path), "PNG"):
        raise InvalidInput("the pasted picture could not be saved to import it")
    return path


def local_files(data: QMimeData) -> list[Path]:
    """The local files a drop or paste carries."""
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]


class PasteImport(QObject):
    """Imports what is pasted or dropped on the window and opens the post it makes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.busy = False

    def paste(self) -> None:
        """Ctrl+V: import the clipboard's picture, files or post text."""
        data = QGuiApplication.clipboard().mimeData()
        if data is None or not self.take(data):
            self.window.show_message("Copy a screenshot, a file or a post's text to paste it here")

    def take(self, data: QMimeData) -> bool:
        """Import what data carries; False if it carries nothing importable."""
        files = local_files(data) if data.hasUrls() else []
        if files:
            self._import(files, None)
        elif data.hasImage():
            image = QImage(data.imageData())
            if image.isNull():
                return False
            self._import_picture(image)
        elif data.hasText() and has_han(data.text()):
            text = data.text()
            self.window.show_message("Importing the pasted post…")
            self.window.db(lambda lib: lib.import_text(text), on_success=self._open)
        else:
            return False
        return True

    def _import_picture(self, image: QImage) -> None:
        folder = Path(tempfile.mkdtemp(prefix="paste-", dir=self.window.data.cache))
        self.window.show_message("Reading the pasted screenshot…")
        self.window.runner.run(
            write_png,
            image,
            folder,
            on_success=lambda path: self._import([path], folder),
            on_failure=lambda e, t: self._done(folder, e, t),
        )

    def _import(self, paths: list[Path], temporary: Path | None) -> None:
        self.busy = True
        if temporary is None:
            self.window.show_message(f"Importing {counted(len(paths), 'file')}…")

        def imported(report: ImportReport) -> None:
            self._done(temporary)
            if report.errors:
                self.window.show_message(f"⚠ {report.errors[0]}")
            if report.post_ids:
                self._open(report.post_ids[0])

        self.window.db(
            lambda lib: lib.import_paths(paths),
            on_success=imported,
            on_failure=lambda e, t: self._done(temporary, e, t),
        )

    def _done(
        self, temporary: Path | None, error: Exception | None = None, trace: str = ""
    ) -> None:
        self.busy = False
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        if error is not None:
            self.window.report_error(error, trace)

    def _open(self, post_id: int) -> None:
        self.window.open_post(post_id)

    # -- dropping -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window's drag and drop: files and pictures are accepted anywhere on it."""
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent)
            data = event.mimeData()
            if data.hasUrls() or data.hasImage():
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            if self.take(event.mimeData()):
                event.acceptProposedAction()
                return True
        return False


def attach(window: MainWindow) -> PasteImport:
    """Paste (Ctrl+V, in the File menu; a text box keeps its own paste) and drop on the window."""
    importer = PasteImport(window)
    action = QAction("&Paste a screenshot or post", window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Paste))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(importer.paste)
    menu = window.menuBar().actions()[0].menu()
    menu.insertAction(menu.actions()[1], action)
    window.paste_action = action
    window.setAcceptDrops(True)
    window.installEventFilter(importer)
    return importer
