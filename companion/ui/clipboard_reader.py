"""The clipboard reader: a small always-on-top window that annotates the Chinese text the
learner copies in any program (pinyin, gloss and translation, lookup, save with the sentence).

It listens to the clipboard only while it is on (off by default; Ctrl+Shift+C or the View menu
toggles it). Copies without Chinese and the app's own copies are skipped; a long copy is read
in part (``companion.clipboard_text``). Annotation and translation run on the general pool,
statuses and saves on the database thread, through ``Library`` as in the reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.clipboard_text import Clipping, clipping
from companion.language.document import Document, Sentence, Token
from companion.library import Library
from companion.settings import Settings
from companion.store.models import WordStatus
from companion.translation.gloss import gloss
from companion.ui import theme as themes
from companion.ui.annotated_text import AnnotatedTextWidget, ReaderOptions
from companion.ui.clipboard_copy import copied_here
from companion.ui.labels import plain_label
from companion.ui.lookup import LookupCard
from companion.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from companion.ui.main_window import MainWindow

SHORTCUT = "Ctrl+Shift+C"
SETTLE_MS = 120
"""Wait this long after the clipboard changes: some programs set it several times per copy."""
CHUNK = 6
"""Sentences per translation batch (lines appear as they are done)."""

Annotated = tuple[Document, list[str]]
"""A copied text's document and each Chinese sentence's gloss."""


def options_for(settings: Settings) -> ReaderOptions:
    """The reading options the settings give (the reader's toolbar choices aside)."""
    return ReaderOptions(
        pinyin_mode=settings.pinyin_mode,  # type: ignore[arg-type]
        tone_numbers=settings.tone_numbers,
        tone_colors=settings.tone_colors,  # type: ignore[arg-type]
        show_translation=settings.show_translation,
        hanzi_size=settings.hanzi_size,
        traditional=settings.traditional,
        sandhi=settings.sandhi,
    )


def _chinese(document: Document) -> list[tuple[int, Sentence]]:
    return [(i, s) for i, s in enumerate(document.sentences) if any(t.is_chinese for t in s.tokens)]


class ClipboardReader(QWidget):
    """The window; ``set_listening(True)`` starts reading the clipboard and shows it."""

    status_message = Signal(str)
    open_requested = Signal(int)  # a post id: the copied text saved as a post, to open
    closed_by_user = Signal()

    def __init__(
        self,
        library_call: Callable[..., Any],
        runner: TaskRunner,
        library: Callable[[], Library | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle("Companion · what you copy")
        self.setObjectName("ClipboardReader")
        self.resize(460, 560)
        self._db = library_call
        self.runner = runner
        self._library = library
        self._listening = False
        self._clip: Clipping | None = None
        self._statuses: dict[str, WordStatus] = {}
        self._saved: set[str] = set()
        self._active: tuple[Token, Sentence] | None = None
        self._generation = 0
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.read_clipboard)

        self.hint = plain_label("Copy Chinese text in any program to read it here.")
        self.hint.setObjectName("Muted")
        self.hint.setWordWrap(True)
        self.text = AnnotatedTextWidget()
        self.text.setAccessibleName("Copied text")
        self.text.word_activated.connect(self._activate)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lookup = LookupCard()
        self.lookup.add_requested.connect(self._add_word)
        self.lookup.status_requested.connect(self._set_status)
        self.lookup.merge_requested.connect(self._merge)
        self.lookup.split_requested.connect(
            lambda word: self._fix(lambda lib: lib.split_word(word))
        )
        self.open_button = QPushButton("Open in the reader")
        self.open_button.setToolTip("Save the copied text as a post and read it in the reader")
        self.open_button.clicked.connect(self._open_in_reader)
        self.open_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(row)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.lookup)

    # -- on and off -----------------------------------------------------------------------

    @property
    def listening(self) -> bool:
        return self._listening

    def set_listening(self, on: bool) -> None:
        """Start (and show the window, reading what is on the clipboard now) or stop."""
        clipboard = QGuiApplication.clipboard()
        if on == self._listening:
            return
        self._listening = on
        if on:
            clipboard.dataChanged.connect(self._settle.start)
            self.show()
            self.read_clipboard()
        else:
            clipboard.dataChanged.disconnect(self._settle.start)
            self._settle.stop()
            self.hide()

    def apply_settings(self, settings: Settings) -> None:
        self.text.set_options(options_for(settings))
        self.set_listening(settings.clipboard_reader)

    def apply_theme(self, theme: themes.Theme) -> None:
        self.text.set_theme(theme)
        self.lookup.apply_theme(theme)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window turns the reader off (the setting follows)."""
        super().closeEvent(event)
        if self._listening:
            self.closed_by_user.emit()

    # -- reading what was copied ----------------------------------------------------------

    def read_clipboard(self) -> None:
        """Read the clipboard's text if it is new Chinese text copied in another program."""
        clipboard = QGuiApplication.clipboard()
        if not self._listening or copied_here(clipboard):
            return
        clip = clipping(clipboard.text())
        if clip is None or clip == self._clip:
            return
        self.show_text(clip)

    def show_text(self, clip: Clipping) -> None:
        """Annotate a clipping in the background and show it; a newer one wins."""
        library = self._library()
        if library is None:
            self.hint.setText("Your library is still opening…")
            return
        self._clip = clip
        self._generation += 1
        generation = self._generation

        def annotate() -> Annotated:
            document = library.engine.annotate(clip.text)
            return document, [gloss(s) for _i, s in _chinese(document)]

        def known(found: tuple[dict[str, WordStatus], set[str]]) -> None:
            self._statuses, self._saved = found
            self.runner.run(annotate, on_success=lambda a: self._show(generation, a))

        self._db(
            lambda lib: (lib.vocabulary.statuses(), lib.vocabulary.saved_words()),
            on_success=known,
        )

    def _show(self, generation: int, annotated: Annotated) -> None:
        if generation != self._generation or self._clip is None:
            return  # something newer was copied meanwhile
        document, glosses = annotated
        self.lookup.hide()
        self._active = None
        self.text.set_document(document, self._statuses)
        sentences = _chinese(document)
        for (index, _s), line in zip(sentences, glosses, strict=True):
            self.text.set_translation(index, None, line)
        cut = " (the first part: the copy is long)" if self._clip.cut else ""
        self.hint.setText(f"From the clipboard{cut}. Click a word to look it up.")
        self.open_button.setEnabled(True)
        self._translate(generation, sentences, glosses)

    def _translate(
        self, generation: int, sentences: list[tuple[int, Sentence]], glosses: list[str]
    ) -> None:
        library = self._library()
        if library is None or not sentences:
            return
        texts = [s.text for _i, s in sentences]

        def work(progress: Callable[[int, int | None, object], None]) -> None:
            if not library.translator.available():
                return
            for start in range(0, len(texts), CHUNK):
                lines = library.translator.translate(texts[start : start + CHUNK])
                progress(start, len(texts), (start, lines))

        def arrived(_done: int, _total: int | None, payload: object) -> None:
            if generation != self._generation:
                return
            start, lines = payload  # type: ignore[misc]
            for offset, line in enumerate(lines):
                index, _s = sentences[start + offset]
                self.text.set_translation(index, line, glosses[start + offset])

        self.runner.run(
            work,
            on_progress=arrived,
            on_failure=lambda e, _t: self.status_message.emit(f"Translation failed: {e}"),
        )

    # -- lookup and saving ----------------------------------------------------------------

    def _activate(self, token: Token, sentence: Sentence) -> None:
        library = self._library()
        if library is None:
            return
        self._active = (token, sentence)
        status = self._statuses.get(token.text, WordStatus.NEW)
        from companion.language.details import describe  # with the engine: not at start-up

        self.lookup.show_details(describe(token, library.engine), status, token.text in self._saved)
        self.lookup.show()

    def _add_word(self, word: str) -> None:
        if self._active is None:
            return
        sentence = self._active[1].text.strip()

        def added(_entry: object) -> None:
            self._saved.add(word)
            self._statuses.setdefault(word, WordStatus.NEW)
            if self.lookup.details is not None:
                self.lookup.show_details(self.lookup.details, self.lookup.status, True)
            self.status_message.emit(f"Saved {word} to your vocabulary")

        self._db(lambda lib: lib.add_word(word, sentence=sentence), on_success=added)

    def _set_status(self, word: str, status: WordStatus) -> None:
        def changed(_words: object) -> None:
            self._statuses[word] = status
            self.text.set_statuses(self._statuses)
            if self.lookup.details is not None:
                self.lookup.show_details(self.lookup.details, status, word in self._saved)

        self._db(lambda lib: lib.set_status([word], status), on_success=changed)

    def _merge(self) -> None:
        if self._active is None:
            return
        token = self._active[0]
        tokens = self.text.tokens()
        index = next((i for i, t in enumerate(tokens) if t.start == token.start), None)
        following = next((t for t in tokens[(index or 0) + 1 :] if t.is_chinese), None)
        if index is None or following is None or following.start != token.end:
            return
        merged = token.text + following.text
        self._fix(lambda lib: lib.merge_words(merged))

    def _fix(self, action: Callable[[Library], object]) -> None:
        """A merge or split, then the copied text read again with it."""

        def done(_r: object) -> None:
            clip, self._clip = self._clip, None
            if clip is not None:
                self.show_text(clip)

        self._db(action, on_success=done)

    def _open_in_reader(self) -> None:
        if self._clip is not None:
            text = self._clip.text
            self._db(lambda lib: lib.import_text(text), on_success=self.open_requested.emit)


def attach(window: MainWindow) -> ClipboardReader:
    """Give the main window its clipboard reader: a View menu action (Ctrl+Shift+C, anywhere
    in the app) that turns it on and off through the setting, which the Settings page also
    shows."""
    reader = ClipboardReader(window.db, window.runner, lambda: window.library, window)
    reader.status_message.connect(window.show_message)
    reader.open_requested.connect(window.open_post)
    action = QAction("&Clipboard reader", window)
    action.setCheckable(True)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action.setToolTip("Annotate the Chinese text you copy in any program")
    bar = window.menuBar()
    view = QMenu("&View", bar)
    view.addAction(action)
    # File, View, …, Help: Help stays last whatever was added before.
    help_menu = next((a for a in bar.actions() if a.text() == "&Help"), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, view)
    else:
        bar.addMenu(view)
    window.clipboard_action = action

    def turn(on: bool) -> None:
        if on != window.settings.clipboard_reader:
            settings = replace(window.settings, clipboard_reader=on)
            window.settings_page.set_settings(settings)
            window.apply_settings(settings)

    def follow(settings: Settings) -> None:
        action.setChecked(settings.clipboard_reader)
        reader.apply_settings(settings)
        reader.apply_theme(themes.resolve(settings.theme))

    action.toggled.connect(turn)
    reader.closed_by_user.connect(lambda: turn(False))
    window.settings_applied.connect(follow)
    follow(window.settings)
    return reader
