"""Reading the text in post images in the background, with progress in the status bar and a
Stop button.

When the library opens, and after every write that adds posts, the images not read yet are
listed on the database thread, hashed on the general pool, linked there when their content was
read already, and the others recognised one at a time on the general pool, each reading saved
on the database thread as soon as it is done. Nothing runs on the UI thread; a picture is never
recognised twice (its content's digest is the key)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from companion.changes import OpChanges
from companion.library import Library
from companion.library_image_text import Hashed, hash_images, recognise
from companion.store.image_text import ImageText, ImageToRead
from companion.ui.labels import plain_label
from companion.wording import counted

if TYPE_CHECKING:
    from companion.ui.main_window import MainWindow

log = logging.getLogger(__name__)

START_DELAY_MS = 2_000
"""After the library opens, reading starts this much later (the feed comes first)."""
BATCH = 200
"""Images listed at a time (a large library is read batch by batch)."""


class ImageTextReading(QObject):
    """The background reading of post images; ``start()`` is safe to call at any time."""

    progressed = Signal(int, int)  # done, total of this run
    image_read = Signal(int)  # post id: a picture of this post was read
    finished = Signal(int)  # pictures recognised in this run (cancelled runs too)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.running = False
        self.enabled = True
        """False: never starts (a screenshot's window reads only the pictures it shows)."""
        self._again = False
        self._cancelled = False
        self._tried: set[int] = set()
        """Image ids listed this session: a file that cannot be hashed is not listed again."""
        self._queue: list[Hashed] = []
        self._read_now: dict[str, ImageText] = {}
        self._done = 0
        self._total = 0
        self._recognised = 0

        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = plain_label()
        self.stop_button = QToolButton()
        self.stop_button.setText("Stop")
        self.stop_button.setToolTip("Stop reading the text in pictures (it goes on next time)")
        self.stop_button.clicked.connect(self.cancel)
        row.addWidget(self.label)
        row.addWidget(self.stop_button)
        self.widget.hide()

    # -- control --------------------------------------------------------------------------

    def start(self) -> None:
        """Read the images not read yet (again, once the current run ends, if one is running)."""
        if self.window.library is None or not self.enabled:
            return
        if self.running:
            self._again = True
            return
        self.running, self._again, self._cancelled = True, False, False
        self._done = self._total = self._recognised = 0
        self._list()

    def cancel(self) -> None:
        """Stop after the picture being read (what was read is kept)."""
        if self.running:
            self._cancelled = True
            self._again = False
            self.label.setText("Stopping…")

    # -- the steps ------------------------------------------------------------------------

    def _list(self) -> None:
        tried = set(self._tried)

        def fresh(lib: Library) -> list[ImageToRead]:
            return [
                i for i in lib.images_to_read(limit=BATCH + len(tried)) if i.image_id not in tried
            ]

        self.window.db(fresh, on_success=self._listed, on_failure=self._failed)

    def _closing(self) -> bool:
        """The window is closing: no further step is scheduled (the library is closing)."""
        if self.window.closing.is_set():
            self._cancelled = True
            self._again = False
            self.running = False
            return True
        return False

    def _listed(self, images: list[ImageToRead]) -> None:
        images = images[:BATCH]
        if self._closing():
            return
        if not images or self._cancelled:
            self._finish()
            return
        self._tried.update(i.image_id for i in images)
        self.window.runner.run(
            hash_images,
            self.window.data.root,
            images,
            on_success=self._hashed,
            on_failure=self._failed,
        )

    def _hashed(self, hashed: list[Hashed]) -> None:
        if self._closing():
            return
        self.window.db(
            lambda lib: lib.link_known(hashed), on_success=self._linked, on_failure=self._failed
        )

    def _linked(self, rest: list[Hashed]) -> None:
        self._queue = rest
        self._total += len(rest)
        self._next()

    def _next(self) -> None:
        if self._closing():
            return
        if self._cancelled or not self._queue:
            if self._cancelled:
                self._finish()
            else:
                self._list()  # the next batch, or the end
            return
        image, digest = self._queue.pop(0)
        self._show_progress()
        known = self._read_now.get(digest)
        if known is not None:  # the same picture twice in this run
            self._save(image, known)
            return
        root = self.window.data.root

        def read() -> ImageText:
            return recognise(root, image, digest)

        def failed(error: Exception, trace: str) -> None:
            log.error("could not read the text of %s: %s\n%s", image.local_path, error, trace)
            self._done += 1
            self._next()  # not kept: tried again next time

        def recognised(text: ImageText) -> None:
            self._recognised += 1
            self._save(image, text)

        self.window.runner.run(read, on_success=recognised, on_failure=failed)

    def _save(self, image: ImageToRead, text: ImageText) -> None:
        if self._closing():
            return
        self._read_now[text.digest] = text

        def saved(_changes: OpChanges) -> None:
            self._done += 1
            self.progressed.emit(self._done, self._total)
            self.image_read.emit(image.post_id)
            self._next()

        self.window.db(
            lambda lib: lib.save_image_text(image, text), on_success=saved, on_failure=self._failed
        )

    def _show_progress(self) -> None:
        self.widget.show()
        self.label.setText(f"Reading text in pictures: {self._done + 1:,} of {self._total:,}")

    def _failed(self, error: Exception, trace: str) -> None:
        self._finish()
        if self.window.closing.is_set():  # the library closed under the last step
            log.info("reading the text in pictures stopped at closing: %s", error)
        else:
            self.window.report_error(error, trace)

    def _finish(self) -> None:
        recognised, cancelled = self._recognised, self._cancelled
        self.running = False
        self._queue = []
        self._read_now = {}
        self.widget.hide()
        if recognised or cancelled:
            stopped = "Stopped: " if cancelled else ""
            self.window.show_message(f"{stopped}read the text in {counted(recognised, 'picture')}")
        self.finished.emit(recognised)
        if self._again:
            self.start()


def attach(window: MainWindow) -> ImageTextReading:
    """Give the main window its background reading of post images: in the status bar; started
    when the library opens and whenever posts are added; the reader shows each reading of the
    open post as it is saved."""
    reading = ImageTextReading(window)
    window.statusBar().addPermanentWidget(reading.widget)
    window.library_ready.connect(lambda: QTimer.singleShot(START_DELAY_MS, reading.start))
    window.changed.connect(lambda changes: changes.posts and reading.start())
    reading.image_read.connect(window.reader.image_text.post_changed)
    return reading
