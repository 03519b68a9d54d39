"""The background difficulty pass at start: posts an interrupted import left unmeasured are
measured, their texts read and counts saved on the database thread, words counted on the pool."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from companion.changes import OpChanges
from companion.store.database import DatabaseLocked
from companion.wording import counted

if TYPE_CHECKING:
    from companion.library import Library
    from companion.ui.main_window import MainWindow

RETRY_MS = 10_000
"""Another copy of the app is importing (the database is busy): try again after this."""


class DifficultyPass:
    """One run of the pass for a window (its db(), runner, status line and signals)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def start(self) -> None:
        def find(lib: Library) -> list[int]:
            lib.engine  # noqa: B018 -- built here, where it may read the database
            return lib.unmeasured_posts()

        def found(ids: list[int]) -> None:
            if ids:
                self._measure(ids, 0)
            else:
                self.window.difficulty_finished.emit(0)

        self.window.db(find, on_success=found)

    def _measure(self, ids: list[int], start: int) -> None:
        from companion.library import MEASURE_BATCH

        window = self.window
        library = window.library
        chunk = ids[start : start + MEASURE_BATCH]
        if library is None or not chunk:
            window.show_message(f"Measured the difficulty of {counted(len(ids), 'post')}")
            window.apply_changes(OpChanges(difficulty=True))
            window.difficulty_finished.emit(len(ids))
            return
        window.show_message(f"Measuring difficulty: {start:,} of {len(ids):,} posts…")

        def save_counts(counts: list[Any]) -> None:
            window.db(  # bool(): the feed refreshes once, when every batch is saved
                lambda lib: bool(lib.store_word_counts(counts)),
                on_success=lambda _r: self._measure(ids, start + len(chunk)),
                on_failure=not_saved,
            )

        def not_saved(error: Exception, trace: str) -> None:
            if isinstance(error, DatabaseLocked):  # another copy is importing: try again later
                QTimer.singleShot(RETRY_MS, lambda: self._measure(ids, start))
            else:
                window.report_error(error, trace)

        window.db(
            lambda lib: lib.post_texts(chunk),
            on_success=lambda texts: window.runner.run(
                library.measure_texts, texts, on_success=save_counts, on_failure=window.report_error
            ),
        )
