"""The main window: sidebar navigation between Feed, Reader, Review, Vocabulary and Settings; the
status bar; menus; and the one place that owns the Library (on the database thread)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.changes import OpChanges, OpResult
from companion.errors import CompanionError, InvalidInput
from companion.importers.images import is_remote
from companion.library import Library
from companion.paths import DataDir
from companion.settings import Settings, load_settings, save_settings
from companion.store.posts import PostSummary
from companion.ui import clipboard_reader, image_text_reading, paste_import
from companion.ui import theme as themes
from companion.ui.about import add_help_menu
from companion.ui.dialogs import ExportDialog, ImportDialog, ModelsDialog
from companion.ui.difficulty_pass import DifficultyPass
from companion.ui.feed import CoverPath
from companion.ui.feed_page import FeedPage
from companion.ui.feed_pager import FeedPager, Listing
from companion.ui.labels import message_box, plain_label, rich_label
from companion.ui.reader import ReaderPage
from companion.ui.review_page import ReviewPage
from companion.ui.session_state import SessionKeeper
from companion.ui.settings_page import SettingsPage
from companion.ui.speech import Speaker
from companion.ui.tasks import Job, TaskRunner
from companion.ui.vocabulary import VocabularyPage
from companion.wording import counted

log = logging.getLogger(__name__)

PAGES = ("feed", "reader", "review", "vocab", "settings")
UPKEEP_DELAY_MS = 3_000
"""After the feed is up, the daily backup and the weekly check start in the background."""


class MainWindow(QMainWindow):
    """Companion's window; the library opens in the background while the window shows."""

    library_ready = Signal()
    changed = Signal(object)  # OpChanges: what a library write changed
    feed_loaded = Signal()
    difficulty_finished = Signal(int)  # how many posts were measured at start
    settings_applied = Signal(object)  # Settings: after every change, for the app's windows

    def __init__(
        self, data: DataDir, runner: TaskRunner | None = None, keep_session: bool = True
    ) -> None:
        super().__init__()
        self.data = data
        self.runner = runner or TaskRunner(self)
        self.library: Library | None = None
        self.settings: Settings = load_settings(data.root) if data.root.is_dir() else Settings()
        self.setWindowTitle("Companion")
        self.resize(1280, 800)
        self._pending: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []
        self._bundled_model: Path | None = None
        self._stale: set[str] = set()
        """Views a write changed while they were hidden: refreshed when shown."""
        self._closing = self.closing = threading.Event()
        """Set when the window closes: background upkeep stops at its next step."""

        self.feed_page = FeedPage()
        self.feed_page.query_changed.connect(self.refresh_feed)
        self.feed_page.feed.post_activated.connect(self.open_post)
        self.feed_pager = FeedPager(
            self.db, self.feed_page.feed, self._cover_path, self._feed_shown
        )
        # The voice reads the engine's pinyin; the engine is used on the pool, never here.
        engine = lambda: self.library.engine if self.library is not None else None  # noqa: E731
        self.speaker = Speaker(self.runner, data.cache, engine, self)
        self.speaker.message.connect(self.show_message)
        self.reader = ReaderPage(self.db, self.runner, lambda: self.library)
        self.reader.back_requested.connect(lambda: self.show_page("feed"))
        self.reader.status_message.connect(self.show_message)
        self.review = ReviewPage(self.db, self.runner, lambda: self.library)
        self.review.post_requested.connect(self.open_post)
        self.review.page_requested.connect(self.show_page)
        self.review.due_changed.connect(self._show_due)
        self.review.status_message.connect(self.show_message)
        self.vocab = VocabularyPage(self.db)
        self.vocab.export_requested.connect(self.export_dialog)
        self.vocab.status_message.connect(self.show_message)
        self.settings_page = SettingsPage()
        self.settings_page.settings_changed.connect(self.apply_settings)
        self.stack = QStackedWidget()
        for page in (self.feed_page, self.reader, self.review, self.vocab, self.settings_page):
            self.stack.addWidget(page)

        self.banner = self._make_banner()
        sidebar = self._make_sidebar()
        main = QWidget()
        column = QVBoxLayout(main)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.stack, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(sidebar)
        row.addWidget(main, 1)
        self.setCentralWidget(central)

        self.work_label = plain_label()
        self.work_progress = QProgressBar()
        self.work_progress.setRange(0, 0)
        self.work_progress.setFixedWidth(120)
        self.work_progress.hide()
        self.model_label = plain_label("Translation: checking…")
        self.statusBar().addPermanentWidget(self.work_label)
        self.statusBar().addPermanentWidget(self.work_progress)
        self.statusBar().addPermanentWidget(self.model_label)
        self.runner.busy_changed.connect(self._busy)
        self._make_menus()
        self.clipboard_reader = clipboard_reader.attach(self)
        self.image_reading = image_text_reading.attach(self)
        self.paste_import = paste_import.attach(self)  # Ctrl+V and drop: screenshots, files
        self.settings_page.set_settings(self.settings)
        self.apply_settings(self.settings, save=False)
        self.session = SessionKeeper(self, enabled=keep_session)
        self.session.restore()  # the page, the window's geometry, the last post (when read)
        self._open_library()

    # -- construction ---------------------------------------------------------------------

    def _make_sidebar(self) -> QWidget:
        sidebar = QWidget()
        sidebar.setObjectName("Sidebar")
        sidebar.setFixedWidth(176)
        layout = QVBoxLayout(sidebar)
        layout.setContentsMargins(12, 18, 12, 12)
        brand = rich_label(
            "<span style='color:#ff2442;font-size:22px;font-weight:800'>Companion</span>"
            "<br><span style='font-size:11px'>读小红书，学中文</span>"
        )
        layout.addWidget(brand)
        layout.addSpacing(18)
        self.nav = QButtonGroup(self)
        self.nav_buttons: dict[str, QToolButton] = {}
        pages = (
            ("feed", "🏠  Feed", "Ctrl+1"),
            ("reader", "📖  Reader", "Ctrl+2"),
            ("review", "🔁  Review", "Ctrl+R"),
            ("vocab", "⭐  Vocabulary", "Ctrl+3"),
            ("settings", "⚙  Settings", "Ctrl+,"),
        )
        for key, text, shortcut in pages:
            button = QToolButton()
            button.setObjectName("NavButton")
            button.setText(text)
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(
                button.sizePolicy().horizontalPolicy().Expanding,
                button.sizePolicy().verticalPolicy(),
            )
            button.setMinimumWidth(150)
            button.setShortcut(QKeySequence(shortcut))
            button.setToolTip(f"{text.split()[-1]} ({shortcut})")
            button.clicked.connect(lambda _c=False, k=key: self.show_page(k))
            self.nav.addButton(button)
            self.nav_buttons[key] = button
            layout.addWidget(button)
        layout.addStretch(1)
        for text, slot in (
            ("Import…", self.import_dialog),
            ("Export…", self.export_dialog),
            ("Models…", self.models_dialog),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            layout.addWidget(button)
        return sidebar

    def _make_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("Banner")
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(16, 8, 12, 8)
        text = plain_label(
            "Sentence translation needs a translation model. Pinyin, the dictionary "
            "and the sample posts' own translations work without one."
        )
        text.setWordWrap(True)
        self.banner_text = text
        install = QPushButton("Install…")
        install.setObjectName("Primary")
        install.clicked.connect(self._banner_install)
        self.banner_install = install
        dismiss = QPushButton("Not now")
        dismiss.clicked.connect(banner.hide)
        layout.addWidget(text, 1)
        layout.addWidget(install)
        layout.addWidget(dismiss)
        banner.hide()
        return banner

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for text, shortcut, slot in (
            ("&Import posts…", QKeySequence.StandardKey.Open, self.import_dialog),
            ("&Export flashcards…", "Ctrl+E", self.export_dialog),
            ("Translation &models…", "Ctrl+M", self.models_dialog),
            ("&Quit", QKeySequence.StandardKey.Quit, self.close),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            file_menu.addAction(action)
        self.help_actions = add_help_menu(self)  # the shortcut sheet (?) and About

    # -- the library on the database thread ----------------------------------------------

    def _open_library(self) -> None:
        self.show_message("Opening your library…")

        def opened(library: Library) -> None:
            self.library = library
            pending, self._pending = self._pending, []
            for fn, args, callbacks in pending:
                self.db(fn, *args, **callbacks)
            self.library_ready.emit()
            self.feed_loaded.connect(self._settle, Qt.ConnectionType.SingleShotConnection)
            self.refresh_feed()
            self.refresh_tags()
            self.refresh_due()
            self._refresh_stale()  # a page shown while the library was opening

        self.runner.run(
            Library, self.data, on_success=opened, on_failure=self._fatal, database=True
        )

    def _settle(self) -> None:
        """Once the first feed page is painted: the work the first screen never waits for."""
        library = self.library
        if library is None:
            return
        self._check_model()
        self.finish_difficulty()
        QTimer.singleShot(UPKEEP_DELAY_MS, self._upkeep)
        # Warm jieba, the dictionary and the pinyin model where the UI never waits for it
        # (a post opened before this builds the engine on the pool all the same). Built on
        # the pool: with the learner's splits it loads the segmenter, never on the UI thread.
        self.runner.run(lambda: library.engine.warm_up())

    def db(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception, str], None] | None = None,
        on_progress: Callable[[int, int | None, Any], None] | None = None,
    ) -> Job | None:
        """Run fn(library, *args[, progress]) on the database thread; callbacks on the UI.
        Returns the job (None while the library is still opening: it runs right after).

        A write's result carries what it changed: on_success gets its value, and the views
        showing what changed refresh themselves (``apply_changes``)."""
        callbacks = {"on_success": on_success, "on_failure": on_failure, "on_progress": on_progress}
        if self._closing.is_set():
            return None  # a callback after the close: the library is closed or closing
        if self.library is None:
            self._pending.append((fn, args, callbacks))
            return None
        library = self.library

        def succeeded(result: Any) -> None:
            changes = getattr(result, "changes", None)
            if isinstance(result, OpResult):
                result = result.value
            if on_success is not None:
                on_success(result)
            if isinstance(changes, OpChanges) and changes:
                self.apply_changes(changes)

        return self.runner.run(
            lambda *a: fn(library, *a),
            *args,
            database=True,
            on_success=succeeded,
            on_failure=on_failure or self.report_error,
            on_progress=on_progress,
        )

    def _upkeep(self) -> None:
        """The daily backup (paced) and the weekly full check, on the general pool: the
        library does both on connections of their own, never blocking the database thread."""
        if self.library is not None and not self._closing.is_set():
            self.runner.run(self.library.upkeep, self._closing.is_set, on_failure=self.report_error)

    def finish_difficulty(self) -> None:
        """Measure, in the background, the posts an interrupted import left unmeasured."""
        DifficultyPass(self).start()

    def report_error(self, error: Exception, trace: str) -> None:
        from companion.failures import explain

        known = explain(error)
        if isinstance(error, InvalidInput):
            self.show_message(f"⚠ {error}")
        elif isinstance(error, CompanionError) or known is not None:
            log.warning("%s", known or error, exc_info=(type(error), error, error.__traceback__))
            message_box(self, QMessageBox.Icon.Warning, "Companion", str(known or error)).exec()
        else:
            log.error("unexpected error: %s\n%s", error, trace)
            message_box(
                self,
                QMessageBox.Icon.Critical,
                "Companion hit a bug",
                f"Something went wrong: {error}\n\nDetails are in the log.",
            ).exec()

    def _fatal(self, error: Exception, trace: str) -> None:
        from companion.failures import explain

        log.error("cannot open the library: %s\n%s", error, trace)
        message = str(explain(error) or error)
        self.show_message(f"⚠ {message}")
        title = "Companion cannot open your library"
        message_box(self, QMessageBox.Icon.Critical, title, message).exec()

    # -- pages ----------------------------------------------------------------------------

    def show_page(self, key: str) -> None:
        index = PAGES.index(key)
        self.stack.setCurrentIndex(index)
        self.nav_buttons[key].setChecked(True)
        if key in ("vocab", "review"):
            self._stale.add(key)  # cheap, and always current when shown
        self._refresh_stale()

    def apply_changes(self, changes: OpChanges) -> None:
        """Refresh the views that show what a write changed: the visible page now, the others
        when they are next shown."""
        if changes.posts:
            self._stale |= {"feed", "tags"}
        if changes.difficulty:  # badges wherever they show, at once, nothing moves
            self.feed_pager.refresh_badges()
        self.reader.follow(changes)  # its badge, statuses and saved words
        if changes.difficulty and self.stack.currentWidget() is self.feed_page:
            # Re-listing scrolls the feed to the top: a hidden feed is not re-listed for
            # difficulty alone (statuses marked while reading), or it would jump on return.
            self._stale.add("feed")
        if changes.vocabulary or changes.statuses:
            self._stale.add("vocab")
        if changes.segmentation:
            self._stale.add("reader")
        if changes.review or changes.vocabulary or changes.statuses or changes.posts:
            self._stale.add("review")  # its queue and the sidebar's due count
            if self.stack.currentWidget() is not self.review:
                self.refresh_due()
        if changes.models:
            self._check_model()
            self.reader.retranslate()
        self.changed.emit(changes)
        self._refresh_stale()

    def _refresh_stale(self) -> None:
        if self.library is None:
            return
        page = PAGES[self.stack.currentIndex()]
        if "tags" in self._stale:
            self._stale.discard("tags")
            self.refresh_tags()
        refresh = {
            "feed": self.refresh_feed,
            "reader": self.reader.reload,
            "vocab": self.vocab.refresh,
            "review": self.review.refresh,
        }
        if page in self._stale:
            self._stale.discard(page)
            refresh[page]()

    def refresh_feed(self) -> None:
        """List the feed anew: its first page now, the rest as the user scrolls."""
        page = self.feed_page
        self.feed_pager.refresh(
            Listing(
                page.search.text().strip(), page.tag.currentData() or "", page.order.currentData()
            )
        )

    def _feed_shown(self, total: int, listing: Listing) -> None:
        match = f" match “{listing.query}”" if listing.query else ""
        self.show_message(counted(total, "post") + match)
        self.feed_loaded.emit()

    def refresh_due(self) -> None:
        """The due count next to Review in the sidebar."""
        self.db(lambda lib: lib.due_count(), on_success=self._show_due)

    def _show_due(self, due: int) -> None:
        button = self.nav_buttons["review"]
        button.setText(f"🔁  Review   {due:,}" if due else "🔁  Review")
        button.setToolTip(f"Review: {due:,} due (Ctrl+R)")

    def _cover_path(self) -> CoverPath:
        root = self.library.data.root if self.library else self.data.root
        return lambda p: _cover(root, p)

    def refresh_tags(self) -> None:
        self.db(lambda lib: lib.posts.tags(), on_success=self.feed_page.set_tags)

    def open_post(self, post_id: int, on_ready: Callable[[], None] | None = None) -> None:
        self._stale.discard("reader")  # the post is read afresh anyway
        self.show_page("reader")
        self.reader.open_post(post_id, on_ready)

    # -- settings -------------------------------------------------------------------------

    def apply_settings(self, settings: Settings, save: bool = True) -> None:
        new_limit = settings.new_cards_per_day != self.settings.new_cards_per_day
        self.settings = settings
        app = QApplication.instance()
        theme = themes.resolve(settings.theme)
        if isinstance(app, QApplication):
            themes.apply(app, theme)
        self.feed_page.feed.set_theme(theme)
        self.reader.apply_theme(theme)
        self.reader.apply_settings(settings)  # sandhi, like tone numbers, is display only
        self.review.apply_theme(theme)
        self.settings_applied.emit(settings)
        if save and self.data.root.is_dir():
            try:
                save_settings(self.data.root, settings)
            except OSError as exc:
                self.show_message(f"⚠ could not save settings: {exc.strerror}")
        if new_limit:  # the library reads the daily limit from the saved settings
            self._stale.add("review")
            self.refresh_due()

    # -- dialogs --------------------------------------------------------------------------

    def import_dialog(self) -> ImportDialog:
        dialog = ImportDialog(self.db, self)
        # A cancelled import keeps the files imported before the cancel, but reports no result.
        dialog.imported.connect(
            lambda report: report is None and self.apply_changes(OpChanges(posts=True))
        )
        dialog.open_requested.connect(self.open_imported)
        dialog.show()
        return dialog

    def open_imported(self, post_ids: list[int]) -> None:
        """One imported post opens in the reader; several show in the feed, newest first."""
        if len(post_ids) == 1:
            self.open_post(post_ids[0])
        else:
            self.feed_page.show_recent()
            self.show_page("feed")

    def export_dialog(self) -> ExportDialog:
        dialog = ExportDialog(self.db, self)
        dialog.show()
        return dialog

    def models_dialog(self) -> ModelsDialog:
        dialog = ModelsDialog(self.db, self)
        dialog.show()
        return dialog

    def _check_model(self) -> None:
        from companion.translation.models import bundled_models

        def look(lib: Library) -> tuple[list[Any], list[Path]]:
            return lib.models.installed(), bundled_models()

        def checked(result: tuple[list[Any], list[Path]]) -> None:
            models, bundled = result
            zh_en = next((m for m in models if (m.from_code, m.to_code) == ("zh", "en")), None)
            self._bundled_model = bundled[0] if bundled and zh_en is None else None
            if zh_en is None:
                self.model_label.setText("Translation: no model")
                if self._bundled_model is not None:
                    self.banner_text.setText(
                        f"A translation model came with Companion ({self._bundled_model.name}). "
                        "Install it to see every sentence in English, offline?"
                    )
                    self.banner_install.setText("Install it")
                self.banner.setVisible(True)
            else:
                self.model_label.setText(f"Translation: zh → en {zh_en.version}")
                self.banner.hide()

        self.db(look, on_success=checked)

    def _banner_install(self) -> None:
        """Install the model that came with Companion, or open the models dialog."""
        dialog = self.models_dialog()
        if self._bundled_model is not None:
            dialog.install_file(self._bundled_model)

    # -- status ---------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000 if text else 1)

    def _busy(self, count: int) -> None:
        self.work_progress.setVisible(count > 0)
        self.work_label.setText("Working…" if count else "")

    def closeEvent(self, event: Any) -> None:
        self.session.save()
        self._closing.set()
        self.speaker.shutdown()
        self.runner.wait(10_000)
        if self.library is not None:
            self.library.close()
        super().closeEvent(event)


def _cover(root: Path, post: PostSummary) -> Path | None:
    if not post.cover or is_remote(post.cover):
        return None
    path = Path(post.cover)
    return path if path.is_absolute() else root / path
