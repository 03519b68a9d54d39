"""Exports read as MediaCrawler and XHS-Downloader write them, in each generation of their
writers (tests/importers/exports.py says which upstream commit each fixture follows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from companion.importers.formats import detect_format
from companion.library import Library
from companion.store.models import MediaKind
from companion.store.posts import StoredPost
from tests.importers import exports

UNTITLED_DESC = (
    "今天终于去了那家网红咖啡店！排队排了一个小时，但是真的值得。\n"
    "拿铁很香，甜品也不错，店员小姐姐超级热情。\n"
    "地址在静安寺附近，周末人很多，建议工作日去。" * 8 + "\n#上海探店[话题]# #咖啡[话题]#"
)


def _only(library: Library) -> StoredPost:
    (summary,) = library.posts.list()
    stored = library.posts.get(summary.id)
    assert stored is not None
    return stored


WRITERS = {"json": exports.write_json, "jsonl": exports.write_jsonl, "csv": exports.write_csv}


@pytest.mark.parametrize("kind", ["json", "jsonl", "csv"])
def test_untitled_mediacrawler_note_gets_a_short_title(
    library: Library, tmp_path: Path, kind: str
) -> None:
    record = exports.untitled(exports.note_2026(1, title="", desc=UNTITLED_DESC))
    assert "\n" in record["title"] and len(record["title"]) == 255
    WRITERS[kind](tmp_path / f"search_contents_2026-08-14.{kind}", [record])
    assert library.import_paths([tmp_path]).errors == []
    post = _only(library).post
    assert post.title == "今天终于去了那家网红咖啡店！"
    assert post.body == UNTITLED_DESC


def test_a_real_title_that_starts_the_body_is_kept(library: Library, tmp_path: Path) -> None:
    record = exports.note_2026(1, title="周末咖啡", desc="周末咖啡\n今天去了一家店。")
    exports.write_jsonl(tmp_path / "n.jsonl", [record])
    library.import_paths([tmp_path / "n.jsonl"])
    assert _only(library).post.title == "周末咖啡"


def test_mediacrawler_images_in_number_order_and_videos_apart(
    library: Library, tmp_path: Path
) -> None:
    """data/xhs/jsonl/…, data/xhs/images/<note_id>/0.jpg … 11.jpg, data/xhs/videos/<id>/0.mp4
    (store/xhs/xhs_store_media.py; core.py names them f"{picNum}.jpg" / f"{videoNum}.mp4")."""
    record = exports.video_note(1, exports.note_2026(1))
    data = tmp_path / "data" / "xhs"
    images = data / "images" / record["note_id"]
    images.mkdir(parents=True)
    for n in range(12):
        (images / f"{n}.jpg").write_bytes(exports.media_bytes("jpeg", str(n)))
    videos = data / "videos" / record["note_id"]
    videos.mkdir(parents=True)
    (videos / "0.mp4").write_bytes(exports.media_bytes("mp4"))
    (data / "jsonl").mkdir()
    path = exports.write_jsonl(data / "jsonl" / "search_contents_2026-08-14.jsonl", [record])
    library.import_paths([path])
    post = _only(library).post
    copied = [library.image_path(i).read_bytes() for i in post.images]  # type: ignore[union-attr]
    assert copied == [exports.media_bytes("jpeg", str(n)) for n in range(12)]
    assert post.media is MediaKind.VIDEO and post.category == ""
    assert post.video_url == "http://sns-video-bd.xhscdn.com/stream/1/origin"


@pytest.mark.parametrize(
    ("record", "author_id", "location"),
    [
        (exports.note(1), "5f000001", "上海"),
        (exports.note_2026(1), exports.creator_hash("5f000001"), ""),
    ],
    ids=["2024-12 user_id", "2026-07 creator_hash"],
)
def test_both_generations_of_mediacrawler_fields(
    library: Library, tmp_path: Path, record: dict, author_id: str, location: str
) -> None:
    exports.write_jsonl(tmp_path / "search_contents.jsonl", [record])
    note_id = record["note_id"]
    comment = (
        exports.comment(1, note_id) if "user_id" in record else exports.comment_2026(1, note_id)
    )
    exports.write_jsonl(tmp_path / "search_comments.jsonl", [comment])
    report = library.import_paths([tmp_path])
    assert report.errors == [] and report.files[1].comments == 1
    stored = _only(library)
    assert (stored.post.author_id, stored.post.location) == (author_id, location)
    assert stored.post.media is MediaKind.IMAGES and stored.post.category == ""
    assert stored.post.tags == ("上海探店", "咖啡")
    assert stored.comments[0].parent_id is None


def test_2024_01_csv_without_tag_list_takes_topics_from_desc(
    library: Library, tmp_path: Path
) -> None:
    note = exports.note_2024_01(1)
    path = exports.write_csv(tmp_path / "search_contents_20240114.csv", [note])
    exports.write_csv(
        tmp_path / "search_comments_20240114.csv", [exports.comment_2024_01(1, note["note_id"])]
    )
    report = library.import_paths([tmp_path])
    assert report.errors == [] and detect_format(path) == "mediacrawler"
    stored = _only(library)
    assert stored.post.tags == ("上海探店", "咖啡")
    assert stored.comments[0].comment.text == "求店名！第1条评论🤩"


@pytest.mark.parametrize(
    "tables",
    [exports.MEDIACRAWLER_SQLITE_2025_09, exports.MEDIACRAWLER_SQLITE_2026_07],
    ids=["2025-09", "2026-07"],
)
def test_mediacrawler_sqlite_store(library: Library, tmp_path: Path, tables: dict) -> None:
    old = "user_id" in tables["xhs_note"]
    notes = [exports.note(n) if old else exports.note_2026(n) for n in range(1, 3)]
    note_id = notes[0]["note_id"]
    make = exports.comment if old else exports.comment_2026
    comments = [make(1, note_id), make(2, note_id, parent=f"c{note_id}-1")]
    path = exports.write_mediacrawler_sqlite(tmp_path / "sqlite_tables.db", notes, comments, tables)
    assert detect_format(path) == "mediacrawler"
    report = library.import_paths([path])
    assert report.errors == [] and report.added == 2 and report.files[0].comments == 2
    stored = library.posts.get(next(p.id for p in library.posts.list() if p.source_id == note_id))
    assert stored is not None
    assert [i.url for i in stored.post.images] == [
        "https://sns-img.example/1/1.jpg",
        "https://sns-img.example/1/2.jpg",
    ]
    assert stored.post.tags == ("上海探店", "咖啡") and stored.post.likes == 12_000
    first, reply = stored.comments
    assert reply.parent_id == first.id


def test_comments_imported_before_their_notes_are_kept(library: Library, tmp_path: Path) -> None:
    note = exports.note_2026(1)
    comments = exports.write_jsonl(
        tmp_path / "search_comments_2026-08-14.jsonl",
        [exports.comment_2026(1, note["note_id"]), exports.comment_2026(2, note["note_id"])],
    )
    notes = exports.write_jsonl(tmp_path / "search_contents_2026-08-14.jsonl", [note])
    first = library.import_paths([comments])
    assert first.files[0].orphan_comments == 2 and library.posts.pending_comments() == 2
    library.import_paths([notes])
    stored = _only(library)
    assert [c.comment.text for c in stored.comments] == [
        "求店名！第1条评论🤩",
        "求店名！第2条评论🤩",
    ]
    assert library.posts.pending_comments() == 0
    assert library.posts.list(query="求店名")  # searchable with the post


# -- XHS-Downloader ---------------------------------------------------------------------------


def test_default_name_format_files_are_found_in_number_order(
    library: Library, tmp_path: Path
) -> None:
    row = exports.explore_row(1, 作品标题="成都旅游攻略1｜三天两夜🔥")
    download = exports.write_volume(tmp_path, [row])
    name = exports.download_name(row)
    assert name == "2024-04-30_18.20.00_旅行的猫1_成都旅游攻略1｜三天两夜"  # emoji dropped
    kinds = ["jpeg", "png", "webp", "avif", "heic"] * 3
    for n, kind in enumerate(kinds[:11], start=1):
        (download / f"{name}_{n}.{kind}").write_bytes(exports.media_bytes(kind, str(n)))
    report = library.import_paths([tmp_path / "Volume"])
    assert report.errors == [] and report.added == 1
    post = _only(library).post
    copied = [library.image_path(i).read_bytes() for i in post.images]  # type: ignore[union-attr]
    assert copied == [exports.media_bytes(kinds[n - 1], str(n)) for n in range(1, 12)]
    assert post.published == "2024-04-30T18:20:00"  # local time of the exporting machine
    skipped = {f.path.name: f.skipped for f in report.files if f.skipped}
    assert set(skipped) == {
        "ExploreID.db",
        "MappingData.db",
        "settings.json",
        f"{name}.md",
        f"{name}.txt",
    }
    assert all(reason for reason in skipped.values())


@pytest.mark.parametrize(
    ("layout", "title"),
    [
        ("folder_mode", "成都旅游攻略1"),  # Download/<name>/<name>_1.jpeg
        ("author_archive", "成都旅游攻略1"),  # Download/<作者ID>_<作者昵称>/<name>_1.jpeg
        ("shortened", "超长标题" * 20),  # beautify_string: "start...end"
        ("v1.9 cut", "超长标题" * 20),  # v1.9: title[:64]
    ],
)
def test_name_format_layouts(library: Library, tmp_path: Path, layout: str, title: str) -> None:
    row = exports.explore_row(1, 作品标题=title)
    download = exports.write_volume(tmp_path, [row])
    name = exports.download_name(row)
    folder = download
    if layout == "folder_mode":
        folder = download / name
    elif layout == "author_archive":
        folder = download / f"{row['作者ID']}_{row['作者昵称']}"
    elif layout == "shortened":
        assert "..." in name
    else:
        name = exports.download_name_v1_9(row)
    folder.mkdir(exist_ok=True)
    (folder / f"{name}_1.jpeg").write_bytes(exports.media_bytes("jpeg", layout))
    library.import_paths([download / "ExploreData.db"])
    (image,) = _only(library).post.images
    assert library.image_path(image).read_bytes() == exports.media_bytes("jpeg", layout)  # type: ignore[union-attr]


def test_a_custom_name_format_from_settings(library: Library, tmp_path: Path) -> None:
    row = exports.explore_row(1)
    download = exports.write_volume(tmp_path, [row], name_format="作者ID 发布时间")
    name = f"{row['作者ID']}_{row['发布时间'].replace(':', '.')}"
    (download / f"{name}_1.png").write_bytes(exports.media_bytes("png", "custom"))
    library.import_paths([download / "ExploreData.db"])
    (image,) = _only(library).post.images
    assert library.image_path(image).read_bytes() == exports.media_bytes("png", "custom")  # type: ignore[union-attr]


def test_video_notes_keep_their_video_as_a_link(library: Library, tmp_path: Path) -> None:
    row = exports.explore_row(
        1, 作品类型="视频", 下载地址="https://sns-video-hw.xhscdn.com/stream/1/abc.mp4"
    )
    download = exports.write_volume(tmp_path, [row])
    (download / f"{exports.download_name(row)}.mp4").write_bytes(exports.media_bytes("mp4"))
    library.import_paths([download / "ExploreData.db"])
    post = _only(library).post
    assert post.images == ()
    assert post.media is MediaKind.VIDEO and post.category == ""
    assert post.video_url == "https://sns-video-hw.xhscdn.com/stream/1/abc.mp4"


@pytest.mark.parametrize(
    ("kind", "media"),
    [
        ("图文", MediaKind.IMAGES),
        ("图集", MediaKind.IMAGES),
        ("image", MediaKind.IMAGES),
        ("video", MediaKind.VIDEO),
    ],
)
def test_work_type_is_the_media_kind(
    library: Library, tmp_path: Path, kind: str, media: MediaKind
) -> None:
    path = exports.write_explore_db(
        tmp_path / "ExploreData.db", [exports.explore_row(1, 作品类型=kind)]
    )
    library.import_paths([path])
    post = _only(library).post
    assert (post.media, post.category) == (media, "")


def test_v1_9_database(library: Library, tmp_path: Path) -> None:
    path = exports.write_explore_db_v1_9(tmp_path / "ExploreData.db", [exports.explore_row_v1_9(1)])
    assert library.import_paths([path]).errors == []
    post = _only(library).post
    assert post.location == "四川" and post.published == "2024-04-30T18:20:00"


@pytest.mark.parametrize("shape", ["response", "list of responses", "list of notes"])
def test_api_response_json(library: Library, tmp_path: Path, shape: str) -> None:
    row = exports.explore_row(1)
    response = exports.api_response(row, ["https://ci.example/1/a", "https://ci.example/1/b"])
    content = {
        "response": response,
        "list of responses": [response],
        "list of notes": [response["data"]],
    }[shape]
    path = tmp_path / "detail.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    assert detect_format(path) == "xhs-downloader"
    report = library.import_paths([path])
    assert report.errors == [] and report.added == 1
    post = _only(library).post
    assert post.title == "成都旅游攻略1｜三天两夜" and post.likes == 100_000
    assert post.published == "2024-04-30T18:20:00+08:00"  # from 时间戳, an exact instant
    assert [i.url for i in post.images] == ["https://ci.example/1/a", "https://ci.example/1/b"]
