"""Reading export files without loading them whole: encoding sniffing, JSON arrays, JSONL, CSV.

Python's json module has no streaming parser, so ``iter_json_array`` decodes one element at a
time with ``JSONDecoder.raw_decode`` over a sliding buffer: memory stays at one record plus one
read chunk, whatever the file size.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from companion.importers.errors import ImportFormatError

CHUNK = 1 << 16
_DECODER = json.JSONDecoder()


def sniff_encoding(path: Path) -> str:
    """'utf-8-sig' for UTF-8 (with or without BOM), else 'gb18030' (Excel on Chinese Windows)."""
    with path.open("rb") as fh:
        head = fh.read(CHUNK)
    if b"\x00" in head:
        raise ImportFormatError(path, "looks like binary data, not a text export")
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at the chunk's end is fine
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise ImportFormatError(path, "is neither UTF-8 nor GB18030 text") from exc
    return "gb18030"


def open_text(path: Path) -> TextIO:
    """Open a text export in its sniffed encoding; undecodable bytes raise with a line later."""
    return path.open(encoding=sniff_encoding(path), newline="")


def iter_json_array(path: Path) -> Iterator[tuple[int, Any]]:
    """(record number from 1, element) for each element of a top-level JSON array."""
    with open_text(path) as fh:
        buffer = ""
        eof = False

        def fill() -> bool:
            nonlocal buffer, eof
            if eof:
                return False
            chunk = _read(fh, path)
            if not chunk:
                eof = True
                return False
            buffer += chunk
            return True

        def skip_ws() -> None:
            nonlocal buffer
            while True:
                buffer = buffer.lstrip()
                if buffer or not fill():
                    return

        skip_ws()
        if not buffer.startswith("["):
            raise ImportFormatError(path, "expected a JSON array of records")
        buffer = buffer[1:]
        number = 0
        skip_ws()
        if buffer.startswith("]"):
            return
        while True:
            skip_ws()
            number += 1
            while True:
                try:
                    value, end = _DECODER.raw_decode(buffer)
                    break
                except json.JSONDecodeError as exc:
                    if not fill():
                        raise ImportFormatError(
                            path, f"invalid JSON ({exc.msg})", record=number
                        ) from exc
            # A number at the buffer's end may continue in the next chunk: make sure it ended.
            if end == len(buffer) and fill():
                continue_value, end = _DECODER.raw_decode(buffer)
                value = continue_value
            buffer = buffer[end:]
            yield number, value
            skip_ws()
            if buffer.startswith(","):
                buffer = buffer[1:]
                continue
            if buffer.startswith("]"):
                rest = buffer[1:].strip()
                while not rest and fill():
                    rest = buffer[1:].strip()
                if rest:
                    raise ImportFormatError(path, "unexpected data after the JSON array")
                return
            raise ImportFormatError(
                path, "invalid JSON (expected ',' or ']' after a record)", record=number
            )


def _read(fh: TextIO, path: Path) -> str:
    try:
        return fh.read(CHUNK)
    except UnicodeDecodeError as exc:
        raise ImportFormatError(path, f"text encoding error ({exc.reason})") from exc


def iter_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line of a JSON Lines file."""
    with open_text(path) as fh:
        try:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ImportFormatError(path, f"invalid JSON ({exc.msg})", line=number) from exc
        except UnicodeDecodeError as exc:
            raise ImportFormatError(path, f"text encoding error ({exc.reason})") from exc


def iter_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row as a dict by header) for each row of a CSV file."""
    with open_text(path) as fh:
        reader = csv.DictReader(fh)
        try:
            if not reader.fieldnames:
                raise ImportFormatError(path, "the CSV file has no header row")
            for row in reader:
                if None in row:
                    raise ImportFormatError(
                        path, "a row has more fields than the header", line=reader.line_num
                    )
                yield reader.line_num, row
        except csv.Error as exc:
            raise ImportFormatError(path, f"malformed CSV ({exc})", line=reader.line_num) from exc
        except UnicodeDecodeError as exc:
            raise ImportFormatError(path, f"text encoding error ({exc.reason})") from exc


def first_record(path: Path) -> Any:
    """The first record of a JSON, JSONL or CSV file, for format detection (None if empty)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return next((row for _, row in iter_csv(path)), None)
    if suffix == ".jsonl":
        return next((v for _, v in iter_jsonl(path)), None)
    with open_text(path) as fh:
        head = _read(fh, path).lstrip()
    if head.startswith("["):
        return next((v for _, v in iter_json_array(path)), None)
    if head.startswith("{"):
        try:
            first_line = io.StringIO(head).readline()
            return json.loads(first_line)
        except json.JSONDecodeError:
            with open_text(path) as fh:
                try:
                    return json.load(fh)
                except json.JSONDecodeError as exc:
                    raise ImportFormatError(path, f"invalid JSON ({exc.msg})") from exc
    return None
