"""The database is never silently replaced, and a restore loses as little as possible: empty and
header-less files are damage, backups come before every import and bulk change (kept per kind),
restoring keeps every damaged copy with its -wal, and a full database says so."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from companion.errors import StorageError
from companion.failures import DiskFull
from companion.library import Library
from companion.store import backups
from companion.store.database import CorruptDatabase, open_database, restore_backup
from companion.store.models import WordStatus
from tests.importers import exports


def _good_library(path: Path, folder: Path) -> Path:
    db = open_database(path, folder)
    db.execute("INSERT INTO meta VALUES ('marker', 'good')")
    db.conn.commit()
    good = backups.backup_database(db.conn, folder, "before-import")
    db.conn.close()
    return good


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"", "empty (0 bytes)"),
        (b"\0" * 4096, "no SQLite header"),
        (b"\0" * 100 + b"SQLite format 3\0" + b"\0" * 4000, "no SQLite header"),
        ("我的生词\n".encode() * 300, "no SQLite header"),
    ],
    ids=["zero bytes", "zeroed page", "header moved", "text file"],
)
def test_empty_or_headerless_database_is_refused_and_kept(
    tmp_path: Path, content: bytes, detail: str
) -> None:
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    good = _good_library(path, folder)
    path.write_bytes(content)
    before = sorted(folder.iterdir())
    with pytest.raises(CorruptDatabase) as info:
        open_database(path, folder)
    message = str(info.value)
    assert detail in message and "was not changed" in message
    assert f"{good} (made just now, before an import;" in message
    assert path.read_bytes() == content, "the damaged file is kept as it was"
    assert sorted(folder.iterdir()) == before, "no backup of the damaged file"


def test_a_new_database_is_built_aside_and_renamed_into_place(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    stale = tmp_path / "companion.db.new"
    stale.write_bytes(b"left by a first run that was killed")
    db = open_database(path, tmp_path / "backups")
    assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] >= 1
    assert path.read_bytes()[:16] == b"SQLite format 3\0"
    assert not stale.exists()
    db.conn.close()


def test_backups_are_kept_per_kind(tmp_path: Path) -> None:
    """A day of imports never pushes the daily backups out."""
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    db = open_database(path, folder)
    backups.backup_database(db.conn, folder, "daily", paced=True)
    for _ in range(9):
        backups.backup_database(db.conn, folder, "before-import")
    for _ in range(3):
        backups.backup_database(db.conn, folder, "before-change")
    db.conn.close()
    kinds = [backups.info(p).kind for p in backups.list_backups(folder)]
    assert kinds.count("daily") == 1
    assert kinds.count("before-import") == backups.KEEP["before-import"] == 5
    assert kinds.count("before-change") == 3
    assert not list(folder.glob("*-wal")) and not list(folder.glob("*-shm"))
    assert all(backups.is_healthy(p) for p in backups.list_backups(folder))
    assert not list(folder.glob("*-wal")) and not list(folder.glob("*-shm")), "read, not written"


@pytest.mark.parametrize(
    ("seconds", "age"),
    [
        (5, "just now"),
        (60, "1 minute ago"),
        (150, "2 minutes ago"),
        (3600, "1 hour ago"),
        (7 * 3600, "7 hours ago"),
        (86400, "1 day ago"),
        (3 * 86400 + 5, "3 days ago"),
    ],
)
def test_backup_age_in_words(tmp_path: Path, seconds: int, age: str) -> None:
    made = dt.datetime(2026, 12, 1, 9, 0, 0)
    backup = backups.info(tmp_path / f"companion-{made:%Y%m%d-%H%M%S}-000000-daily.db")
    assert backup.made == made and backup.kind == "daily"
    assert backup.age(made + dt.timedelta(seconds=seconds)) == age


KILLED_WRITER = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("INSERT INTO meta VALUES (?, 'only in the wal')", (sys.argv[2],))
os.kill(os.getpid(), signal.SIGKILL)
"""


def _write_and_die(path: Path, key: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(path), key], capture_output=True, check=False
    )
    assert done.returncode == -9, done.stderr


def test_restore_keeps_each_damaged_copy_with_its_wal(tmp_path: Path) -> None:
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    good = _good_library(path, folder)
    kept = []
    for key in ("first", "second"):
        _write_and_die(path, key)  # a committed change that lives only in companion.db-wal
        assert Path(f"{path}-wal").stat().st_size > 0
        kept.append(restore_backup(good, path))
    assert kept[0] is not None and kept[1] is not None and kept[0] != kept[1]
    for copy, key in zip(kept, ("first", "second"), strict=True):
        assert Path(f"{copy}-wal").is_file(), "the -wal moved with its database"
        conn = sqlite3.connect(copy)
        assert conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone() == (
            "only in the wal",
        )
        conn.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    db = open_database(path, folder)
    assert db.execute("SELECT key FROM meta").fetchall() == [("marker",)]
    db.conn.close()


def test_a_restore_that_fails_leaves_the_database_in_place(tmp_path: Path) -> None:
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    good = _good_library(path, folder)
    damaged = folder / "companion-20260101-000000-000000-daily.db"
    damaged.write_bytes(good.read_bytes()[:5000])
    before = path.read_bytes()
    with pytest.raises(StorageError, match="damaged too"):
        restore_backup(damaged, path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("companion.db.*"))


def test_imports_and_bulk_changes_are_backed_up_first(library: Library, tmp_path: Path) -> None:
    folder = library.data.backups
    before = set(backups.list_backups(folder))

    def new_backup(kind: str) -> Path:
        (made,) = set(backups.list_backups(folder)) - before
        assert backups.info(made).kind == kind
        before.add(made)
        return made

    notes = exports.write_jsonl(tmp_path / "a.jsonl", [exports.note(n) for n in range(4)])
    library.import_paths([notes])
    (daily,) = backups.backups_of(folder, "daily")  # the first guard is the day's daily too
    before.add(daily.path)
    assert os.path.samefile(daily.path, backups.backups_of(folder, "before-import")[0].path)
    snapshot = sqlite3.connect(new_backup("before-import"))
    assert snapshot.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
    snapshot.close()
    library.set_status(["咖啡"], WordStatus.KNOWN)  # one word: not a bulk change
    assert set(backups.list_backups(folder)) == before
    library.set_status(["拿铁", "探店"], WordStatus.KNOWN)
    snapshot = sqlite3.connect(new_backup("before-change"))
    assert snapshot.execute("SELECT count(*) FROM word_status").fetchone()[0] == 1
    snapshot.close()
    post_id = library.posts.list(limit=1)[0].id
    library.mark_post_known(post_id)
    new_backup("before-change")
    library.add_word("咖啡")
    library.add_word("拿铁")
    assert set(backups.list_backups(folder)) == before
    assert library.delete_words(["咖啡", "拿铁"]).value == ["咖啡", "拿铁"]
    snapshot = sqlite3.connect(new_backup("before-change"))
    saved = "SELECT count(*) FROM vocabulary WHERE kind = 'saved' AND deleted_at IS NULL"
    assert snapshot.execute(saved).fetchone()[0] == 2
    snapshot.close()


def test_a_full_database_says_so(library: Library, tmp_path: Path) -> None:
    """SQLite rolls a transaction back itself on SQLITE_FULL; the error must not be hidden
    behind "cannot rollback - no transaction is active". (SQLite's max_page_count makes SQLite
    report SQLITE_FULL on any machine; tests/test_cli_storage.py fills a real tmpfs.)"""
    notes = exports.write_jsonl(tmp_path / "many.jsonl", [exports.note(n) for n in range(2000)])
    pages = library.db.execute("PRAGMA page_count").fetchone()[0]
    library.db.execute(f"PRAGMA max_page_count = {pages + 20}")
    with pytest.raises(DiskFull, match="is full; nothing was saved half-way"):
        library.import_paths([notes], backup=False)
    assert not library.db.conn.in_transaction
    assert library.posts.count() == 0
    library.db.execute("PRAGMA max_page_count = 1073741823")
    assert library.import_paths([notes], backup=False).added == 2000
    assert os.path.getsize(library.data.database) > 0
