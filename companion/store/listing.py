"""The feed's reads: pages of posts in each order, their counts and the tags, each one indexed
query over what migration 0003 keeps beside the post rows (a card's tags and cover) and the tag
counts, so a page costs the same at any library size."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from companion.store.connection import Database
from companion.store.search import match_query

Order = Literal["newest", "readable", "popular", "recent"]


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


class PostListing:
    """The listing side of PostStore."""

    db: Database

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
        the feed indexes; the card's tags and cover come from post_cards (migration 0003)."""
        where, params = self._filters(query, tag)
        if where is None:
            return
        if order == "readable":
            yield from self._readable(where, params, limit, offset)
            return
        order_by = {
            "newest": "(p.published IS NULL), p.published DESC, p.id DESC",
            "popular": "p.likes DESC, p.id",
            # Recently imported first. A post's id is given when it is first imported (a new
            # row gets the largest rowid + 1), so id order is import order, indexed as the
            # rowid itself; a re-import updates the post in place and keeps its place.
            "recent": "p.id DESC",
        }[order]
        # The page's ids first (sorting only the order's columns), then its cards by id.
        page = (
            "SELECT p.id FROM posts p"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {order_by} LIMIT ? OFFSET ?"
        )
        sql = (
            f"{_SUMMARY} FROM ({page}) page JOIN posts p ON p.id = page.id{_CARD}"
            f" LEFT JOIN post_difficulty d ON d.post_id = p.id ORDER BY {order_by}"
        )
        yield from map(_summary, self.db.conn.execute(sql, (*params, limit, offset)))

    def _readable(
        self, where: list[str], params: list[Any], limit: int, offset: int
    ) -> Iterator[PostSummary]:
        """Measured posts, most known first (the readable index), then the unmeasured ones."""
        filters = "".join(f" AND {w}" for w in where)
        measured = (
            f"{_SUMMARY} FROM post_difficulty d JOIN posts p ON p.id = d.post_id{_CARD}"
            f" WHERE 1{filters}"
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
            f"{_SUMMARY} FROM posts p{_CARD} LEFT JOIN post_difficulty d ON d.post_id = p.id"
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


_CARD = " LEFT JOIN post_cards c ON c.post_id = p.id"
_SUMMARY = (
    "SELECT p.id, p.source, p.source_id, p.title, p.author, p.likes, p.published,"
    " coalesce(c.tags, '[]'), coalesce(c.cover, ''),"
    " d.tokens, d.known_tokens, d.unknown_words, d.hsk_mix, d.level"
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


def difficulty_from_row(row: sqlite3.Row | None) -> Difficulty | None:
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
