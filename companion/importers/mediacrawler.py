"""MediaCrawler exports of RedNote notes and comments: JSON arrays, JSON Lines and CSV.

MediaCrawler writes notes and comments to separate files. A note record carries ``note_id``
with ``title``/``desc``; a comment record carries ``comment_id``, ``note_id`` and ``content``.
Counts may be strings such as ``"1.2万"``; ``time`` is epoch milliseconds; ``image_list`` and
``tag_list`` are comma-joined. Images the crawler downloaded sit in ``images/<note_id>/``
beside the export (or one folder up); remote image URLs are kept and never fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.importers import fields
from companion.importers.errors import ImportFormatError
from companion.importers.streams import iter_csv, iter_json_array, iter_jsonl
from companion.store.models import Comment, Image, Post

SOURCE = "xhs"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


@dataclass(frozen=True)
class NoteComments:
    """Comments of one note, from a comments file (the note itself may come from another file)."""

    note_id: str
    comments: tuple[Comment, ...]


def records(path: Path) -> Iterator[tuple[int, Any]]:
    """(record or line number, record) from a JSON array, JSONL or CSV export."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return iter_csv(path)
    if suffix == ".jsonl":
        return iter_jsonl(path)
    return iter_json_array(path)


def is_note(record: Any) -> bool:
    return isinstance(record, dict) and "note_id" in record and "comment_id" not in record


def is_comment(record: Any) -> bool:
    return isinstance(record, dict) and "comment_id" in record and "content" in record


def read(path: Path) -> Iterator[Post | NoteComments]:
    """Posts (from a notes file) or NoteComments (from a comments file), in file order.

    Comments of one note are grouped as they come; a note's comments split across the file
    simply arrive as several groups.
    """
    pending: list[Comment] = []
    pending_note = ""
    line_based = path.suffix.lower() in (".csv", ".jsonl")
    for number, record in records(path):
        where = {"line": number} if line_based else {"record": number}
        if is_note(record):
            yield note_to_post(record, path, **where)
        elif is_comment(record):
            note_id = fields.text(record.get("note_id")).strip()
            if not note_id:
                raise ImportFormatError(path, "comment without note_id", **where)
            if pending and note_id != pending_note:
                yield NoteComments(pending_note, tuple(pending))
                pending = []
            pending_note = note_id
            pending.append(record_to_comment(record, path, **where))
        else:
            raise ImportFormatError(
                path,
                "not a MediaCrawler note or comment (no note_id, or comment without content)",
                **where,
            )
    if pending:
        yield NoteComments(pending_note, tuple(pending))


def note_to_post(data: dict[str, Any], path: Path, **where: int) -> Post:
    note_id = fields.text(data.get("note_id")).strip()
    if not note_id:
        raise ImportFormatError(path, "note without note_id", **where)
    title = fields.text(data.get("title")).strip()
    body = fields.text(data.get("desc"))
    if not title and not body.strip():
        raise ImportFormatError(path, f"note {note_id} has neither title nor desc", **where)
    urls = fields.split_list(data.get("image_list"))
    images = [Image(local_path=str(p)) for p in local_images(path, note_id)]
    if not images:
        images = [Image(url=u) for u in urls if u.startswith(("http://", "https://"))]
    return Post(
        source=SOURCE,
        source_id=note_id,
        title=title or body.strip().splitlines()[0][:40],
        body=body,
        author=fields.text(data.get("nickname")).strip(),
        author_id=fields.text(data.get("user_id")).strip(),
        published=fields.parse_time(data.get("time")),
        location=fields.text(data.get("ip_location")).strip(),
        likes=fields.parse_count(data.get("liked_count")),
        collects=fields.parse_count(data.get("collected_count")),
        comments_count=fields.parse_count(data.get("comment_count")),
        shares=fields.parse_count(data.get("share_count")),
        url=fields.text(data.get("note_url")).strip(),
        category=fields.text(data.get("type")).strip(),
        tags=fields.split_list(data.get("tag_list")),
        images=tuple(images),
    )


def record_to_comment(data: dict[str, Any], path: Path, **where: int) -> Comment:
    comment_id = fields.text(data.get("comment_id")).strip()
    if not comment_id:
        raise ImportFormatError(path, "comment without comment_id", **where)
    parent = fields.text(data.get("parent_comment_id")).strip()
    return Comment(
        source_id=comment_id,
        text=fields.text(data.get("content")),
        author=fields.text(data.get("nickname")).strip(),
        parent_id=parent if parent and parent != "0" else None,
        likes=fields.parse_count(data.get("like_count")),
        published=fields.parse_time(data.get("create_time")),
        location=fields.text(data.get("ip_location")).strip(),
    )


def local_images(export: Path, note_id: str) -> list[Path]:
    """Images MediaCrawler downloaded for a note, if they sit beside the export."""
    for base in (export.parent, export.parent.parent):
        folder = base / "images" / note_id
        if folder.is_dir():
            return sorted(
                p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
            )
    return []
