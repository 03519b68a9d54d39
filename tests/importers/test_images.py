"""Image references (remote addresses kept, never fetched) and the sizes every view decodes at."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from companion.importers import companion_json
from companion.importers.errors import ImportFormatError
from companion.importers.images import MAX_DECODED_SIDE, Decode, cover, fit_height, is_remote


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


@pytest.mark.parametrize(
    ("size", "target", "rotated", "decode"),
    [
        ((800, 600), 200, False, Decode(267, 200)),
        ((600, 800), 200, False, Decode(150, 200)),
        ((800, 600), 200, True, Decode(200, 150)),  # stored on its side: upright 150 × 200
        ((100, 100), 400, False, Decode(400, 400)),  # small images grow to the row
        ((100_000, 100), 200, False, Decode(MAX_DECODED_SIDE, 10)),  # a panorama is held
        ((5000, 1), 200, False, Decode(MAX_DECODED_SIDE, 2)),  # a strip grows to the cap
        ((0, 600), 200, False, None),  # size unknown: not an image Qt can read
        ((800, -1), 200, False, None),
        ((800, 600), 0, False, None),
    ],
)
def test_fit_height(
    size: tuple[int, int], target: int, rotated: bool, decode: Decode | None
) -> None:
    assert fit_height(*size, target, rotated=rotated) == decode


@pytest.mark.parametrize(
    ("size", "box", "rotated", "decode"),
    [
        ((1000, 500), (200, 300), False, Decode(600, 300, (200, 0, 200, 300))),
        ((500, 1000), (200, 300), True, Decode(300, 600, (200, 0, 200, 300))),
        ((500, 1000), (200, 300), False, Decode(200, 400, (0, 50, 200, 300))),
        ((400, 600), (200, 300), False, Decode(200, 300, (0, 0, 200, 300))),  # same shape
        ((1, 1), (200, 300), False, Decode(300, 300, (50, 0, 200, 300))),
        ((400, 600), (0, 0), False, Decode(1, 2, (0, 0, 1, 1))),  # an empty box is one pixel
        ((0, 0), (200, 300), False, None),
    ],
)
def test_cover(
    size: tuple[int, int], box: tuple[int, int], rotated: bool, decode: Decode | None
) -> None:
    assert cover(*size, box, rotated=rotated) == decode
