"""Upkeep off the open path: the daily backup and the weekly full check run in the background
(paced, with progress, cancellable), and `companion db check` runs the check by hand."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading

import pytest

from companion.errors import Cancelled
from companion.library import Library
from companion.paths import DataDir
from companion.store import backups, health
from companion.store.database import CorruptDatabase, check_database, check_due
from tests.storage import leftovers, run_cli


def _fill(library: Library, rows: int = 3000) -> None:
    conn = sqlite3.connect(library.data.database)
    conn.execute("CREATE TABLE filler (x TEXT)")
    conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,) for _ in range(rows)])
    conn.commit()
    conn.close()


def test_upkeep_backs_up_once_a_day_and_checks_once_a_week(library: Library) -> None:
    folder = library.data.backups
    assert backups.list_backups(folder) == [] and check_due(library.data.database)
    done: list[list[str]] = []
    worker = threading.Thread(target=lambda: done.append(library.upkeep()))
    worker.start()  # another thread than the library's: upkeep uses connections of its own
    worker.join()
    assert done == [["backup", "check"]]
    (daily,) = backups.backups_of(folder, "daily")
    assert backups.is_healthy(daily.path)
    assert not check_due(library.data.database)
    assert library.upkeep() == []  # not twice the same day, nor the same week
    last = library.meta.get(health.LAST_CHECK)
    assert last is not None
    assert not health.check_due(last, dt.datetime.fromisoformat(last) + dt.timedelta(days=6))
    assert health.check_due(last, dt.datetime.fromisoformat(last) + dt.timedelta(days=7))


def test_a_paced_backup_reports_progress_and_a_cancelled_one_leaves_nothing(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(library)
    monkeypatch.setattr(backups, "PACED_PAGES", 50)
    seen: list[tuple[int, int | None]] = []
    made = library.backup("manual", lambda d, t, m: seen.append((d, t)), paced=True)
    assert len(seen) > 1 and seen[-1][0] == seen[-1][1], "a step at a time, to the end"
    assert sqlite3.connect(made).execute("SELECT count(*) FROM filler").fetchone() == (3000,)
    steps = [0]

    def cancelled() -> bool:
        steps[0] += 1
        return steps[0] > 1

    with pytest.raises(Cancelled):
        library.backup("daily", cancelled=cancelled, paced=True)
    assert backups.list_backups(library.data.backups) == [made]
    assert leftovers(library.data.root) == []
    assert library.upkeep(cancelled=lambda: True) == [], "cancelled quietly"


@pytest.mark.parametrize("stop_after", [0, 3])
def test_the_full_check_can_be_cancelled(library: Library, stop_after: int) -> None:
    """Between tables, and inside one (SQLite's progress handler aborts the statement)."""
    _fill(library, 20_000)
    calls = [0]

    def cancelled() -> bool:
        calls[0] += 1
        return calls[0] > stop_after

    with pytest.raises(Cancelled):
        library.check(cancelled=cancelled)
    assert check_due(library.data.database), "a cancelled check is not recorded"


def test_db_check_names_the_backup_when_a_table_is_damaged(data_dir: DataDir) -> None:
    with Library(data_dir) as library:
        _fill(library)
        good = library.backup("manual")
    fine = run_cli(data_dir.root, "db", "check")
    assert fine.returncode == 0 and "the library is sound" in fine.stdout, fine.stderr
    assert "checking… 100%" in fine.stderr
    conn = sqlite3.connect(data_dir.database)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'filler'").fetchone()
    conn.close()
    data = bytearray(data_dir.database.read_bytes())
    data[(root - 1) * 4096 : (root - 1) * 4096 + 64] = os.urandom(64)  # its root page
    data_dir.database.write_bytes(bytes(data))
    damaged = run_cli(data_dir.root, "db", "check")
    assert damaged.returncode == 1 and "Traceback" not in damaged.stderr
    (line,) = [s for s in damaged.stderr.splitlines() if s.startswith("companion: error:")]
    assert "is damaged" in line and f"the newest good backup is {good}" in line
    assert data_dir.database.read_bytes() == bytes(data), "never written to"
    with pytest.raises(CorruptDatabase):
        check_database(data_dir.database, data_dir.backups)
    refused = run_cli(data_dir.root, "posts", "list")  # the next open runs the full check
    assert refused.returncode == 1 and "is damaged" in refused.stderr
