"""One-time facts about the library (key/value), such as "the sample corpus was seeded"."""

from __future__ import annotations

from companion.store.connection import Database


class MetaStore:
    """The ``meta`` table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str) -> str | None:
        row = self.db.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        """Record a fact (inside the caller's write transaction)."""
        self.db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
