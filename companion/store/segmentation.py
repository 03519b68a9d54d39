"""The learner's segmentation fixes: words joined (merges) and words cut apart (splits)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from companion.store.clock import now
from companion.store.connection import Database


@dataclass(frozen=True)
class SegmentationFixes:
    """Every fix, oldest first: the words kept whole and the words cut into parts."""

    merges: tuple[str, ...]
    splits: tuple[tuple[str, ...], ...]


class SegmentationStore:
    """The ``segmentation_fixes`` table; one fix per word (the newest wins)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def fixes(self) -> SegmentationFixes:
        rows = self.db.conn.execute(
            "SELECT kind, word, parts FROM segmentation_fixes ORDER BY id"
        ).fetchall()
        return SegmentationFixes(
            merges=tuple(word for kind, word, _parts in rows if kind == "merge"),
            splits=tuple(tuple(parts.split(" ")) for kind, _w, parts in rows if kind == "split"),
        )

    def merge(self, word: str) -> None:
        """Keep word whole (inside the caller's write transaction)."""
        self._save("merge", word, [word])

    def split(self, word: str, parts: Sequence[str]) -> None:
        """Cut word into parts (inside the caller's write transaction)."""
        self._save("split", word, parts)

    def _save(self, kind: str, word: str, parts: Sequence[str]) -> None:
        conn = self.db.conn
        conn.execute("DELETE FROM segmentation_fixes WHERE word = ?", (word,))
        conn.execute(
            "INSERT INTO segmentation_fixes (kind, word, parts, created_at) VALUES (?, ?, ?, ?)",
            (kind, word, " ".join(parts), now()),
        )
