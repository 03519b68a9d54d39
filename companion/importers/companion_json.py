"""Companion's own JSON post format (docs/import-format.md): ``{"format": "companion-posts",
"version": 1, "posts": [...]}``; also used for the bundled sample corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from companion.importers import build, fields, images
from companion.importers.errors import ImportFormatError
from companion.importers.streams import stream_json, top_level
from companion.store.models import Image, Post

FORMAT = "companion-posts"
VERSION = 1
MAX_BYTES = 512 * 1024 * 1024


def looks_like(record: Any) -> bool:
    return isinstance(record, dict) and record.get("format") == FORMAT


def read(
    path: Path, *, source: str = "json", roots: tuple[Path, ...] | None = None
) -> Iterator[Post]:
    """Posts of a Companion JSON file; every post is checked before any is returned.

    Local images must be image files inside ``roots`` (by default the file's own folder).
    """
    if path.stat().st_size > MAX_BYTES:
        raise ImportFormatError(path, "file is larger than 512 MB")
    if top_level(path) != "{":
        raise ImportFormatError(path, f'not a Companion post file (needs "format": "{FORMAT}")')
    roots = roots or (path.parent,)
    members: dict[str, Any] = {}
    seen: set[str] = set()
    parsed = []
    for key, value in stream_json(path, unpack="posts"):
        if key != "posts[]":
            members[key or ""] = value
            continue
        number = len(parsed) + 1
        post = _post(value, path, number, source, roots)
        if post.source_id in seen:
            raise ImportFormatError(path, f"duplicate source_id {post.source_id!r}", record=number)
        seen.add(post.source_id)
        parsed.append(post)
    if not looks_like(members):
        raise ImportFormatError(path, f'not a Companion post file (needs "format": "{FORMAT}")')
    if members.get("version") != VERSION:
        raise ImportFormatError(path, f"unsupported version {members.get('version')!r}")
    if not isinstance(members.get("posts"), list):
        raise ImportFormatError(path, '"posts" must be a list')
    yield from parsed


def _local_image(item: str, path: Path, number: int, roots: tuple[Path, ...]) -> Image:
    local = path.parent / Path(item).expanduser()
    if not local.is_file():
        raise ImportFormatError(path, f"image not found: {item}", record=number)
    if not images.inside(local, roots):
        raise ImportFormatError(
            path, f"image {item} is outside the folder being imported", record=number
        )
    if images.kind(local) is None:
        raise ImportFormatError(path, f"{item} is not an image file", record=number)
    return Image(local_path=str(local.resolve()))


def _require(record: dict[str, Any], key: str, kind: type, path: Path, number: int) -> Any:
    value = record.get(key)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise ImportFormatError(path, f'"{key}" is missing or not a {kind.__name__}', record=number)
    return value


def _post(record: Any, path: Path, number: int, source: str, roots: tuple[Path, ...]) -> Post:
    if not isinstance(record, dict):
        raise ImportFormatError(path, "a post must be a JSON object", record=number)
    source_id = record.get("source_id")
    if isinstance(source_id, int) and not isinstance(source_id, bool):
        source_id = str(source_id)
    if not isinstance(source_id, str) or not source_id.strip():
        raise ImportFormatError(path, '"source_id" is missing', record=number)
    title = fields.text(record.get("title")).strip()
    body = record.get("body", "")
    if not isinstance(body, str):
        raise ImportFormatError(path, '"body" must be a string', record=number)
    if not title and not body.strip():
        raise ImportFormatError(path, "a post needs a title or a body", record=number)
    tags = record.get("tags")
    if tags is not None and (
        not isinstance(tags, list) or not all(isinstance(t, str) for t in tags)
    ):
        raise ImportFormatError(path, '"tags" must be a list of strings', record=number)
    translations = record.get("translations", {})
    if not isinstance(translations, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in translations.items()
    ):
        raise ImportFormatError(path, '"translations" must map strings to strings', record=number)
    pictures = []
    raw_images = record.get("images", []) or []
    if not isinstance(raw_images, list):
        raise ImportFormatError(path, '"images" must be a list of strings', record=number)
    for item in raw_images:
        if not isinstance(item, str):
            raise ImportFormatError(path, '"images" must be a list of strings', record=number)
        if images.is_remote(item):
            pictures.append(Image(url=item))
        else:
            pictures.append(_local_image(item, path, number, roots))
    comments = []
    raw_comments = record.get("comments", []) or []
    if not isinstance(raw_comments, list):
        raise ImportFormatError(path, '"comments" must be a list', record=number)
    for c_number, item in enumerate(raw_comments, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ImportFormatError(
                path, f'comment {c_number} needs a "text" string', record=number
            )
        comments.append(
            build.comment(
                source_id=item.get("id") or c_number,
                text=item["text"],
                author=item.get("author"),
                parent_id=item.get("parent_id") or None,
                likes=item.get("likes"),
                published=fields.parse_time(item.get("published")),
                location=item.get("location"),
            )
        )
    known = {c.source_id for c in comments}
    for comment in comments:
        if comment.parent_id and comment.parent_id not in known:
            raise ImportFormatError(
                path,
                f"comment {comment.source_id} replies to unknown {comment.parent_id}",
                record=number,
            )
    return build.post(
        source=fields.text(record.get("source")).strip() or source,
        source_id=source_id,
        title=title,
        body=body,
        author=record.get("author"),
        author_id=record.get("author_id"),
        published=fields.parse_time(record.get("published")),
        location=record.get("location"),
        likes=record.get("likes"),
        collects=record.get("collects"),
        comments_count=record.get("comments_count"),
        shares=record.get("shares"),
        url=record.get("url"),
        category=record.get("category"),
        level=record.get("level"),
        tags=tags,  # absent: the body's #topics
        images=pictures,
        media=record.get("media"),
        video_url=_address(record.get("video")),
        comments=comments,
        translations=translations,
    )


def _address(value: Any) -> str:
    text = fields.text(value).strip()
    return text if images.is_remote(text) else ""
