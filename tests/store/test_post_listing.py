"""The feed's reads: pages that add up to the whole list, counts and tags from kept aggregates
that always agree with the rows they summarise (whatever wrote them), and the 0003 backfill."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from companion.library import Library
from companion.store.database import write_transaction
from companion.store.models import Image, Post
from companion.store.schema import migrations
from tests.store.test_posts import make_post, save


def truth(db: sqlite3.Connection | Database) -> tuple[dict[int, tuple[list[str], str]], list]:
    """Each post's tags and cover, and the tag counts, computed from the rows themselves."""
    cards = {
        pid: (
            [
                r[0]
                for r in db.execute(
                    "SELECT t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id"
                    " WHERE pt.post_id = ? ORDER BY pt.position",
                    (pid,),
                )
            ],
            (
                db.execute(
                    "SELECT CASE WHEN local_path != '' THEN local_path ELSE url END FROM images"
                    " WHERE post_id = ? ORDER BY position LIMIT 1",
                    (pid,),
                ).fetchone()
                or ("",)
            )[0],
        )
        for (pid,) in db.execute("SELECT id FROM posts").fetchall()
    }
    counts = db.execute(
        "SELECT t.name, count(*) FROM tags t JOIN post_tags pt ON pt.tag_id = t.id"
        " GROUP BY t.id ORDER BY count(*) DESC, t.name"
    ).fetchall()
    return cards, [tuple(c) for c in counts]


def kept(library: Library) -> tuple[dict[int, tuple[list[str], str]], list]:
    rows = library.db.execute(
        "SELECT id, coalesce(c.tags, '[]'), coalesce(c.cover, '') FROM posts p"
        " LEFT JOIN post_cards c ON c.post_id = p.id"
    ).fetchall()
    return {r[0]: (json.loads(r[1]), r[2]) for r in rows}, library.posts.tags()


def retag(library: Library, n: int, **changes: object) -> None:
    save(library, make_post(n, **changes))


def drop(library: Library, n: int) -> None:
    pid = library.db.execute("SELECT id FROM posts WHERE source_id = ?", (f"p{n}",)).fetchone()
    with write_transaction(library.db):
        library.posts.delete(pid[0])


EDITS = [
    ("new posts", lambda lib: save(lib, *(make_post(n) for n in range(1, 6)))),
    ("tags replaced and reordered", lambda lib: retag(lib, 2, tags=("火锅", "新标签"))),
    ("tags removed", lambda lib: retag(lib, 3, tags=())),
    ("a local cover first", lambda lib: retag(lib, 4, images=(Image("u", "images/a.jpg"),))),
    ("images removed", lambda lib: retag(lib, 5, images=())),
    ("a post deleted (cascade)", lambda lib: drop(lib, 1)),
    ("a tag's last post deleted", lambda lib: drop(lib, 2)),
]


def test_aggregates_follow_every_write(library: Library) -> None:
    for name, edit in EDITS:
        edit(library)
        assert kept(library) == truth(library.db), name


def test_aggregates_follow_raw_sql_writes(library: Library) -> None:
    """Triggers, not the save path, keep them: bulk writers (importers, tools) stay right."""
    save(library, make_post(1), make_post(2))
    with write_transaction(library.db):
        library.db.execute("DELETE FROM post_tags WHERE post_id = 1")
        library.db.execute("UPDATE tags SET name = '重庆火锅' WHERE name = '火锅'")
        library.db.execute("UPDATE images SET local_path = 'images/b.jpg' WHERE post_id = 2")
    assert kept(library) == truth(library.db)


def test_no_card_outlives_its_post(library: Library) -> None:
    save(library, make_post(1), make_post(2))
    drop(library, 1)
    assert [r[0] for r in library.db.execute("SELECT post_id FROM post_cards")] == [2]


def test_migration_fills_the_aggregates_of_an_older_library(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="0003_feed_aggregates")
    db.execute("INSERT INTO posts (id, source, source_id, imported_at, updated_at)"
               " VALUES (1, 's', 'a', '', ''), (2, 's', 'b', '', '')")  # fmt: skip
    db.execute("INSERT INTO tags (id, name) VALUES (1, '探店'), (2, '美食')")
    db.execute("INSERT INTO post_tags VALUES (1, 2, 0), (1, 1, 1), (2, 1, 0)")
    db.execute("INSERT INTO images (post_id, position, url, local_path)"
               " VALUES (1, 1, 'u2', ''), (1, 0, 'u1', 'images/1.jpg')")  # fmt: skip
    db.conn.commit()
    migrations.apply(db)
    cards, counts = truth(db)
    rows = db.execute(
        "SELECT id, coalesce(c.tags, '[]'), coalesce(c.cover, '') FROM posts p"
        " LEFT JOIN post_cards c ON c.post_id = p.id ORDER BY id"
    ).fetchall()
    assert {r[0]: (json.loads(r[1]), r[2]) for r in rows} == cards
    assert cards == {1: (["美食", "探店"], "images/1.jpg"), 2: (["探店"], "")}
    assert db.execute("SELECT name, posts FROM tags ORDER BY posts DESC").fetchall() == counts


@pytest.fixture
def filled(library: Library) -> Library:
    posts = [
        make_post(
            n,
            published=None if n % 7 == 0 else f"2026-01-{n % 28 + 1:02d}T12:00:00+08:00",
            likes=n % 5,
            tags=("火锅",) if n % 3 else ("探店",),
            body="排队" if n % 2 else "不用等",
        )
        for n in range(1, 41)
    ]
    save(library, *posts)
    with write_transaction(library.db):  # some measured, with ties, and some not
        library.db.execute(
            "INSERT INTO post_difficulty SELECT id, 10, id % 4, id % 3, '{}', NULL, ''"
            " FROM posts WHERE id % 5 != 0"
        )
    return library


@pytest.mark.parametrize("order", ["newest", "readable", "popular", "recent"])
@pytest.mark.parametrize(("query", "tag"), [("", ""), ("排队", ""), ("", "火锅"), ("排队", "探店")])
def test_pages_add_up_to_the_whole_list(filled: Library, order, query: str, tag: str) -> None:
    whole = filled.posts.list(query=query, tag=tag, order=order, limit=1000)
    pages = [
        p
        for offset in range(0, 45, 7)
        for p in filled.posts.list(query=query, tag=tag, order=order, limit=7, offset=offset)
    ]
    assert [p.id for p in pages] == [p.id for p in whole]
    assert filled.posts.count_matching(query=query, tag=tag) == len(whole)


def test_orders(filled: Library) -> None:
    newest = filled.posts.list(order="newest")
    dated = [p.published for p in newest if p.published]
    assert dated == sorted(dated, reverse=True) and newest[-1].published is None
    popular = [p.likes for p in filled.posts.list(order="popular")]
    assert popular == sorted(popular, reverse=True)
    readable = filled.posts.list(order="readable")
    shares = [p.difficulty.known_share for p in readable if p.difficulty]
    assert shares == sorted(shares, reverse=True)
    assert all(p.difficulty is None for p in readable[len(shares) :])
    assert len(readable) == 40


def test_recently_imported_first(filled: Library) -> None:
    """ "Recently imported" is import order, newest first: a re-import keeps a post's place,
    and a post imported after the newest one was deleted still comes first."""
    drop(filled, 40)
    (later,) = save(filled, make_post(41, published="2020-01-01T00:00:00+08:00"))
    save(filled, make_post(3, likes=99))  # re-imported: updated in place
    recent = [p.id for p in filled.posts.list(order="recent")]
    assert recent[0] == later
    imported = filled.db.execute("SELECT id FROM posts ORDER BY imported_at DESC, id DESC")
    assert recent == [r[0] for r in imported]
    assert [p.id for p in filled.posts.list(order="recent", tag="火锅")] == [
        i for i in recent if i in {p.id for p in filled.posts.list(tag="火锅")}
    ]


def test_recent_order_is_indexed(filled: Library) -> None:
    """The listing's page of ids comes straight off an index: no sort of the whole table."""
    seen: list[str] = []
    filled.db.conn.set_trace_callback(seen.append)
    try:
        filled.posts.list(order="recent", limit=10)
    finally:
        filled.db.conn.set_trace_callback(None)
    (sql,) = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    plan = filled.db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    (page,) = [node for node, _parent, _u, step in plan if step.startswith("MATERIALIZE")]
    # Only the outer query (the page's few rows) may be sorted, never the page's choice.
    assert not [step for _n, parent, _u, step in plan if parent == page and "B-TREE" in step]


def test_unmatchable_query_lists_nothing(filled: Library) -> None:
    assert filled.posts.list(query='"') == [] and filled.posts.count_matching(query='"') == 0


def test_post_without_tags_or_images(library: Library) -> None:
    save(library, Post(source="s", source_id="x", title="t", body="b"))
    (summary,) = library.posts.list()
    assert summary.tags == () and summary.cover == ""
