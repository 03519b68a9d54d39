"""Open companion.db safely and in constant time: file checks, lock detection, migrations, pragmas.

A database that cannot be opened, is empty or header-less, or fails its check is never written
to and never replaced: opening raises CorruptDatabase naming the newest good backup and its age,
and the caller (CLI or UI) tells the user. A new database is built under a temporary name and
renamed into place once migrated, so an interrupted first run never leaves an empty
``companion.db`` behind (an empty one is therefore always damage, never "new").

Opening reads only the header and the schema version: the integrity check runs on open only
when there is a reason (``open_marker``): after an unclean shutdown (``quick_check``), or after
SQLite reported damage from any statement (the full ``integrity_check``). Damage SQLite reports
later (SQLITE_CORRUPT / SQLITE_NOTADB, mapped by ``failures.explain``) gives the same one line,
refuses every further write on that database in this process, and makes the next open check.
The full check runs in the background, weekly (``check_database``, store/health.py); backups
are written by the library (store/backups.py), never on the open path.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from companion.errors import StorageError
from companion.failures import explain, not_writable, read_only
from companion.progress import Progress
from companion.store import backups, health, open_marker, thread_check
from companion.store.connection import Database, is_current
from companion.store.search import index_text

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
WAIT_POLL_MS = 250
"""While waiting for another import, how long each attempt waits before reporting again."""
SQLITE_HEADER = b"SQLite format 3\x00"
_SIDE_FILES = ("-wal", "-shm", "-journal")
DATABASE_NAME = "companion.db"
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_MARKERS: weakref.WeakKeyDictionary[Database, open_marker.OpenMarker] = weakref.WeakKeyDictionary()
_BACKUPS: dict[Path, Path] = {}
"""Each opened database's backups folder, for the damage line of errors raised later."""
_DAMAGED: dict[Path, str] = {}
"""Databases SQLite reported damage in, in this process: never written to again."""


class CorruptDatabase(StorageError):
    """The database file is damaged or not a database; it was left untouched."""

    def __init__(self, path: Path, detail: str, backup: Path | None) -> None:
        self.path = path
        self.backup = backup
        if backup:
            made = backups.info(backup).describe()
            advice = (
                f"the newest good backup is {backup} ({made}; "
                "restore it with `companion db restore`)"
            )
        else:
            advice = "no good backup was found"
        super().__init__(f"the database {path} is damaged ({detail}); it was not changed; {advice}")


class DatabaseLocked(StorageError):
    """Another process holds a write lock for longer than the busy timeout."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"the database {path} is in use by another running copy of Companion; "
            "close it or wait for its import or export to finish, then try again"
        )


def _damaged(path: Path, detail: str, backups_dir: Path) -> CorruptDatabase:
    return CorruptDatabase(path, detail, backups.newest_good_backup(backups_dir))


def _check_file(path: Path, backups_dir: Path) -> bool:
    """True if path holds a database; False if there is none yet; raises if it is not one."""
    if not path.exists() and not path.is_symlink():
        return False
    if not path.is_file():
        raise _damaged(path, "it is not a regular file", backups_dir)
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise explain(exc, path) or StorageError(f"cannot read {path}: {exc.strerror}") from exc
    if not head:
        raise _damaged(path, "the file is empty (0 bytes)", backups_dir)
    if head != SQLITE_HEADER:
        raise _damaged(path, "the file has no SQLite header", backups_dir)
    return True


def is_damage(exc: BaseException) -> bool:
    """True for SQLite's own report of a damaged file (SQLITE_CORRUPT*, SQLITE_NOTADB)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return isinstance(exc, sqlite3.DatabaseError) and name.startswith(_DAMAGE_CODES)


def damaged_by(exc: BaseException, where: Path | None) -> StorageError:
    """SQLite reported damage in a statement: the one line naming the newest good backup.

    where is the database (or the data folder holding it; None: the one opened last). From
    now on this process never writes to it, and the next open runs the full check. Damage in
    another SQLite file (a cache of ours) is only named: it is not the library."""
    if where is None:
        where = next(reversed(_BACKUPS), Path.cwd())
    path = where / DATABASE_NAME if where.is_dir() else where
    key = path.resolve()
    if key not in _BACKUPS and path.name != DATABASE_NAME:
        return StorageError(f"the file {path} is damaged ({exc})")
    _DAMAGED.setdefault(key, str(exc))
    open_marker.mark_suspect(path)
    return _damaged(path, str(exc), _BACKUPS.get(key, path.parent / "backups"))


def _check_health(path: Path, backups_dir: Path, pragma: str = "quick_check") -> None:
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            result = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        name = getattr(exc, "sqlite_errorname", "")
        if "locked" in str(exc) or name.startswith("SQLITE_BUSY"):
            raise DatabaseLocked(path) from exc
        if not name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            blocked = not_writable(path)
            if blocked is not None:  # WAL readers need to write the -shm file beside it
                raise read_only(blocked) from exc
            raise explain(exc, path) or StorageError(f"cannot open {path}: {exc}") from exc
        raise _damaged(path, str(exc), backups_dir) from exc
    if result != [("ok",)]:
        raise _damaged(path, "; ".join(row[0] for row in result[:3]), backups_dir)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils' Database sets it
    # For reindex_texts; registered here, as the connection opens: registering a function
    # fails while a statement runs, and FTS5 keeps statements of its own open.
    conn.create_function("fts_text", 1, index_text, deterministic=True)
    if thread_check.enabled():
        thread_check.watch(conn)
    return conn


def _create(path: Path) -> None:
    """Build a new, migrated database beside path and rename it into place."""
    staging = path.with_name(path.name + ".new")
    _remove_with_side_files(staging)
    try:
        conn = _connect(staging)
        try:
            _migrate(conn, staging.parent, exists=False)
        finally:
            conn.close()
        staging.replace(path)
    except BaseException:
        _remove_with_side_files(staging)
        raise


def _migrate(conn: sqlite3.Connection, backups_dir: Path, *, exists: bool) -> None:
    """Apply the pending migrations (an existing library is backed up first)."""
    from sqlite_utils import Database as Migratable  # only here: see store/connection.py

    from companion.store.schema import migrations

    db = Migratable(conn, execute_plugins=False)  # no third-party plugins on our connection
    if exists and migrations.pending(db):
        backups.backup_database(conn, backups_dir, "before-migration")
    migrations.apply(db)


def _remove_with_side_files(path: Path) -> None:
    for name in (str(path), *(str(path) + s for s in _SIDE_FILES)):
        Path(name).unlink(missing_ok=True)


def open_database(path: Path, backups_dir: Path) -> Database:
    """Open (creating if new) and migrate the database; back it up before a migration.

    Checks it first only when the open marker gives a reason (see the module's docstring).
    Close it with close_database, which tells the next opener the shutdown was clean."""
    exists = _check_file(path, backups_dir)
    _BACKUPS.pop(path.resolve(), None)
    _BACKUPS[path.resolve()] = backups_dir  # last: the one opened last
    marker = open_marker.OpenMarker(path)
    try:
        reason = marker.enter() if exists else None
        if reason is not None:
            log.info("checking %s first (%s)", path, reason)
            _check_health(
                path, backups_dir, "integrity_check" if reason == "suspect" else "quick_check"
            )
            _DAMAGED.pop(path.resolve(), None)
        try:
            if not exists:
                _create(path)
                marker.enter()
            conn = _connect(path)
            if not is_current(conn):
                _migrate(conn, backups_dir, exists=exists)
            db = Database(conn)
        except (sqlite3.Error, OSError) as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise DatabaseLocked(path) from exc
            known = explain(exc, path)
            if known is not None:
                raise known from exc
            detail = exc.strerror if isinstance(exc, OSError) else exc
            raise StorageError(f"cannot open the database {path}: {detail}") from exc
    except BaseException as exc:
        if isinstance(exc, CorruptDatabase):
            open_marker.mark_suspect(path)
        marker.close(clean=False)
        raise
    marker.opened()
    _MARKERS[db] = marker
    weakref.finalize(db, marker.close, clean=False)  # dropped unclosed: not known clean
    return db


def close_database(db: Database) -> None:
    """Close the library's connection; the last opener to close marks the shutdown clean."""
    marker = _MARKERS.pop(db, None)
    db.conn.close()
    if marker is not None:
        marker.close(clean=True)


def check_database(
    path: Path,
    backups_dir: Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> health.CheckResult:
    """The full check, table by table, on a connection of its own (any thread may run it).

    Damage raises CorruptDatabase (and the next open refuses the file until a check passes);
    a clean result is recorded in meta as the time of the last full check."""
    if not _check_file(path, backups_dir):
        return health.CheckResult(0)
    try:
        conn = health.reading_connection(path)
        try:
            result = health.full_check(conn, progress, cancelled)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            _BACKUPS[path.resolve()] = backups_dir
            raise damaged_by(exc, path) from exc
        raise explain(exc, path) or StorageError(f"cannot check {path}: {exc}") from exc
    if not result.ok:
        _BACKUPS[path.resolve()] = backups_dir
        raise damaged_by(sqlite3.DatabaseError("; ".join(result.problems)), path)
    _record_check(path)
    return result


def _record_check(path: Path) -> None:
    """Note when the full check last passed (skipped if the library is busy or read-only)."""
    try:
        conn = sqlite3.connect(path, timeout=1, isolation_level=None)
        try:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (health.LAST_CHECK, dt.datetime.now().isoformat(timespec="seconds")),
            )
        finally:
            conn.close()
    except sqlite3.Error:
        log.info("could not record the check of %s", path, exc_info=True)


def check_due(path: Path) -> bool:
    """True if the full check has not passed in health.CHECK_EVERY (read on a connection of
    its own, so any thread may ask)."""
    try:
        conn = health.reading_connection(path)
        try:
            row = conn.execute(
                "SELECT value FROM meta WHERE key = ?", (health.LAST_CHECK,)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return True
    return health.check_due(row[0] if row else None)


def _main_file(conn: sqlite3.Connection) -> Path:
    try:
        return Path(conn.execute("PRAGMA database_list").fetchone()[2])
    except sqlite3.Error:
        return Path.cwd()


def _is_busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return "locked" in str(exc) or "busy" in str(exc) or name.startswith("SQLITE_BUSY")


def _begin(conn: sqlite3.Connection, waiting: Callable[[], None] | None) -> None:
    """BEGIN IMMEDIATE; with waiting, retry for as long as it takes, calling it between tries
    (it may raise to give up, e.g. Cancelled)."""
    if waiting is None:
        conn.execute("BEGIN IMMEDIATE")
        return
    conn.execute(f"PRAGMA busy_timeout = {WAIT_POLL_MS}")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
            waiting()
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


@contextmanager
def write_transaction(db: Database, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT; rolls back on error.

    A lock held by another process past the busy timeout raises DatabaseLocked, unless waiting
    is given: then it is called every WAIT_POLL_MS until the lock is free. Storage failures
    (read-only file, full disk, I/O error) become one-line StorageErrors; SQLite may already
    have rolled back after such a failure, so the original error is never hidden behind
    "cannot rollback - no transaction is active"."""
    conn = db.conn
    if _DAMAGED and (detail := _DAMAGED.get(_main_file(conn).resolve())) is not None:
        raise damaged_by(sqlite3.DatabaseError(detail), _main_file(conn))
    try:
        _begin(conn, waiting)
    except sqlite3.Error as exc:
        if _is_busy(exc):
            raise DatabaseLocked(_main_file(conn)) from exc
        known = explain(exc, _main_file(conn))
        if known is None:
            raise
        raise known from exc
    try:
        yield
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                log.warning("rollback failed after %s", exc, exc_info=True)
        if isinstance(exc, (sqlite3.Error, OSError)):
            known = explain(exc, _main_file(conn))
            if known is not None:
                raise known from exc
        raise


def restore_backup(backup: Path, path: Path) -> Path | None:
    """Replace the database with a backup. Returns where the replaced file was kept.

    The backup is copied (SQLite's backup API) to a temporary file first, so an interrupted
    restore leaves the old database in place. The replaced file and its -wal move together to
    a new ``companion.db.damaged-<time>`` name; earlier damaged copies are never overwritten."""
    if not backups.is_healthy(backup):
        raise StorageError(f"the backup {backup} is damaged too")
    staging = path.with_name(path.name + ".restoring")
    _remove_with_side_files(staging)
    try:
        src = sqlite3.connect(backups.reading_uri(backup), uri=True)
        dest = sqlite3.connect(staging)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")  # as the library always is
        finally:
            src.close()
            dest.close()
    except (sqlite3.Error, OSError) as exc:
        _remove_with_side_files(staging)
        raise explain(exc, path) or StorageError(f"cannot restore {backup}: {exc}") from exc
    kept = _keep_aside(path)
    staging.replace(path)
    open_marker.clear(path)
    _DAMAGED.pop(path.resolve(), None)
    return kept


def _keep_aside(path: Path) -> Path | None:
    """Move path and its -wal (the only copy of its newest changes) to an unused .damaged name."""
    if not path.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while any(Path(str(kept) + s).exists() for s in ("", *_SIDE_FILES)):
        number += 1
        kept = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    wal = Path(str(path) + "-wal")
    if wal.exists():
        wal.replace(str(kept) + "-wal")
    path.replace(kept)
    Path(str(path) + "-shm").unlink(missing_ok=True)  # an index of the -wal, rebuilt on open
    return kept
