"""Rows read by column name (``sqlite3.Row``) instead of by position."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from companion.store.connection import Database


def named(db: Database, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
    """Run a query whose rows are ``sqlite3.Row``s (``row["title"]``); the connection's own
    row factory is left alone."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params)
