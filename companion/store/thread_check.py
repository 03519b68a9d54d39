"""Debug check of the threading rule: SQL on a library's connection only on its own thread.

The app opens its Library on the database thread, so any statement from the UI thread or the
general pool breaks the rule (docs/architecture.md, "Threads"). With the check on — the test
suite turns it on, a developer sets ``COMPANION_THREAD_CHECK=1`` — every statement run on a
watched connection from another thread is recorded in ``violations`` and logged as an error
naming both threads and the SQL. sqlite3 swallows exceptions raised in its callbacks, so the
check records rather than raises; the tests fail on any record.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from dataclasses import dataclass

log = logging.getLogger(__name__)

ENV = "COMPANION_THREAD_CHECK"


@dataclass(frozen=True)
class Violation:
    """One statement run off its connection's thread."""

    sql: str
    owner: str
    thread: str


violations: list[Violation] = []
_lock = threading.Lock()


def enabled() -> bool:
    """Whether connections opened now are watched."""
    return os.environ.get(ENV) == "1"


def watch(conn: sqlite3.Connection) -> None:
    """Record every statement conn runs on a thread other than the calling one."""
    owner = threading.get_ident()
    owner_name = threading.current_thread().name

    def trace(sql: str) -> None:
        if threading.get_ident() != owner:
            found = Violation(sql.strip()[:200], owner_name, threading.current_thread().name)
            with _lock:
                violations.append(found)
            log.error(
                "SQL off the database thread (%s, opened on %s): %s",
                found.thread,
                found.owner,
                found.sql,
            )

    conn.set_trace_callback(trace)


def take() -> list[Violation]:
    """The violations recorded so far, clearing the record."""
    with _lock:
        found = violations[:]
        violations.clear()
    return found
