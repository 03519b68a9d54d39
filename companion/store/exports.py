"""The export log: when words were exported, in which format and deck (for --only-new)."""

from __future__ import annotations

from pathlib import Path

from companion.store.clock import now
from companion.store.connection import Database


class ExportLog:
    """The ``export_log`` table; the deck is recorded for Anki decks only."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def last(self, fmt: str, deck: str | None) -> str | None:
        """When words were last exported in this format (and deck), or None."""
        row = self.db.conn.execute(
            "SELECT max(exported_at) FROM export_log WHERE format = ? AND coalesce(deck, '') = ?",
            (fmt, deck or ""),
        ).fetchone()
        return row[0] if row else None

    def record(self, fmt: str, path: Path, deck: str | None, count: int) -> None:
        """Log an export (inside the caller's write transaction)."""
        self.db.conn.execute(
            "INSERT INTO export_log (format, path, deck, word_count, exported_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (fmt, str(path), deck, count, now()),
        )
