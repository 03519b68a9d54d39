"""The Library's text-in-pictures operations: which post images still need reading, keeping what
was read (per picture content, so nothing is recognised twice), and a post's image texts.

A mixin of ``Library`` (library.py). The app splits the work across its threads: the database
thread lists, links and saves (``images_to_read``, ``link_known``, ``save_image_text``), the
general pool hashes and recognises (``hash_images``, ``recognise``) and annotates
(``annotate_image_texts``); ``read_images`` does it all on one thread (the CLI, tests)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from companion.changes import OpChanges, OpResult
from companion.errors import CompanionError
from companion.language.document import Document
from companion.progress import Progress
from companion.store.database import write_transaction
from companion.store.image_text import (
    ImageText,
    ImageTextStore,
    ImageToRead,
    PostImageText,
    TextLine,
    TextState,
    file_digest,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

    from companion.language.annotate import Annotator
    from companion.paths import DataDir

log = logging.getLogger(__name__)

Hashed = tuple[ImageToRead, str]
"""An image to read and its content's digest."""


@dataclass(frozen=True)
class ImageDocument:
    """A post image's text annotated for reading, with where each line stands in the picture:
    line i spans ``spans[i]`` of ``document.text`` and covers ``boxes[i]`` of the picture
    (``width`` × ``height`` pixels)."""

    image_id: int
    position: int
    document: Document
    spans: tuple[tuple[int, int], ...]
    boxes: tuple[tuple[int, int, int, int], ...]
    width: int
    height: int

    def line_at(self, x: float, y: float) -> int | None:
        """The line whose box holds the point (picture pixels), or the nearest one within
        a line's height; None when no line is near."""
        best, distance = None, float("inf")
        for index, (x0, y0, x1, y1) in enumerate(self.boxes):
            dx = max(x0 - x, 0.0, x - x1)
            dy = max(y0 - y, 0.0, y - y1)
            d = (dx * dx + dy * dy) ** 0.5
            if d < distance and d <= max(y1 - y0, 1):
                best, distance = index, d
        return best

    def tokens_of_line(self, line: int) -> list[int]:
        """Indices (into document.tokens) of the Chinese words on a line."""
        start, end = self.spans[line]
        tokens = self.document.tokens
        return [i for i, t in enumerate(tokens) if start <= t.start < end and t.is_chinese]


def hash_images(root: Path, images: Sequence[ImageToRead]) -> list[Hashed]:
    """Each image's content digest (CPU and disk: any thread); files gone are left out."""
    hashed = []
    for image in images:
        path = Path(image.local_path)
        try:
            hashed.append((image, file_digest(path if path.is_absolute() else root / path)))
        except OSError as exc:
            log.info("image %s not read: %s", image.local_path, exc.strerror or exc)
    return hashed


def recognise(root: Path, image: ImageToRead, digest: str) -> ImageText:
    """Read the text of one picture (CPU: the general pool). A picture without text, or one
    that is not a readable picture, gives a reading that says so (kept, never tried again)."""
    from companion.ocr.engine import NoTextFound, recognize

    path = Path(image.local_path)
    try:
        result = recognize(path if path.is_absolute() else root / path)
    except NoTextFound:
        return ImageText(digest, TextState.NONE)
    except CompanionError as exc:
        return ImageText(digest, TextState.FAILED, message=str(exc))
    lines = tuple(TextLine(x.text, tuple(x.box), x.confidence) for x in result.lines)  # type: ignore[arg-type]
    state = TextState.READ if lines else TextState.NONE
    return ImageText(digest, state, lines, result.width, result.height)


def annotate_image_texts(engine: Annotator, texts: Sequence[PostImageText]) -> list[ImageDocument]:
    """The read images' texts as documents (CPU work, no database): lines wrapped from one
    another (``joins``) make one paragraph, as the picture's author wrote them."""
    documents = []
    for item in texts:
        lines = item.text.lines
        if item.text.state is not TextState.READ or not lines:
            continue
        text, spans = _joined(lines)
        documents.append(
            ImageDocument(
                item.image_id,
                item.position,
                engine.annotate(text),
                spans,
                tuple(line.box for line in lines),
                item.text.width,
                item.text.height,
            )
        )
    return documents


SENTENCE_ENDS = frozenset("。！？!?…～~")
"""A line ending in one of these ends its paragraph."""


def joins(above: TextLine, below: TextLine) -> bool:
    """Whether below continues the paragraph of the line above: the same size of type, right
    under it (a gap under about half a line), in the same column, and above did not end a
    sentence."""
    ax0, ay0, ax1, ay1 = above.box
    bx0, by0, bx1, by1 = below.box
    high_a, high_b = max(ay1 - ay0, 1), max(by1 - by0, 1)
    same_size = 0.75 <= high_b / high_a <= 1.33
    close = -0.3 * high_a <= by0 - ay1 <= 0.6 * max(high_a, high_b)
    same_column = bx0 < ax1 and ax0 < bx1
    ended = above.text.rstrip()[-1:] in SENTENCE_ENDS
    return same_size and close and same_column and not ended


def beside(left: TextLine, right: TextLine) -> bool:
    """Whether right stands on the same row just after left (an avatar and a name, a price
    after a dish): they overlap by most of the lower one's height, with a gap under two lines."""
    _lx0, ly0, lx1, ly1 = left.box
    rx0, ry0, _rx1, ry1 = right.box
    overlap = min(ly1, ry1) - max(ly0, ry0)
    return overlap > 0.5 * min(ly1 - ly0, ry1 - ry0) and 0 <= rx0 - lx1 <= 2 * (ly1 - ly0)


def _joined(lines: Sequence[TextLine]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text of lines in reading order, wrapped lines joined (a space only between two
    Latin letters or digits), paragraphs on lines of their own; where each line stands in it."""
    text = ""
    spans = []
    for index, line in enumerate(lines):
        part = line.text.strip()
        if index:
            if beside(lines[index - 1], line):
                text += " "
            elif not joins(lines[index - 1], line):
                text += "\n"
            elif text[-1:].isascii() and text[-1:].isalnum() and part[:1].isascii():
                text += " "
        spans.append((len(text), len(text) + len(part)))
        text += part
    return text, tuple(spans)


class ImageTextOps:
    """Text in post images (mixed into Library)."""

    if TYPE_CHECKING:
        db: Database
        data: DataDir
        image_text: ImageTextStore

        @property
        def engine(self) -> Annotator: ...

    def images_to_read(
        self, post_ids: Iterable[int] | None = None, limit: int = 1_000
    ) -> list[ImageToRead]:
        """Post images (of post_ids, or all) whose text is not known yet."""
        return self.image_text.to_read(post_ids, limit)

    def link_known(self, hashed: Sequence[Hashed]) -> OpResult[list[Hashed]]:
        """Link hashed images whose content was read already (another post's copy, an image
        imported again); the value is those whose content still needs reading."""
        known = self.image_text.known(digest for _i, digest in hashed)
        links = [(i.image_id, i.local_path, d) for i, d in hashed if d in known]
        if links:
            with write_transaction(self.db):
                self.image_text.link(links)
        rest = [(i, d) for i, d in hashed if d not in known]
        return OpResult(rest, OpChanges(image_text=bool(links)))

    def save_image_text(self, image: ImageToRead, text: ImageText) -> OpChanges:
        """Keep what was read in a picture and link the image to it."""
        with write_transaction(self.db):
            self.image_text.save(text)
            self.image_text.link([(image.image_id, image.local_path, text.digest)])
        return OpChanges(image_text=True)

    def post_image_texts(self, post_id: int) -> list[PostImageText]:
        """What was read in a post's images, in image order."""
        return self.image_text.for_post(post_id)

    def read_images(
        self,
        post_ids: Iterable[int] | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Read the text of every post image not read yet, on this thread; returns how many
        pictures were recognised (pictures already read are only linked)."""
        root = self.data.root
        rest = self.link_known(hash_images(root, self.images_to_read(post_ids))).value
        recognised = 0
        for done, (image, digest) in enumerate(rest):
            if progress is not None:
                progress(done, len(rest), "Reading text in pictures")
            if self.image_text.known([digest]):  # the same picture twice in this run
                self.link_known([(image, digest)])
                continue
            self.save_image_text(image, recognise(root, image, digest))
            recognised += 1
        return recognised
