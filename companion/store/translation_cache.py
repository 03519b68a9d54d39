"""Sentence translations remembered per model, so reopening a post costs no translation.

Keys are (model pair, model fingerprint, sentence): a replaced model has a new fingerprint, and
installing or removing a model deletes the entries of its pair, so no entry outlives its model.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

from companion.store.clock import now
from companion.store.connection import Database
from companion.store.rows import in_chunks


class TranslationCache:
    """The translation_cache table; safe to share between threads (one lock around the SQL)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()

    def get_many(self, model_id: str, version: str, sentences: Sequence[str]) -> dict[str, str]:
        """Cached translations of the sentences that have one."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(sentences))
        with self._lock:
            for chunk, marks in in_chunks(unique):
                found.update(
                    self.db.conn.execute(
                        "SELECT source, translation FROM translation_cache WHERE model_id = ?"
                        f" AND model_version = ? AND source IN ({marks})",
                        (model_id, version, *chunk),
                    ).fetchall()
                )
        return found

    def put_many(self, model_id: str, version: str, pairs: Iterable[tuple[str, str]]) -> None:
        stamp = now()
        with self._lock, self.db.conn:
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO translation_cache"
                " (model_id, model_version, source, translation, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [(model_id, version, src, dst, stamp) for src, dst in pairs],
            )

    def forget(self, model_id: str) -> int:
        """Drop every entry of a model pair (it was removed or replaced); returns the count."""
        with self._lock, self.db.conn:
            cursor = self.db.conn.execute(
                "DELETE FROM translation_cache WHERE model_id = ?", (model_id,)
            )
        return cursor.rowcount

    def count(self, model_id: str | None = None) -> int:
        with self._lock:
            if model_id is None:
                return self.db.conn.execute("SELECT count(*) FROM translation_cache").fetchone()[0]
            return self.db.conn.execute(
                "SELECT count(*) FROM translation_cache WHERE model_id = ?", (model_id,)
            ).fetchone()[0]
