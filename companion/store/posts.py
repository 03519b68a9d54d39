"""The posts library: save imported posts idempotently, read them back; the listing side
(feed pages, counts, tags) is ``listing.PostListing``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from companion.store.clock import now
from companion.store.connection import Database
from companion.store.listing import Difficulty, Order, PostListing, PostSummary, difficulty_from_row
from companion.store.models import Comment, Image, MediaKind, Post
from companion.store.rows import in_chunks, named
from companion.store.search import index_text, reindex_texts

__all__ = ["Difficulty", "Order", "PostStore", "PostSummary", "StoredComment", "StoredPost"]


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


class PostStore(PostListing):
    """Posts, their comments, images, tags and included translations."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._deferred: set[int] | None = None
        self._any_pending = True
        """Inside ``text_index_deferred``: whether any comments may be waiting for a post."""

    # -- writing ----------------------------------------------------------------------------

    def save(self, post: Post) -> tuple[int, bool]:
        """Insert or update (by source and source id); returns (post id, created).

        The caller owns the transaction, so an importer can make a whole file atomic.
        """
        conn = self.db.conn
        stamp = now()
        columns = _columns(post)
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        cursor = conn.execute(  # one statement for a new post; an existing one is kept here
            f"INSERT INTO posts (source, source_id, {names}, imported_at, updated_at)"
            f" VALUES (?, ?, {marks}, ?, ?) ON CONFLICT (source, source_id) DO NOTHING",
            (post.source, post.source_id, *columns.values(), stamp, stamp),
        )
        if cursor.rowcount == 1:
            post_id = int(cursor.lastrowid or 0)
            created = True
        else:
            post_id = conn.execute(
                "SELECT id FROM posts WHERE source = ? AND source_id = ?",
                (post.source, post.source_id),
            ).fetchone()[0]
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
        if post.images:
            conn.executemany(
                "INSERT INTO images (post_id, position, url, local_path) VALUES (?, ?, ?, ?)",
                [(post_id, i, img.url, img.local_path) for i, img in enumerate(post.images)],
            )
        tags = _tags(post)
        if tags:
            conn.executemany("INSERT OR IGNORE INTO tags (name) VALUES (?)", [(t,) for t in tags])
            conn.executemany(
                "INSERT OR IGNORE INTO post_tags (post_id, tag_id, position)"
                " SELECT ?, id, ? FROM tags WHERE name = ?",
                [(post_id, position, tag) for position, tag in enumerate(tags)],
            )
        if post.translations:
            conn.executemany(
                "INSERT OR REPLACE INTO included_translations (post_id, sentence, translation)"
                " VALUES (?, ?, ?)",
                [(post_id, zh, en) for zh, en in post.translations.items()],
            )
        self._text_changed(post_id)
        return post_id, created

    def save_many(self, posts: Sequence[Post]) -> list[tuple[int, bool]]:
        """``save`` of each post, in order: the new posts without comments (what an import
        mostly brings) are written with one statement per table; the others go through save.
        The caller owns the transaction."""
        results: list[tuple[int, bool]] = []
        fresh: list[Post] = []
        seen = self._stored_keys(posts)
        waiting = self._deferred is None or self._any_pending  # comments may wait for a post
        for post in posts:
            key = (post.source, post.source_id)
            if key in seen or post.comments or waiting:
                results.extend(self._insert_new(fresh))
                fresh = []
                results.append(self.save(post))
            else:
                fresh.append(post)
            seen.add(key)
        results.extend(self._insert_new(fresh))
        return results

    def _stored_keys(self, posts: Sequence[Post]) -> set[tuple[str, str]]:
        """The (source, source id) of these posts that the library has already."""
        found: set[tuple[str, str]] = set()
        by_source: dict[str, list[str]] = {}
        for post in posts:
            by_source.setdefault(post.source, []).append(post.source_id)
        for source, ids in by_source.items():
            for chunk, marks in in_chunks(ids):
                found.update(
                    (source, r[0])
                    for r in self.db.conn.execute(
                        f"SELECT source_id FROM posts WHERE source = ? AND source_id IN ({marks})",
                        (source, *chunk),
                    )
                )
        return found

    def _insert_new(self, posts: list[Post]) -> list[tuple[int, bool]]:
        """Insert posts the library does not have (distinct, without comments) in bulk."""
        if not posts:
            return []
        conn = self.db.conn
        stamp = now()
        names = ", ".join(_COLUMNS)
        marks = ", ".join("?" * len(_COLUMNS))
        (before,) = conn.execute("SELECT coalesce(max(id), 0) FROM posts").fetchone()
        conn.executemany(
            f"INSERT INTO posts (source, source_id, {names}, imported_at, updated_at)"
            f" VALUES (?, ?, {marks}, ?, ?)",
            [(p.source, p.source_id, *_columns(p).values(), stamp, stamp) for p in posts],
        )
        # Inside the write transaction ids only grow, one a row in the order given.
        ids = [
            r[0] for r in conn.execute("SELECT id FROM posts WHERE id > ? ORDER BY id", (before,))
        ]
        assert len(ids) == len(posts), "posts were inserted meanwhile"
        pairs = list(zip(ids, posts, strict=True))
        conn.executemany(
            "INSERT INTO images (post_id, position, url, local_path) VALUES (?, ?, ?, ?)",
            [
                (post_id, i, img.url, img.local_path)
                for post_id, post in pairs
                for i, img in enumerate(post.images)
            ],
        )
        tagged = [(post_id, _tags(post)) for post_id, post in pairs]
        names_used = sorted({t for _, tags in tagged for t in tags})
        if names_used:
            conn.executemany(
                "INSERT OR IGNORE INTO tags (name) VALUES (?)", [(t,) for t in names_used]
            )
            tag_ids = self._tag_ids(names_used)
            conn.executemany(
                "INSERT INTO post_tags (post_id, tag_id, position) VALUES (?, ?, ?)",
                [
                    (post_id, tag_ids[tag], position)
                    for post_id, tags in tagged
                    for position, tag in enumerate(tags)
                ],
            )
        conn.executemany(
            "INSERT OR REPLACE INTO included_translations (post_id, sentence, translation)"
            " VALUES (?, ?, ?)",
            [(post_id, zh, en) for post_id, post in pairs for zh, en in post.translations.items()],
        )
        # Their full-text rows as reindex_texts writes them for a post without comments
        # (comments attached later in the same import reindex the post again).
        conn.executemany(
            "INSERT INTO posts_fts (rowid, title, body, comments) VALUES (?, ?, ?, '')",
            [(post_id, index_text(post.title), index_text(post.body)) for post_id, post in pairs],
        )
        return [(post_id, True) for post_id in ids]

    def _tag_ids(self, names: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk, marks in in_chunks(names):
            found.update(
                self.db.conn.execute(
                    f"SELECT name, id FROM tags WHERE name IN ({marks})",
                    chunk,
                )
            )
        return found

    def _save_comments(self, post_id: int, comments: Iterable[Comment]) -> int:
        """Insert or update comments by source id; existing ones not given are kept."""
        conn = self.db.conn
        comments = list(comments)
        if not comments:
            return 0
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
            self._any_pending = True
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO pending_comments"
                " (source, source_id, comment_id, data, added_at) VALUES (?, ?, ?, ?, ?)",
                [(source, source_id, c.source_id, json.dumps(asdict(c)), stamp) for c in comments],
            )
            return None
        post_id = row[0]
        self._save_comments(post_id, comments)
        self._text_changed(post_id)
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
        if self._deferred is not None and not self._any_pending:
            return []  # none were waiting when the block began, and none were added since
        key = (post.source, post.source_id)
        rows = self.db.conn.execute(
            "SELECT data FROM pending_comments WHERE source = ? AND source_id = ? ORDER BY id", key
        ).fetchall()
        if not rows:
            return []
        self.db.conn.execute("DELETE FROM pending_comments WHERE source = ? AND source_id = ?", key)
        return [Comment(**json.loads(r[0])) for r in rows]

    @contextmanager
    def text_index_deferred(self) -> Iterator[None]:
        """Inside the caller's write transaction: the full-text rows of the posts saved in the
        block are written together at its end (one bulk statement instead of four a post);
        on an error nothing is written, and the transaction rolls back anyway."""
        outer = self._deferred is None
        if outer:
            self._deferred = set()
            self._any_pending = (
                self.db.conn.execute("SELECT 1 FROM pending_comments LIMIT 1").fetchone()
                is not None
            )
        try:
            yield
            if outer and self._deferred:
                reindex_texts(self.db, self._deferred)
        finally:
            if outer:
                self._deferred = None

    def _text_changed(self, post_id: int) -> None:
        if self._deferred is not None:
            self._deferred.add(post_id)
        else:
            reindex_texts(self.db, [post_id])

    def texts_for_words(self, post_ids: list[int], limit: int) -> list[tuple[int, str]]:
        """``text_for_words`` of many posts (those without comments read in one query)."""
        if not post_ids:
            return []
        conn = self.db.conn
        marks = ", ".join("?" * len(post_ids))
        with_comments = {
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT post_id FROM comments WHERE post_id IN ({marks})", post_ids
            )
        }
        plain = {
            i: f"{title}\n{body}"[:limit]
            for i, title, body in conn.execute(
                f"SELECT id, title, body FROM posts WHERE id IN ({marks})", post_ids
            )
        }
        return [
            (i, self.text_for_words(i, limit) if i in with_comments else plain.get(i, ""))
            for i in post_ids
        ]

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
        return StoredPost(post_id, post, comments, difficulty_from_row(drow))


_COLUMNS = (
    "title", "body", "author", "author_id", "published", "location", "likes", "collects",
    "comments_count", "shares", "url", "category", "level", "media", "video_url",
)  # fmt: skip
"""The posts columns a save writes from the Post (besides its source, source id and stamps)."""


def _columns(post: Post) -> dict[str, Any]:
    """Each of ``_COLUMNS`` with its value for post."""
    return {
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


def _tags(post: Post) -> list[str]:
    """The post's tags, stripped, each once, in order."""
    return list(dict.fromkeys(t.strip() for t in post.tags if t.strip()))
