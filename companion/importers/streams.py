"""Reading export files without loading them whole: encoding sniffing, JSON, JSONL, CSV.

JSON is parsed by ijson's push parser, one chunk at a time, and values are built here, so
every limit is checked while reading: nesting deeper than ``MAX_DEPTH`` and any single value
(one string, one JSONL line, one CSV field) larger than ``MAX_VALUE_BYTES`` are refused with
the record they are in. Memory stays at one record plus one chunk, time linear in the file.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import ijson

from companion import textio
from companion.errors import InvalidInput
from companion.importers.errors import ImportFormatError

CHUNK = 1 << 16
JSON_CHUNK = 1 << 22
MAX_DEPTH = 32
"""Deepest nesting of arrays and objects any export needs is about 6."""
MAX_VALUE_BYTES = 16 * 1024 * 1024
"""One string (or JSONL line, or CSV field) larger than this is refused, not truncated."""
VALUE_LIMIT = "16 MB"
MAX_RECORD_BYTES = 32 * 1024 * 1024
"""One record (array element, JSONL line, CSV row) larger than this is refused."""
RECORD_LIMIT = "32 MB"
MAX_RECORD_VALUES = 1_000_000
"""Values (strings, numbers, arrays, objects) one record may hold: a post with thousands of
comments has tens of thousands."""

_REASONS = {
    "trailing garbage": "unexpected data after the JSON value",
    "premature EOF": "the file ends in the middle of a value",
}
_OPEN = {"start_map": dict, "start_array": list}
_CLOSE = ("end_map", "end_array")


def sniff_encoding(path: Path) -> str:
    """The export's encoding by the one policy for user text (:mod:`companion.textio`)."""
    try:
        return textio.sniff_file(path)
    except InvalidInput as exc:
        raise ImportFormatError(path, str(exc)) from exc


def open_text(path: Path) -> TextIO:
    """Open a text export in its sniffed encoding; undecodable bytes raise with a line later."""
    return path.open(encoding=sniff_encoding(path), newline="")


def _read(fh: TextIO, path: Path, size: int = CHUNK) -> str:
    try:
        return fh.read(size)
    except UnicodeDecodeError as exc:
        raise ImportFormatError(path, f"text encoding error ({exc.reason})") from exc


def _too_deep(path: Path, where: dict[str, int]) -> ImportFormatError:
    return ImportFormatError(path, f"nested deeper than {MAX_DEPTH} levels", **where)


def _events(path: Path, where: dict[str, int], fed: list[int]) -> Iterator[tuple[str, Any]]:
    """ijson's basic events for the file; ``where`` is read for error messages as it changes,
    ``fed[0]`` counts the bytes given to the parser so far."""
    events = ijson.sendable_list()
    parser = ijson.basic_parse_coro(events, use_float=True)
    silent = 0  # bytes fed since the parser last produced an event: the size of one token
    size = CHUNK  # grows while one token spans chunks: the parser re-buffers it at each one
    with open_text(path) as fh:
        while True:
            text = _read(fh, path, size)
            data = text.encode("utf-8", "surrogatepass")
            fed[0] += len(data)
            failure = None
            try:
                if data:
                    parser.send(data)
                else:
                    parser.close()
            except ijson.JSONError as exc:
                failure = exc
            silent = 0 if events else silent + len(data)
            size = min(size * 2, JSON_CHUNK) if silent else CHUNK
            yield from events  # first, so that an error names the record it is in
            del events[:]
            if failure is not None:
                reason = str(failure).splitlines()[0].removeprefix("parse error:").strip()
                reason = _REASONS.get(reason, reason)
                raise ImportFormatError(path, f"invalid JSON ({reason})", **where) from failure
            if silent > MAX_VALUE_BYTES:
                raise ImportFormatError(
                    path, f"a single value is larger than {VALUE_LIMIT}", **where
                )
            if not data:
                return


def stream_json(path: Path, *, unpack: str | None = None) -> Iterator[tuple[str | None, Any]]:
    """The top-level value of a JSON file, one piece at a time.

    A top-level array gives ``(None, element)`` per element; a top-level object gives
    ``(key, value)`` per member, except that the elements of the member named ``unpack``
    (when it is an array) come one by one as ``(unpack + "[]", element)`` and then the member
    itself as ``(unpack, [])``; a scalar gives ``(None, value)``. Elements are numbered from
    1 in error messages as ``record N``.
    """
    where: dict[str, int] = {}
    stack: list[Any] = []  # containers being built, outermost first
    keys: list[str | None] = []  # the pending key in each open object
    top: str | None = None  # 'array' or 'object' once the top-level value opened
    member: str | None = None  # the top-level member being read
    streaming = False  # inside the unpacked array: its elements are yielded, not kept
    number = 0
    fed = [0]
    record_start = 0

    def done(value: Any) -> tuple[str | None, Any] | None:
        """Place a finished value in its parent; returns what to yield when it is a piece."""
        if (top == "array" and len(stack) == 1) or (streaming and len(stack) == 2):
            return (f"{member}[]" if streaming else None), value
        if top == "object" and len(stack) == 1:
            return member, value
        parent = stack[-1]
        if isinstance(parent, list):
            parent.append(value)
        else:
            parent[keys[-1]] = value
        return None

    values = 0
    for event, value in _events(path, where, fed):
        values += 1
        if len(stack) > 1 + streaming and (
            values > MAX_RECORD_VALUES or fed[0] - record_start > MAX_RECORD_BYTES + JSON_CHUNK
        ):
            reason = f"the record is larger than {RECORD_LIMIT} or holds over a million values"
            raise ImportFormatError(path, reason, **where)
        if event in _OPEN:
            depth = len(stack) + 1
            if depth > MAX_DEPTH:
                raise _too_deep(path, where)
            if top is None:
                top = "array" if event == "start_array" else "object"
                stack.append(None)  # the top-level container itself is never built
                keys.append(None)
                continue
            if (top == "array" and depth == 2) or (streaming and depth == 3):
                number += 1
                where["record"] = number
                record_start, values = fed[0], 0
            if top == "object" and depth == 2:
                record_start, values = fed[0], 0
            if top == "object" and depth == 2 and event == "start_array" and member == unpack:
                streaming = True
                stack.append(None)
                keys.append(None)
                continue
            stack.append(_OPEN[event]())
            keys.append(None)
        elif event == "map_key":
            if len(stack) == 1:
                member = value
            keys[-1] = value
        elif event in _CLOSE:
            container = stack.pop()
            keys.pop()
            if not stack:  # the top-level value ended; the parser refuses anything after it
                where.clear()
                continue
            if container is None:  # the unpacked array ended
                streaming = False
                where.pop("record", None)
                yield member, []
                continue
            piece = done(container)
            if piece is not None:
                yield piece
        else:
            if top is None:
                top = "scalar"
                yield None, value
                continue
            if (top == "array" and len(stack) == 1) or (streaming and len(stack) == 2):
                number += 1
                where["record"] = number
            piece = done(value)
            if piece is not None:
                yield piece


def iter_json_array(path: Path) -> Iterator[tuple[int, Any]]:
    """(record number from 1, element) for each element of a top-level JSON array."""
    if top_level(path) != "[":
        raise ImportFormatError(path, "expected a JSON array of records")
    for number, (_, value) in enumerate(stream_json(path), start=1):
        yield number, value


def top_level(path: Path) -> str:
    """The first non-blank character of a text file ('' when blank)."""
    with open_text(path) as fh:
        while chunk := _read(fh, path):
            if chunk.strip():
                return chunk.lstrip()[0]
    return ""


def check_depth(value: Any, path: Path, **where: int) -> Any:
    """value itself, or ImportFormatError when its arrays and objects nest too deep."""
    level = [(value, 1)]
    while level:
        item, depth = level.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise _too_deep(path, where)
            level.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return value


def iter_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line of a JSON Lines file."""
    with open_text(path) as fh:
        number = 0
        while True:
            try:
                line = fh.readline(MAX_VALUE_BYTES + 1)
            except UnicodeDecodeError as exc:
                raise ImportFormatError(
                    path, f"text encoding error ({exc.reason})", line=number + 1
                ) from exc
            if not line:
                return
            number += 1
            if len(line) > MAX_VALUE_BYTES:
                raise ImportFormatError(path, f"the line is longer than {VALUE_LIMIT}", line=number)
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ImportFormatError(path, f"invalid JSON ({exc.msg})", line=number) from exc
            except RecursionError as exc:
                raise _too_deep(path, {"line": number}) from exc
            yield number, check_depth(value, path, line=number)


class _RecordTooLarge(Exception):
    """A CSV line or row over its limit; str() is the reason."""


def _bounded_lines(fh: TextIO, used: list[int]) -> Iterator[str]:
    """Lines of fh, each at most MAX_VALUE_BYTES long; ``used[0]`` counts the characters read
    since the caller last reset it, and going over MAX_RECORD_BYTES stops the reading."""
    while line := fh.readline(MAX_VALUE_BYTES + 1):
        used[0] += len(line)
        if len(line) > MAX_VALUE_BYTES:
            raise _RecordTooLarge(f"a line is longer than {VALUE_LIMIT}")
        if used[0] > MAX_RECORD_BYTES:
            raise _RecordTooLarge(f"a row is larger than {RECORD_LIMIT}")
        yield line


def iter_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row as a dict by header) for each row of a CSV file."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_VALUE_BYTES))
    with open_text(path) as fh:
        used = [0]
        reader = csv.DictReader(_bounded_lines(fh, used))
        try:
            if not reader.fieldnames:
                raise ImportFormatError(path, "the CSV file has no header row")
            for row in reader:
                if None in row:
                    raise ImportFormatError(
                        path, "a row has more fields than the header", line=reader.line_num
                    )
                used[0] = 0
                yield reader.line_num, row
        except _RecordTooLarge as exc:
            raise ImportFormatError(path, str(exc), line=reader.line_num + 1) from None
        except csv.Error as exc:
            reason = str(exc)
            if "field limit" in reason:
                reason = f"a field is larger than {VALUE_LIMIT}"
            else:
                reason = f"malformed CSV ({reason})"
            raise ImportFormatError(path, reason, line=reader.line_num) from exc
        except UnicodeDecodeError as exc:
            raise ImportFormatError(path, f"text encoding error ({exc.reason})") from exc


def first_record(path: Path) -> Any:
    """The first record of a JSON, JSONL or CSV file, for format detection (None if empty).

    For a JSON object that is the object's own members, with the ``posts`` array of a
    Companion post file left out (read up to its ``format`` member only).
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return next((row for _, row in iter_csv(path)), None)
    if suffix == ".jsonl":
        return next((v for _, v in iter_jsonl(path)), None)
    top = top_level(path)
    if top == "[":
        return next((v for _, v in iter_json_array(path)), None)
    if top != "{":
        return None
    pieces = stream_json(path, unpack="posts")
    members: dict[str, Any] = {}
    try:
        for key, value in pieces:
            if key != "posts[]":
                members[key] = value
            if key == "format":
                break
    finally:
        pieces.close()
    return members


def sqlite_tables(path: Path) -> set[str]:
    """The table names of an SQLite file opened read-only; empty if it is not one."""
    try:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return set()
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        finally:
            conn.close()
    except (OSError, sqlite3.DatabaseError):
        return set()
    return {r[0] for r in rows}
