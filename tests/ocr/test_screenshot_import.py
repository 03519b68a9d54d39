"""`posts import shot.png …`: phone screenshots become a post, end to end, on a real library."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.library import Library
from tests.ocr.pictures import encoded, text_picture
from tests.ocr.shots import POST, render


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return render(tmp_path_factory.mktemp("shots"))


def test_two_screens_become_one_post_with_its_screenshots(
    ocr_engine: object, library: Library, screens: list[Path]
) -> None:
    report = library.import_paths(screens)
    assert report.errors == [] and report.added == 1
    summary = library.posts.list()[0]
    post = library.posts.get(summary.id).post
    assert post.source == "screenshot"
    # the title bar ｜ is a thin stroke the recogniser may leave out
    assert post.title in (
        POST["title"],
        POST["title"].replace("｜", ""),
        POST["title"].replace("｜", "|"),
    )
    assert post.author == POST["author"]
    assert post.body.split("\n") == POST["body"]
    assert list(post.tags) == POST["tags"]
    assert [(c.author, c.text) for c in post.comments] == [
        (c["author"], c["text"]) for c in POST["comments"]
    ]
    kept = [library.data.root / image.local_path for image in post.images]
    assert len(kept) == 2 and all(p.is_file() for p in kept)
    assert [p.read_bytes() for p in kept] == [s.read_bytes() for s in screens]
    again = library.import_paths(screens)  # the same screenshots update the same post
    assert again.added == 0 and again.updated == 1 and library.posts.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.png", "不是图片".encode(), "not a picture"),
        ("empty.png", b"", "the file is empty"),
        ("cut.png", encoded(text_picture(["半张图"]), "PNG")[:800], "damaged or cut short"),
        ("blank.jpg", encoded(text_picture([]), "JPEG"), "no text found"),
    ],
)
def test_bad_screenshots_add_nothing(
    ocr_engine: object, library: Library, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    report = library.import_paths([path])
    assert len(report.errors) == 1 and message in report.errors[0]
    assert "\n" not in report.errors[0] and report.errors[0].startswith(name)
    assert library.posts.count() == 0
    assert not any((library.data.images).rglob("*.*"))


def test_a_bad_screen_refuses_its_whole_run(
    ocr_engine: object, library: Library, screens: list[Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"")
    report = library.import_paths([screens[1], bad])
    assert len(report.errors) == 1 and library.posts.count() == 0


def test_pictures_in_an_export_folder_are_not_read_as_screenshots(
    library: Library, tmp_path: Path
) -> None:
    text_picture(["封面"]).save(tmp_path / "cover.png")
    (tmp_path / "note.txt").write_text("标题\n正文", "utf-8")
    report = library.import_paths([tmp_path])
    assert report.errors == [] and library.posts.count() == 1
    assert library.posts.list()[0].source != "screenshot"
