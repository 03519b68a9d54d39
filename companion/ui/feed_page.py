"""The Feed page: search, tag filter and order above the waterfall of post cards."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from companion.ui.feed import FeedWidget
from companion.ui.labels import plain_label


class FeedPage(QWidget):
    """Search, tag filter and order above the waterfall of post cards."""

    query_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = plain_label("Discover")
        title.setObjectName("Title")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search posts (火锅, citywalk, 猫…)")
        self.search.setClearButtonEnabled(True)
        self.tag = QComboBox()
        self.tag.addItem("All topics", "")
        self.order = QComboBox()
        self.order.addItem("Newest", "newest")
        self.order.addItem("Readable for me", "readable")
        self.order.addItem("Most liked", "popular")
        self.order.addItem("Recently imported", "recent")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(180)
        self._timer.timeout.connect(self.query_changed)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.tag.currentIndexChanged.connect(self.query_changed)
        self.order.currentIndexChanged.connect(self.query_changed)
        self.feed = FeedWidget()
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(16)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.tag)
        bar.addWidget(self.order)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 8, 0)
        layout.addLayout(bar)
        layout.addWidget(self.feed, 1)

    def show_recent(self) -> None:
        """Every post, recently imported first (what an import report's Open shows)."""
        for box in (self.search, self.tag, self.order):
            box.blockSignals(True)
        self.search.clear()
        self.tag.setCurrentIndex(0)
        self.order.setCurrentIndex(self.order.findData("recent"))
        for box in (self.search, self.tag, self.order):
            box.blockSignals(False)
        self.query_changed.emit()

    def set_tags(self, tags: list[tuple[str, int]]) -> None:
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("All topics", "")
        for name, count in tags[:200]:
            self.tag.addItem(f"#{name}  ({count})", name)
        self.tag.setCurrentIndex(max(0, self.tag.findData(current)))
        self.tag.blockSignals(False)
