"""The one encoding policy for user text: stdin, text files and exports alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.errors import InvalidInput
from companion.textio import HEAD, decode_text, sniff, sniff_file

CUT = "字".encode()[:2]
"""The first two of a UTF-8 character's three bytes: a head that ends inside a character."""


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("探店".encode(), "探店"),
        ("\ufeff探店".encode(), "探店"),  # the BOM Notepad writes is dropped
        ("探店".encode("gb18030"), "探店"),  # Excel on Chinese Windows
        ("yyds 666".encode("ascii"), "yyds 666"),
        (b"", ""),
    ],
)
def test_decode_text(data: bytes, text: str) -> None:
    assert decode_text(data) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04\x00\x00", "post.txt looks like binary data, not text"),
        (b"\xff\xff\xff\xff", "post.txt is neither UTF-8 nor GB18030 text (bad byte at offset"),
        (b"\x80abc", "post.txt is neither UTF-8 nor GB18030 text (bad byte at offset 0)"),
    ],
)
def test_decode_text_refuses(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        decode_text(data, source="post.txt")
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("head", "complete", "encoding"),
    [
        ("标题".encode(), True, "utf-8-sig"),
        ("\ufeff标题".encode(), True, "utf-8-sig"),
        ("标题".encode("gb18030"), True, "gb18030"),
        ("标题".encode() + CUT, False, "utf-8-sig"),  # the head of a longer file
        ("标题".encode("gb18030")[:3], False, "gb18030"),
    ],
)
def test_sniff(head: bytes, complete: bool, encoding: str) -> None:
    assert sniff(head, complete=complete) == encoding


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (("字" * 40_000).encode(), "utf-8-sig"),  # the head read ends inside a character
        (("字" * 40_000).encode("gb18030"), "gb18030"),
        ("短".encode(), "utf-8-sig"),
    ],
)
def test_sniff_file(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    assert len(data) != HEAD
    assert sniff_file(path) == encoding
