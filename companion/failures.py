"""Tell storage failures (read-only files, a full disk, I/O errors) apart from bugs.

SQLite and the OS report these as ``sqlite3.Error`` and ``OSError``; ``explain`` turns the ones a
user can act on into a one-line StorageError and returns None for the rest (those are bugs).
The CLI and the UI both call it before deciding between "one clear line" and "a bug".
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from pathlib import Path

from companion.errors import StorageError

_READ_ONLY_CODES = {"SQLITE_READONLY", "SQLITE_READONLY_DIRECTORY", "SQLITE_READONLY_RECOVERY"}
_FULL_CODES = {"SQLITE_FULL"}
_IO_PREFIXES = ("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM")
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_MISSING_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ENAMETOOLONG, errno.ELOOP}


class ReadOnlyStorage(StorageError):
    """A file or folder Companion must write to is read-only; nothing was changed."""


class DiskFull(StorageError):
    """The disk (or quota) holding the data dir is full; what was being written was undone."""


def read_only(path: Path) -> ReadOnlyStorage:
    return ReadOnlyStorage(
        f"{path} is read-only, so Companion cannot save changes; nothing was changed "
        "(make it writable, or use --data-dir for a writable folder)"
    )


def disk_full(path: Path) -> DiskFull:
    return DiskFull(
        f"the disk holding {path} is full; nothing was saved half-way "
        "(free some space and try again)"
    )


def not_writable(path: Path) -> Path | None:
    """The first of path's folder and path itself that cannot be written to, if any.

    A real write probe rather than os.access: root on a read-only mount passes access()."""
    folder = path if path.is_dir() else path.parent
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".companion-probe-"):
            pass
    except OSError as exc:
        if exc.errno in _READ_ONLY_ERRNOS:
            return folder
        if exc.errno in _FULL_ERRNOS:
            return None  # writable, only full: the caller reports that
        raise
    if path.is_file():
        try:
            os.close(os.open(path, os.O_RDWR))
        except OSError as exc:
            if exc.errno in _READ_ONLY_ERRNOS:
                return path
            raise
    return None


def explain(exc: BaseException, path: Path | None = None) -> StorageError | None:
    """A user-facing StorageError for a storage failure, or None if exc looks like a bug.

    path is the file being written (used to say which folder is read-only or full)."""
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        where = path or Path.cwd()
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            from companion.store.database import damaged_by  # the store imports this module

            return damaged_by(exc, path)
        if name in _FULL_CODES:
            return disk_full(where)
        if name in _READ_ONLY_CODES:
            return read_only(_read_only_part(where))
        if name.startswith(_IO_PREFIXES):
            if path is not None and (blocked := _safe_not_writable(path)) is not None:
                return read_only(blocked)
            return StorageError(f"cannot read or write {where}: {exc}")
        return None
    if isinstance(exc, OSError) and exc.errno is not None:
        where = Path(exc.filename) if isinstance(exc.filename, str) else path or Path.cwd()
        if exc.errno in _FULL_ERRNOS:
            return disk_full(where)
        if exc.errno == errno.EROFS:
            return read_only(where)
        if exc.errno in (errno.EACCES, errno.EPERM):
            return StorageError(f"permission denied: {where}")
        if exc.errno in _MISSING_ERRNOS:
            return StorageError(f"cannot use {where}: {exc.strerror}")
        if exc.errno == errno.EIO:
            return StorageError(f"the disk reported an error reading or writing {where}")
    return None


def _read_only_part(path: Path) -> Path:
    return _safe_not_writable(path) or path


def _safe_not_writable(path: Path) -> Path | None:
    try:
        return not_writable(path)
    except OSError:
        return None
