"""The before-import backup, copied while the import reads its file, outside the write lock.

A copy of a large library takes a second or more; made inside the import's write transaction it
kept every other writer waiting. It is made on a worker thread (through a connection of its
own, with SQLite's online backup API) while the file is read. Once the import holds the write
lock, ``confirm`` checks that no connection committed anything since the copy (SQLite's
``data_version``); if one did, the copy is made again there, under the lock, so the backup is
always exactly the state the import starts from.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

Copy = Callable[[sqlite3.Connection], Path]
"""Writes a backup of the database open on the connection; returns its path."""


class BackupBeforeImport:
    """One before-import backup: ``start`` it, ``confirm`` it inside the write transaction
    before the first change; a context manager (leaving waits for the worker and closes its
    connection)."""

    def __init__(self, database: Path, copy: Copy) -> None:
        self._database = database
        self._copy = copy
        self._thread: threading.Thread | None = None
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None
        self._error: BaseException | None = None
        self.path: Path | None = None

    def start(self) -> None:
        """Begin the copy on a worker thread (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="backup-before-import")
            self._thread.start()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self._database, timeout=5, check_same_thread=False)
            self._conn = conn
            self.path = self._copy(conn)
            self._version = conn.execute("PRAGMA data_version").fetchone()[0]
        except BaseException as exc:  # raised again by confirm, on the importing thread
            self._error = exc

    def confirm(self) -> Path:
        """Inside the import's write transaction, before its first change: wait for the copy and
        make it again if anything was committed since. Raises what the copy raised."""
        self.start()
        assert self._thread is not None
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._conn is not None and self.path is not None
        if self._conn.execute("PRAGMA data_version").fetchone()[0] != self._version:
            self.path = self._copy(self._conn)
            self._version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        return self.path

    def close(self) -> None:
        if self._thread is not None:
            self._thread.join()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> BackupBeforeImport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
