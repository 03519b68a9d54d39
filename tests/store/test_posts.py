"""The posts library: idempotent saves, threaded comments, tags, search and order."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.library import Library
from companion.paths import DataDir
from companion.store.database import write_transaction
from companion.store.models import Comment, Image, Post
from companion.store.search import index_text, match_query


def make_post(n: int, **overrides: object) -> Post:
    values = {
        "source": "test",
        "source_id": f"p{n}",
        "title": f"第{n}篇：成都火锅探店",
        "body": "这家火锅店真的绝绝子！\n#成都美食[话题]#",
        "author": "小红薯",
        "published": f"2026-01-{n:02d}T12:00:00+08:00",
        "likes": n * 10,
        "tags": ("成都美食", "火锅"),
        "images": (Image(url=f"https://img.example/{n}.jpg"),),
        "comments": (
            Comment("c1", "在哪里呀？", author="阿花"),
            Comment("c2", "春熙路那边", author="小红薯", parent_id="c1"),
        ),
        "translations": {"这家火锅店真的绝绝子！": "This hotpot place is amazing!"},
    }
    values.update(overrides)
    return Post(**values)  # type: ignore[arg-type]


def save(library: Library, *posts: Post) -> list[int]:
    with write_transaction(library.db):
        return [library.posts.save(p)[0] for p in posts]


def test_round_trip(library: Library) -> None:
    (post_id,) = save(library, make_post(1))
    stored = library.posts.get(post_id)
    assert stored is not None
    post = stored.post
    assert post.title == "第1篇：成都火锅探店" and post.likes == 10
    assert post.tags == ("成都美食", "火锅")
    assert post.images == (Image(url="https://img.example/1.jpg"),)
    assert post.translations == {"这家火锅店真的绝绝子！": "This hotpot place is amazing!"}
    first, reply = stored.comments
    assert reply.parent_id == first.id and reply.comment.parent_id == "c1"


def test_saving_again_updates_instead_of_duplicating(library: Library) -> None:
    (first,) = save(library, make_post(1))
    (again,) = save(library, make_post(1, title="新标题", likes=99, tags=("火锅",)))
    assert again == first
    assert library.posts.count() == 1
    stored = library.posts.get(first)
    assert stored is not None
    assert stored.post.title == "新标题" and stored.post.tags == ("火锅",)
    assert len(stored.comments) == 2
    assert library.posts.list(query="新标题")[0].id == first
    assert library.posts.list(query="第1篇") == []


def test_saving_many_stores_what_saving_each_does(library: Library, data_dir: DataDir) -> None:
    """save_many (an import's bulk path) leaves the library as save() of each post in turn:
    new posts, a post saved before, one given twice, one with comments, shared tags."""
    save(library, make_post(2, title="旧标题"))
    posts = [
        make_post(1, comments=()),
        make_post(2, comments=(), title="新标题"),  # stored already: updated
        make_post(3, comments=(), tags=("火锅", "新店"), images=()),
        make_post(1, comments=(), likes=7),  # again in the same batch: the later one wins
        make_post(4),  # with comments
        make_post(5, comments=(), translations={}),
    ]
    with write_transaction(library.db), library.posts.text_index_deferred():
        bulk = library.posts.save_many(posts)
    other_home = DataDir(data_dir.root.parent / (data_dir.root.name + "-each")).ensure()
    with Library(other_home, seed_samples=False) as each:
        save(each, make_post(2, title="旧标题"))
        with write_transaction(each.db):
            one_by_one = [each.posts.save(p) for p in posts]
        assert [created for _, created in bulk] == [True, False, True, False, True, True]
        assert [created for _, created in bulk] == [created for _, created in one_by_one]
        ids = sorted({post_id for post_id, _ in bulk})
        assert ids == sorted({post_id for post_id, _ in one_by_one})
        for post_id in ids:
            ours, theirs = library.posts.get(post_id), each.posts.get(post_id)
            assert ours is not None and theirs is not None
            assert ours.to_json() == theirs.to_json()
        for query in ("新标题", "第5篇", "第3篇"):
            found = [p.id for p in library.posts.list(query=query)]
            assert found == [p.id for p in each.posts.list(query=query)] != []
        assert library.posts.tags() == each.posts.tags()


def test_comments_are_merged_not_lost(library: Library) -> None:
    (post_id,) = save(library, make_post(1))
    with write_transaction(library.db):
        library.posts.add_comments("test", "p1", [Comment("c3", "我也想去", parent_id="c2")])
    stored = library.posts.get(post_id)
    assert stored is not None
    assert [c.comment.source_id for c in stored.comments] == ["c1", "c2", "c3"]
    assert stored.comments[2].parent_id == stored.comments[1].id
    assert library.posts.add_comments("test", "missing", [Comment("x", "y")]) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("火锅", [2, 1]),
        ("绝绝子", [2, 1]),
        ("锅店", [2, 1]),
        ("春熙路", [2, 1]),
        ("猫咪", [3]),
        ("火锅 猫咪", []),
        ("cat", [3]),
        ("！！", []),
        ('"', []),
        ("", [3, 2, 1]),
    ],
)
def test_search(library: Library, query: str, expected: list[int]) -> None:
    ids = save(
        library,
        make_post(1),
        make_post(2),
        make_post(3, title="猫咪日常 cat tax", body="我家猫咪今天又拆家了😹", comments=(), tags=()),
    )
    found = [p.id for p in library.posts.list(query=query)]
    assert found == [ids[n - 1] for n in expected]


def test_filter_by_tag_and_order(library: Library) -> None:
    ids = save(library, make_post(1), make_post(2), make_post(3, tags=("猫",)))
    assert [p.id for p in library.posts.list(tag="火锅")] == [ids[1], ids[0]]
    assert [p.id for p in library.posts.list(order="popular")] == [ids[2], ids[1], ids[0]]
    assert library.posts.tags()[0] == ("成都美食", 2)


def test_html_is_stored_as_text(library: Library) -> None:
    """Stored verbatim; that the widgets draw it as text is tests/ui/test_untrusted_text.py's."""
    body = "<script>alert(1)</script><b>好吃</b>"
    (post_id,) = save(library, make_post(1, body=body))
    stored = library.posts.get(post_id)
    assert stored is not None and stored.post.body == body


def test_delete_cascades(library: Library) -> None:
    (post_id,) = save(library, make_post(1))
    with write_transaction(library.db):
        library.posts.delete(post_id)
    assert library.posts.count() == 0
    assert library.db.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
    assert library.posts.list(query="火锅") == []


@pytest.mark.parametrize(
    ("text", "indexed"),
    [
        ("这家火锅yyds", " 这  家  火  锅 yyds"),
        ("绝😋了！", " 绝 😋 了 ！"),
        ("𠀀字", " 𠀀  字 "),  # beyond the basic plane
        ("cat tax", "cat tax"),
        ("", ""),
    ],
)
def test_fts_text_spacing(text: str, indexed: str) -> None:
    assert index_text(text) == indexed


def test_fts_query() -> None:
    assert match_query("火锅 yyds") == '"火 锅" AND "yyds"'
    assert match_query('a"b') == '"a""b"'
    assert match_query("   ") is None


def test_cancelling_rolls_back_the_current_file(library: Library, tmp_path: Path) -> None:
    from companion.errors import Cancelled
    from tests.importers import exports

    first = exports.write_jsonl(tmp_path / "a.jsonl", [exports.note(n) for n in range(10)])
    second = exports.write_jsonl(tmp_path / "b.jsonl", [exports.note(n) for n in range(100, 1200)])

    def progress(done: int, total: int | None, message: str) -> None:
        if "b.jsonl: 500" in message:
            raise Cancelled("cancelled")

    with pytest.raises(Cancelled):
        library.import_paths([first, second], progress=progress)
    assert library.posts.count() == 10
