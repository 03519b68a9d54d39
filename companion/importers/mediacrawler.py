"""MediaCrawler exports of RedNote notes and comments: JSON arrays, JSON Lines, CSV, SQLite.

MediaCrawler writes notes and comments to separate files (``data/xhs/<kind>/<crawler>_contents
_<date>.<kind>`` and ``…_comments_…``) or to the ``xhs_note`` and ``xhs_note_comment`` tables
of its SQLite database. A note record carries ``note_id`` with ``title``/``desc``; a comment
record carries ``comment_id``, ``note_id`` and ``content``. Counts may be strings such as
``"1.2万"``; ``time`` is epoch milliseconds; ``image_list``, ``tag_list`` and ``video_url``
are comma-joined (and JSON-encoded once more in the database). Both generations of its field
names are read: ``user_id``/``ip_location``/``avatar`` up to 2026-06, ``creator_hash`` (and no
location) since 2026-07. Images it downloaded sit in ``images/<note_id>/0.jpg, 1.jpg, …``
beside the export or one folder up; remote addresses are kept and never fetched.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from companion.importers import build, fields, images
from companion.importers.errors import ImportFormatError
from companion.importers.streams import iter_csv, iter_json_array, iter_jsonl, sqlite_tables
from companion.store.models import Comment, Image, Post

SOURCE = "xhs"
NOTES_TABLE = "xhs_note"
COMMENTS_TABLE = "xhs_note_comment"
GROUP = 1000
"""Comments of one note held in memory at once; a longer thread arrives in several groups."""


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
    if is_database(path):
        yield from read_database(path)
        return
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
            if pending and (note_id != pending_note or len(pending) >= GROUP):
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


def _listed(value: Any) -> tuple[str, ...]:
    """A comma-joined list field, also when the database JSON-encoded it ('"a,b"', '["a"]')."""
    if isinstance(value, str) and value[:1] in ('"', "["):
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    return fields.split_list(value)


def note_to_post(data: dict[str, Any], path: Path, **where: int) -> Post:
    note_id = fields.text(data.get("note_id")).strip()
    if not note_id:
        raise ImportFormatError(path, "note without note_id", **where)
    title = fields.text(data.get("title")).strip()
    body = fields.text(data.get("desc"))
    if not title and not body.strip():
        raise ImportFormatError(path, f"note {note_id} has neither title nor desc", **where)
    local = [Image(local_path=str(p)) for p in local_images(path, note_id)]
    urls = [u for u in _listed(data.get("image_list")) if images.is_remote(u)]
    videos = [u for u in _listed(data.get("video_url")) if images.is_remote(u)]
    return build.post(
        source=SOURCE,
        source_id=note_id,
        title=title,
        body=body,
        author=data.get("nickname"),
        author_id=data.get("user_id") or data.get("creator_hash"),
        published=fields.parse_time(data.get("time")),
        location=data.get("ip_location"),
        likes=data.get("liked_count"),
        collects=data.get("collected_count"),
        comments_count=data.get("comment_count"),
        shares=data.get("share_count"),
        url=data.get("note_url"),
        tags=_listed(data.get("tag_list")) or None,  # none listed: the body's #topics
        images=local or [Image(url=u) for u in urls],
        media=data.get("type"),
        video_url=videos[0] if videos else "",
    )


def record_to_comment(data: dict[str, Any], path: Path, **where: int) -> Comment:
    comment_id = fields.text(data.get("comment_id")).strip()
    if not comment_id:
        raise ImportFormatError(path, "comment without comment_id", **where)
    parent = fields.text(data.get("parent_comment_id")).strip()
    return build.comment(
        source_id=comment_id,
        text=fields.text(data.get("content")),
        author=data.get("nickname"),
        parent_id=None if parent == "0" else parent,  # MediaCrawler's "0": a top comment
        likes=data.get("like_count"),
        published=fields.parse_time(data.get("create_time")),
        location=data.get("ip_location"),
    )


@lru_cache(maxsize=16)
def _image_folders(export: Path) -> tuple[tuple[Path, str], ...]:
    """Where the images of an export's notes may be: (folder, its images folder as text)."""
    return tuple(
        (base, os.path.join(base, "images")) for base in (export.parent, export.parent.parent)
    )


def local_images(export: Path, note_id: str) -> list[Path]:
    """Images MediaCrawler downloaded for a note (0.jpg, 1.jpg, … 10.jpg in number order), if
    they sit beside the export; a note id that is not a plain folder name finds none."""
    for base, images_dir in _image_folders(export):
        if not os.path.isdir(os.path.join(images_dir, note_id)):  # cheap: most notes have none
            continue
        folder = base / "images" / note_id
        if folder.parent.resolve() != (base / "images").resolve():
            continue
        found = [p for p in folder.iterdir() if p.suffix.lower() in images.SUFFIXES]
        return images.sort_naturally([p for p in found if p.is_file()])
    return []


# -- the SQLite store -----------------------------------------------------------------------


def is_database(path: Path) -> bool:
    """True if path is MediaCrawler's SQLite store with its RedNote tables."""
    return NOTES_TABLE in sqlite_tables(path) or COMMENTS_TABLE in sqlite_tables(path)


def read_database(path: Path) -> Iterator[Post | NoteComments]:
    """Every note of ``xhs_note`` (in rowid order), then the comments of ``xhs_note_comment``
    grouped by note."""
    tables = sqlite_tables(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:
        raise ImportFormatError(path, f"cannot open the database ({exc})") from exc
    number = 0
    try:
        if NOTES_TABLE in tables:
            cursor = conn.execute(f"SELECT * FROM {NOTES_TABLE} ORDER BY rowid")
            names = [d[0] for d in cursor.description]
            for number, row in enumerate(cursor, start=1):
                yield note_to_post(dict(zip(names, row, strict=True)), path, record=number)
        if COMMENTS_TABLE in tables:
            cursor = conn.execute(f"SELECT * FROM {COMMENTS_TABLE} ORDER BY note_id, rowid")
            names = [d[0] for d in cursor.description]
            pending: list[Comment] = []
            pending_note = ""
            for number, row in enumerate(cursor, start=1):
                record = dict(zip(names, row, strict=True))
                record["pictures"] = _listed(record.get("pictures"))
                note_id = fields.text(record.get("note_id")).strip()
                if pending and (note_id != pending_note or len(pending) >= GROUP):
                    yield NoteComments(pending_note, tuple(pending))
                    pending = []
                pending_note = note_id
                pending.append(record_to_comment(record, path, record=number))
            if pending:
                yield NoteComments(pending_note, tuple(pending))
    except sqlite3.DatabaseError as exc:
        raise ImportFormatError(path, f"damaged database ({exc})", record=number + 1) from exc
    finally:
        conn.close()
