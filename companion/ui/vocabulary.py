"""The vocabulary view: saved words and words marked with a status, in a table with search
(pinyin however typed, initials, meanings), filters, edits, bulk status, undo.

Every change is a Library write run on the database thread; the window refreshes this page
from what the write reports it changed, so no action here refreshes it itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.language.hsk import label
from companion.store.models import EntryKind, WordStatus
from companion.store.vocabulary import VocabEntry
from companion.ui import theme as themes
from companion.ui.labels import plain_label, plain_tooltip
from companion.wording import counted

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Word", "Pinyin", "Meaning", "HSK", "Status", "Context", "Notes")
EDITABLE = {2: "definition", 6: "notes"}
MARKED_NOTE = "marked, not studied"
"""The context column of a word only marked with a status (not saved to study)."""


class VocabularyModel(QAbstractTableModel):
    """Rows of VocabEntry; edits are handed to a callback (saved on the database thread)."""

    edited = Signal(str, str, str)  # word, field, value

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[VocabEntry] = []

    def set_entries(self, entries: list[VocabEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            context = entry.contexts[0].sentence if entry.contexts else ""
            if entry.kind is EntryKind.MARKED:
                context = context or MARKED_NOTE
            return (
                entry.word,
                entry.pinyin,
                entry.definition,
                label(entry.hsk) if entry.hsk else "",
                entry.status.name.lower(),
                context,
                entry.notes,
            )[column]
        marked_note = column == 5 and entry.kind is EntryKind.MARKED and not entry.contexts
        if role == Qt.ItemDataRole.ForegroundRole and marked_note:
            return themes.current().color("text_muted")
        if role == Qt.ItemDataRole.ToolTipRole and marked_note:
            return plain_tooltip("Marked with a status, not saved to study: no review, no card")
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and entry.contexts:
            c = entry.contexts[0]
            return plain_tooltip(f"{c.sentence}\n{c.translation or ''}\n{c.post_title or ''}")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in EDITABLE else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE:
            return False
        entry = self.entries[index.row()]
        self.edited.emit(entry.word, EDITABLE[index.column()], str(value))
        return True


class VocabularyPage(QWidget):
    """Search, filter, sort, edit and export saved words; every query runs off the UI thread."""

    export_requested = Signal()
    status_message = Signal(str)

    def __init__(self, library_call: Callable[..., None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = library_call
        self._undo: list[str] = []
        title = plain_label("Vocabulary")
        title.setObjectName("Title")
        self.count_label = plain_label()
        self.count_label.setObjectName("Muted")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: 种草, zhongcao, zc")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.search.textChanged.connect(self.refresh)
        self._make_filters()
        self.bulk = QComboBox()
        self.bulk.addItem("Set status…", None)
        for status in WordStatus:
            self.bulk.addItem(status.name.capitalize(), status)
        self.bulk.activated.connect(self._bulk_status)
        delete = QPushButton("Delete")
        delete.clicked.connect(self._delete)
        self.undo_button = QPushButton("Undo delete")
        self.undo_button.clicked.connect(self._undo_delete)
        self.undo_button.hide()
        export = QPushButton("Export…")
        export.setObjectName("Primary")
        export.clicked.connect(self.export_requested)

        self.model = VocabularyModel()
        self.model.edited.connect(self._save_edit)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 130, 300, 60, 90, 300)):
            self.table.setColumnWidth(column, width)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self._delete).setWhatsThis(
            "Delete the selected words"
        )

        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.count_label)
        top.addStretch(1)
        # What acts on the selection sits with the title: the filters below keep the page
        # narrow enough for a small window.
        top.addWidget(self.bulk)
        top.addWidget(delete)
        top.addWidget(self.undo_button)
        top.addWidget(export)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.hsk_filter)
        filters.addWidget(self.tag_filter)
        filters.addWidget(self.sort)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.empty = plain_label(
            "No saved words yet. Open a post, click a word and choose “Add to vocabulary” "
            "(or press A)."
        )
        self.empty.setObjectName("Muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        layout.addWidget(self.empty)

    def _make_filters(self) -> None:
        """The status, kind, HSK level, tag and sort lists above the table."""
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", None)
        for status in WordStatus:
            self.status_filter.addItem(status.name.capitalize(), status)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("Saved & marked", None)
        self.kind_filter.addItem("Saved to study", EntryKind.SAVED)
        self.kind_filter.addItem("Marked only", EntryKind.MARKED)
        self.kind_filter.currentIndexChanged.connect(self.refresh)
        self.hsk_filter = QComboBox()
        self.hsk_filter.addItem("All levels", None)
        for level in range(1, 8):
            self.hsk_filter.addItem(f"HSK {label(level)}", level)
        self.hsk_filter.currentIndexChanged.connect(self.refresh)
        self.tag_filter = QComboBox()
        self.tag_filter.addItem("All tags", "")
        self.tag_filter.currentIndexChanged.connect(self.refresh)
        self.sort = QComboBox()
        for key, name in (
            ("added", "Newest"),
            ("pinyin", "Pinyin"),
            ("hsk", "HSK level"),
            ("status", "Status"),
            ("word", "Characters"),
        ):
            self.sort.addItem(f"Sort: {name}", key)
        self.sort.currentIndexChanged.connect(self.refresh)
        for combo in (self.status_filter, self.kind_filter, self.hsk_filter, self.sort):
            # Narrower than their longest item when the window is: the list still shows it.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)

    def refresh(self) -> None:
        status = self.status_filter.currentData()
        query = self.search.text()
        order = self.sort.currentData()
        hsk = self.hsk_filter.currentData()
        tag = self.tag_filter.currentData() or ""
        kind = self.kind_filter.currentData()

        def load(lib: Any) -> tuple[list[VocabEntry], int, list[str]]:
            entries = lib.list_words(
                query=query,
                statuses=[status] if status is not None else [],
                kinds=[kind] if kind is not None else [],
                order=order,
                hsk=hsk,
                tag=tag,
                limit=5000,
                with_contexts=True,
            )
            return entries, lib.vocabulary.count(), lib.vocabulary.tags()

        self._db(load, on_success=self._loaded)

    def _loaded(self, result: tuple[list[VocabEntry], int, list[str]]) -> None:
        entries, total, tags = result
        self.model.set_entries(entries)
        self.empty.setVisible(total == 0)
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", "")
        for tag in tags:
            self.tag_filter.addItem(tag, tag)
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(current)))
        self.tag_filter.blockSignals(False)
        shown = counted(total, "word")
        if len(entries) != total:
            shown = f"{len(entries):,} of {shown}"
        self.count_label.setText(shown)

    def selected_words(self) -> list[str]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.entries[r].word for r in sorted(rows)]

    def _bulk_status(self, index: int) -> None:
        status = self.bulk.itemData(index)
        self.bulk.setCurrentIndex(0)
        words = self.selected_words()
        if status is None or not words:
            return
        self._db(
            lambda lib: lib.set_status(words, status),
            on_success=lambda _r: self.status_message.emit(
                f"{len(words)} word(s) now {status.name.lower()}"
            ),
        )

    def _delete(self) -> None:
        words = self.selected_words()
        if not words:
            return

        def deleted(removed: list[str]) -> None:
            self._undo = removed
            self.undo_button.setText(f"Undo delete ({len(removed)})")
            self.undo_button.show()
            self.status_message.emit(f"Deleted {len(removed)} word(s) — Undo brings them back")

        self._db(lambda lib: lib.delete_words(words), on_success=deleted)

    def _undo_delete(self) -> None:
        words, self._undo = self._undo, []
        self.undo_button.hide()
        self._db(lambda lib: lib.restore_words(words))

    def _save_edit(self, word: str, field: str, value: str) -> None:
        self._db(lambda lib: lib.edit_word(word, **{field: value}))
