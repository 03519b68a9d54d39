"""Which image references are remote addresses (kept, never fetched) and which are local files."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from companion.importers import companion_json
from companion.importers.errors import ImportFormatError
from companion.importers.images import is_remote


@pytest.mark.parametrize(
    ("ref", "remote"),
    [
        ("https://sns-webpic-qc.xhscdn.com/abc/1.jpg", True),
        ("http://example.com/a.png", True),
        ("HTTPS://EXAMPLE.COM/A.PNG", True),
        ("ftp://example.com/a.png", True),
        ("//sns-img.example.com/a.jpg", True),  # protocol-relative, as some exports write them
        ("file:///home/me/a.jpg", False),  # a local file, checked like any other path
        ("FILE:///home/me/a.jpg", False),
        ("images/x/1.jpg", False),
        ("/home/me/Pictures/1.jpg", False),
        ("C://Users/me/1.jpg", False),  # a drive letter is not a scheme
        ("C:\\Users\\me\\1.jpg", False),
        ("notes/https://a.jpg", False),  # only the start says where a reference points
        (" https://example.com/a.png", False),  # not an address: checked as a path, refused
        ("", False),
        (None, False),
        # path objects fold the double slash: a URL that went through Path() is still remote
        (Path("https://example.com/a.jpg"), True),
        (PurePosixPath("//host/a.jpg"), True),
        (Path("file:///home/me/a.jpg"), False),
        (Path("images/1.jpg"), False),
        (PureWindowsPath("C:/Users/me/1.jpg"), False),
    ],
)
def test_is_remote(ref: str | Path | None, remote: bool) -> None:
    assert is_remote(ref) is remote


def companion_file(tmp_path: Path, images: list[str]) -> Path:
    record = {"source_id": "1", "title": "标题", "images": images, "video": images[0]}
    path = tmp_path / "posts.json"
    document = {"format": companion_json.FORMAT, "version": companion_json.VERSION}
    path.write_text(json.dumps({**document, "posts": [record]}), encoding="utf-8")
    return path


def test_an_import_keeps_every_remote_address_and_reads_no_file_url(tmp_path: Path) -> None:
    remote = ["https://sns-img.example/1.jpg", "//sns-img.example/2.jpg", "ftp://example/3.jpg"]
    (post,) = companion_json.read(companion_file(tmp_path, remote))
    assert [(i.url, i.local_path) for i in post.images] == [(u, "") for u in remote]
    assert post.video_url == remote[0]
    with pytest.raises(ImportFormatError, match="image not found: file:///etc/hostname"):
        list(companion_json.read(companion_file(tmp_path, ["file:///etc/hostname"])))
