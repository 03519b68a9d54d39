"""Text the app copies is marked, so the clipboard reader never reads the app's own copies."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication

OWN_COPY = "application/x-companion-copy"
"""A clipboard format only Companion's own copies carry."""


def copy_text(text: str) -> None:
    """Put text on the clipboard, marked as copied by Companion."""
    data = QMimeData()
    data.setText(text)
    data.setData(OWN_COPY, b"1")
    QGuiApplication.clipboard().setMimeData(data)


def copied_here(clipboard: QClipboard) -> bool:
    """Whether what the clipboard holds came from this app (marked, or owned on platforms
    that say so)."""
    data = clipboard.mimeData()
    return clipboard.ownsClipboard() or (data is not None and data.hasFormat(OWN_COPY))
