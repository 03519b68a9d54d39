"""Rows read by column name (``sqlite3.Row``) instead of by position, and values given to
``IN (...)`` in chunks SQLite accepts."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from companion.store.connection import Database

T = TypeVar("T")


def named(db: Database, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
    """Run a query whose rows are ``sqlite3.Row``s (``row["title"]``); the connection's own
    row factory is left alone."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params)


def in_chunks(values: Sequence[T], size: int = 500) -> Iterator[tuple[Sequence[T], str]]:
    """(chunk, its placeholders "?, ?, …") for each run of at most size values: a query per
    chunk keeps ``IN (...)`` within SQLite's limit on parameters."""
    for start in range(0, len(values), size):
        chunk = values[start : start + size]
        yield chunk, ", ".join("?" * len(chunk))
