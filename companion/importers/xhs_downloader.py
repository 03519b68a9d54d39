"""XHS-Downloader's ``ExploreData.db`` (table ``explore_data``, Chinese column names) and the
JSON its API returns (``{"message", "params", "data": {…}}``).

Columns used: 作品ID, 作品类型, 作品标题, 作品描述, 作品标签, 发布时间, 时间戳 (API only),
收藏数量, 评论数量, 分享数量, 点赞数量, 作者昵称, 作者ID, 作品链接, 下载地址, and IP归属地
(v1.9). Counts can be strings like "1.2万"; tags are separated by spaces; 发布时间 is
"YYYY-MM-DD_HH:MM:SS" in the exporting machine's local time (kept without a UTC offset, since
the export does not say which). 作品类型 图文/图集 (image/LivePhoto) is an image post, 视频
(video) a video post, whose 下载地址 is its video, not an image.

Downloaded files are found in the database's folder (``Volume/Download``, also with folder and
author archiving): by the 作品ID in their name, or by the tool's ``name_format`` (default
"发布时间 作者昵称 作品标题", joined by ``_``, emoji and unsafe characters dropped, long names
shortened to "start...end", then ``_1``, ``_2`` … per image), read from its ``settings.json``
when present. Remote addresses are kept, never fetched.
"""

from __future__ import annotations

import bisect
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from companion import textio
from companion.errors import InvalidInput
from companion.importers import build, fields, images
from companion.importers.errors import ImportFormatError
from companion.importers.streams import iter_json_array, sqlite_tables, stream_json, top_level
from companion.store.models import Image, MediaKind, Post

SOURCE = "xhs"
TABLE = "explore_data"
DEFAULT_NAME_FORMAT = "发布时间 作者昵称 作品标题"
NAME_KEYS = (
    "收藏数量",
    "评论数量",
    "分享数量",
    "点赞数量",
    "作品标签",
    "作品ID",
    "作品标题",
    "作品描述",
    "作品类型",
    "发布时间",
    "最后更新时间",
    "作者昵称",
    "作者ID",
)
_TOKEN_RE = re.compile(r"[_\s.]+")
OWN_DATABASES = {"explore_id": "ExploreID.db", "mapping_data": "MappingData.db"}


def is_explore_db(path: Path) -> bool:
    """True if path is an SQLite file with an explore_data table."""
    return TABLE in sqlite_tables(path)


def skip_reason(path: Path) -> str | None:
    """Why a file XHS-Downloader keeps for itself is not imported (None for other files)."""
    suffix = path.suffix.lower()
    if suffix == ".db":
        tables = sqlite_tables(path)
        for table, name in OWN_DATABASES.items():
            if table in tables and TABLE not in tables:
                return f"XHS-Downloader's own {name} (its download records), not posts"
    if path.name == "settings.json" and path.stat().st_size < 1 << 20:
        settings = _settings(path)
        if "name_format" in settings or "folder_name" in settings:
            return "XHS-Downloader's settings, not posts"
    if suffix in (".md", ".txt") and path.stat().st_size < 1 << 20:
        head = _head(path)
        if head.startswith(("## 📝 作品信息", "[作品信息]")) and "作品ID" in head:
            return "XHS-Downloader's note information file (import its ExploreData.db instead)"
    return None


def _head(path: Path) -> str:
    """The start of a text file in its encoding ('' if it is not text)."""
    with path.open("rb") as fh:
        raw = fh.read(256)
    try:
        return raw.decode(textio.sniff(raw, complete=False), "ignore")  # a cut last character
    except InvalidInput:
        return ""


def _settings(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(textio.decode_text(path.read_bytes(), source=path.name))
    except (OSError, ValueError, RecursionError, InvalidInput):
        return {}
    return value if isinstance(value, dict) else {}


def read(path: Path) -> Iterator[Post]:
    """Every note of an ExploreData.db (in rowid order) or of an API response JSON file."""
    if path.suffix.lower() == ".json":
        yield from read_json(path)
        return
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
        downloads = Downloads(path)
        number = 0
        try:
            for number, row in enumerate(cursor, start=1):
                yield _post(dict(zip(names, row, strict=True)), path, number, downloads)
        except sqlite3.DatabaseError as exc:
            raise ImportFormatError(path, f"damaged database ({exc})", record=number + 1) from exc
    finally:
        conn.close()


def is_record(record: Any) -> bool:
    """True for an API response ({"data": {"作品ID": …}}) or a bare note of one."""
    if isinstance(record, dict) and isinstance(record.get("data"), dict):
        record = record["data"]
    return isinstance(record, dict) and "作品ID" in record


def read_json(path: Path) -> Iterator[Post]:
    """Notes of a saved API response, or of a JSON array of responses or of their notes."""
    if top_level(path) == "[":
        found: Iterator[tuple[int, Any]] = iter_json_array(path)
    else:
        found = iter([(1, dict(stream_json(path)))])
    downloads = Downloads(path)
    for number, record in found:
        if isinstance(record, dict) and "data" in record and "作品ID" not in record:
            record = record["data"]
            if record is None:  # the API found nothing for this link
                continue
        if not is_record(record):
            raise ImportFormatError(path, "not an XHS-Downloader note (no 作品ID)", record=number)
        yield _post(record, path, number, downloads)


def _post(row: dict[str, Any], path: Path, number: int, downloads: Downloads) -> Post:
    note_id = fields.text(row.get("作品ID")).strip()
    if not note_id:
        raise ImportFormatError(path, "row without 作品ID", record=number)
    title = fields.text(row.get("作品标题")).strip()
    body = fields.text(row.get("作品描述"))
    if not title and not body.strip():
        reason = f"note {note_id} has neither 作品标题 nor 作品描述"
        raise ImportFormatError(path, reason, record=number)
    media = MediaKind.parse(row.get("作品类型"))
    urls = [u for u in _addresses(row.get("下载地址")) if images.is_remote(u)]
    local = [p for p in downloads.of(row) if p.suffix.lower() in images.SUFFIXES]
    if local:
        pictures = tuple(Image(local_path=str(p)) for p in local)
    elif media is MediaKind.VIDEO:
        pictures = ()
    else:
        pictures = tuple(Image(url=u) for u in urls)
    stamp = row.get("时间戳")
    return build.post(
        source=SOURCE,
        source_id=note_id,
        title=title,
        body=body,
        author=row.get("作者昵称"),
        author_id=row.get("作者ID"),
        published=fields.parse_time(stamp) if stamp else fields.local_time(row.get("发布时间")),
        location=row.get("IP归属地"),
        likes=row.get("点赞数量"),
        collects=row.get("收藏数量"),
        comments_count=row.get("评论数量"),
        shares=row.get("分享数量"),
        url=row.get("作品链接"),
        tags=fields.split_list(row.get("作品标签"), " ,，#"),
        images=pictures,
        media=media,
        video_url=urls[0] if media is MediaKind.VIDEO and urls else "",
    )


def _addresses(value: Any) -> tuple[str, ...]:
    """下载地址: space-joined in the database, a list in the API's JSON."""
    return fields.split_list(value, " ,")


def _plain(text: str) -> str:
    """Letters and digits only: how a name compares once the tool dropped emoji, unsafe
    characters and separators from it."""
    return "".join(ch for ch in text if ch.isalnum())


class Downloads:
    """The files XHS-Downloader downloaded beside an export, found by what their names say."""

    def __init__(self, export: Path) -> None:
        folders = [export.parent, export.parent / "Download", export.parent.parent / "Download"]
        files: list[Path] = []
        for folder in dict.fromkeys(f.resolve() for f in folders if f.is_dir()):
            files += [
                p
                for p in folder.rglob("*")
                if p.suffix.lower() in images.SUFFIXES + images.VIDEO_SUFFIXES and p.is_file()
            ]
        self.files = images.sort_naturally(files)
        self.by_name: dict[str, list[Path]] = {}
        self.by_token: dict[str, list[Path]] = {}
        self.shortened: list[tuple[str, str, Path]] = []
        for path in self.files:
            base = self._base(path.stem)
            self.by_name.setdefault(_plain(base), []).append(path)
            for token in set(_TOKEN_RE.split(path.stem)):
                self.by_token.setdefault(token, []).append(path)
            head, dots, tail = base.partition("...")
            if dots:
                self.shortened.append((_plain(head), _plain(tail), path))
        self.names = sorted(self.by_name)
        self.keys = _name_format(export)

    @staticmethod
    def _base(stem: str) -> str:
        """A file's name without the _1, _2 … the tool adds per image."""
        head, _, tail = stem.rpartition("_")
        return head if head and tail.isdigit() else stem

    def of(self, row: dict[str, Any]) -> list[Path]:
        """The files of one note, in number order."""
        note_id = fields.text(row.get("作品ID")).strip()
        if not self.files or not note_id:
            return []
        found = self.by_token.get(note_id, [])
        if found:
            return list(found)
        values = [self._value(row, key) for key in self.keys]
        expected = _plain("".join(values))
        if not expected:
            return []
        found = list(self.by_name.get(expected, []))
        # Shortened names: "start...end" (v2) or the title cut at 64 characters (v1.9).
        first = _plain(values[0])
        start = bisect.bisect_left(self.names, first)
        for name in self.names[start:]:
            if not name.startswith(first):
                break
            if name != expected and len(name) > len(first) and expected.startswith(name):
                found += self.by_name[name]
        found += [
            path
            for head, tail, path in self.shortened
            if head and expected.startswith(head) and expected.endswith(tail)
        ]
        return images.sort_naturally(found)

    @staticmethod
    def _value(row: dict[str, Any], key: str) -> str:
        value = fields.text(row.get(key)).strip()
        if key == "作品标题":
            return value or fields.text(row.get("作品ID"))
        if key == "作者昵称":
            return value or fields.text(row.get("作者ID"))
        return value


def _name_format(export: Path) -> list[str]:
    """The keys of the tool's file naming, from its settings.json when it sits nearby."""
    for folder in (export.parent.parent, export.parent):
        settings = folder / "settings.json"
        if settings.is_file() and settings.stat().st_size < 1 << 20:
            keys = fields.text(_settings(settings).get("name_format")).split()
            if keys and all(k in NAME_KEYS for k in keys):
                return keys
    return DEFAULT_NAME_FORMAT.split()
