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
MIGRATIONS = (
    "0001_initial",
    "0002_media_and_pending_comments",
    "0003_feed_aggregates",
    "0004_stored_card_readings",
    "0005_review_cards",
    "0006_image_text",
    "0007_marked_words_and_search_keys",
)
"""Every migration in store/schema.py, in order (tests/store/test_connection.py keeps them
equal): a library is current when it has them all."""
_MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' own bookkeeping table


class Database:
    """The library's open connection. Stores use ``conn``; ``execute`` is a shorthand."""

    __slots__ = ("__weakref__", "conn")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)


def is_current(conn: sqlite3.Connection) -> bool:
    """True when every migration has been applied (branches merged in another order can
    leave an earlier one pending behind a later one: all are counted)."""
    marks = ", ".join("?" * len(MIGRATIONS))
    try:
        (applied,) = conn.execute(
            f"SELECT count(*) FROM {_MIGRATIONS_TABLE}"
            f" WHERE migration_set = ? AND name IN ({marks})",
            (MIGRATION_SET, *MIGRATIONS),
        ).fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return False
        raise
    return applied == len(MIGRATIONS)
