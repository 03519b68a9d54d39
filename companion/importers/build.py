"""A Post (or Comment) from the fields an importer found, normalised by one set of rules.

Each importer knows where its format keeps a field (``nickname``, ``作者昵称``, ``author``);
this module decides what a field becomes: text is stripped, counts parsed ("1.2万"), the title
chosen (:func:`fields.post_title`), the media kind parsed, and tags, when the export has none,
taken from the body's #topics, read within the body limit. Texts are not cut here: the limits
are applied once, with a note for the import report, by :func:`limits.bound_post`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from companion.importers import fields
from companion.importers.limits import MAX_BODY
from companion.language.rednote import topics
from companion.store.models import Comment, Image, MediaKind, Post


def post(
    *,
    source: str,
    source_id: str,
    title: Any,
    body: str,
    author: Any = None,
    author_id: Any = None,
    published: str | None = None,
    location: Any = None,
    likes: Any = None,
    collects: Any = None,
    comments_count: Any = None,
    shares: Any = None,
    url: Any = None,
    category: Any = None,
    level: Any = None,
    tags: Iterable[str] | None = None,
    images: Iterable[Image] = (),
    comments: Iterable[Comment] = (),
    media: Any = None,
    video_url: str = "",
    translations: Mapping[str, str] | None = None,
) -> Post:
    """The Post for an exporter's raw values (None where the export has no such field).

    ``published`` is already parsed (formats differ in what a bare time means); ``tags`` None
    means the export has no tag field, so the body's #topics are used; an empty list is kept.
    """
    found_tags = topics(body[:MAX_BODY]) if tags is None else tags
    return Post(
        source=source,
        source_id=source_id.strip(),
        title=fields.post_title(fields.text(title), body),
        body=body,
        author=_text(author),
        author_id=_text(author_id),
        published=published,
        location=_text(location),
        likes=fields.parse_count(likes),
        collects=fields.parse_count(collects),
        comments_count=fields.parse_count(comments_count),
        shares=fields.parse_count(shares),
        url=_text(url),
        category=_text(category),
        level=_text(level),
        tags=tuple(t.strip() for t in found_tags if t.strip()),
        images=tuple(images),
        comments=tuple(comments),
        media=MediaKind.parse(media),
        video_url=video_url,
        translations={k.strip(): v.strip() for k, v in (translations or {}).items()},
    )


def comment(
    *,
    source_id: Any,
    text: str,
    author: Any = None,
    parent_id: Any = None,
    likes: Any = None,
    published: str | None = None,
    location: Any = None,
) -> Comment:
    """The Comment for an exporter's raw values; no parent id (or "") makes a top comment."""
    return Comment(
        source_id=_text(source_id),
        text=text,
        author=_text(author),
        parent_id=_text(parent_id) or None,
        likes=fields.parse_count(likes),
        published=published,
        location=_text(location),
    )


def _text(value: Any) -> str:
    return fields.text(value).strip()
