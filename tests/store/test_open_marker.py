"""Opening checks only when there is a reason: after an unclean shutdown (a process killed with
the library open), or after SQLite itself reported damage. A damaged file is never written to
and always gets the one line naming the newest good backup."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from companion.errors import StorageError
from companion.failures import explain
from companion.store import backups, open_marker
from companion.store.database import (
    CorruptDatabase,
    close_database,
    open_database,
    restore_backup,
    write_transaction,
)
from tests.storage import ROOT

OPEN_AND_END = """
import os, signal, sys
from pathlib import Path
from companion.store.database import close_database, open_database
db = open_database(Path(sys.argv[1]), Path(sys.argv[2]))
db.execute("SELECT count(*) FROM filler").fetchone()
if sys.argv[3] == "kill -9":
    os.kill(os.getpid(), signal.SIGKILL)
close_database(db)
"""

HOLD_OPEN = """
import sys, time
from pathlib import Path
from companion.store.database import open_database
db = open_database(Path(sys.argv[1]), Path(sys.argv[2]))
print("open", flush=True)
time.sleep(30)
"""


def _library_with_filler(path: Path, folder: Path) -> Path:
    db = open_database(path, folder)
    db.execute("CREATE TABLE filler (x TEXT)")
    db.conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,) for _ in range(2000)])
    db.conn.commit()
    good = backups.backup_database(db.conn, folder, "manual")
    close_database(db)
    assert not Path(f"{path}-wal").exists(), "a clean close checkpoints the -wal away"
    return good


def _scribble(path: Path) -> bytes:
    """Damage the filler table's pages (its rows were written last, at the file's end): the
    schema and the other tables stay readable."""
    data = bytearray(path.read_bytes())
    for offset in range(len(data) - 4096 * 100, len(data) - 4096, 4096):
        data[offset : offset + 64] = os.urandom(64)
    path.write_bytes(bytes(data))
    return bytes(data)


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(("ending", "checked"), [("clean close", False), ("kill -9", True)])
def test_only_an_unclean_shutdown_makes_the_next_open_check(
    tmp_path: Path, ending: str, checked: bool
) -> None:
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    good = _library_with_filler(path, folder)
    done = _run(OPEN_AND_END, str(path), str(folder), ending)
    assert done.returncode == (-9 if ending == "kill -9" else 0), done.stderr
    marker = open_marker.marker_path(path).read_text()
    assert marker == ("open" if checked else ""), "the marker tells the next opener"
    damaged = _scribble(path)
    if not checked:
        close_database(open_database(path, folder))  # no check: opening reads no table
        return
    with pytest.raises(CorruptDatabase) as info:
        open_database(path, folder)
    assert info.value.backup == good and "was not changed" in str(info.value)
    assert path.read_bytes() == damaged
    with pytest.raises(CorruptDatabase):  # and it stays refused until a restore
        open_database(path, folder)
    restore_backup(good, path)
    db = open_database(path, folder)
    assert db.execute("SELECT count(*) FROM filler").fetchone()[0] == 2000
    close_database(db)


def test_a_running_opener_is_not_an_unclean_shutdown(tmp_path: Path) -> None:
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    _library_with_filler(path, folder)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(path), str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        db = open_database(path, folder)  # "open" is the other process's, alive
        close_database(db)
        assert open_marker.marker_path(path).read_text() == "open", "still open over there"
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    with pytest.raises(CorruptDatabase):
        _scribble(path)
        open_database(path, folder)  # now it was killed: the next open checks


def test_damage_sqlite_reports_later_refuses_writes_and_names_the_backup(tmp_path: Path) -> None:
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    good = _library_with_filler(path, folder)
    damaged = _scribble(path)
    db = open_database(path, folder)  # opens: nothing gave a reason to check
    with pytest.raises(sqlite3.DatabaseError) as raised:
        db.execute("SELECT sum(length(x)) FROM filler").fetchone()
    line = explain(raised.value, path)
    assert isinstance(line, CorruptDatabase) and line.backup == good
    assert f"{good} (made just now, by hand;" in str(line)
    with pytest.raises(CorruptDatabase), write_transaction(db):
        db.execute("INSERT INTO meta VALUES ('k', 'v')")
    close_database(db)
    assert path.read_bytes() == damaged, "never written to"
    assert open_marker.marker_path(path).read_text() == "suspect"
    with pytest.raises(CorruptDatabase):  # the full check, even after a clean close
        open_database(path, folder)
    restore_backup(good, path)
    close_database(open_database(path, folder))


def test_a_clean_database_opens_after_a_kill_and_keeps_what_was_committed(
    tmp_path: Path,
) -> None:
    """A kill loses no committed change: WAL recovery replays it, the check passes."""
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    _library_with_filler(path, folder)
    assert _run(OPEN_AND_END, str(path), str(folder), "kill -9").returncode == -9
    db = open_database(path, folder)
    assert db.execute("SELECT count(*) FROM filler").fetchone()[0] == 2000
    assert open_marker.marker_path(path).read_text() == "open"
    close_database(db)
    assert open_marker.marker_path(path).read_text() == ""


def test_a_read_only_folder_opens_without_a_marker(tmp_path: Path) -> None:
    from tests.storage import read_only

    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    _library_with_filler(path, folder)
    open_marker.marker_path(path).unlink()
    with read_only(tmp_path):
        try:
            db = open_database(path, folder)
        except StorageError as exc:  # WAL readers need the -shm beside it
            assert "read-only" in str(exc)
        else:
            close_database(db)
    assert not open_marker.marker_path(path).exists()


def test_damage_in_another_sqlite_file_is_not_called_the_librarys(tmp_path: Path) -> None:
    """A cache of ours (the compiled dictionary) is named as itself: no backup advice, and
    the library is not marked for a check."""
    cache = tmp_path / "cache" / "cedict.sqlite"
    cache.parent.mkdir()
    cache.write_bytes(b"SQLite format 3\0" + b"\xff" * 8192)
    with pytest.raises(sqlite3.DatabaseError) as raised:
        sqlite3.connect(cache).execute("SELECT * FROM sqlite_master").fetchall()
    line = explain(raised.value, cache)
    assert isinstance(line, StorageError) and not isinstance(line, CorruptDatabase)
    assert str(line).startswith(f"the file {cache} is damaged")
    assert not open_marker.marker_path(cache).exists()
