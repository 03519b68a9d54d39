"""The posts library: save imported posts idempotently, list, search, and read them back."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sqlite_utils import Database

from companion.store.clock import now
from companion.store.models import Comment, Image, MediaKind, Post
from companion.store.rows import named
from companion.store.search import index_text, match_query

Order = Literal["newest", "readable", "popular"]


@dataclass(frozen=True)
class Difficulty:
    """How hard a post is for this learner right now."""

    tokens: int
    known_tokens: int
    unknown_words: int
    hsk_mix: dict[str, float]
    level: float | None

    @property
    def known_share(self) -> float:
        return self.known_tokens / self.tokens if self.tokens else 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "known_share": round(self.known_share, 4),
            "unknown_words": self.unknown_words,
            "tokens": self.tokens,
            "hsk_mix": self.hsk_mix,
            "level": self.level,
        }


@dataclass(frozen=True)
class PostSummary:
    """A post as the feed shows it."""

    id: int
    source: str
    source_id: str
    title: str
    author: str
    likes: int
    tags: tuple[str, ...]
    difficulty: Difficulty | None
    published: str | None = None
    cover: str = ""

    def to_json(self) -> dict[str, Any]:
        """The `posts list --json` shape of DESIGN.md."""
        return {
            "id": self.id,
            "source": self.source,
            "source_id": self.source_id,
            "title": self.title,
            "author": self.author,
            "likes": self.likes,
            "tags": list(self.tags),
            "difficulty": self.difficulty.to_json() if self.difficulty else None,
        }


@dataclass(frozen=True)
class StoredComment:
    id: int
    parent_id: int | None
    comment: Comment


@dataclass(frozen=True)
class StoredPost:
    """A post read back from the library, with its stored id and comment ids."""

    id: int
    post: Post
    comments: tuple[StoredComment, ...]
    difficulty: Difficulty | None

    def to_json(self) -> dict[str, Any]:
        p = self.post
        return {
            "id": self.id,
            "source": p.source,
            "source_id": p.source_id,
            "title": p.title,
            "body": p.body,
            "author": p.author,
            "author_id": p.author_id,
            "published": p.published,
            "location": p.location,
            "likes": p.likes,
            "collects": p.collects,
            "comments_count": p.comments_count,
            "shares": p.shares,
            "url": p.url,
            "category": p.category,
            "level": p.level,
            "media": str(p.media),
            "video_url": p.video_url,
            "tags": list(p.tags),
            "images": [{"url": i.url, "local_path": i.local_path} for i in p.images],
            "comments": [
                {
                    "id": c.id,
                    "parent_id": c.parent_id,
                    "author": c.comment.author,
                    "text": c.comment.text,
                    "likes": c.comment.likes,
                    "published": c.comment.published,
                    "location": c.comment.location,
                }
                for c in self.comments
            ],
            "translations": p.translations,
            "difficulty": self.difficulty.to_json() if self.difficulty else None,
        }


class PostStore:
    """Posts, their comments, images, tags and included translations."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- writing ----------------------------------------------------------------------------

    def save(self, post: Post) -> tuple[int, bool]:
        """Insert or update (by source and source id); returns (post id, created).

        The caller owns the transaction, so an importer can make a whole file atomic.
        """
        conn = self.db.conn
        stamp = now()
        columns = {
            "title": post.title,
            "body": post.body,
            "author": post.author,
            "author_id": post.author_id,
            "published": post.published,
            "location": post.location,
            "likes": post.likes,
            "collects": post.collects,
            "comments_count": post.comments_count or len(post.comments),
            "shares": post.shares,
            "url": post.url,
            "category": post.category,
            "level": post.level,
            "media": str(post.media),
            "video_url": post.video_url,
        }
        row = conn.execute(
            "SELECT id FROM posts WHERE source = ? AND source_id = ?", (post.source, post.source_id)
        ).fetchone()
        if row is None:
            names = ", ".join(columns)
            marks = ", ".join("?" * len(columns))
            cursor = conn.execute(
                f"INSERT INTO posts (source, source_id, {names}, imported_at, updated_at)"
                f" VALUES (?, ?, {marks}, ?, ?)",
                (post.source, post.source_id, *columns.values(), stamp, stamp),
            )
            post_id = int(cursor.lastrowid or 0)
            created = True
        else:
            post_id = row[0]
            created = False
            assignments = ", ".join(f"{name} = ?" for name in columns)
            conn.execute(
                f"UPDATE posts SET {assignments}, updated_at = ? WHERE id = ?",
                (*columns.values(), stamp, post_id),
            )
            for table in ("images", "post_tags", "included_translations", "post_words"):
                conn.execute(f"DELETE FROM {table} WHERE post_id = ?", (post_id,))
            conn.execute("DELETE FROM post_difficulty WHERE post_id = ?", (post_id,))
        self._save_comments(post_id, (*post.comments, *self._take_pending(post)))
        conn.executemany(
            "INSERT INTO images (post_id, position, url, local_path) VALUES (?, ?, ?, ?)",
            [(post_id, i, img.url, img.local_path) for i, img in enumerate(post.images)],
        )
        for position, tag in enumerate(dict.fromkeys(t.strip() for t in post.tags if t.strip())):
            conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (tag,))
            conn.execute(
                "INSERT OR IGNORE INTO post_tags (post_id, tag_id, position)"
                " SELECT ?, id, ? FROM tags WHERE name = ?",
                (post_id, position, tag),
            )
        conn.executemany(
            "INSERT OR REPLACE INTO included_translations (post_id, sentence, translation)"
            " VALUES (?, ?, ?)",
            [(post_id, zh, en) for zh, en in post.translations.items()],
        )
        self._reindex_text(post_id)
        return post_id, created

    def _save_comments(self, post_id: int, comments: Iterable[Comment]) -> int:
        """Insert or update comments by source id; existing ones not given are kept."""
        conn = self.db.conn
        comments = list(comments)
        ids: dict[str, int] = {
            source_id: cid
            for cid, source_id in conn.execute(
                "SELECT id, source_id FROM comments WHERE post_id = ?", (post_id,)
            )
        }
        position = len(ids)
        for comment in comments:
            values = (
                comment.author,
                comment.text,
                comment.likes,
                comment.published,
                comment.location,
            )
            if comment.source_id in ids:
                conn.execute(
                    "UPDATE comments SET author = ?, text = ?, likes = ?, published = ?,"
                    " location = ? WHERE id = ?",
                    (*values, ids[comment.source_id]),
                )
            else:
                cursor = conn.execute(
                    "INSERT INTO comments (post_id, source_id, author, text, likes, published,"
                    " location, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (post_id, comment.source_id, *values, position),
                )
                position += 1
                ids[comment.source_id] = int(cursor.lastrowid or 0)
        for comment in comments:
            parent = ids.get(comment.parent_id) if comment.parent_id else None
            conn.execute(
                "UPDATE comments SET parent_id = ? WHERE id = ?", (parent, ids[comment.source_id])
            )
        return len(comments)

    def add_comments(self, source: str, source_id: str, comments: Iterable[Comment]) -> int | None:
        """Attach comments to a stored post; None if the library has no such post yet, and
        then they are kept and attached when the post is imported (see ``pending_comments``)."""
        row = self.db.conn.execute(
            "SELECT id FROM posts WHERE source = ? AND source_id = ?", (source, source_id)
        ).fetchone()
        if row is None:
            stamp = now()
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO pending_comments"
                " (source, source_id, comment_id, data, added_at) VALUES (?, ?, ?, ?, ?)",
                [(source, source_id, c.source_id, json.dumps(asdict(c)), stamp) for c in comments],
            )
            return None
        post_id = row[0]
        self._save_comments(post_id, comments)
        self._reindex_text(post_id)
        for table in ("post_words", "post_difficulty"):
            self.db.conn.execute(f"DELETE FROM {table} WHERE post_id = ?", (post_id,))
        return post_id

    def comment_totals(self, source: str, source_id: str) -> tuple[int, int, set[str]]:
        """(comments, characters of their text, their ids) a post has or has waiting for it."""
        rows = self.db.conn.execute(
            "SELECT c.source_id, length(c.text) FROM comments c JOIN posts p ON p.id = c.post_id"
            " WHERE p.source = ? AND p.source_id = ?"
            " UNION ALL SELECT comment_id, length(data) FROM pending_comments"
            " WHERE source = ? AND source_id = ?",
            (source, source_id, source, source_id),
        ).fetchall()
        return len(rows), sum(r[1] or 0 for r in rows), {r[0] for r in rows}

    def pending_comments(self) -> int:
        """How many comments wait for their post to be imported."""
        return self.db.conn.execute("SELECT count(*) FROM pending_comments").fetchone()[0]

    def _take_pending(self, post: Post) -> list[Comment]:
        """Comments imported before this post (from a comments file read first), removed from
        the waiting list as they are attached."""
        key = (post.source, post.source_id)
        rows = self.db.conn.execute(
            "SELECT data FROM pending_comments WHERE source = ? AND source_id = ? ORDER BY id", key
        ).fetchall()
        if not rows:
            return []
        self.db.conn.execute("DELETE FROM pending_comments WHERE source = ? AND source_id = ?", key)
        return [Comment(**json.loads(r[0])) for r in rows]

    def _reindex_text(self, post_id: int) -> None:
        """Rewrite a post's full-text row from what is stored."""
        conn = self.db.conn
        title, body = conn.execute(
            "SELECT title, body FROM posts WHERE id = ?", (post_id,)
        ).fetchone()
        comments = "\n".join(
            r[0]
            for r in conn.execute(
                "SELECT text FROM comments WHERE post_id = ? ORDER BY position", (post_id,)
            )
        )
        conn.execute("DELETE FROM posts_fts WHERE rowid = ?", (post_id,))
        conn.execute(
            "INSERT INTO posts_fts (rowid, title, body, comments) VALUES (?, ?, ?, ?)",
            (post_id, index_text(title), index_text(body), index_text(comments)),
        )

    def text_for_words(self, post_id: int, limit: int | None = None) -> str:
        """Title, body and comments of a post joined: the text its word counts come from
        (its first ``limit`` characters, without reading further comments, when given)."""
        conn = self.db.conn
        row = conn.execute("SELECT title, body FROM posts WHERE id = ?", (post_id,)).fetchone()
        if row is None:
            return ""
        parts, size = [row[0], row[1]], len(row[0]) + len(row[1])
        for (text,) in conn.execute("SELECT text FROM comments WHERE post_id = ?", (post_id,)):
            if limit is not None and size >= limit:
                break
            parts.append(text)
            size += len(text) + 1
        text = "\n".join(parts)
        return text if limit is None else text[:limit]

    def delete(self, post_id: int) -> None:
        self.db.conn.execute("DELETE FROM posts_fts WHERE rowid = ?", (post_id,))
        self.db.conn.execute("DELETE FROM posts WHERE id = ?", (post_id,))

    # -- reading ----------------------------------------------------------------------------

    def image_files_in(self, folder: str) -> set[str]:
        """Names of the stored image files directly in folder (a data-dir relative path such
        as images/xhs/123) that any post points at."""
        prefix = folder.rstrip("/") + "/"
        rows = self.db.conn.execute(
            "SELECT local_path FROM images WHERE substr(local_path, 1, ?) = ?",
            (len(prefix), prefix),
        )
        return {r[0][len(prefix) :] for r in rows if "/" not in r[0][len(prefix) :]}

    def count(self) -> int:
        return self.db.conn.execute("SELECT count(*) FROM posts").fetchone()[0]

    def list(
        self,
        *,
        query: str = "",
        tag: str = "",
        order: Order = "newest",
        limit: int = 1000,
        offset: int = 0,
    ) -> list[PostSummary]:
        """A page of posts for the feed: filtered by a search query and a tag, in the chosen
        order (see ``iter``)."""
        return list(self.iter(query=query, tag=tag, order=order, limit=limit, offset=offset))

    def iter(
        self,
        *,
        query: str = "",
        tag: str = "",
        order: Order = "newest",
        limit: int = 1000,
        offset: int = 0,
    ) -> Iterator[PostSummary]:
        """Posts filtered and ordered as ``list``, read as they are consumed: one query over
        the feed indexes; the card's tags and cover come from the post row (migration 0003)."""
        where, params = self._filters(query, tag)
        if where is None:
            return
        if order == "readable":
            yield from self._readable(where, params, limit, offset)
            return
        order_by = {
            "newest": "(p.published IS NULL), p.published DESC, p.id DESC",
            "popular": "p.likes DESC, p.id",
        }[order]
        sql = (
            f"{_SUMMARY} FROM posts p LEFT JOIN post_difficulty d ON d.post_id = p.id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {order_by} LIMIT ? OFFSET ?"
        )
        yield from map(_summary, self.db.conn.execute(sql, (*params, limit, offset)))

    def _readable(
        self, where: list[str], params: list[Any], limit: int, offset: int
    ) -> Iterator[PostSummary]:
        """Measured posts, most known first (the readable index), then the unmeasured ones."""
        filters = "".join(f" AND {w}" for w in where)
        measured = (
            f"{_SUMMARY} FROM post_difficulty d JOIN posts p ON p.id = d.post_id WHERE 1{filters}"
            " ORDER BY CAST(d.known_tokens AS REAL) / max(d.tokens, 1) DESC, d.unknown_words,"
            " d.post_id LIMIT ? OFFSET ?"
        )
        shown = 0
        for row in self.db.conn.execute(measured, (*params, limit, offset)):
            shown += 1
            yield _summary(row)
        if shown == limit:
            return
        if shown == 0 and offset:  # how many measured posts the offset went past
            skipped = self.db.conn.execute(
                "SELECT count(*) FROM post_difficulty d JOIN posts p ON p.id = d.post_id"
                f" WHERE 1{filters}",
                params,
            ).fetchone()[0]
            offset = max(0, offset - skipped)
        else:
            offset = 0
        unmeasured = (
            f"{_SUMMARY} FROM posts p LEFT JOIN post_difficulty d ON d.post_id = p.id"
            f" WHERE d.post_id IS NULL{filters} ORDER BY p.id LIMIT ? OFFSET ?"
        )
        yield from map(_summary, self.db.conn.execute(unmeasured, (*params, limit - shown, offset)))

    def _filters(self, query: str, tag: str) -> tuple[list[str] | None, list[Any]]:
        """SQL conditions on posts p for a search query and a tag (None: nothing can match)."""
        where: list[str] = []
        params: list[Any] = []
        if query:
            expression = match_query(query)
            if expression is None:
                return None, []
            where.append("p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)")
            params.append(expression)
        if tag:
            where.append(
                "p.id IN (SELECT post_id FROM post_tags JOIN tags ON tags.id = tag_id"
                " WHERE tags.name = ?)"
            )
            params.append(tag)
        return where, params

    def first_page(
        self, *, query: str = "", tag: str = "", order: Order = "newest", limit: int = 300
    ) -> tuple[list[PostSummary], int]:
        """A listing's first ``limit`` posts and how many it has in all (counted only when the
        page is full): what the feed shows first."""
        posts = self.list(query=query, tag=tag, order=order, limit=limit)
        if len(posts) < limit:
            return posts, len(posts)
        return posts, self.count_matching(query=query, tag=tag)

    def count_matching(self, *, query: str = "", tag: str = "") -> int:
        """How many posts ``list`` would give with no limit, from the indexes (and the tag
        counts when only a tag is chosen), never reading the posts."""
        if not query and not tag:
            return self.count()
        if not query:
            row = self.db.conn.execute("SELECT posts FROM tags WHERE name = ?", (tag,)).fetchone()
            return row[0] if row else 0
        expression = match_query(query)
        if expression is None:
            return 0
        sql = "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?"
        params = [expression]
        if tag:
            sql += (
                " AND rowid IN (SELECT post_id FROM post_tags JOIN tags ON tags.id = tag_id"
                " WHERE tags.name = ?)"
            )
            params.append(tag)
        return self.db.conn.execute(sql, params).fetchone()[0]

    def tags(self) -> list[tuple[str, int]]:
        """Every tag with its number of posts, most used first (kept by triggers, not counted)."""
        return self.db.conn.execute(
            "SELECT name, posts FROM tags WHERE posts > 0 ORDER BY posts DESC, name"
        ).fetchall()

    def get(self, post_id: int) -> StoredPost | None:
        conn = self.db.conn
        row = named(
            self.db,
            "SELECT source, source_id, title, body, author, author_id, published, location,"
            " likes, collects, comments_count, shares, url, category, level, media, video_url"
            " FROM posts WHERE id = ?",
            (post_id,),
        ).fetchone()
        if row is None:
            return None
        tags = tuple(
            r[0]
            for r in conn.execute(
                "SELECT t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id"
                " WHERE pt.post_id = ? ORDER BY pt.position",
                (post_id,),
            )
        )
        images = tuple(
            Image(url=r[0], local_path=r[1])
            for r in conn.execute(
                "SELECT url, local_path FROM images WHERE post_id = ? ORDER BY position",
                (post_id,),
            )
        )
        comment_rows = named(
            self.db,
            "SELECT c.id, c.parent_id, c.source_id, c.author, c.text, c.likes, c.published,"
            " c.location, p.source_id AS parent_source_id"
            " FROM comments c LEFT JOIN comments p ON p.id = c.parent_id"
            " WHERE c.post_id = ? ORDER BY c.position, c.id",
            (post_id,),
        ).fetchall()
        comments = tuple(
            StoredComment(
                id=r["id"],
                parent_id=r["parent_id"],
                comment=Comment(
                    source_id=r["source_id"],
                    author=r["author"],
                    text=r["text"],
                    likes=r["likes"],
                    published=r["published"],
                    location=r["location"],
                    parent_id=r["parent_source_id"],
                ),
            )
            for r in comment_rows
        )
        translations = dict(
            conn.execute(
                "SELECT sentence, translation FROM included_translations WHERE post_id = ?",
                (post_id,),
            ).fetchall()
        )
        columns = dict(zip(row.keys(), row, strict=True))  # Post's fields, by name
        post = Post(
            **columns | {"media": MediaKind.parse(columns["media"])},
            tags=tags,
            images=images,
            comments=tuple(c.comment for c in comments),
            translations=translations,
        )
        drow = named(
            self.db,
            "SELECT tokens, known_tokens, unknown_words, hsk_mix, level FROM post_difficulty"
            " WHERE post_id = ?",
            (post_id,),
        ).fetchone()
        return StoredPost(post_id, post, comments, _difficulty(drow))


_SUMMARY = (
    "SELECT p.id, p.source, p.source_id, p.title, p.author, p.likes, p.published,"
    " p.card_tags AS tags, p.cover, d.tokens, d.known_tokens, d.unknown_words, d.hsk_mix, d.level"
)


def _summary(row: tuple[Any, ...]) -> PostSummary:
    """A feed card from a plain row of ``_SUMMARY``'s columns (by position: the fast path)."""
    pid, source, source_id, title, author, likes, published, tags, cover, *difficulty = row
    tokens, known, unknown, mix, level = difficulty
    return PostSummary(
        pid,
        source,
        source_id,
        title,
        author,
        likes,
        _tags(tags),
        None if tokens is None else Difficulty(tokens, known, unknown, json.loads(mix), level),
        published,
        cover,
    )


@functools.lru_cache(maxsize=4096)
def _tags(card_tags: str) -> tuple[str, ...]:
    """A post's tag list from its card_tags JSON (few distinct lists: parsed once each)."""
    return tuple(json.loads(card_tags))


def _difficulty(row: sqlite3.Row | None) -> Difficulty | None:
    """A post's difficulty from a row with its post_difficulty columns (None if unmeasured)."""
    if row is None or row["tokens"] is None:
        return None
    return Difficulty(
        row["tokens"],
        row["known_tokens"],
        row["unknown_words"],
        json.loads(row["hsk_mix"]),
        row["level"],
    )
