"""Copies of companion.db in backups/: before every migration and once a day; keep the last 7."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

KEEP = 7
PREFIX = "companion-"


def backup_database(source: sqlite3.Connection, backups_dir: Path, reason: str) -> Path:
    """Write a consistent copy of the open database (SQLite's online backup API); prune old ones."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"{PREFIX}{stamp}-{reason}.db"
    partial = target.with_suffix(".partial")
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest)
    finally:
        dest.close()
    partial.replace(target)
    log.info("backed up the database to %s", target)
    prune(backups_dir)
    return target


def list_backups(backups_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backups_dir.is_dir():
        return []
    return sorted(backups_dir.glob(f"{PREFIX}*.db"), reverse=True)


def prune(backups_dir: Path, keep: int = KEEP) -> None:
    for old in list_backups(backups_dir)[keep:]:
        old.unlink(missing_ok=True)


def is_healthy(path: Path) -> bool:
    """True if path is an SQLite database that passes PRAGMA integrity_check."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def newest_good_backup(backups_dir: Path) -> Path | None:
    """The newest backup that passes an integrity check, if any."""
    return next((p for p in list_backups(backups_dir) if is_healthy(p)), None)


def backed_up_today(backups_dir: Path) -> bool:
    """True if a backup was written in the last 24 hours."""
    newest = next(iter(list_backups(backups_dir)), None)
    if newest is None:
        return False
    age = dt.datetime.now().timestamp() - newest.stat().st_mtime
    return age < 24 * 3600
