"""Text recognised in post images, kept per picture content (the file's SHA-256).

``image_text`` holds one row per picture content: read (its lines and their boxes, as JSON),
no text, or failed (a damaged file: never tried again). ``image_digests`` links each image row to
its content, with the path it was hashed at, so a picture shown by several posts, or imported
again, is never recognised twice."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from companion.store.clock import now
from companion.store.connection import Database
from companion.store.rows import in_chunks

SCREENSHOTS = "screenshot"
"""The source of posts made from screenshots (companion.ocr.screenshot.SOURCE)."""
_CHUNK = 1 << 20
_BATCH = 500


class TextState(StrEnum):
    """What reading a picture gave."""

    READ = "read"
    NONE = "none"
    """The picture holds no text."""
    FAILED = "failed"
    """The file could not be read as a picture (its message says why)."""


@dataclass(frozen=True)
class TextLine:
    """One recognised line: its text, its box (x0, y0, x1, y1 in the file's pixels), and how
    sure the engine was."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float


@dataclass(frozen=True)
class ImageText:
    """What was read in one picture."""

    digest: str
    state: TextState
    lines: tuple[TextLine, ...] = ()
    width: int = 0
    height: int = 0
    message: str = ""


@dataclass(frozen=True)
class ImageToRead:
    """An image of a post whose content is not linked to a reading yet."""

    image_id: int
    post_id: int
    position: int
    local_path: str


@dataclass(frozen=True)
class PostImageText:
    """The text read in one image of a post (position: the image's place in the post)."""

    image_id: int
    position: int
    text: ImageText


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (memory stays bounded)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _lines_json(lines: Sequence[TextLine]) -> str:
    rows = [{"text": x.text, "box": list(x.box), "confidence": x.confidence} for x in lines]
    return json.dumps(rows, ensure_ascii=False)


def _lines(raw: str) -> tuple[TextLine, ...]:
    found = []
    for row in json.loads(raw or "[]"):
        box = tuple(int(v) for v in row["box"])
        if len(box) == 4:
            found.append(TextLine(str(row["text"]), box, float(row["confidence"])))  # type: ignore[arg-type]
    return tuple(found)


class ImageTextStore:
    """The image_text and image_digests tables (the library's connection, its thread)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def to_read(
        self, post_ids: Iterable[int] | None = None, limit: int = 1_000
    ) -> list[ImageToRead]:
        """Images with a local file not linked to a reading (or hashed at another path), in
        post and image order; only those of post_ids when given. A screenshot post's pictures
        are not listed: their text is the post."""
        sql = (
            "SELECT i.id, i.post_id, i.position, i.local_path FROM images i"
            " JOIN posts p ON p.id = i.post_id"
            " LEFT JOIN image_digests d ON d.image_id = i.id"
            " LEFT JOIN image_text t ON t.digest = d.digest"
            " WHERE i.local_path != '' AND p.source != ?"
            " AND (d.image_id IS NULL OR d.local_path != i.local_path OR t.digest IS NULL)"
        )
        if post_ids is None:
            rows = self.db.conn.execute(
                sql + " ORDER BY i.post_id, i.position LIMIT ?", (SCREENSHOTS, limit)
            )
            return [ImageToRead(*r) for r in rows]
        ids = sorted(set(post_ids))
        found: list[ImageToRead] = []
        for chunk, marks in in_chunks(ids, _BATCH):
            rows = self.db.conn.execute(
                sql + f" AND i.post_id IN ({marks}) ORDER BY i.post_id, i.position",
                (SCREENSHOTS, *chunk),
            )
            found.extend(ImageToRead(*r) for r in rows)
        return found[:limit]

    def known(self, digests: Iterable[str]) -> set[str]:
        """The digests among these that have a reading."""
        unique = sorted(set(digests))
        found: set[str] = set()
        for chunk, marks in in_chunks(unique, _BATCH):
            rows = self.db.conn.execute(
                f"SELECT digest FROM image_text WHERE digest IN ({marks})", chunk
            )
            found.update(r[0] for r in rows)
        return found

    def save(self, text: ImageText) -> None:
        """Keep a reading (inside the caller's transaction); a reading of the same content
        replaces the old one."""
        self.db.conn.execute(
            "INSERT OR REPLACE INTO image_text"
            " (digest, state, width, height, lines, message, read_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                text.digest,
                text.state.value,
                text.width,
                text.height,
                _lines_json(text.lines),
                text.message,
                now(),
            ),
        )

    def link(self, links: Iterable[tuple[int, str, str]]) -> None:
        """(image id, local path, digest) links (inside the caller's transaction); images
        deleted meanwhile are skipped."""
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO image_digests (image_id, local_path, digest)"
            " SELECT id, ?, ? FROM images WHERE id = ?",
            [(path, digest, image_id) for image_id, path, digest in links],
        )

    def for_post(self, post_id: int) -> list[PostImageText]:
        """The readings of a post's images, in image order (images not read yet are absent)."""
        rows = self.db.conn.execute(
            "SELECT i.id, i.position, t.digest, t.state, t.lines, t.width, t.height, t.message"
            " FROM images i"
            " JOIN image_digests d ON d.image_id = i.id AND d.local_path = i.local_path"
            " JOIN image_text t ON t.digest = d.digest"
            " WHERE i.post_id = ? ORDER BY i.position",
            (post_id,),
        )
        return [
            PostImageText(
                image_id,
                position,
                ImageText(digest, TextState(state), _lines(lines), width, height, message),
            )
            for image_id, position, digest, state, lines, width, height, message in rows
        ]

    def counts(self) -> dict[TextState, int]:
        """How many picture contents are in each state."""
        rows = self.db.conn.execute("SELECT state, count(*) FROM image_text GROUP BY state")
        return {TextState(state): count for state, count in rows}
