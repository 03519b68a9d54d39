"""Opening the database: schema, pragmas, backups, damaged and locked files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlite_utils import Database, Migrations

from companion.store import backups, connection, schema
from companion.store.database import (
    CorruptDatabase,
    DatabaseLocked,
    close_database,
    open_database,
    restore_backup,
    write_transaction,
)


def test_new_database_is_migrated_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = open_database(tmp_path / "companion.db", tmp_path / "backups")
    tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "posts",
        "comments",
        "images",
        "tags",
        "post_tags",
        "vocabulary",
        "contexts",
        "word_status",
        "segmentation_fixes",
        "translation_cache",
        "export_log",
        "posts_fts",
        "post_difficulty",
    } <= tables
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert [m[0] for m in db.execute("SELECT name FROM _sqlite_migrations")] == [
        "0001_initial",
        "0002_media_and_pending_comments",
        "0003_feed_aggregates",
        "0004_stored_card_readings",
        "0005_review_cards",
        "0006_image_text",
        "0007_marked_words_and_search_keys",
    ]
    assert backups.list_backups(tmp_path / "backups") == []  # nothing to back up yet


def test_opening_never_copies_and_the_last_of_each_kind_are_kept(tmp_path: Path) -> None:
    """The daily backup moved off the open path (tests/store/test_upkeep.py)."""
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    for _ in range(3):
        close_database(open_database(path, folder))
    assert backups.list_backups(folder) == []
    for _ in range(9):
        db = open_database(path, folder)
        backups.backup_database(db.conn, folder, "manual")
        close_database(db)
    kept = backups.list_backups(folder)
    assert len(kept) == backups.KEEP["manual"]
    assert all(backups.is_healthy(p) for p in kept)


def test_backup_before_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    open_database(path, folder).conn.close()
    newer = Migrations("companion")
    newer(name="0001_initial")(schema.initial)

    @newer(name="0002_example")
    def add_column(db: Database) -> None:
        db.execute("ALTER TABLE posts ADD COLUMN example TEXT")

    monkeypatch.setattr(schema, "migrations", newer)
    monkeypatch.setattr(connection, "MIGRATIONS", ("0001_initial", "0002_example"))
    db = open_database(path, folder)
    assert "example" in {row[1] for row in db.conn.execute("PRAGMA table_info(posts)")}
    names = [p.name for p in backups.list_backups(folder)]
    assert len(names) == 1 and "before-migration" in names[0]
    db.conn.close()


def test_garbage_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(CorruptDatabase, match="was not changed; no good backup"):
        open_database(path, tmp_path / "backups")
    assert path.read_bytes() == before


def test_damaged_database_offers_the_newest_good_backup(tmp_path: Path) -> None:
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    db = open_database(path, folder)
    db.execute("CREATE TABLE filler (x TEXT)")
    db.conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,) for _ in range(2000)])
    db.conn.commit()
    good = backups.backup_database(db.conn, folder, "manual")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, len(data) - 4096, 4096):  # scribble over b-tree pages
        data[offset : offset + 64] = os.urandom(64)
    path.write_bytes(bytes(data))
    damaged = path.read_bytes()
    with pytest.raises(CorruptDatabase) as info:
        open_database(path, folder)
    assert info.value.backup == good
    assert path.read_bytes() == damaged
    kept = restore_backup(good, path)
    assert kept is not None and kept.name.startswith("companion.db.damaged-")
    assert kept.read_bytes() == damaged
    reopened = open_database(path, folder)
    assert reopened.execute("SELECT count(*) FROM filler").fetchone()[0] == 2000


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(30)
"""


def test_locked_database_gets_a_clear_message(tmp_path: Path) -> None:
    path, folder = tmp_path / "companion.db", tmp_path / "backups"
    open_database(path, folder).conn.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(DatabaseLocked, match="in use by another running copy"):
            db = open_database(path, folder)
            with write_transaction(db):
                db.execute("INSERT INTO meta VALUES ('k', 'v')")
        assert time.monotonic() - started < 20
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


def test_write_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = open_database(tmp_path / "companion.db", tmp_path / "backups")
    with pytest.raises(RuntimeError), write_transaction(db):
        db.execute("INSERT INTO meta VALUES ('k', 'v')")
        raise RuntimeError("boom")
    assert db.execute("SELECT count(*) FROM meta").fetchone()[0] == 0
    assert sqlite3.complete_statement("SELECT 1;")


def test_media_kinds_move_out_of_category_when_an_old_library_is_opened(tmp_path: Path) -> None:
    """Importers used to store a note's type (normal/video, 图文/视频) as its category."""
    path = tmp_path / "companion.db"
    db = Database(path)
    schema.migrations.apply(db, stop_before="0002_media_and_pending_comments")
    for n, category in enumerate(["normal", "video", "图文", "视频", "图集", "food"]):
        db.execute(
            "INSERT INTO posts (source, source_id, title, category, imported_at, updated_at)"
            " VALUES ('xhs', ?, 't', ?, 'x', 'x')",
            (str(n), category),
        )
    db.conn.commit()
    db.conn.close()
    db = open_database(path, tmp_path / "backups")
    rows = db.execute("SELECT category, media FROM posts ORDER BY id").fetchall()
    assert rows == [
        ("", "images"),
        ("", "video"),
        ("", "images"),
        ("", "video"),
        ("", "images"),
        ("food", ""),
    ]


@pytest.mark.parametrize("table", list(schema.INITIAL_TABLES))
def test_first_migration_creates_each_table_with_its_indexes(table: str) -> None:
    """Migration 0001 is kept per table: each entry creates that table and only its indexes."""
    db = Database(sqlite3.connect(":memory:"))
    schema.migrations.apply(db, stop_before="0002_media_and_pending_comments")
    created = db.execute(
        "SELECT type, name FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL", (table,)
    ).fetchall()
    statements = [s for s in schema.INITIAL_TABLES[table].split(";\n") if s.strip()]
    assert ("table", table) in created
    assert len(created) == len(statements)
