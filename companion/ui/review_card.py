"""One review card on screen: the saved word's sentence with the word blanked, its translation on
request, then the word, its pinyin and meaning, and the four grades (the page owns the queue)."""

from __future__ import annotations

import html
import importlib.util
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.review.model import CardState, Grade, ReviewCard
from companion.ui import theme as themes
from companion.ui.card_painter import Glyphs
from companion.ui.labels import plain_label, plain_tooltip, rich_label

BLANK = "＿"
"""The cloze's blank, one per character of the word (fullwidth, so it is as wide as one)."""
STATE_NAMES = {
    CardState.NEW: "New word",
    CardState.LEARNING: "Learning",
    CardState.REVIEW: "Review",
    CardState.RELEARNING: "Relearning",
}
GRADE_HINTS = {
    Grade.AGAIN: "I did not remember it",
    Grade.HARD: "I remembered it, with effort",
    Grade.GOOD: "I remembered it",
    Grade.EASY: "Too easy: show it much later",
}


def interval_text(now: datetime, then: datetime) -> str:
    """How long until then, as a grade button says it: 1m, 10m, 3h, 4d, 2mo, 1.5y."""
    seconds = max((then - now).total_seconds(), 0)
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)}m"
    if seconds < 86_400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86_400
    if days < 30.5:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30.4)}mo"
    return f"{days / 365:.1f}".removesuffix(".0") + "y"


def grade_text(grade: Grade, interval: str | None = None) -> str:
    """A grade button's text: its name, the interval it gives (once known) and its key."""
    name = grade.name.capitalize()
    return f"{name} · {interval}   {grade.value}" if interval else f"{name}   {grade.value}"


def sentence_markup(
    card: ReviewCard, revealed: bool, accent: str, clean: Callable[[str], str] = str
) -> str:
    """The card's sentence as our own markup: the word blanked, or shown in the accent colour
    once revealed; every piece of the learner's text cleaned of what no font draws (emoji
    without an emoji font) and escaped."""
    if not card.sentence.strip():
        return ""
    if card.span is None:
        return html.escape(clean(card.sentence))
    start, end = card.span
    before, word, after = card.sentence[:start], card.sentence[start:end], card.sentence[end:]
    middle = word if revealed else BLANK * len(word)
    before, after = clean(before), clean(after)
    return (
        f"{html.escape(before)}<span style='color:{accent};font-weight:700'>"
        f"{html.escape(middle)}</span>{html.escape(after)}"
    )


def speak_button(text_of: Callable[[], str], tooltip: str) -> QWidget | None:
    """SPEECH SLOT: the speech helper's SpeakButton (companion.ui.speech, another branch's
    module) once it is there; None until then, and the slot stays empty (no fake button)."""
    if importlib.util.find_spec("companion.ui.speech") is None:
        return None
    from companion.ui import speech  # type: ignore[attr-defined]

    return speech.SpeakButton(text_of, tooltip=tooltip)  # type: ignore[no-any-return]


class ReviewCardView(QFrame):
    """Shows a card; emits reveal_requested, graded(Grade), translation_requested and
    post_requested(int) for the page to act on."""

    graded = Signal(object)  # Grade
    reveal_requested = Signal()
    translation_requested = Signal()
    post_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.card: ReviewCard | None = None
        self.revealed = False
        self.theme = themes.current()
        self.glyphs = Glyphs(self.font())

        self.state_label = plain_label()
        self.state_label.setObjectName("Muted")
        self.post_link = QPushButton("Open the post ↗")
        self.post_link.setFlat(True)
        self.post_link.setCursor(Qt.CursorShape.PointingHandCursor)
        self.post_link.setToolTip("Read the post this word was saved from (O)")
        self.post_link.clicked.connect(self.open_post)
        top = QHBoxLayout()
        top.addWidget(self.state_label)
        top.addStretch(1)
        top.addWidget(self.post_link)

        self.prompt = plain_label()
        self.prompt.setObjectName("Muted")
        self.sentence = rich_label()
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence_pinyin = plain_label()
        self.sentence_pinyin.setObjectName("Muted")
        self.sentence_pinyin.setWordWrap(True)
        self.translate_button = QPushButton("Show translation (T)")
        self.translate_button.clicked.connect(self.translation_requested)
        self.translation = plain_label()
        self.translation.setWordWrap(True)
        self.translation.setObjectName("Translation")
        self.translation_note = plain_label()
        self.translation_note.setObjectName("Muted")
        self.translation_note.setWordWrap(True)
        translate_row = QHBoxLayout()
        translate_row.addWidget(self.translate_button)
        translate_row.addStretch(1)

        self.answer = self._make_answer(translate_row)
        self.actions = self._make_actions()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 18, 28, 22)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.prompt)
        layout.addWidget(self.sentence)
        layout.addWidget(self.sentence_pinyin)
        layout.addLayout(translate_row)
        layout.addWidget(self.translation)
        layout.addWidget(self.translation_note)
        layout.addWidget(self.answer)
        layout.addStretch(1)
        layout.addWidget(self.actions)
        for widget in (self.answer, self.sentence_pinyin, self.translation):
            keep = widget.sizePolicy()
            keep.setRetainSizeWhenHidden(True)  # the card keeps its shape: no relayout on reveal
            widget.setSizePolicy(keep)
        self.apply_theme(self.theme)

    def _make_answer(self, translate_row: QHBoxLayout) -> QWidget:
        """The word, its pinyin (and speak buttons), its meaning: shown on reveal."""
        answer = QWidget()
        self.word = plain_label()
        self.word.setObjectName("ReviewWord")
        self.pinyin = plain_label()
        self.pinyin.setObjectName("ReviewPinyin")
        self.speech_slot = QHBoxLayout()
        """SPEECH SLOT: the word's SpeakButton (companion.ui.speech, from the speech branch)."""
        self.speech_slot.setContentsMargins(0, 0, 0, 0)
        self.meaning = plain_label()
        self.meaning.setWordWrap(True)
        heading = QHBoxLayout()
        heading.setSpacing(14)
        heading.addWidget(self.word)
        heading.addWidget(self.pinyin)
        heading.addLayout(self.speech_slot)
        heading.addStretch(1)
        answer_box = QVBoxLayout(answer)
        answer_box.setContentsMargins(0, 8, 0, 0)
        answer_box.addLayout(heading)
        answer_box.addWidget(self.meaning)
        self.speak_word = speak_button(
            lambda: self.card.word if self.card else "", "Listen to the word"
        )
        if self.speak_word is not None:
            self.speech_slot.addWidget(self.speak_word)
        self.speak_sentence = speak_button(
            lambda: self.card.sentence if self.card else "", "Listen to the sentence"
        )
        if self.speak_sentence is not None:  # after the reveal: it says the word too
            translate_row.insertWidget(0, self.speak_sentence)
        return answer

    def _make_actions(self) -> QStackedWidget:
        """Show answer, then the four grades, in one place."""
        self.reveal_button = QPushButton("Show answer   Space")
        self.reveal_button.setObjectName("Primary")
        self.reveal_button.clicked.connect(self.reveal_requested)
        self.grade_buttons: dict[Grade, QPushButton] = {}
        grades = QHBoxLayout()
        grades.setSpacing(10)
        for grade in Grade:
            button = QPushButton(grade_text(grade))
            button.setToolTip(f"{GRADE_HINTS[grade]} (key {grade.value})")
            button.setObjectName("Primary" if grade is Grade.GOOD else "")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _c=False, g=grade: self.graded.emit(g))
            self.grade_buttons[grade] = button
            grades.addWidget(button)
        self.grade_row = QWidget()
        self.grade_row.setLayout(grades)
        grades.setContentsMargins(0, 0, 0, 0)
        actions = QStackedWidget()
        actions.addWidget(self.reveal_button)
        actions.addWidget(self.grade_row)
        actions.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        return actions

    def apply_theme(self, theme: themes.Theme) -> None:
        self.theme = theme
        self.setStyleSheet(
            f"QLabel#ReviewWord {{ font-size: 34px; font-weight: 700; color: {theme.accent}; }}"
            f"QLabel#ReviewPinyin {{ font-size: 20px; color: {theme.text}; }}"
            f"QLabel#Translation {{ font-size: 16px; color: {theme.translation}; }}"
        )
        font = self.sentence.font()
        font.setPixelSize(30)
        self.sentence.setFont(font)
        meaning = self.meaning.font()
        meaning.setPixelSize(17)
        self.meaning.setFont(meaning)
        if self.card is not None:
            self._show_sentence()

    def show_card(self, card: ReviewCard) -> None:
        """A new card, its answer hidden."""
        self.card = card
        self.revealed = False
        self.state_label.setText(STATE_NAMES.get(card.state, ""))
        self.post_link.setVisible(card.post_id is not None)
        has_sentence = bool(card.sentence.strip())
        if not has_sentence:
            self.prompt.setText("Which word means:")
        elif card.span is None:
            self.prompt.setText("Which word of this sentence was saved?")
        else:
            self.prompt.setText("Which word fills the gap?")
        self.sentence_pinyin.hide()
        self.translate_button.setVisible(has_sentence)
        self.translate_button.setEnabled(True)
        self.translation.hide()
        self.translation_note.hide()
        self.word.setText(card.word)
        self.pinyin.setText(card.pinyin)
        self.meaning.setText(self.glyphs.clean(card.meaning))
        self.answer.hide()
        self._show_sentence()
        self.actions.setCurrentWidget(self.reveal_button)
        if self.speak_sentence is not None:
            self.speak_sentence.setVisible(False)
        for grade, button in self.grade_buttons.items():
            button.setText(grade_text(grade))

    def set_next_dues(self, word: str, now: datetime, dues: dict[Grade, datetime]) -> None:
        """Show on each grade button when it brings the card back (if word's card is shown)."""
        if self.card is None or self.card.word != word:
            return
        for grade, button in self.grade_buttons.items():
            due = dues.get(grade)
            button.setText(grade_text(grade, interval_text(now, due) if due else None))
            hint = f"{GRADE_HINTS[grade]} (key {grade.value})"
            text = f"{hint}; next review {interval_text(now, due)}" if due else hint
            button.setToolTip(plain_tooltip(text))

    def reveal(self) -> None:
        """Show the word, its pinyin and meaning, and the grade buttons."""
        if self.card is None:
            return
        self.revealed = True
        self.prompt.setText("")
        self._show_sentence()
        if self.card.sentence_pinyin and self.card.sentence.strip():
            self.sentence_pinyin.setText(self.card.sentence_pinyin)
            self.sentence_pinyin.show()
        self.answer.show()
        self.actions.setCurrentWidget(self.grade_row)
        if self.speak_sentence is not None:
            self.speak_sentence.setVisible(bool(self.card.sentence.strip()))

    def show_translation(self, text: str, note: str = "") -> None:
        self.translate_button.setEnabled(False)
        self.translation.setText(self.glyphs.clean(text))
        self.translation.setVisible(bool(text))
        self.translation_note.setText(note)
        self.translation_note.setVisible(bool(note))

    def _show_sentence(self) -> None:
        card = self.card
        if card is None:
            return
        if card.sentence.strip():
            accent = self.theme.accent
            self.sentence.setText(sentence_markup(card, self.revealed, accent, self.glyphs.clean))
        else:  # saved without a sentence: the meaning is the prompt
            self.sentence.setText(html.escape(self.glyphs.clean(card.meaning or card.pinyin)))

    def open_post(self) -> None:
        if self.card is not None and self.card.post_id is not None:
            self.post_requested.emit(self.card.post_id)
