"""Text in post images, in the reader: the gallery's pictures show where text was read (hover a
line to see it, click it to select its words), and under the gallery each picture's text is
annotated like any other sentence (pinyin, lookup, add to vocabulary, translation).

The readings are loaded on the database thread and annotated on the general pool when a post
opens, and again when the background reading (``image_text_reading``) saves one of its pictures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from companion.importers.images import fit_height
from companion.language.document import Sentence
from companion.library import Library
from companion.library_image_text import ImageDocument, annotate_image_texts
from companion.store.image_text import PostImageText
from companion.store.models import WordStatus
from companion.ui import theme as themes
from companion.ui.annotated_text import AnnotatedTextWidget
from companion.ui.image_decode import read_image
from companion.ui.labels import plain_label
from companion.ui.tasks import TaskRunner

Unit = tuple[AnnotatedTextWidget, int, Sentence]
"""A sentence to translate: its widget, its index there, the sentence."""


def load_gallery(files: list[tuple[int, str]], height: int) -> list[tuple[int, QImage]]:
    """Decode (position, file) pictures scaled to a height once upright (worker thread; QImage
    only); pictures that cannot be decoded are left out."""
    images = []
    for position, file in files:
        image = read_image(file, lambda w, h, rotated: fit_height(w, h, height, rotated=rotated))
        if image is not None:
            images.append((position, image))
    return images


class ImageView(QWidget):
    """One gallery picture; once its text is read, hovering a line outlines it and clicking
    it emits line_clicked(position, line)."""

    line_clicked = Signal(int, int)

    def __init__(self, position: int, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.position = position
        self._pixmap = QPixmap.fromImage(image)
        ratio = image.devicePixelRatio() or 1.0
        self._size = QSize(round(image.width() / ratio), round(image.height() / ratio))
        self.setFixedSize(self._size)
        self.setMouseTracking(True)
        self.setAccessibleName(f"Picture {position + 1}")
        self.document: ImageDocument | None = None
        self.hovered: int | None = None
        self._accent = QColor(themes.current().accent)

    def set_document(self, document: ImageDocument | None) -> None:
        self.document = document
        self.hovered = None
        if document is not None:
            self.setToolTip("Click a line of text to select its words")
        else:
            self.setToolTip("")
        self.update()

    def set_theme(self, theme: themes.Theme) -> None:
        self._accent = QColor(theme.accent)
        self.update()

    def line_rect(self, line: int) -> QRectF:
        """Where a read line stands in the widget."""
        assert self.document is not None
        doc = self.document
        sx = self._size.width() / max(doc.width, 1)
        sy = self._size.height() / max(doc.height, 1)
        x0, y0, x1, y1 = doc.boxes[line]
        return QRectF(x0 * sx, y0 * sy, (x1 - x0) * sx, (y1 - y0) * sy).adjusted(-3, -2, 3, 2)

    def line_at(self, pos: QPointF) -> int | None:
        doc = self.document
        if doc is None or not doc.width or not doc.height:
            return None
        sx = doc.width / max(self._size.width(), 1)
        sy = doc.height / max(self._size.height(), 1)
        return doc.line_at(pos.x() * sx, pos.y() * sy)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.drawPixmap(
            QRectF(0, 0, self._size.width(), self._size.height()),
            self._pixmap,
            QRectF(self._pixmap.rect()),
        )
        if self.document is not None:
            accent = QColor(self._accent)
            if self.hovered is not None:
                fill = QColor(accent)
                fill.setAlpha(48)
                painter.setBrush(fill)
                painter.setPen(QPen(accent, 2))
                painter.drawRoundedRect(self.line_rect(self.hovered), 4, 4)
            self._paint_badge(painter, accent)
        painter.end()

    def _paint_badge(self, painter: QPainter, accent: QColor) -> None:
        """A small 文 in the corner: this picture's text was read."""
        box = QRectF(self._size.width() - 26, self._size.height() - 26, 20, 20)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRoundedRect(box, 6, 6)
        painter.setPen(QColor("white"))
        font = painter.font()
        font.setPixelSize(12)
        painter.setFont(font)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "文")

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        line = self.line_at(event.position())
        if line != self.hovered:
            self.hovered = line
            cursor = (
                Qt.CursorShape.PointingHandCursor
                if line is not None
                else Qt.CursorShape.ArrowCursor
            )
            self.setCursor(cursor)
            self.update()

    def leaveEvent(self, event: Any) -> None:
        if self.hovered is not None:
            self.hovered = None
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        line = self.line_at(event.position())
        if line is not None and event.button() == Qt.MouseButton.LeftButton:
            self.line_clicked.emit(self.position, line)


class ImageTextPanel(QWidget):
    """The text read in the open post's pictures, one annotated block per picture."""

    documents_shown = Signal()  # new texts are up: the reader translates them

    def __init__(
        self,
        library_call: Callable[..., Any],
        runner: TaskRunner,
        library: Callable[[], Library | None],
        watch: Callable[[AnnotatedTextWidget], None],
        statuses: Callable[[], Mapping[str, WordStatus]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = library_call
        self.runner = runner
        self._library = library
        self._watch = watch
        self._statuses = statuses
        self._post_id: int | None = None
        self._loaded: tuple[PostImageText, ...] = ()
        self._views: dict[int, ImageView] = {}
        self._docs: dict[int, ImageDocument] = {}
        self._texts: dict[int, AnnotatedTextWidget] = {}
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 4, 0, 4)
        self._box.setSpacing(6)
        self.hide()

    # -- what the reader asks -------------------------------------------------------------

    def texts(self) -> list[AnnotatedTextWidget]:
        return list(self._texts.values())

    def units(self) -> list[Unit]:
        """The Chinese sentences of the pictures' texts, to translate."""
        found = []
        for position, text in self._texts.items():
            for index, sentence in enumerate(self._docs[position].document.sentences):
                if any(t.is_chinese for t in sentence.tokens):
                    found.append((text, index, sentence))
        return found

    def open(self, post_id: int) -> None:
        """A post opened: forget the last one's texts and load this one's."""
        self._post_id = post_id
        self._loaded = ()
        self._views = {}
        self._show([])
        self._load()

    def set_views(self, views: list[ImageView]) -> None:
        """The gallery's pictures (decoded after the post opened)."""
        self._views = {view.position: view for view in views}
        for view in views:
            view.line_clicked.connect(self.select_line)
            view.set_document(self._docs.get(view.position))

    def apply_theme(self, theme: themes.Theme) -> None:
        """The pictures' outlines and badges (the texts are themed with the reader's)."""
        for view in self._views.values():
            view.set_theme(theme)

    def post_changed(self, post_id: int) -> None:
        """A picture of post_id was read: show it if that post is open."""
        if post_id == self._post_id:
            self._load()

    def select_line(self, position: int, line: int) -> None:
        """Select the words of a line read in a picture (its click)."""
        doc, text = self._docs.get(position), self._texts.get(position)
        if doc is None or text is None:
            return
        tokens = doc.tokens_of_line(line)
        if tokens:
            text.setFocus(Qt.FocusReason.MouseFocusReason)
            text.select_range(tokens[0], tokens[-1])

    # -- loading --------------------------------------------------------------------------

    def _load(self) -> None:
        post_id = self._post_id
        if post_id is None:
            return

        def loaded(texts: list[PostImageText]) -> None:
            library = self._library()
            if post_id != self._post_id or library is None or tuple(texts) == self._loaded:
                return
            self._loaded = tuple(texts)
            self.runner.run(
                lambda: annotate_image_texts(library.engine, texts),
                on_success=lambda docs: post_id == self._post_id and self._show(docs),
            )

        self._db(lambda lib: lib.post_image_texts(post_id), on_success=loaded)

    def _show(self, documents: list[ImageDocument]) -> None:
        for text in self._texts.values():
            text.deleteLater()
        while self._box.count():
            item = self._box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._docs = {doc.position: doc for doc in documents}
        self._texts = {}
        for view in self._views.values():
            view.set_document(self._docs.get(view.position))
        self.setVisible(bool(documents))
        if not documents:
            return
        title = plain_label("In the pictures")
        title.setObjectName("Muted")
        self._box.addWidget(title)
        statuses = self._statuses()
        for doc in documents:
            frame = QFrame()
            frame.setObjectName("Card")
            box = QVBoxLayout(frame)
            box.setContentsMargins(14, 8, 14, 8)
            name = plain_label(f"Picture {doc.position + 1}")
            name.setObjectName("Muted")
            text = AnnotatedTextWidget()
            text.setAccessibleName(f"Text in picture {doc.position + 1}")
            text.set_document(doc.document, statuses)
            text.set_theme(themes.current())
            self._watch(text)
            box.addWidget(name)
            box.addWidget(text)
            self._box.addWidget(frame)
            self._texts[doc.position] = text
        self.documents_shown.emit()
