"""Labels, tooltips and message boxes that never read their text as markup.

A ``QLabel`` (and a ``QMessageBox``, and a tooltip) starts in ``Qt.AutoText``: any text that
looks like HTML is rendered as HTML, so an imported author ``<img src=file:///…>`` would load a
local file and a tag would become a link. Every label in ``companion.ui`` is made here:
:func:`plain_label` for any text, :func:`rich_label` only for markup we write ourselves (with
every piece of data passed through :func:`html.escape`). ``tests/ui/test_untrusted_text.py``
checks that nothing else constructs a ``QLabel`` or calls the static ``QMessageBox`` helpers.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows its text literally, whatever it contains."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def rich_label(markup: str = "", parent: QWidget | None = None) -> QLabel:
    """A label for our own markup; escape every piece of data that goes into it."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(markup)
    label.setOpenExternalLinks(False)
    return label


def plain_tooltip(text: str) -> str:
    """Tooltip markup that shows ``text`` literally (tooltips guess the format, like labels)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    details: str = "",
) -> QMessageBox:
    """A modal message box whose text is plain; call ``exec()`` on it."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    return box
