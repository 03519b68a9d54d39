"""XHS-Downloader databases, Companion JSON (and the sample corpus), Markdown, text, paste."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from companion.importers import companion_json
from companion.importers.formats import detect_format
from companion.language.characters import has_han
from companion.language.rednote import find_markup
from companion.language.sentences import split_paragraphs
from companion.library import Library
from companion.paths import DataDir
from companion.resources import resource_path
from tests.importers import exports


def test_xhs_downloader_round_trip(library: Library, tmp_path: Path) -> None:
    path = exports.write_explore_db(
        tmp_path / "ExploreData.db", [exports.explore_row(1), exports.explore_row(2)]
    )
    assert detect_format(path) == "xhs-downloader"
    report = library.import_paths([path])
    assert report.errors == [] and report.added == 2
    stored = library.posts.get(library.posts.list(query="第1天")[0].id)
    assert stored is not None
    post = stored.post
    assert post.title == "成都旅游攻略1｜三天两夜" and post.author == "旅行的猫1"
    assert (post.likes, post.collects, post.comments_count, post.shares) == (
        100_000,
        23_000,
        456,
        78,
    )
    assert post.published == "2024-04-30T18:20:00"  # the exporting machine's local time
    assert post.tags == ("成都旅游", "旅行攻略")
    assert [i.url for i in post.images] == ["https://ci.example/1/a", "https://ci.example/1/b"]
    assert library.import_paths([path]).updated == 2 and library.posts.count() == 2


def test_xhs_downloader_local_files(library: Library, tmp_path: Path) -> None:
    path = exports.write_explore_db(tmp_path / "ExploreData.db", [exports.explore_row(1)])
    download = tmp_path / "Download"
    download.mkdir()
    (download / f"2024-04-30_旅行的猫1_{exports.explore_row(1)['作品ID']}_1.png").write_bytes(
        exports.media_bytes("png")
    )
    library.import_paths([path])
    stored = library.posts.get(library.posts.list()[0].id)
    assert stored is not None
    local = library.image_path(stored.post.images[0])
    assert local is not None and local.read_bytes() == exports.media_bytes("png")


def test_xhs_downloader_wrong_database(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    (error,) = library.import_paths([path]).errors
    assert "no explore_data or xhs_note" in error
    truncated = tmp_path / "ExploreData.db"
    exports.write_explore_db(truncated, [exports.explore_row(n) for n in range(50)])
    truncated.write_bytes(truncated.read_bytes()[:5000])
    (error,) = library.import_paths([truncated]).errors
    assert "ExploreData.db" in error
    assert library.posts.count() == 0


def test_sample_corpus_is_well_formed() -> None:
    path = resource_path("samples", "posts.json")
    posts = list(companion_json.read(path, source="sample"))
    assert len(posts) >= 30
    assert {p.category for p in posts} >= {
        "food",
        "travel",
        "pets",
        "fashion",
        "beauty",
        "shopping",
        "study",
        "work",
        "parenting",
    }
    assert {p.level for p in posts} == {"beginner", "intermediate", "advanced"}
    for post in posts:
        assert len(post.comments) >= 3 and any(c.parent_id for c in post.comments), post.source_id
        for text in (post.title, post.body, *(c.text for c in post.comments)):
            for paragraph in split_paragraphs(text, find_markup(text)):
                for a, b in paragraph:
                    sentence = text[a:b].strip()
                    bare = list(sentence)
                    for span in find_markup(sentence):
                        bare[span.start : span.end] = " " * (span.end - span.start)
                    if has_han("".join(bare)):
                        assert sentence in post.translations, (post.source_id, sentence)


def test_fresh_data_dir_starts_with_the_samples(data_dir: DataDir) -> None:
    library = Library(data_dir)
    try:
        assert library.posts.count() >= 30
        assert all(p.difficulty is not None for p in library.posts.list())
        assert library.posts.list(order="readable")[0].difficulty is not None
        first = library.posts.list()[0]
        stored = library.posts.get(first.id)
        assert stored is not None and stored.post.translations
    finally:
        library.close()
    again = Library(data_dir)  # not seeded twice
    try:
        assert again.posts.count() == len(
            json.loads(resource_path("samples", "posts.json").read_text(encoding="utf-8"))["posts"]
        )
    finally:
        again.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "companion-posts", "version": 2, "posts": []}', "unsupported version"),
        ('{"format": "companion-posts", "version": 1, "posts": [{"title": "x"}]}', "source_id"),
        (
            '{"format": "companion-posts", "version": 1, "posts": [{"source_id": "a", "title": "好",'
            ' "comments": [{"id": "c1", "parent_id": "c9", "text": "好"}]}]}',
            "unknown c9",
        ),
        (
            '{"format": "companion-posts", "version": 1, "posts": [{"source_id": "a", "title": "好"},'
            ' {"source_id": "a", "title": "好"}]}',
            "duplicate source_id",
        ),
        (
            '{"format": "companion-posts", "version": 1, "posts": [{"source_id": "a", "title": "好",'
            ' "images": ["missing.jpg"]}]}',
            "image not found",
        ),
        (
            '{"format": "companion-posts", "version": 1, "posts": [{"source_id": "a", "title": "好",'
            ' "tags": "not a list"}]}',
            "tags",
        ),
    ],
)
def test_bad_companion_json(library: Library, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "posts.json"
    path.write_text(content, encoding="utf-8")
    (error,) = library.import_paths([path]).errors
    assert message in error
    assert library.posts.count() == 0


def test_markdown_and_text_files_with_images(library: Library, tmp_path: Path) -> None:
    (tmp_path / "cover.png").write_bytes(exports.media_bytes("png", "cover"))
    md = tmp_path / "周末.md"
    md.write_text("# 周末去爬山⛰️\n\n今天天气很好！\n\n![封面](cover.png)\n", encoding="utf-8")
    txt = tmp_path / "日记.txt"
    txt.write_bytes("今天的日记\n我学会了做饭。".encode("gb18030"))
    (tmp_path / "日记.jpg").write_bytes(exports.media_bytes("jpeg", "jpg"))
    report = library.import_paths([md, txt])
    assert report.errors == [] and report.added == 2
    by_title = {p.title: p for p in library.posts.list()}
    hike = library.posts.get(by_title["周末去爬山⛰️"].id)
    diary = library.posts.get(by_title["今天的日记"].id)
    assert hike is not None and diary is not None
    assert hike.post.body == "今天天气很好！"
    assert [library.image_path(i).read_bytes() for i in hike.post.images] == [
        exports.media_bytes("png", "cover")
    ]  # type: ignore[union-attr]
    assert diary.post.body == "我学会了做饭。"
    assert [library.image_path(i).read_bytes() for i in diary.post.images] == [
        exports.media_bytes("jpeg", "jpg")
    ]  # type: ignore[union-attr]
    assert library.import_paths([md]).updated == 1


def test_pasted_text(library: Library) -> None:
    first = library.import_text("探店日记\n这家店的奶茶yyds！").value
    again = library.import_text("探店日记\n这家店的奶茶yyds！").value
    assert first == again and library.posts.count() == 1
    stored = library.posts.get(first)
    assert stored is not None
    assert (stored.post.title, stored.post.body) == ("探店日记", "这家店的奶茶yyds！")
    assert stored.difficulty is not None and stored.difficulty.tokens > 0


def test_unknown_file_types(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "photo.heic"
    path.write_bytes(b"x")
    (error,) = library.import_paths([path]).errors
    assert "cannot import .heic" in error
    (error,) = library.import_paths([tmp_path / "missing.json"]).errors
    assert "no such file" in error
