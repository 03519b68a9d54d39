"""Storage failures as a user meets them, in real processes on real files: an empty database,
a read-only folder or file, a full disk, an import killed while measuring difficulty, two
imports at once. Each ends in one clear line (or waits), exit 1, nothing left behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.cli import main
from companion.library import MEASURE_BATCH, Library
from companion.paths import DataDir
from companion.store import backups
from tests.importers import exports
from tests.storage import ROOT, leftovers, read_only, resize, run_cli, small_disk, used_kb


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("companion: error: ")
    return lines[0]


def cli(data: DataDir, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data.root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_empty_database_is_refused_with_the_backups_age(
    data_dir: DataDir, tmp_path: Path
) -> None:
    library = Library(data_dir)
    library.import_paths([exports.write_jsonl(tmp_path / "a.jsonl", [exports.note(1)])])
    library.close()
    data_dir.database.write_bytes(b"")
    kept = sorted(data_dir.backups.iterdir())
    line = one_error_line(run_cli(data_dir.root, "posts", "list"))
    assert "is damaged (the file is empty (0 bytes)); it was not changed" in line
    assert "(made just now, before an import; restore it with `companion db restore`)" in line
    assert data_dir.database.stat().st_size == 0
    assert sorted(data_dir.backups.iterdir()) == kept, "the empty library is never backed up"
    listed = run_cli(data_dir.root, "db", "restore", "--list")
    assert listed.returncode == 0 and "  1  made just now, before an import  " in listed.stdout


def test_restore_loses_only_the_last_change(
    data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: 6 words and 50 posts were lost because the only backup was daily."""
    words = ["咖啡", "拿铁", "探店", "好喝", "推荐", "周末"]
    for word in words:
        assert cli(data_dir, "vocab", "add", word, capsys=capsys)[0] == 0
    first = exports.write_jsonl(tmp_path / "50.jsonl", [exports.note(n) for n in range(50)])
    assert cli(data_dir, "posts", "import", str(first), capsys=capsys)[0] == 0
    later = exports.write_jsonl(tmp_path / "3.jsonl", [exports.note(n) for n in range(50, 53)])
    assert cli(data_dir, "posts", "import", str(later), capsys=capsys)[0] == 0
    data_dir.database.write_bytes(b"garbage" * 1000)
    Path(f"{data_dir.database}-wal").unlink(missing_ok=True)
    code, out, err = cli(data_dir, "db", "restore", capsys=capsys)
    assert code == 0, err
    assert "(made just now, before an import)" in out and "kept as companion.db.damaged-" in out
    code, out, _ = cli(data_dir, "vocab", "list", "--json", capsys=capsys)
    assert sorted(e["word"] for e in json.loads(out)) == sorted(words)
    code, out, _ = cli(data_dir, "posts", "list", "--json", capsys=capsys)
    assert sum(p["source"] == "xhs" for p in json.loads(out)) == 50
    code, out, _ = cli(data_dir, "db", "restore", "--list", capsys=capsys)
    numbered = out.splitlines()
    assert len(numbered) == len(backups.list_backups(data_dir.backups)) >= 3
    assert "the daily backup" in out
    code, out, _ = cli(data_dir, "db", "restore", str(len(numbered)), capsys=capsys)
    assert code == 0 and "restored" in out
    copies = [
        p
        for p in data_dir.root.glob("companion.db.damaged-*")
        if not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(copies) == 2, "earlier copy kept"  # each with its -wal, if it had one


def test_a_read_only_data_folder_is_not_called_damage(data_dir: DataDir) -> None:
    Library(data_dir).close()
    with read_only(data_dir.root):
        for command in (["posts", "list"], ["vocab", "set-status", "咖啡", "known"]):
            line = one_error_line(run_cli(data_dir.root, *command))
            assert f"{data_dir.root} is read-only" in line and "damaged" not in line
    assert leftovers(data_dir.root) == []


def test_a_read_only_database_file(data_dir: DataDir, tmp_path: Path) -> None:
    Library(data_dir).close()
    Library(data_dir).close()  # today's daily backup
    kept = sorted(data_dir.backups.iterdir())
    notes = exports.write_jsonl(tmp_path / "a.jsonl", [exports.note(n) for n in range(3)])
    with read_only(data_dir.database):
        for command in (
            ["vocab", "set-status", "咖啡", "拿铁", "known"],
            ["posts", "import", str(notes)],
        ):
            line = one_error_line(run_cli(data_dir.root, *command))
            assert f"{data_dir.database} is read-only" in line
    assert sorted(data_dir.backups.iterdir()) == kept, "no backup for a change never made"
    assert leftovers(data_dir.root) == []


def test_a_full_disk_on_the_first_run(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 3072) as disk:
        line = one_error_line(run_cli(disk, "posts", "list"))
        assert "is full; nothing was saved half-way" in line
        assert leftovers(disk) == []
        assert not (disk / "companion.db").exists() or (disk / "companion.db").stat().st_size


def test_a_full_disk_during_an_import(
    data_dir: DataDir, engine_cache: Path, tmp_path: Path
) -> None:
    notes = exports.write_jsonl(tmp_path / "big.jsonl", [exports.note(n) for n in range(5000)])
    with small_disk(tmp_path / "disk", 80_000) as disk:
        shutil.copytree(engine_cache, disk / "cache")
        assert run_cli(disk, "posts", "list").returncode == 0
        database = disk / "companion.db"
        posts = sqlite3.connect(database).execute("SELECT count(*) FROM posts").fetchone()[0]
        for margin_kb, where in ((200, "backups"), (3000, "companion.db")):
            resize(disk, used_kb(disk) + margin_kb)
            line = one_error_line(run_cli(disk, "posts", "import", str(notes)))
            assert f"{disk}/{where}" in line and "is full" in line, line
            assert leftovers(disk) == []
            conn = sqlite3.connect(database)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM posts").fetchone()[0] == posts
            conn.close()


MEASURE_AND_DIE = """
import sys, time
from pathlib import Path
from companion.library import MEASURE_BATCH, Library
from companion.paths import DataDir
lib = Library(DataDir(Path(sys.argv[1])), seed_samples=False)
def progress(done, total, message):
    if message == "Measuring difficulty" and done >= MEASURE_BATCH:  # one batch committed
        print("measuring", flush=True)
        time.sleep(60)
lib.import_paths([Path(sys.argv[2])], progress=progress)
"""


def kill_while_measuring(data_dir: DataDir, notes: Path) -> int:
    """Import notes in a child killed with SIGKILL mid-measuring; returns posts left unmeasured."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", MEASURE_AND_DIE, str(data_dir.root), str(notes)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "measuring"
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    conn = sqlite3.connect(data_dir.database)
    missing = conn.execute(
        "SELECT count(*) FROM posts WHERE id NOT IN (SELECT post_id FROM post_difficulty)"
    ).fetchone()[0]
    conn.close()
    return missing


def test_difficulty_an_import_was_killed_measuring_is_finished(
    data_dir: DataDir, tmp_path: Path
) -> None:
    notes = exports.write_jsonl(tmp_path / "n.jsonl", [exports.note(n) for n in range(1000)])
    left = 1000 - MEASURE_BATCH
    assert kill_while_measuring(data_dir, notes) == left
    result = run_cli(data_dir.root, "posts", "list", "--json")
    assert result.returncode == 0, result.stderr
    assert f"measuring the difficulty of {left} posts" in result.stderr
    listed = json.loads(result.stdout)
    assert len(listed) >= 1000 and all(p["difficulty"] is not None for p in listed)
    again = run_cli(data_dir.root, "posts", "list")
    assert again.returncode == 0 and again.stderr == ""


HOLD_WRITE_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT OR REPLACE INTO meta VALUES ('other import', 'running')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def hold_write_lock(database: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process importing: it holds the write lock for seconds, then commits."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(database), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_import_waits_for_the_first(data_dir: DataDir, tmp_path: Path) -> None:
    Library(data_dir).close()
    notes = exports.write_jsonl(tmp_path / "a.jsonl", [exports.note(n) for n in range(3)])
    holder = hold_write_lock(data_dir.database, 7)  # longer than the 5 s busy timeout
    try:
        started = time.monotonic()
        result = run_cli(data_dir.root, "posts", "import", str(notes))
        waited = time.monotonic() - started
    finally:
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("waiting for the other import to finish… (Ctrl+C to stop)") == 1
    assert "3 added, 0 updated" in result.stdout
    assert waited > 5


def test_a_waiting_import_stops_on_ctrl_c(data_dir: DataDir, tmp_path: Path) -> None:
    Library(data_dir).close()
    notes = exports.write_jsonl(tmp_path / "a.jsonl", [exports.note(n) for n in range(3)])
    holder = hold_write_lock(data_dir.database, 60)
    # PYTHONFAULTHANDLER: if it hangs, SIGABRT makes it print where each thread is.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": "1"}
    command = [sys.executable, "-m", "companion", "--data-dir", str(data_dir.root)]
    child = subprocess.Popen(
        [*command, "posts", "import", str(notes)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # As from a terminal: a suite started in the background (`./dev test &`) ignores
        # SIGINT, and a child would inherit that and never see the Ctrl+C.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert child.stderr is not None
        assert "waiting for the other import" in child.stderr.readline()
        child.send_signal(signal.SIGINT)
        try:
            code = child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGABRT)
            child.wait()
            pytest.fail(f"Ctrl+C did not stop the import:\n{child.stderr.read()}")
        assert code == 130
        assert "Traceback" not in child.stderr.read()
    finally:
        child.kill()
        holder.kill()
        for process in (child, holder):
            process.wait()
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
    conn = sqlite3.connect(data_dir.database)
    assert conn.execute("SELECT count(*) FROM posts WHERE source = 'xhs'").fetchone()[0] == 0
    conn.close()
