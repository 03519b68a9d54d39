"""The Review page: saved words due today, one card at a time in their own sentences, graded
Again / Hard / Good / Easy (keys 1–4, Space reveals), and the learner's progress as charts.

The queue is fetched in batches on the database thread and kept here, so a grade shows the next
card at once while the grade is saved behind it; the queue is topped up when it runs low."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.library import Library
from companion.review.model import DayCount, Grade, GradeResult, ReviewCard, ReviewStats
from companion.translation.gloss import gloss
from companion.ui import theme as themes
from companion.ui.labels import plain_label
from companion.ui.review_card import ReviewCardView
from companion.ui.review_stats import ProgressView
from companion.ui.tasks import TaskRunner
from companion.wording import counted

BATCH = 50
"""Cards fetched at a time."""
LOW = 5
"""Fetch more when this few cards are left in the queue."""
TICK_MS = 5 * 60_000
"""How often the due count is asked for anew: cards fall due as time passes, with no write."""
RELOAD_WITHIN = timedelta(hours=1)
"""A card due again this soon (a learning step) brings the finished page back to work by itself."""
NO_MODEL_NOTE = (
    "No translation model is installed, so this is a word-by-word gloss. "
    "Install one with Models… in the sidebar to see the sentence in English."
)


MESSAGE_WIDTH = 520


def set_message(label: QLabel, text: str) -> None:
    """A centred message's text, the label as tall as its wrapped lines (a label aligned in
    its layout is not given its height for its width)."""
    label.setText(text)
    label.setMinimumHeight(label.heightForWidth(MESSAGE_WIDTH) if text else 0)


@dataclass(frozen=True)
class Snapshot:
    """What the page needs from the library at once: the first cards, the due count, and
    whether there are saved words at all."""

    cards: tuple[ReviewCard, ...]
    due: int
    saved: int


def take_snapshot(library: Library) -> Snapshot:
    cards = library.review_queue(limit=BATCH)
    return Snapshot(tuple(cards), library.due_count(), library.vocabulary.count())


def until(now: datetime, then: datetime) -> str:
    """'in 10 minutes', 'in 3 hours', 'tomorrow', 'in 4 days'."""
    seconds = (then - now).total_seconds()
    if seconds < 60:
        return "in a minute"
    if seconds < 3600:
        return "in " + counted(round(seconds / 60), "minute")
    if seconds < 86_400 and then.astimezone().date() == now.astimezone().date():
        return "in " + counted(round(seconds / 3600), "hour")
    days = (then.astimezone().date() - now.astimezone().date()).days
    return "tomorrow" if days <= 1 else f"in {days} days"


def next_review_text(
    now: datetime, soonest: datetime | None, forecast: tuple[DayCount, ...]
) -> str:
    """When the next card falls due, from the soonest graded card of this session (a learning
    step today) or the forecast's first day after today with cards due."""
    if soonest is not None and soonest > now:
        return f"Next review {until(now, soonest)}."
    for offset, point in enumerate(forecast):
        if offset >= 1 and point.value:
            return "Next review tomorrow." if offset == 1 else f"Next review in {offset} days."
    return "Nothing else is scheduled yet."


class ReviewPage(QWidget):
    """Review and Progress; emits post_requested(int) to open a card's post in the reader,
    page_requested(str) to go to another page, and due_changed(int) when it learns the count."""

    post_requested = Signal(int)
    page_requested = Signal(str)
    due_changed = Signal(int)
    status_message = Signal(str)
    card_shown = Signal(object)  # ReviewCard, for tests and the status bar
    finished = Signal()

    def __init__(
        self,
        library_call: Callable[..., Any],
        runner: TaskRunner,
        library: Callable[[], Library | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = library_call
        self.runner = runner
        self._library = library
        self.queue: list[ReviewCard] = []
        self.current: ReviewCard | None = None
        self.due = 0
        self.reviewed = 0
        self._soonest: datetime | None = None
        self._fetching = False
        self._graded_while_fetching: set[str] = set()
        self._translation_job = 0
        self._stats_stale = True
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.timeout.connect(self.reload)
        self._tick_timer = QTimer(self)
        self._tick_timer.timeout.connect(self.tick)
        self._tick_timer.start(TICK_MS)

        bar = self._make_bar()

        self.card_view = ReviewCardView()
        self.card_view.reveal_requested.connect(self.reveal)
        self.card_view.graded.connect(self.grade)
        self.card_view.translation_requested.connect(self.translate)
        self.card_view.post_requested.connect(self.post_requested)
        self.loading = self._message_page("Loading your cards…")
        self.empty = self._message_page(
            "No saved words yet",
            "Open a post in the Reader, click a word and press Add (or the A key) to save it. "
            "Saved words come back here to review, in the sentence you found them in.",
            ("Go to the feed", lambda: self.page_requested.emit("feed")),
        )
        self.done = self._message_page(
            "All done for today",
            "",
            ("See your progress", lambda: self.show_tab("progress")),
        )
        self.states = QStackedWidget()
        for widget in (self.loading, self.empty, self.done):
            self.states.addWidget(widget)
        centred = QWidget()
        row = QHBoxLayout(centred)
        row.addStretch(1)
        self.card_view.setMaximumWidth(820)
        self.card_view.setMinimumWidth(520)
        row.addWidget(self.card_view, 4)
        row.addStretch(1)
        self.states.addWidget(centred)
        self._card_page = centred

        self.progress = ProgressView()
        progress_scroll = QScrollArea()
        progress_scroll.setWidgetResizable(True)
        progress_scroll.setWidget(self.progress)
        self.tabs = QStackedWidget()
        self.tabs.addWidget(self.states)
        self.tabs.addWidget(progress_scroll)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(14)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

        for key, slot, what in (
            (Qt.Key.Key_Space, self._space, "Show the answer (then: Good)"),
            (Qt.Key.Key_T, self.translate, "Show the sentence's translation"),
            (Qt.Key.Key_O, self.card_view.open_post, "Open the post the word came from"),
        ):
            QShortcut(QKeySequence(key), self, slot).setWhatsThis(what)
        for grade in Grade:
            shortcut = QShortcut(
                QKeySequence(str(grade.value)), self, lambda g=grade: self._grade_key(g)
            )
            shortcut.setWhatsThis(f"Grade the card {grade.name.capitalize()}")
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo).setWhatsThis(
            "Undo the last grade"
        )
        self.apply_theme(themes.current())

    def _make_bar(self) -> QHBoxLayout:
        """The Review / Progress switch, the counter and Undo."""
        self.review_tab = QPushButton("Review")
        self.progress_tab = QPushButton("Progress")
        tabs = QButtonGroup(self)
        bar = QHBoxLayout()
        for button in (self.review_tab, self.progress_tab):
            button.setObjectName("Tab")
            button.setCheckable(True)
            tabs.addButton(button)
            bar.addWidget(button)
        self.review_tab.setChecked(True)
        self.review_tab.clicked.connect(lambda: self.show_tab("review"))
        self.progress_tab.clicked.connect(lambda: self.show_tab("progress"))
        self.counter = plain_label()
        self.counter.setObjectName("Muted")
        self.undo_button = QPushButton("Undo grade")
        self.undo_button.setToolTip("Take back the last grade and show that card again (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        bar.addSpacing(12)
        bar.addWidget(self.counter)
        bar.addStretch(1)
        bar.addWidget(self.undo_button)
        return bar

    def _message_page(
        self, title: str, text: str = "", action: tuple[str, Callable[[], None]] | None = None
    ) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addStretch(1)
        heading = plain_label(title)
        heading.setObjectName("Title")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = plain_label()
        body.setObjectName("Muted")
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setFixedWidth(MESSAGE_WIDTH)
        set_message(body, text)
        page.setProperty("body", body)
        box.addWidget(heading)
        box.addWidget(body, 0, Qt.AlignmentFlag.AlignHCenter)
        if action is not None:
            button = QPushButton(action[0])
            button.clicked.connect(action[1])
            box.addSpacing(8)
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)
        return page

    def apply_theme(self, theme: themes.Theme) -> None:
        self.setStyleSheet(
            f"QPushButton#Tab {{ border-radius: 14px; padding: 5px 18px; }}"
            f"QPushButton#Tab:checked {{ background: {theme.hover_bg}; color: {theme.accent};"
            f" border-color: {theme.accent}; font-weight: 600; }}"
        )
        self.card_view.apply_theme(theme)
        self.progress.apply_theme(theme)

    # -- state ----------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """'loading', 'empty', 'done' or 'card': what the Review tab shows."""
        page = self.states.currentWidget()
        return {self.loading: "loading", self.empty: "empty", self.done: "done"}.get(page, "card")

    def show_tab(self, key: str) -> None:
        progress = key == "progress"
        (self.progress_tab if progress else self.review_tab).setChecked(True)
        self.tabs.setCurrentIndex(1 if progress else 0)
        if progress and self._stats_stale:
            self.refresh_stats()

    def refresh(self) -> None:
        """Bring the page up to date after a change: a card on screen stays, the queue behind
        it is fetched anew; any other state is reloaded."""
        self._stats_stale = True
        if self.tabs.currentIndex() == 1:
            self.refresh_stats()
        if self.state == "card":
            self._fetch()
        else:
            self.reload()

    def reload(self) -> None:
        """Fetch the queue and show its first card (or the empty or finished page)."""
        self._reload_timer.stop()
        if self.current is None:
            self.states.setCurrentWidget(self.loading)
        self._db(take_snapshot, on_success=self._loaded)

    def _loaded(self, snapshot: Snapshot) -> None:
        self.due = snapshot.due
        self.due_changed.emit(snapshot.due)
        self.queue = list(snapshot.cards)
        if not snapshot.saved:
            self.current = None
            self.states.setCurrentWidget(self.empty)
            self._update_counter()
            return
        if self.queue:
            self._next()
        else:
            self._show_done()

    def tick(self) -> None:
        """Ask for the due count again (time passed); a finished page with cards due again
        goes back to work."""

        def counted_now(due: int) -> None:
            self.due_changed.emit(due)
            if due and self.state in ("done", "empty"):
                self.reload()

        self._db(lambda lib: lib.due_count(), on_success=counted_now)

    def _fetch(self) -> None:
        """Top up the queue behind the card on screen (grades saved before it are counted)."""
        if self._fetching:
            return
        self._fetching = True
        self._graded_while_fetching = set()
        self._db(take_snapshot, on_success=self._fetched, on_failure=self._fetch_failed)

    def _fetched(self, snapshot: Snapshot) -> None:
        self._fetching = False
        skip = self._graded_while_fetching | ({self.current.word} if self.current else set())
        self.queue = [c for c in snapshot.cards if c.word not in skip]
        self.due = snapshot.due
        self.due_changed.emit(snapshot.due)
        if self.current is None and self.state in ("loading", "card"):
            if self.queue:
                self._next()
            else:
                self._show_done()
        self._update_counter()

    def _fetch_failed(self, error: Exception, trace: str) -> None:
        self._fetching = False
        self.status_message.emit(f"⚠ could not load the review queue: {error}")

    def _next(self) -> None:
        """Show the next card of the queue; when it is empty, ask the library once more (a card
        graded Again may be due again already) before showing the finished page."""
        if not self.queue:
            self.current = None
            self.states.setCurrentWidget(self.loading)
            self._fetch()
            return
        self.current = self.queue.pop(0)
        self._translation_job += 1
        self.card_view.show_card(self.current)
        word = self.current.word
        asked = datetime.now(UTC)
        self._db(
            lambda lib: lib.next_dues(word, asked),
            on_success=lambda dues: self.card_view.set_next_dues(word, asked, dues),
            on_failure=lambda _e, _t: None,  # the buttons keep their plain names
        )
        self.states.setCurrentWidget(self._card_page)
        self._update_counter()
        self.card_shown.emit(self.current)
        if len(self.queue) < LOW and self.due > len(self.queue) + 1:
            self._fetch()

    def _show_done(self) -> None:
        self.states.setCurrentWidget(self.done)
        self._update_counter()
        body = self.done.property("body")
        reviewed = (
            f"You reviewed {counted(self.reviewed, 'card')} this session. " if self.reviewed else ""
        )
        set_message(body, reviewed + "Checking when the next one is due…")
        soonest = self._soonest

        def shown(stats: ReviewStats) -> None:
            now = datetime.now(UTC)
            set_message(body, reviewed + next_review_text(now, soonest, stats.forecast))
            self.progress.set_stats(stats)
            self._stats_stale = False
            if soonest is not None and now < soonest < now + RELOAD_WITHIN:
                wait = (soonest - now).total_seconds() + 1
                self._reload_timer.start(int(wait * 1000))

        self._db(lambda lib: lib.review_stats(), on_success=shown)
        self.finished.emit()

    def _update_counter(self) -> None:
        if self.state == "card":
            left = max(self.due, len(self.queue) + 1)
            self.counter.setText(f"{counted(left, 'card')} due · {self.reviewed} reviewed")
        elif self.reviewed:
            self.counter.setText(f"{self.reviewed} reviewed")
        else:
            self.counter.setText("")

    # -- reviewing ------------------------------------------------------------------------

    def _space(self) -> None:
        if self.tabs.currentIndex() != 0 or self.current is None:
            return
        if self.card_view.revealed:
            self.grade(Grade.GOOD)  # as in Anki: Space again means Good
        else:
            self.reveal()

    def reveal(self) -> None:
        if self.current is not None:
            self.card_view.reveal()

    def _grade_key(self, grade: Grade) -> None:
        if self.tabs.currentIndex() == 0 and self.card_view.revealed:
            self.grade(grade)

    def grade(self, grade: Grade) -> None:
        """Save the grade behind the scenes and show the next card at once."""
        card = self.current
        if card is None or not self.card_view.revealed:
            return
        if self._fetching:
            self._graded_while_fetching.add(card.word)
        self.reviewed += 1
        self.due = max(self.due - 1, 0)
        self._stats_stale = True

        def saved(result: GradeResult) -> None:
            if self._soonest is None or result.next_due < self._soonest:
                self._soonest = result.next_due

        self._db(lambda lib: lib.grade(card.word, grade), on_success=saved)
        self.undo_button.show()
        self.current = None
        self._next()

    def undo(self) -> None:
        """Take back the newest grade: the card comes back on screen as it was before it."""
        if not self.reviewed or self.tabs.currentIndex() != 0:
            return
        self.reviewed -= 1
        self.undo_button.setVisible(self.reviewed > 0)

        def back(card: ReviewCard) -> None:
            if self.current is not None:
                self.queue.insert(0, self.current)
            self.queue = [card, *(c for c in self.queue if c.word != card.word)]
            self.due += 1
            self._next()

        def undone(word: str | None) -> None:
            if word is not None:
                self._db(lambda lib: lib.review_card(word), on_success=back)

        self._db(lambda lib: lib.undo_grade(), on_success=undone)

    # -- translation ----------------------------------------------------------------------

    def translate(self) -> None:
        """The sentence's English: as stored with the word, else from the translation model
        (off the UI thread), else a word-by-word gloss with a note on getting a model."""
        card = self.current
        if card is None or not card.sentence.strip() or self.tabs.currentIndex() != 0:
            return
        if card.translation:
            self.card_view.show_translation(card.translation)
            return
        library = self._library()
        if library is None:
            return
        self._translation_job += 1
        job = self._translation_job
        self.card_view.show_translation("Translating…")

        def work() -> tuple[str, str]:
            sentence = card.sentence.strip()
            if library.translator.available():
                return library.translator.translate([sentence])[0], ""
            glosses = [gloss(s) for s in library.engine.annotate(sentence).sentences]
            return "gloss: " + " · ".join(g for g in glosses if g), NO_MODEL_NOTE

        def arrived(result: tuple[str, str]) -> None:
            if job == self._translation_job:
                self.card_view.show_translation(*result)

        def failed(error: Exception, _trace: str) -> None:
            if job == self._translation_job:
                self.card_view.show_translation("", f"Translation failed: {error}")

        self.runner.run(work, on_success=arrived, on_failure=failed)

    # -- progress -------------------------------------------------------------------------

    def refresh_stats(self) -> None:
        def shown(stats: ReviewStats) -> None:
            self._stats_stale = False
            self.progress.set_stats(stats)

        self._db(lambda lib: lib.review_stats(), on_success=shown)
