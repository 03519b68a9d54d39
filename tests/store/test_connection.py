"""The everyday open knows the schema is current without loading sqlite-utils' migrations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from companion.paths import DataDir
from companion.store import connection, schema
from companion.store.database import close_database, open_database

REPO = Path(__file__).resolve().parents[2]


def test_the_migrations_listed_are_the_schema_s() -> None:
    assert [m.name for m in schema.migrations._migrations] == list(connection.MIGRATIONS)


def test_a_current_library_opens_without_importing_sqlite_utils(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    data.ensure()
    close_database(open_database(data.database, data.backups))  # created and migrated
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from companion.store.database import open_database, close_database\n"
        f"db = open_database(Path({str(data.database)!r}), Path({str(data.backups)!r}))\n"
        "close_database(db)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlite_utils', 'numpy')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
    )
    assert out.stdout.strip() == "[]"


def test_a_library_behind_the_schema_is_migrated(tmp_path: Path) -> None:
    import sqlite3

    from sqlite_utils import Database

    data = DataDir(tmp_path)
    data.ensure()
    conn = sqlite3.connect(data.database)
    schema.migrations.apply(Database(conn), stop_before=connection.MIGRATIONS[-1])
    assert not connection.is_current(conn)
    conn.close()
    close_database(open_database(data.database, data.backups))
    conn = sqlite3.connect(data.database)
    try:
        assert connection.is_current(conn)
    finally:
        conn.close()


def test_a_migration_left_behind_a_later_one_is_applied(tmp_path: Path) -> None:
    """Branches merged in another order: the newest applied, an earlier one not."""
    import sqlite3

    from sqlite_utils import Database

    data = DataDir(tmp_path)
    data.ensure()
    conn = sqlite3.connect(data.database)
    schema.migrations.apply(Database(conn), stop_before=connection.MIGRATIONS[-2])
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        ("companion", connection.MIGRATIONS[-1], "2026-12-01T00:00:00"),
    )
    conn.commit()
    assert not connection.is_current(conn)
    conn.close()
