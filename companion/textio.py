"""The one encoding policy for text a user hands us (stdin, text files, exports): UTF-8 with
or without BOM, else GB18030 (Excel and Notepad on Chinese Windows); a NUL byte means binary."""

from __future__ import annotations

import codecs
from pathlib import Path

from companion.errors import InvalidInput

HEAD = 1 << 16
"""Bytes of a file read to choose its encoding."""
ENCODINGS = ("utf-8-sig", "gb18030")


def sniff(head: bytes, *, complete: bool = True) -> str:
    """The encoding of text that starts with ``head``: ``"utf-8-sig"`` or ``"gb18030"``.

    ``complete`` says head is all of the text; otherwise a character cut at its end is fine.
    Raises InvalidInput (the reason only, without a source) for binary data or another encoding.
    """
    return _decode(head, complete)[0]


def decode_text(data: bytes, *, source: str = "input") -> str:
    """Bytes to text; raise InvalidInput naming source for binary data or an unknown encoding."""
    try:
        return _decode(data, True)[1]
    except InvalidInput as exc:
        raise InvalidInput(f"{source} {exc}") from exc


def _decode(data: bytes, final: bool) -> tuple[str, str]:
    if b"\x00" in data[:HEAD]:
        raise InvalidInput("looks like binary data, not text")
    try:
        return ENCODINGS[0], codecs.getincrementaldecoder(ENCODINGS[0])().decode(data, final)
    except UnicodeDecodeError:
        pass
    try:
        return ENCODINGS[1], codecs.getincrementaldecoder(ENCODINGS[1])().decode(data, final)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"is neither UTF-8 nor GB18030 text (bad byte at offset {exc.start})"
        ) from exc


def sniff_file(path: Path) -> str:
    """The encoding of a text file, from its first HEAD bytes; raises InvalidInput (reason only)."""
    with path.open("rb") as fh:
        head = fh.read(HEAD)
    return sniff(head, complete=len(head) < HEAD)
