"""When to check companion.db on open: the open marker ``companion.db-open`` beside it.

Opening writes "open" into the marker and a clean close of the last opener empties it, so a
process killed (kill -9, a crash, power loss) leaves "open" behind and the next open checks the
database before using it. "suspect" means SQLite itself reported damage (SQLITE_CORRUPT or
SQLITE_NOTADB from any statement): the next open runs the full check, whoever else is running.

Several processes (the app and a CLI command) may have the library open at once, so each holds
a shared ``flock`` on the marker while open. Only an opener that gets the lock exclusively (no
one else has the database open) trusts an "open" it finds: with others running, "open" is theirs.
The file is emptied, never removed, so an opener never locks a name another has just unlinked.
SQLite's own WAL recovery (replaying a -wal a killed writer left) needs nothing from us: a kill
loses no committed transaction; the check after it is for what a crash of the disk or OS can do.
Where the folder is read-only, or there is no flock (Windows), the marker is skipped: a read-only
opener cannot damage the file, and SQLite's errors still mark it suspect where it can be written.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

SUFFIX = "-open"
OPEN = "open"
SUSPECT = "suspect"
CLEAN = ""


def marker_path(database: Path) -> Path:
    return Path(str(database) + SUFFIX)


def _read(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 64).decode("ascii", "replace").strip()


def _write(fd: int, state: str) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, state.encode("ascii"))


class OpenMarker:
    """This process's share of the marker, held from open to close."""

    def __init__(self, database: Path) -> None:
        self.path = marker_path(database)
        self._fd: int | None = None
        self.alone = False
        """True if no one else had the database open when this opener came."""
        self.found = CLEAN
        """What the marker said when this opener came: CLEAN, OPEN (an unclean shutdown, when
        alone) or SUSPECT."""

    def enter(self) -> str | None:
        """Take a share; returns why the database must be checked first ("unclean" or
        "suspect"), or None. Call opened() once it is known to be good."""
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            try:
                self._fd = os.open(self.path, os.O_RDONLY)
            except OSError:
                return None  # a read-only folder with no marker yet: nothing to go by
        if fcntl is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self.alone = True
            except OSError:
                fcntl.flock(self._fd, fcntl.LOCK_SH)
        self.found = _read(self._fd)
        if self.found == SUSPECT:
            return "suspect"
        if self.found == OPEN and self.alone:
            return "unclean"
        return None

    def opened(self) -> None:
        """The database passed what it had to: say it is open, and share the lock."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            if self.found != OPEN or self.alone:
                _write(self._fd, OPEN)
        if fcntl is not None and self.alone:
            fcntl.flock(self._fd, fcntl.LOCK_SH)

    def close(self, *, clean: bool) -> None:
        """Give up the share; a clean close by the last opener empties the marker."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if clean and fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    return  # others still have it open: "open" is still true
                if _read(fd) == OPEN:
                    _write(fd, CLEAN)
        except OSError:
            log.debug("could not clear %s", self.path, exc_info=True)
        finally:
            os.close(fd)


def mark_suspect(database: Path) -> None:
    """SQLite reported damage: the next open runs the full check (best effort)."""
    try:
        fd = os.open(marker_path(database), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return
    try:
        _write(fd, SUSPECT)
    except OSError:
        log.debug("could not mark %s suspect", database, exc_info=True)
    finally:
        os.close(fd)


def clear(database: Path) -> None:
    """The database was replaced (a restore): what the marker said was about the old file."""
    path = marker_path(database)
    if path.exists():
        with contextlib.suppress(OSError):
            path.write_text(CLEAN)
