"""The word lookup card: reading, senses, HSK, slang, characters, and the word's actions."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsDropShadowEffect,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.store.models import WordStatus
from companion.ui import theme as themes
from companion.ui.labels import plain_label, rich_label
from companion.ui.speech import SpeakButton

if TYPE_CHECKING:
    from companion.language.details import WordDetails

MAX_SENSES = 6


class LookupCard(QFrame):
    """A floating card over the reader for one word; Escape closes it."""

    add_requested = Signal(str)
    status_requested = Signal(str, object)  # word, WordStatus
    merge_requested = Signal()
    split_requested = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LookupCard")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFixedWidth(380)
        self.setAutoFillBackground(True)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(28)
        shadow.setOffset(0, 6)
        shadow.setColor(Qt.GlobalColor.black)
        self.setGraphicsEffect(shadow)
        self.details: WordDetails | None = None
        self.status = WordStatus.NEW
        self.saved = False
        self.sentence = ""
        """The sentence the word was looked up in (the reader sets it), for its speak button."""

        self.word_label = plain_label()
        self.word_label.setObjectName("LookupWord")
        self.word_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pinyin_label = plain_label()
        self.pinyin_label.setObjectName("LookupPinyin")
        self.meta_label = plain_label()
        self.meta_label.setObjectName("Muted")
        self.senses_label = rich_label()
        self.senses_label.setWordWrap(True)
        self.slang_label = rich_label()
        self.slang_label.setObjectName("Slang")
        self.slang_label.setWordWrap(True)
        self.chars_label = rich_label()
        self.chars_label.setWordWrap(True)

        self.add_button = QPushButton("Add to vocabulary")
        self.add_button.setObjectName("Primary")
        self.add_button.setToolTip("Save the word with this sentence (A)")
        self.add_button.clicked.connect(self._add)
        self.known_button = QPushButton("Known")
        self.known_button.setToolTip("Mark as known (K)")
        self.known_button.clicked.connect(lambda: self._set_status(WordStatus.KNOWN))
        self.learning_button = QPushButton("Learning")
        self.learning_button.clicked.connect(lambda: self._set_status(WordStatus.LEARNING))
        self.merge_button = QPushButton("Merge →")
        self.merge_button.setToolTip("Join this word with the next one (fix segmentation)")
        self.merge_button.clicked.connect(self.merge_requested)
        self.split_button = QPushButton("Split")
        self.split_button.setToolTip("Cut this word into its characters (fix segmentation)")
        self.split_button.clicked.connect(self._split)

        self.say_word = SpeakButton(
            lambda: self.details.word if self.details else "",
            tooltip="Listen to the word",
            icon_size=24,
        )
        self.say_sentence = SpeakButton(
            lambda: self.sentence, label="Sentence", tooltip="Listen to the sentence"
        )
        head = QHBoxLayout()
        head.addWidget(self.word_label)
        head.addWidget(self.say_word, alignment=Qt.AlignmentFlag.AlignVCenter)
        head.addStretch(1)
        head.addWidget(self.say_sentence, alignment=Qt.AlignmentFlag.AlignVCenter)
        close = QPushButton("×")
        close.setObjectName("CloseButton")
        close.setFlat(True)
        close.setFixedSize(32, 32)
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_card)
        head.addWidget(close, alignment=Qt.AlignmentFlag.AlignTop)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.known_button)
        actions.addWidget(self.learning_button)
        fixes = QHBoxLayout()
        fixes.addWidget(plain_label("Segmentation:"))
        fixes.addWidget(self.merge_button)
        fixes.addWidget(self.split_button)
        fixes.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.pinyin_label)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.slang_label)  # a slang word's slang meaning comes first
        layout.addWidget(self.senses_label)
        layout.addWidget(self.chars_label)
        layout.addLayout(actions)
        layout.addLayout(fixes)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_card).setWhatsThis(
            "Close the word card"
        )
        self.apply_theme(themes.current())
        self.hide()

    def apply_theme(self, t: themes.Theme) -> None:
        self.setStyleSheet(
            f"""
QFrame#LookupCard {{ background: {t.surface}; border: 1px solid {t.border};
    border-radius: 14px; }}
QLabel#LookupWord {{ font-size: 40px; color: {t.text}; }}
QLabel#LookupPinyin {{ font-size: 20px; color: {t.accent}; }}
QLabel#Slang {{ background: {t.unknown_bg}; border-radius: 8px; padding: 8px; }}
QPushButton#CloseButton {{ padding: 0; border: none; border-radius: 16px; font-size: 22px;
    color: {t.text_muted}; }}
QPushButton#CloseButton:hover {{ background: {t.surface_alt}; color: {t.text}; }}
"""
        )

    def show_details(self, details: WordDetails, status: WordStatus, saved: bool) -> None:
        """Fill the card for a word; the caller positions and shows it."""
        self.details = details
        self.status = status
        self.saved = saved
        e = html.escape
        self.word_label.setText(details.word)
        self.pinyin_label.setText(details.pinyin or "—")
        meta = [
            m
            for m in (
                details.hsk_label,
                f"traditional {details.traditional}" if details.traditional else "",
                status.name.lower(),
            )
            if m
        ]
        self.meta_label.setText("  ·  ".join(meta))
        rows = []
        seen_readings: list[str] = []
        for entry in details.entries:
            if len(rows) >= MAX_SENSES:
                break
            reading = entry.pinyin
            if reading not in seen_readings:
                seen_readings.append(reading)
                if len(details.entries) > 1:
                    rows.append(f"<div style='margin-top:4px'><b>{e(reading)}</b></div>")
            senses = "; ".join(entry.senses[:5])
            rows.append(f"<div>• {e(senses)}</div>")
        self.senses_label.setText("".join(rows) or "<i>Not in CC-CEDICT.</i>")
        self.senses_label.setVisible(True)
        if details.slang is not None:
            term = details.slang
            example = f"<br><i>{e(term.example)}</i> — {e(term.example_en)}" if term.example else ""
            self.slang_label.setText(f"<b>RedNote slang.</b> {e(term.summary())}{example}")
            self.slang_label.show()
        else:
            self.slang_label.hide()
        if details.characters:
            chars = " &nbsp; ".join(
                f"<b>{e(c.char)}</b> {e(c.pinyin)} <span style='opacity:.75'>{e(c.meaning)}</span>"
                for c in details.characters
            )
            self.chars_label.setText(chars)
            self.chars_label.show()
        else:
            self.chars_label.hide()
        self.add_button.setText("Saved ✓" if saved else "Add to vocabulary")
        self.add_button.setEnabled(not saved)
        self.known_button.setEnabled(status is not WordStatus.KNOWN)
        self.learning_button.setEnabled(status is not WordStatus.LEARNING)
        self.split_button.setEnabled(len(details.word) > 1)
        self.adjustSize()

    def _add(self) -> None:
        if self.details is not None and not self.saved:
            self.add_requested.emit(self.details.word)

    def _set_status(self, status: WordStatus) -> None:
        if self.details is not None:
            self.status_requested.emit(self.details.word, status)

    def _split(self) -> None:
        if self.details is not None:
            self.split_requested.emit(self.details.word)

    def add_shortcut(self) -> None:
        self._add()

    def known_shortcut(self) -> None:
        self._set_status(WordStatus.KNOWN)

    def close_card(self) -> None:
        self.hide()
        self.closed.emit()
