"""`companion posts …`, `vocab …` and `db restore` against a real data dir, as a user runs them."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from companion.cli import main
from companion.library import Library
from companion.paths import DataDir
from companion.store import backups
from tests.importers import exports


def cli(data: DataDir, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data.root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_posts_list_contract_on_a_fresh_data_dir(
    data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(data_dir, "posts", "list", "--json", capsys=capsys)
    assert code == 0
    posts = json.loads(out)
    assert len(posts) >= 30
    for post in posts:
        assert list(post) == [
            "id",
            "source",
            "source_id",
            "title",
            "author",
            "likes",
            "tags",
            "difficulty",
        ]
        assert post["source"] == "sample" and isinstance(post["tags"], list)
        assert 0 <= post["difficulty"]["known_share"] <= 1


def test_import_show_and_search(
    data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = exports.write_jsonl(tmp_path / "notes.jsonl", [exports.note(n) for n in range(3)])
    code, out, err = cli(data_dir, "posts", "import", str(notes), capsys=capsys)
    assert code == 0, err
    assert "3 added, 0 updated" in out
    code, out, _ = cli(data_dir, "posts", "list", "--json", "--search", "拿铁", capsys=capsys)
    found = json.loads(out)
    assert len(found) == 3 and all(p["source"] == "xhs" for p in found)
    code, out, _ = cli(data_dir, "posts", "show", str(found[0]["id"]), "--json", capsys=capsys)
    shown = json.loads(out)
    assert shown["title"].startswith("上海探店") and shown["tags"] == ["上海探店", "咖啡"]
    code, out, _ = cli(data_dir, "posts", "show", str(found[0]["id"]), capsys=capsys)
    assert "上海探店" in out and "#咖啡" in out


def test_import_failure_exits_1_and_names_the_record(
    data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"note_id": "a", "title": "好"}, {"note_id": ]', encoding="utf-8")
    code, _, err = cli(data_dir, "posts", "import", str(bad), capsys=capsys)
    assert code == 1
    assert err.startswith("companion: error: bad.json, record 2: invalid JSON")
    assert err.count("\n") == 1


def test_show_missing_post(data_dir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(data_dir, "posts", "show", "99999", capsys=capsys)
    assert code == 1 and "there is no post 99999" in err


def test_vocab_commands(data_dir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(data_dir, "posts", "list", "--json", capsys=capsys)
    post = json.loads(out)[0]
    code, out, err = cli(data_dir, "posts", "show", str(post["id"]), "--json", capsys=capsys)
    body = json.loads(out)["body"]
    library = Library(data_dir)
    word = next(
        t.text for t in library.engine.annotate(body).tokens if t.is_chinese and len(t.text) > 1
    )
    library.close()
    code, out, err = cli(data_dir, "vocab", "add", word, "--post", str(post["id"]), capsys=capsys)
    assert code == 0, err
    code, out, _ = cli(data_dir, "vocab", "list", "--json", capsys=capsys)
    (entry,) = json.loads(out)
    assert entry["word"] == word and entry["status"] == "new" and entry["pinyin"]
    (context,) = entry["contexts"]
    assert word in context["sentence"] and context["post_id"] == post["id"]
    assert context["translation"], "sample sentences come with their translation"
    code, out, _ = cli(data_dir, "vocab", "set-status", word, "known", capsys=capsys)
    assert code == 0 and "1 word(s) now known" in out
    code, out, _ = cli(data_dir, "vocab", "list", "--json", "--status", "known", capsys=capsys)
    assert [e["word"] for e in json.loads(out)] == [word]
    code, _, err = cli(data_dir, "vocab", "set-status", word, "mastered", capsys=capsys)
    assert code == 1 and "expected one of: new, learning, known, ignored" in err


def test_corrupt_database_is_reported_and_restorable(
    data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    Library(data_dir).close()
    assert backups.list_backups(data_dir.backups) == []
    lib = Library(data_dir)  # second open of the day: no new backup either
    backups.backup_database(lib.db.conn, data_dir.backups, "manual")
    lib.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lib.close()
    data_dir.database.write_bytes(b"garbage" * 1000)
    code, _, err = cli(data_dir, "posts", "list", capsys=capsys)
    assert code == 1
    assert "is damaged" in err and "companion db restore" in err and err.count("\n") == 1
    assert data_dir.database.read_bytes() == b"garbage" * 1000
    code, out, _ = cli(data_dir, "db", "restore", capsys=capsys)
    assert code == 0 and "restored" in out
    code, out, _ = cli(data_dir, "posts", "list", "--json", capsys=capsys)
    assert code == 0 and len(json.loads(out)) >= 30


KILL_SCRIPT = """
import sys, time
from pathlib import Path
from companion.library import Library
from companion.paths import DataDir

def progress(done, total, message):
    print(message, flush=True)
    if message == sys.argv[2]:  # the moment to be killed at: wait for it, mid-transaction
        time.sleep(120)

lib = Library(DataDir(Path(sys.argv[1])), seed_samples=False)
lib.import_paths([Path(p) for p in sys.argv[3:]], index=False, progress=progress)
print("done", flush=True)
"""


def import_killed_at(data: DataDir, moment: str, files: list[Path]) -> list[str]:
    """Import files in a child process and SIGKILL it when its progress says moment; returns
    the progress lines it printed."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    child = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(data.root), moment, *map(str, files)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    lines = []
    try:
        for line in child.stdout:
            lines.append(line.strip())
            if lines[-1] in (moment, "done"):
                break
        assert lines[-1] == moment, f"the import never reached {moment!r}: {lines}"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    return lines


def posts_and_index(data: DataDir) -> tuple[int, int]:
    conn = sqlite3.connect(data.database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = conn.execute("SELECT count(*) FROM posts").fetchone()[0]
        return count, conn.execute("SELECT count(*) FROM posts_fts").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_killed_import_leaves_a_consistent_database(data_dir: DataDir, tmp_path: Path) -> None:
    """Killed mid-file (1,500 of 3,000 notes written in its transaction), after a first file
    was committed: the first file is whole, the second absent, and the library opens and
    imports it again."""
    first = exports.write_jsonl(tmp_path / "first.jsonl", [exports.note(n) for n in range(100)])
    notes = [exports.note(n) for n in range(100, 3_100)]
    second = exports.write_jsonl(tmp_path / "second.jsonl", notes)
    lines = import_killed_at(data_dir, "Importing second.jsonl: 1,500", [first, second])
    assert "Importing first.jsonl: 1,500" not in lines  # the first file is small
    assert "Importing second.jsonl: 1,000" in lines  # the kill landed well into the second
    assert posts_and_index(data_dir) == (100, 100)
    library = Library(data_dir, seed_samples=False)
    try:
        assert library.posts.count() == 100
        report = library.import_paths([second], index=False)
        assert [f.added for f in report.files] == [3_000]
        assert library.posts.count() == 3_100
    finally:
        library.close()
    assert posts_and_index(data_dir) == (3_100, 3_100)


@pytest.mark.slow
def test_import_killed_in_its_only_file_leaves_nothing(data_dir: DataDir, tmp_path: Path) -> None:
    notes = exports.write_jsonl(tmp_path / "big.jsonl", [exports.note(n) for n in range(2_000)])
    import_killed_at(data_dir, "Importing big.jsonl: 1,500", [notes])
    assert posts_and_index(data_dir) == (0, 0)
