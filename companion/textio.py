"""Decode text a user hands us (stdin, files): UTF-8 with or without BOM, else GB18030."""

from __future__ import annotations

from companion.errors import InvalidInput


def decode_text(data: bytes, *, source: str = "input") -> str:
    """Bytes to text; raise InvalidInput for binary data or an unknown encoding."""
    if b"\x00" in data[:65536]:
        raise InvalidInput(f"{source} looks like binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{source} is neither UTF-8 nor GB18030 text (bad byte at offset {exc.start})"
        ) from exc
