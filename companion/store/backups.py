"""Copies of companion.db in backups/, made with SQLite's online backup API.

Kinds: ``daily``, ``before-migration``, ``before-import`` and ``before-change`` (bulk status
changes, mark-all-known, deleting words), ``manual``. The last KEEP[kind] of each kind are kept,
so a day of many imports never pushes out the daily ones. A backup's name carries when it was
made and why: ``companion-20261201-191500-000000-daily.db``.

Nothing is copied on open. The daily backup is written in the background by the app once its
window is up, paced (PACED_PAGES pages a step, a pause between steps) and cancellable; the CLI
keeps a before-import or before-change backup as the day's daily one too (a hard link, no second
copy), and ``companion db backup`` writes one by hand. Backups that guard a change (before an
import, a migration, a bulk change) stay synchronous: they are part of "nothing lost".
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from companion.errors import Cancelled
from companion.failures import explain
from companion.progress import Progress

log = logging.getLogger(__name__)

PREFIX = "companion-"
KEEP = {"daily": 7, "before-migration": 3, "before-import": 5, "before-change": 5, "manual": 5}
KEEP_OTHER = 5
PACED_PAGES = 512
"""Pages copied per step of a paced (background) backup: 2 MB at SQLite's 4 KB pages."""
PACED_SLEEP = 0.005
"""Seconds a paced backup pauses between steps, so the library's own work goes first."""
_STAMP = "%Y%m%d-%H%M%S-%f"
_WHY = {
    "daily": "the daily backup",
    "before-migration": "before a database upgrade",
    "before-import": "before an import",
    "before-change": "before a bulk change",
    "manual": "by hand",
}


@dataclass(frozen=True)
class Backup:
    """One backup file: when it was made and why."""

    path: Path
    kind: str
    made: dt.datetime

    def age(self, now: dt.datetime | None = None) -> str:
        """How long ago it was made, in words: "just now", "5 minutes ago", "3 days ago"."""
        seconds = max(0.0, ((now or dt.datetime.now()) - self.made).total_seconds())
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if seconds >= size:
                count = int(seconds // size)
                return f"{count} {unit}{'s' if count != 1 else ''} ago"
        return "just now"

    def describe(self, now: dt.datetime | None = None) -> str:
        """E.g. "made 2 hours ago, before an import"."""
        return f"made {self.age(now)}, {_WHY.get(self.kind, self.kind)}"


def info(path: Path) -> Backup:
    """Parse a backup's name (falling back to the file's time for names we did not write)."""
    stem = path.stem.removeprefix(PREFIX)
    parts = stem.split("-", 3)
    try:
        made = dt.datetime.strptime("-".join(parts[:3]), _STAMP)
        kind = parts[3] if len(parts) > 3 else "manual"
    except ValueError:
        made = dt.datetime.fromtimestamp(path.stat().st_mtime)
        kind = "manual"
    return Backup(path, kind, made)


def backup_database(
    source: sqlite3.Connection,
    backups_dir: Path,
    reason: str,
    *,
    paced: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write a consistent copy of the open database (SQLite's online backup API); prune old ones.

    The copy is written under a temporary name and renamed when complete; a failed or cancelled
    copy (a full disk, cancelled() turning true: Cancelled) is removed and the error raised.
    paced copies PACED_PAGES at a time with a pause between steps, reporting progress."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime(_STAMP)
    target = backups_dir / f"{PREFIX}{stamp}-{reason}.db"
    partial = target.with_suffix(".partial")
    try:
        dest = sqlite3.connect(partial)
        try:
            _copy(source, dest, paced, progress, cancelled)
            # A self-contained file: reading it later (read-only) leaves no -wal/-shm beside it.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        partial.replace(target)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        Path(str(partial) + "-journal").unlink(missing_ok=True)
        known = explain(exc, backups_dir) if isinstance(exc, (sqlite3.Error, OSError)) else None
        if known is not None:
            raise known from exc
        raise
    log.info("backed up the database to %s", target)
    prune(backups_dir)
    return target


def _copy(
    source: sqlite3.Connection,
    dest: sqlite3.Connection,
    paced: bool,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    if not paced and progress is None and cancelled is None:
        source.backup(dest)
        return

    def step(status: int, remaining: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("the backup was cancelled")
        if progress is not None:
            progress(total - remaining, total, "Backing up")
        if paced:
            time.sleep(PACED_SLEEP)

    source.backup(dest, pages=PACED_PAGES if paced else -1, progress=step)


def keep_as(backup: Path, kind: str) -> Path:
    """Keep an existing backup also as one of another kind (the day's daily one) without a
    second copy: a hard link where the file system has them, a copy where not."""
    made = info(backup).made.strftime(_STAMP)
    target = backup.with_name(f"{PREFIX}{made}-{kind}.db")
    try:
        os.link(backup, target)
    except OSError:
        partial = target.with_suffix(".partial")
        try:
            shutil.copyfile(backup, partial)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    prune(backup.parent)
    return target


def list_backups(backups_dir: Path) -> list[Path]:
    """Backups of every kind, newest first."""
    if not backups_dir.is_dir():
        return []
    return [b.path for b in backups_of(backups_dir)]


def backups_of(backups_dir: Path, kind: str | None = None) -> list[Backup]:
    """Backups (of one kind, or all), newest first."""
    if not backups_dir.is_dir():
        return []
    found = [info(p) for p in backups_dir.glob(f"{PREFIX}*.db")]
    found = [b for b in found if kind is None or b.kind == kind]
    # A guard kept as the daily one too (keep_as) has the same time: the guard is named first.
    return sorted(found, key=lambda b: (b.made, b.kind != "daily", b.path.name), reverse=True)


def prune(backups_dir: Path) -> None:
    """Keep the newest KEEP[kind] backups of each kind; remove older ones and stale partials."""
    seen: dict[str, int] = {}
    for backup in backups_of(backups_dir):
        seen[backup.kind] = seen.get(backup.kind, 0) + 1
        if seen[backup.kind] > KEEP.get(backup.kind, KEEP_OTHER):
            backup.path.unlink(missing_ok=True)


def is_healthy(path: Path) -> bool:
    """True if path is an SQLite database that passes PRAGMA integrity_check."""
    try:
        conn = sqlite3.connect(reading_uri(path), uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def reading_uri(path: Path) -> str:
    """A URI that reads a backup without writing anything beside it (backups never change)."""
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


def newest_good_backup(backups_dir: Path) -> Path | None:
    """The newest backup that passes an integrity check, if any."""
    return next((p for p in list_backups(backups_dir) if is_healthy(p)), None)


def backed_up_today(backups_dir: Path) -> bool:
    """True if a daily backup was written in the last 24 hours."""
    newest = next(iter(backups_of(backups_dir, "daily")), None)
    if newest is None:
        return False
    return (dt.datetime.now() - newest.made).total_seconds() < 24 * 3600
