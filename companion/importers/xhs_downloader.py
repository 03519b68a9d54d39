"""XHS-Downloader's ``ExploreData.db``: table ``explore_data`` with Chinese column names.

Columns used: 作品ID, 作品类型, 作品标题, 作品描述, 作品标签, 发布时间,
收藏数量, 评论数量, 分享数量, 点赞数量, 作者昵称, 作者ID, 作品链接,
下载地址, and IP归属地 when present. Counts can be strings like "1.2万";
tags are separated by spaces or commas (a leading # is dropped); 发布时间
is "YYYY-MM-DD_HH:MM:SS". Downloaded files whose names contain the 作品ID, in
the database's folder or a Download/ folder beside it, become local images;
remote addresses are kept, never fetched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from companion.importers import fields
from companion.importers.errors import ImportFormatError
from companion.store.models import Image, Post

SOURCE = "xhs"
TABLE = "explore_data"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic")


def is_explore_db(path: Path) -> bool:
    """True if path is an SQLite file with an explore_data table."""
    try:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
            ).fetchone()
        finally:
            conn.close()
        return row is not None
    except (OSError, sqlite3.DatabaseError):
        return False


def read(path: Path) -> Iterator[Post]:
    """Every note of the database, in rowid order."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:
        raise ImportFormatError(path, f"cannot open the database ({exc})") from exc
    try:
        try:
            cursor = conn.execute(f"SELECT rowid, * FROM {TABLE} ORDER BY rowid")
        except sqlite3.DatabaseError as exc:
            raise ImportFormatError(path, f"not an XHS-Downloader database ({exc})") from exc
        names = [d[0] for d in cursor.description]
        if "作品ID" not in names:
            raise ImportFormatError(path, "the explore_data table has no 作品ID column")
        downloads = _downloaded_files(path)
        number = 0
        try:
            for number, row in enumerate(cursor, start=1):
                yield _post(dict(zip(names, row, strict=True)), path, number, downloads)
        except sqlite3.DatabaseError as exc:
            raise ImportFormatError(path, f"damaged database ({exc})", record=number + 1) from exc
    finally:
        conn.close()


def _post(row: dict[str, object], path: Path, number: int, downloads: list[Path]) -> Post:
    note_id = fields.text(row.get("作品ID")).strip()
    if not note_id:
        raise ImportFormatError(path, "row without 作品ID", record=number)
    title = fields.text(row.get("作品标题")).strip()
    body = fields.text(row.get("作品描述"))
    if not title and not body.strip():
        reason = f"note {note_id} has neither 作品标题 nor 作品描述"
        raise ImportFormatError(path, reason, record=number)
    tags = fields.split_list(row.get("作品标签"), " ,，#")
    local = [p for p in downloads if note_id in p.name]
    if local:
        images = tuple(Image(local_path=str(p)) for p in local)
    else:
        urls = fields.split_list(row.get("下载地址"), " ,")
        images = tuple(Image(url=u) for u in urls if u.startswith(("http://", "https://")))
    return Post(
        source=SOURCE,
        source_id=note_id,
        title=title or body.strip().splitlines()[0][:40],
        body=body,
        author=fields.text(row.get("作者昵称")).strip(),
        author_id=fields.text(row.get("作者ID")).strip(),
        published=fields.parse_time(row.get("发布时间")),
        location=fields.text(row.get("IP归属地")).strip(),
        likes=fields.parse_count(row.get("点赞数量")),
        collects=fields.parse_count(row.get("收藏数量")),
        comments_count=fields.parse_count(row.get("评论数量")),
        shares=fields.parse_count(row.get("分享数量")),
        url=fields.text(row.get("作品链接")).strip(),
        category=fields.text(row.get("作品类型")).strip(),
        tags=tags,
        images=images,
    )


def _downloaded_files(db: Path) -> list[Path]:
    found: list[Path] = []
    for folder in (db.parent, db.parent / "Download", db.parent.parent / "Download"):
        if folder.is_dir():
            found.extend(
                p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
            )
    return sorted(set(found))
