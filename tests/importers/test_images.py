"""Which image references are remote addresses (kept, never fetched) and which are local files."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

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
