"""The library's connection as every store takes it (``Database``), and whether its schema is
current, known without loading the migrations.

``Database`` is a holder of our own for the ``sqlite3.Connection`` (``conn``): the stores run
their SQL on ``db.conn`` and need nothing else. sqlite-utils, whose ``Migrations`` keep the
schema's history (store/schema.py), brings numpy, dateutil, click and pluggy with it (about
0.3 s of imports), so it is imported only when a migration is due, never on the everyday open.
"""

from __future__ import annotations

import sqlite3
from typing import Any

MIGRATION_SET = "companion"
LATEST_MIGRATION = "0007_marked_words_and_search_keys"
"""The newest migration in store/schema.py (tests/store/test_connection.py keeps them equal)."""
_MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' own bookkeeping table


class Database:
    """The library's open connection. Stores use ``conn``; ``execute`` is a shorthand."""

    __slots__ = ("__weakref__", "conn")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)


def is_current(conn: sqlite3.Connection) -> bool:
    """True when the newest migration has been applied (sqlite-utils applies them in order,
    each in its own transaction, so then every earlier one has been too)."""
    try:
        row = conn.execute(
            f"SELECT 1 FROM {_MIGRATIONS_TABLE} WHERE migration_set = ? AND name = ?",
            (MIGRATION_SET, LATEST_MIGRATION),
        ).fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return False
        raise
    return row is not None
