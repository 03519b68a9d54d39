"""The full integrity check, in steps, on a read-only connection of its own.

``PRAGMA integrity_check`` over the whole file cannot report progress and takes ~20 s on a
500 MB library, so the background check runs ``PRAGMA integrity_check(table)`` one table at a
time (each table with its indexes), reports progress between tables, and stops mid-table when
cancelled (a progress handler aborts the statement). It runs on a connection of its own, so it
may run on any thread (the UI's general pool) while the library's connection stays on the
database thread; a reader never blocks the library's writes in WAL mode. What per-table checks
leave out is the freelist and page accounting (pages used twice or never): a crash cannot cause
that in WAL mode, and the open after an unclean shutdown runs ``quick_check``, which covers it.
When it last ran and what it found is kept in the meta table (``last_full_check``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from companion.errors import Cancelled
from companion.progress import Progress

CHECK_EVERY = dt.timedelta(days=7)
LAST_CHECK = "last_full_check"
"""meta key: ISO time of the last full check that passed."""
_HANDLER_STEPS = 20_000
"""SQLite VM steps between two looks at the cancel flag (well under a millisecond)."""


@dataclass(frozen=True)
class CheckResult:
    """What the full check found: nothing (ok) or the first few problems."""

    tables: int
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL%' ORDER BY rootpage"
    ).fetchall()
    return [row[0] for row in rows]


def full_check(
    conn: sqlite3.Connection,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CheckResult:
    """Check every table and its indexes on conn (a connection of the check's own).

    Raises Cancelled when cancelled() turns true (checked between tables and inside each);
    lets sqlite3.DatabaseError (SQLITE_CORRUPT from reading the schema) through."""
    is_cancelled = cancelled or (lambda: False)
    conn.set_progress_handler(lambda: 1 if is_cancelled() else 0, _HANDLER_STEPS)
    try:
        tables = _tables(conn)
        problems: list[str] = []
        for done, table in enumerate(tables):
            if is_cancelled():
                raise Cancelled("the check was cancelled")
            if progress is not None:
                progress(done, len(tables), f"Checking {table}")
            try:
                rows = conn.execute(f'PRAGMA integrity_check("{table}")').fetchall()
            except sqlite3.OperationalError as exc:
                if is_cancelled() and "interrupt" in str(exc):
                    raise Cancelled("the check was cancelled") from exc
                raise
            problems += [row[0] for row in rows if row[0] != "ok"]
            if len(problems) >= 3:
                break
        if progress is not None:
            progress(len(tables), len(tables), "Checked")
        return CheckResult(len(tables), tuple(problems[:3]))
    finally:
        conn.set_progress_handler(None, 0)


def check_due(last: str | None, now: dt.datetime | None = None) -> bool:
    """True if the last full check (an ISO time from meta, or None) is CHECK_EVERY old."""
    if not last:
        return True
    try:
        when = dt.datetime.fromisoformat(last)
    except ValueError:
        return True
    return (now or dt.datetime.now()) - when >= CHECK_EVERY


def reading_connection(path: Path) -> sqlite3.Connection:
    """A read-only connection for the check (WAL readers still update the -shm index)."""
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5, check_same_thread=False)
