"""MediaCrawler exports (JSON, JSONL, CSV; notes and comments) round-trip into the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.importers import fields
from companion.importers.formats import detect_format
from companion.library import Library
from tests.importers import exports

WRITERS = {
    "json": exports.write_json,
    "jsonl": exports.write_jsonl,
    "csv": exports.write_csv,
}


@pytest.mark.parametrize("kind", ["json", "jsonl", "csv"])
def test_notes_and_comments_round_trip(library: Library, tmp_path: Path, kind: str) -> None:
    write = WRITERS[kind]
    notes = write(tmp_path / f"search_contents_2024.{kind}", [exports.note(n) for n in range(3)])
    note_id = exports.note(1)["note_id"]
    comments = write(
        tmp_path / f"search_comments_2024.{kind}",
        [
            exports.comment(1, note_id),
            exports.comment(2, note_id, parent=f"c{note_id}-1"),
            exports.comment(3, "not-imported-note"),
        ],
    )
    assert detect_format(notes) == detect_format(comments) == "mediacrawler"
    report = library.import_paths([tmp_path])  # a folder: notes files go first
    assert report.errors == []
    assert (report.added, report.updated) == (3, 0)
    comment_result = next(f for f in report.files if "comments" in f.path.name)
    assert (comment_result.comments, comment_result.orphan_comments) == (2, 1)

    summary = next(p for p in library.posts.list() if p.source_id == note_id)
    assert summary.source == "xhs" and summary.likes == 12_000
    assert summary.tags == ("上海探店", "咖啡")
    assert summary.difficulty is not None
    stored = library.posts.get(summary.id)
    assert stored is not None
    post = stored.post
    assert post.title == "上海探店第1家｜这家咖啡绝绝子☕️"
    assert post.author == "咖啡小怪兽1" and post.collects == 3000 and post.shares == 0
    assert post.published == "2024-04-25T07:07:40+08:00"
    assert post.url.endswith(note_id) and post.location == "上海"
    assert [i.url for i in post.images] == [
        "https://sns-img.example/1/1.jpg",
        "https://sns-img.example/1/2.jpg",
    ]
    first, reply = stored.comments
    assert reply.parent_id == first.id and first.comment.text == "求店名！第1条评论🤩"


def test_import_is_idempotent(library: Library, tmp_path: Path) -> None:
    path = exports.write_json(tmp_path / "notes.json", [exports.note(n) for n in range(5)])
    library.import_paths([path])
    exports.write_json(path, [exports.note(n, title=f"改过的标题{n}") for n in range(5)])
    report = library.import_paths([path])
    assert (report.added, report.updated) == (0, 5)
    assert library.posts.count() == 5
    assert library.posts.list(query="改过的标题")


def test_gbk_csv_from_excel(library: Library, tmp_path: Path) -> None:
    path = exports.write_csv(tmp_path / "notes.csv", [exports.note(7)], encoding="gb18030")
    assert library.import_paths([path]).errors == []
    assert library.posts.list()[0].title.startswith("上海探店第7家")


def test_downloaded_images_are_copied(library: Library, tmp_path: Path) -> None:
    note = exports.note(1)
    image_dir = tmp_path / "images" / note["note_id"]
    image_dir.mkdir(parents=True)
    (image_dir / "0.jpg").write_bytes(b"\xff\xd8\xff fake jpeg")
    path = exports.write_json(tmp_path / "notes.json", [note])
    library.import_paths([path])
    stored = library.posts.get(library.posts.list()[0].id)
    assert stored is not None
    (image,) = stored.post.images
    local = library.image_path(image)
    assert local is not None and local.read_bytes() == b"\xff\xd8\xff fake jpeg"
    assert library.data.root in local.parents


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", '[{"note_id": "a", "title": "好"}, {"note_id": "b", "title": ', "record 2"),
        ("bad.jsonl", '{"note_id": "a", "title": "好"}\n{"note_id": broken}\n', "line 2"),
        ("empty.json", "", "no records"),
        ("array.json", "[]", "no records"),
        ("other.json", '[{"foo": 1}]', "not a format Companion knows"),
        ("mixed.json", '[{"note_id": "a", "title": "好"}, {"foo": 1}]', "record 2"),
        ("notitle.json", '[{"note_id": "a", "title": "", "desc": ""}]', "neither title nor desc"),
        ("binary.json", "\x00\x01\x02", "binary"),
        ("ragged.csv", "note_id,title,desc\na,好,好\nb,好,好,extra\n", "line 3"),
    ],
)
def test_malformed_files_import_nothing(
    library: Library, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    report = library.import_paths([path])
    (error,) = report.errors
    assert message in error and name in error
    assert library.posts.count() == 0


def test_wrong_encoding_is_refused(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_bytes(b"note_id,title\n" + bytes([0x81, 0x30, 0xFF, 0xFF]) * 10 + b"\n")
    (error,) = library.import_paths([path]).errors
    assert "notes.csv" in error
    assert library.posts.count() == 0


def test_a_bad_file_does_not_stop_the_others(library: Library, tmp_path: Path) -> None:
    good = exports.write_json(tmp_path / "a.json", [exports.note(1)])
    bad = tmp_path / "b.json"
    bad.write_text('[{"note_id": "x", "title": "好"}, oops]', encoding="utf-8")
    report = library.import_paths([good, bad])
    assert report.added == 1 and len(report.errors) == 1
    assert [p.source_id for p in library.posts.list()] == [exports.note(1)["note_id"]]


def test_duplicate_ids_in_one_file_update_the_same_post(library: Library, tmp_path: Path) -> None:
    path = exports.write_json(
        tmp_path / "dup.json", [exports.note(1), exports.note(1, title="第二次")]
    )
    report = library.import_paths([path])
    assert (report.added, report.updated) == (1, 1)
    assert library.posts.list()[0].title == "第二次"


@pytest.mark.parametrize(
    ("value", "count"),
    [
        ("1.2万", 12_000),
        ("10万+", 100_000),
        ("3千", 3_000),
        ("999", 999),
        ("", 0),
        (None, 0),
        (42, 42),
        ("1,234", 1_234),
        ("abc", 0),
        ("2.5w", 25_000),
        (-3, 0),
    ],
)
def test_parse_count(value: object, count: int) -> None:
    assert fields.parse_count(value) == count


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(exports.NOTE_FIELDS),
            st.one_of(st.text(max_size=20), st.integers(), st.none()),
        ),
        max_size=4,
    )
)
def test_parser_never_crashes(tmp_path_factory: pytest.TempPathFactory, records: list) -> None:
    from companion.importers import mediacrawler
    from companion.importers.errors import ImportFormatError

    path = tmp_path_factory.mktemp("fuzz") / "notes.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    try:
        posts = list(mediacrawler.read(path))
    except ImportFormatError as exc:
        assert "notes.json" in str(exc)
    else:
        assert all(p.source_id and (p.title or p.body) for p in posts)
