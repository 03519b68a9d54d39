"""An import file cannot bring in files it names from elsewhere: local images must be images by
their content, beside the import file or under the folder the user chose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from companion.library import Library
from tests.importers import exports


def _companion_file(path: Path, images: list[str]) -> Path:
    post = {"source_id": "p1", "title": "标题", "body": "正文", "images": images}
    document = {"format": "companion-posts", "version": 1, "posts": [post]}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    """home/.ssh/id_rsa (a secret), exports/posts/ (the import file), exports/shared/ (images)."""
    secret = tmp_path / "home" / ".ssh" / "id_rsa"
    secret.parent.mkdir(parents=True)
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n", encoding="utf-8")
    posts = tmp_path / "exports" / "posts"
    posts.mkdir(parents=True)
    shared = tmp_path / "exports" / "shared"
    shared.mkdir()
    (shared / "cover.jpg").write_bytes(exports.media_bytes("jpeg", "shared"))
    (posts / "pic.png").write_bytes(exports.media_bytes("png", "beside"))
    (posts / "fake.png").write_text("not an image", encoding="utf-8")
    (posts / "link.jpg").symlink_to(secret)
    return {"secret": secret, "posts": posts, "exports": tmp_path / "exports"}


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("../../home/.ssh/id_rsa", "is outside the folder being imported"),
        ("ABSOLUTE", "is outside the folder being imported"),
        ("link.jpg", "is outside the folder being imported"),
        ("fake.png", "fake.png is not an image file"),
        ("../shared/cover.jpg", "is outside the folder being imported"),
    ],
)
def test_companion_json_refuses_files_that_are_not_its_images(
    library: Library, layout: dict[str, Path], image: str, message: str
) -> None:
    if image == "ABSOLUTE":
        image = str(layout["secret"])
    path = _companion_file(layout["posts"] / "posts.json", [image])
    (error,) = library.import_paths([path]).errors
    assert message in error and "record 1" in error
    assert library.posts.count() == 0
    assert not any(p.is_file() for p in library.data.images.rglob("*"))


def test_images_beside_the_file_or_under_the_chosen_folder_are_copied(
    library: Library, layout: dict[str, Path]
) -> None:
    _companion_file(layout["posts"] / "posts.json", ["pic.png", "../shared/cover.jpg"])
    report = library.import_paths([layout["exports"]])  # the user chose exports/
    assert report.errors == []
    stored = library.posts.get(library.posts.list()[0].id)
    assert stored is not None
    copied = [library.image_path(i).read_bytes() for i in stored.post.images]  # type: ignore[union-attr]
    assert copied == [exports.media_bytes("png", "beside"), exports.media_bytes("jpeg", "shared")]


def test_markdown_images_outside_or_not_images_are_left_out(
    library: Library, layout: dict[str, Path]
) -> None:
    md = layout["posts"] / "post.md"
    md.write_text(
        "# 标题\n\n正文\n\n![a](../../home/.ssh/id_rsa)\n![b](fake.png)\n![c](link.jpg)\n"
        "![d](pic.png)\n",
        encoding="utf-8",
    )
    assert library.import_paths([md]).errors == []
    stored = library.posts.get(library.posts.list()[0].id)
    assert stored is not None
    copied = [library.image_path(i).read_bytes() for i in stored.post.images]  # type: ignore[union-attr]
    assert copied == [exports.media_bytes("png", "beside")]


def test_mediacrawler_note_id_cannot_reach_outside_its_images_folder(
    library: Library, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "0.jpg").write_bytes(exports.media_bytes("jpeg", "outside"))
    (tmp_path / "images").mkdir()
    path = exports.write_jsonl(tmp_path / "notes.jsonl", [exports.note(1, note_id="../elsewhere")])
    assert library.import_paths([path]).errors == []
    stored = library.posts.get(library.posts.list()[0].id)
    assert stored is not None
    assert all(not i.local_path for i in stored.post.images)


def test_a_downloaded_file_that_is_not_an_image_is_left_out_with_a_note(
    library: Library, tmp_path: Path
) -> None:
    note = exports.note(1)
    folder = tmp_path / "images" / note["note_id"]
    folder.mkdir(parents=True)
    (folder / "0.jpg").write_text("#!/bin/sh\necho not a picture\n", encoding="utf-8")
    (folder / "1.jpg").write_bytes(exports.media_bytes("jpeg", "real"))
    path = exports.write_jsonl(tmp_path / "notes.jsonl", [note])
    report = library.import_paths([path])
    assert report.files[0].notes == [f"post {note['note_id']}: 0.jpg is not an image; left out"]
    stored = library.posts.get(library.posts.list()[0].id)
    assert stored is not None
    copied = [library.image_path(i).read_bytes() for i in stored.post.images]  # type: ignore[union-attr]
    assert copied == [exports.media_bytes("jpeg", "real")]


def test_imported_text_is_stored_as_written(library: Library, tmp_path: Path) -> None:
    hostile = '<img src="file:///etc/passwd"><h1>big</h1><a href="x">link</a>'
    path = exports.write_jsonl(
        tmp_path / "notes.jsonl",
        [
            exports.note(
                1, title=hostile, desc=f"正文{hostile}", nickname=hostile, ip_location=hostile
            )
        ],
    )
    library.import_paths([path])
    stored = library.posts.get(library.posts.list()[0].id)
    assert stored is not None
    post = stored.post
    assert (post.title, post.body[2:], post.author, post.location) == (hostile,) * 4
    assert post.images and all(not i.local_path for i in post.images)
