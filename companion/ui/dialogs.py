"""Dialogs: import posts, export flashcards, manage translation models — all work off-thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.errors import Cancelled
from companion.store.models import WordStatus
from companion.ui.labels import plain_label, rich_label
from companion.wording import counted

DbCall = Callable[..., Any]


class _WorkDialog(QDialog):
    """A dialog with a progress bar and a message line for one background operation."""

    def __init__(self, title: str, library_call: DbCall, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._db = library_call
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.message.setObjectName("Muted")

    def _buttons(self, primary: str | None, slot: Callable[[], None] | None) -> QHBoxLayout:
        """A right-aligned row: the dialog's primary action (if any) and Close."""
        row = QHBoxLayout()
        row.addStretch(1)
        if primary is not None and slot is not None:
            button = QPushButton(primary)
            button.setObjectName("Primary")
            button.clicked.connect(slot)
            row.addWidget(button)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        return row

    def _progress(self, done: int, total: int | None, message: object) -> None:
        self.progress.show()
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)
        if isinstance(message, str):
            self.message.setText(message)

    def _failed(self, error: Exception, _trace: str) -> None:
        from companion.failures import explain

        self.progress.hide()
        self.message.setText(f"⚠ {explain(error) or error}")
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        for button in self.findChildren(QPushButton):
            button.setEnabled(not busy)


class ImportDialog(_WorkDialog):
    """Import files or folders (or drop them here), or paste a post's text."""

    imported = Signal(object)  # ImportReport or post id
    open_requested = Signal(list)  # the ids of the posts just imported: show them

    def __init__(self, library_call: DbCall, parent: QWidget | None = None) -> None:
        super().__init__("Import posts", library_call, parent)
        self.setAcceptDrops(True)
        intro = plain_label(
            "Drop files or folders here, or choose them: MediaCrawler exports (JSON, JSONL, CSV), "
            "XHS-Downloader's ExploreData.db, Companion JSON, Markdown or text files."
        )
        intro.setWordWrap(True)
        files = QPushButton("Choose files…")
        files.clicked.connect(self._choose_files)
        folder = QPushButton("Choose a folder…")
        folder.clicked.connect(self._choose_folder)
        self.paste = QPlainTextEdit()
        self.paste.setPlaceholderText("…or paste a post here (the first line becomes its title)")
        row = QHBoxLayout()
        row.addWidget(files)
        row.addWidget(folder)
        row.addStretch(1)
        buttons = self._buttons("Import pasted text", self._import_text)
        self.cancel_button = QPushButton("Cancel import")
        self.cancel_button.setToolTip("Stop after the current file; it is rolled back whole")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        buttons.insertWidget(0, self.cancel_button)
        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Read what was just imported")
        self.open_button.clicked.connect(self._open_imported)
        self.open_button.hide()
        buttons.insertWidget(buttons.count() - 2, self.open_button)  # beside the actions
        self._opened: list[int] = []
        self._job: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.paste, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            "Import posts",
            "",
            "Posts (*.json *.jsonl *.csv *.db *.sqlite *.md *.markdown *.txt);;All files (*)",
        )
        if paths:
            self.import_paths([Path(p) for p in paths])

    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import a folder of posts")
        if path:
            self.import_paths([Path(path)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        self._busy(True)
        self.message.setText("Importing…")

        def done(report: Any) -> None:
            self._finished()
            lines = [f"{counted(report.added, 'new post')}, {report.updated:,} updated."]
            lines += [f"⚠ {error}" for error in report.errors]
            lines += [f"• {note}" for note in report.notes]
            self.message.setText("\n".join(lines))
            self._offer_open(report.post_ids)
            self.imported.emit(report)

        def failed(error: Exception, trace: str) -> None:
            self._finished()
            if isinstance(error, Cancelled):
                self.message.setText(
                    "Import cancelled. Files imported before it are kept; the "
                    "file being imported was rolled back."
                )
                self.imported.emit(None)
            else:
                self._failed(error, trace)

        self._job = self._db(
            lambda lib, progress: lib.import_paths(paths, progress=progress),
            on_success=done,
            on_failure=failed,
            on_progress=self._progress,
        )
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)

    def _offer_open(self, post_ids: list[int]) -> None:
        self._opened = list(dict.fromkeys(post_ids))
        self.open_button.setVisible(bool(self._opened))
        if len(self._opened) > 1:
            self.open_button.setText("Open in the feed")
            self.open_button.setToolTip("The feed, recently imported first")
        else:
            self.open_button.setText("Open")
            self.open_button.setToolTip("Read the post just imported")

    def _open_imported(self) -> None:
        """One post opens in the reader; several show in the feed, recently imported first."""
        if self._opened:
            self.open_requested.emit(self._opened)
            self.accept()

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.message.setText("Cancelling…")

    def _finished(self) -> None:
        self._busy(False)
        self.progress.hide()
        self.cancel_button.hide()
        self._job = None

    def _import_text(self) -> None:
        text = self.paste.toPlainText()
        if not text.strip():
            self.message.setText("Paste some Chinese text first.")
            return
        self._busy(True)

        def done(post_id: int) -> None:
            self._busy(False)
            self.paste.clear()
            self.message.setText("Imported the pasted post.")
            self._offer_open([post_id])
            self.imported.emit(post_id)

        self._db(lambda lib: lib.import_text(text), on_success=done, on_failure=self._failed)


class ExportDialog(_WorkDialog):
    """Export the vocabulary as an Anki deck, CSV/TSV or Pleco file, with progress."""

    exported = Signal(object)

    def __init__(self, library_call: DbCall, parent: QWidget | None = None) -> None:
        super().__init__("Export flashcards", library_call, parent)
        self.format = QComboBox()
        self.format.addItem("Anki deck (.apkg)", "anki")
        self.format.addItem("CSV spreadsheet (.csv)", "csv")
        self.format.addItem("Anki text import (.tsv)", "tsv")
        self.format.addItem("Pleco flashcards (.txt)", "pleco")
        self.deck = QLineEdit("Companion")
        self.only_new = QCheckBox("Only words added since the last export")
        self.statuses: dict[WordStatus, QCheckBox] = {}
        status_row = QHBoxLayout()
        for status in (WordStatus.NEW, WordStatus.LEARNING, WordStatus.KNOWN):
            box = QCheckBox(status.name.capitalize())
            box.setChecked(status is not WordStatus.KNOWN)
            self.statuses[status] = box
            status_row.addWidget(box)
        self.sentence_cards = QCheckBox("Add fill-the-gap sentence cards (Anki)")
        self.sentence_cards.setChecked(True)
        self.audio = QCheckBox("Include audio: each word and sentence spoken (Anki)")
        self.audio.setToolTip(
            "Speech made on this computer with espeak-ng's Mandarin voice, stored in the deck"
        )
        self.path = QLineEdit(str(Path.home() / "Companion.apkg"))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.format.currentIndexChanged.connect(self._format_changed)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Deck", self.deck)
        form.addRow("Words", status_row)
        form.addRow("", self.only_new)
        form.addRow("", self.sentence_cards)
        form.addRow("", self.audio)
        form.addRow("Save to", path_row)
        buttons = self._buttons("Export", self.start)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _format_changed(self) -> None:
        suffix = {"anki": ".apkg", "csv": ".csv", "tsv": ".tsv", "pleco": ".txt"}[
            self.format.currentData()
        ]
        self.path.setText(str(Path(self.path.text()).with_suffix(suffix)))
        self.deck.setEnabled(self.format.currentData() in ("anki", "tsv"))
        self.sentence_cards.setEnabled(self.format.currentData() == "anki")
        self.audio.setEnabled(self.format.currentData() == "anki")

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text())
        if path:
            self.path.setText(path)

    def start(self) -> None:
        fmt = self.format.currentData()
        path = Path(self.path.text()).expanduser()
        statuses = [s for s, box in self.statuses.items() if box.isChecked()]
        options = dict(
            deck=self.deck.text().strip() or "Companion",
            only_new=self.only_new.isChecked(),
            statuses=statuses,
            sentence_cards=self.sentence_cards.isChecked(),
            audio=fmt == "anki" and self.audio.isChecked(),
        )
        self._busy(True)
        self.message.setText("Exporting…")

        def work(lib: Any, progress: Callable[[int, int | None, object], None]) -> Any:
            return lib.export("csv" if fmt == "tsv" else fmt, path, progress=progress, **options)

        def done(result: Any) -> None:
            self._busy(False)
            self.message.setText(f"Exported {counted(result.count, 'word')} to {result.path}")
            self.exported.emit(result)

        self._db(work, on_success=done, on_failure=self._failed, on_progress=self._progress)


class ModelsDialog(_WorkDialog):
    """Installed translation models; install from a file (or online when asked), remove."""

    changed = Signal()

    def __init__(self, library_call: DbCall, parent: QWidget | None = None) -> None:
        super().__init__("Translation models", library_call, parent)
        intro = rich_label(
            "Sentence translation runs on your computer with an Argos Translate model. "
            "Install a downloaded <b>.argosmodel</b> file for Chinese → English, or download "
            "one now if you are online. Everything else works without a model."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        install = QPushButton("Install from file…")
        install.setObjectName("Primary")
        install.clicked.connect(self._choose)
        online = QPushButton("Download zh → en")
        online.setToolTip("Downloads from the Argos package index (needs the internet)")
        online.clicked.connect(self._online)
        remove = QPushButton("Remove")
        remove.clicked.connect(self._remove)
        buttons = self._buttons(None, None)
        for index, button in enumerate((install, online, remove)):
            buttons.insertWidget(index, button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        def listed(models: list[Any]) -> None:
            self.list.clear()
            for m in models:
                self.list.addItem(f"{m.from_code} → {m.to_code}   version {m.version}   {m.name}")
            if not models:
                self.list.addItem("No models installed yet.")

        self._db(lambda lib: lib.models.installed(), on_success=listed)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Install a translation model", "", "Argos models (*.argosmodel);;All files (*)"
        )
        if path:
            self.install_file(Path(path))

    def install_file(self, path: Path) -> None:
        self._busy(True)
        self.message.setText(f"Installing {path.name}…")

        def work(lib: Any, progress: Callable[[int, int | None, object], None]) -> Any:
            return lib.install_model(path, progress)

        self._db(
            work, on_success=self._installed, on_failure=self._failed, on_progress=self._progress
        )

    def _online(self) -> None:
        self._busy(True)
        self.message.setText("Looking up the Argos package index…")

        def work(lib: Any, progress: Callable[[int, int | None, object], None]) -> Any:
            return lib.install_model_online("zh", "en", progress)

        self._db(
            work, on_success=self._installed, on_failure=self._failed, on_progress=self._progress
        )

    def _installed(self, model: Any) -> None:
        self._busy(False)
        self.progress.hide()
        self.message.setText(f"Installed {model.from_code} → {model.to_code}.")
        self.refresh()
        self.changed.emit()

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return

        def work(lib: Any) -> Any:
            models = lib.models.installed()
            if row >= len(models):
                return None
            return lib.remove_model(models[row].from_code, models[row].to_code)

        def removed(model: Any) -> None:
            if model is not None:
                self.message.setText(f"Removed {model.from_code} → {model.to_code}.")
            self.refresh()
            self.changed.emit()

        self._db(work, on_success=removed, on_failure=self._failed)
