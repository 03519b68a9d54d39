"""Open companion.db safely: health check, lock detection, backups, migrations, pragmas.

A database that cannot be opened or fails ``PRAGMA integrity_check`` is never written to: opening
raises CorruptDatabase naming the newest good backup, and the caller (CLI or UI) tells the user.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from companion.errors import StorageError
from companion.store import backups
from companion.store.schema import migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class CorruptDatabase(StorageError):
    """The database file is damaged or not a database; it was left untouched."""

    def __init__(self, path: Path, detail: str, backup: Path | None) -> None:
        self.path = path
        self.backup = backup
        advice = (
            f"the newest good backup is {backup} (restore it with `companion db restore`)"
            if backup
            else "no good backup was found"
        )
        super().__init__(f"the database {path} is damaged ({detail}); it was not changed; {advice}")


class DatabaseLocked(StorageError):
    """Another process holds a write lock for longer than the busy timeout."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"the database {path} is in use by another running copy of Companion; "
            "close it or wait for its import or export to finish, then try again"
        )


def _check_health(path: Path, backups_dir: Path) -> None:
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise DatabaseLocked(path) from exc
        raise CorruptDatabase(path, str(exc), backups.newest_good_backup(backups_dir)) from exc
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabase(path, str(exc), backups.newest_good_backup(backups_dir)) from exc
    if result != [("ok",)]:
        detail = "; ".join(row[0] for row in result[:3])
        raise CorruptDatabase(path, detail, backups.newest_good_backup(backups_dir))


def open_database(path: Path, backups_dir: Path, *, daily_backup: bool = True) -> Database:
    """Open (creating if new) and migrate the database; back it up first when needed."""
    exists = path.is_file() and path.stat().st_size > 0
    if exists:
        _check_health(path, backups_dir)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        db = Database(conn)
        if exists and migrations.pending(db):
            backups.backup_database(conn, backups_dir, "before-migration")
        elif exists and daily_backup and not backups.backed_up_today(backups_dir):
            backups.backup_database(conn, backups_dir, "daily")
        migrations.apply(db)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLocked(path) from exc
        raise StorageError(f"cannot open the database {path}: {exc}") from exc
    except OSError as exc:
        raise StorageError(f"cannot open the database {path}: {exc.strerror}") from exc
    return db


@contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, mapping lock time-outs to DatabaseLocked; rolls back on error."""
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            main_file = conn.execute("PRAGMA database_list").fetchone()[2]
            raise DatabaseLocked(Path(main_file)) from exc
        raise
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def restore_backup(backup: Path, path: Path) -> None:
    """Replace a damaged database with a backup; the damaged file is kept beside it."""
    if not backups.is_healthy(backup):
        raise StorageError(f"the backup {backup} is damaged too")
    if path.exists():
        damaged = path.with_name(path.name + ".damaged")
        path.replace(damaged)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    src = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
    dest = sqlite3.connect(path)
    try:
        src.backup(dest)
    finally:
        src.close()
        dest.close()
