"""The reader's "Mark all known": ask first (how many words, saved study words left alone
unless ticked), then change, then offer Undo (a button on a toast, and Ctrl+Z while the toast
is on screen) that puts back exactly the statuses replaced, through the Library.

Every step is a Library call on the database thread; the window refreshes what shows
statuses and difficulty (badges, the vocabulary page) from the OpChanges each call returns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.changes import OpChanges
from companion.library_words import KnownPlan, StatusChange
from companion.store.listing import Difficulty
from companion.store.models import WordStatus
from companion.ui.labels import plain_label
from companion.wording import counted

DbCall = Callable[..., Any]  # MainWindow.db: run fn(library) on the database thread
UNDO_SECONDS = 15
"""How long the Undo toast (and Ctrl+Z) stays after a change."""


class MarkKnownDialog(QDialog):
    """Asks before marking a post's words known; ``chosen(include_saved)`` on confirm."""

    chosen = Signal(bool)

    def __init__(self, plan: KnownPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Mark all known")
        self.setMinimumWidth(420)
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.include_saved = QCheckBox(
            f"Also mark my {counted(len(plan.saved), 'saved study word')} known"
        )
        self.include_saved.setVisible(bool(plan.saved))
        self.include_saved.toggled.connect(self._describe)
        note = plain_label("You can undo this right after.")
        note.setObjectName("Muted")
        self.confirm = QPushButton()
        self.confirm.setObjectName("Primary")
        self.confirm.clicked.connect(self._confirmed)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.include_saved)
        layout.addWidget(note)
        layout.addLayout(row)
        self._describe()

    def count(self) -> int:
        """How many words confirming would change."""
        saved = len(self.plan.saved) if self.include_saved.isChecked() else 0
        return len(self.plan.words) + saved

    def _describe(self) -> None:
        words = counted(self.count(), "word")
        text = f"Mark {words} of this post known?"
        if self.plan.saved and not self.include_saved.isChecked():
            kept = counted(len(self.plan.saved), "saved study word")
            text += f" Your {kept} stay as they are."
        self.message.setText(text)
        self.confirm.setText(f"Mark {words} known")
        self.confirm.setEnabled(self.count() > 0)

    def _confirmed(self) -> None:
        self.accept()
        self.chosen.emit(self.include_saved.isChecked())


class UndoToast(QFrame):
    """A message with an Undo button, shown for a while after a change; Ctrl+Z on its parent
    page undoes while it is on screen."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.setObjectName("Banner")
        self.label = plain_label()
        keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.button = QPushButton(f"Undo ({keys})" if keys else "Undo")
        self.button.clicked.connect(self.undo)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 8, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self._action: Callable[[], None] | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.dismiss)
        self.shortcut = QShortcut(QKeySequence.StandardKey.Undo, page, self.undo)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut.setWhatsThis("Undo Mark all known (while its notice shows)")
        self.shortcut.setEnabled(False)
        self.hide()

    def offer(self, message: str, action: Callable[[], None], seconds: int = UNDO_SECONDS) -> None:
        self.label.setText(message)
        self._action = action
        self.shortcut.setEnabled(True)
        self.show()
        self._timer.start(seconds * 1000)

    def undo(self) -> None:
        action, self._action = self._action, None
        self.dismiss()
        if action is not None:
            action()

    def dismiss(self) -> None:
        self._timer.stop()
        self._action = None
        self.shortcut.setEnabled(False)
        self.hide()


class MarkAllKnown:
    """The flow behind the reader's button: plan, ask, change, offer undo.

    statuses() gives the open post's status map (None when no post is open), post_id() its
    id; shown() repaints the texts after the map changed; message() writes to the status
    bar."""

    def __init__(
        self,
        page: QWidget,
        db: DbCall,
        post_id: Callable[[], int | None],
        statuses: Callable[[], dict[str, WordStatus] | None],
        shown: Callable[[], None],
        message: Callable[[str], None],
    ) -> None:
        self._page, self._db = page, db
        self._post_id, self._statuses, self._shown, self._message = (
            post_id,
            statuses,
            shown,
            message,
        )
        self.toast = UndoToast(page)
        self.dialog: MarkKnownDialog | None = None

    def start(self) -> None:
        post_id = self._post_id()
        if post_id is not None:
            self._db(lambda lib: lib.plan_post_known(post_id), on_success=self._ask)

    def _ask(self, plan: KnownPlan) -> None:
        if self._post_id() != plan.post_id:
            return  # another post is open now
        if not plan.words and not plan.saved:
            self._message("Every word of this post is already known")
            return
        self.dialog = MarkKnownDialog(plan, self._page)
        self.dialog.chosen.connect(lambda include: self._mark(plan.post_id, include))
        self.dialog.open()

    def _mark(self, post_id: int, include_saved: bool) -> None:
        self._db(
            lambda lib: lib.mark_post_known(post_id, include_saved=include_saved),
            on_success=lambda change: self._marked(post_id, change),
        )

    def _marked(self, post_id: int, change: StatusChange) -> None:
        self._apply(post_id, [(word, change.status) for word in change.words])
        text = f"Marked {counted(len(change.words), 'word')} known"
        self._message(text)
        if change.words:
            self.toast.offer(text, lambda: self._undo(post_id, change))

    def _undo(self, post_id: int, change: StatusChange) -> None:
        def undone(_words: object) -> None:
            self._apply(post_id, list(change.previous))
            self._message(f"Undone: {counted(len(change.words), 'word')} as they were")

        self._db(lambda lib: lib.undo_status_change(change), on_success=undone)

    def _apply(self, post_id: int, statuses: list[tuple[str, WordStatus]]) -> None:
        """Show new statuses in the open post (if it is still the one changed)."""
        shown = self._statuses()
        if shown is None or self._post_id() != post_id:
            return
        for word, status in statuses:
            if status is WordStatus.NEW:
                shown.pop(word, None)
            else:
                shown[word] = status
        self._shown()


class OpenPostSync:
    """Keeps the open post in step with writes made anywhere (``follow(changes)`` from
    MainWindow.apply_changes): its "% known" badge when difficulty changed, its statuses and
    saved words when those did (from the Vocabulary page, say)."""

    def __init__(
        self,
        db: DbCall,
        post_id: Callable[[], int | None],
        show_words: Callable[[dict[str, WordStatus], set[str]], None],
        show_badge: Callable[[Difficulty | None], None],
    ) -> None:
        self._db, self._post_id = db, post_id
        self._show_words, self._show_badge = show_words, show_badge

    def follow(self, changes: OpChanges) -> None:
        post_id = self._post_id()
        if post_id is None:
            return
        if changes.difficulty:

            def badge(found: dict[int, Difficulty]) -> None:
                if self._post_id() == post_id and post_id in found:
                    self._show_badge(found[post_id])

            self._db(lambda lib: lib.post_difficulties([post_id]), on_success=badge)
        if changes.statuses or changes.vocabulary:

            def words(found: tuple[dict[str, WordStatus], set[str]]) -> None:
                if self._post_id() == post_id:
                    self._show_words(*found)

            self._db(
                lambda lib: (lib.vocabulary.statuses(), lib.vocabulary.saved_words()),
                on_success=words,
            )
