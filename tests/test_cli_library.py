"""`companion posts …`, `vocab …` and `db restore` against a real data dir, as a user runs them."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
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
import sys
from pathlib import Path
from companion.library import Library
from companion.paths import DataDir
lib = Library(DataDir(Path(sys.argv[1])), seed_samples=False)
print("ready", flush=True)
lib.import_paths([Path(sys.argv[2])], index=False)
print("done", flush=True)
"""


@pytest.mark.slow
def test_killed_import_leaves_a_consistent_database(data_dir: DataDir, tmp_path: Path) -> None:
    notes = exports.write_jsonl(tmp_path / "big.jsonl", [exports.note(n) for n in range(20_000)])
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    child = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(data_dir.root), str(notes)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(1.5)  # well into the import
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    conn = sqlite3.connect(data_dir.database)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count = conn.execute("SELECT count(*) FROM posts").fetchone()[0]
    fts = conn.execute("SELECT count(*) FROM posts_fts").fetchone()[0]
    conn.close()
    assert count in (0, 20_000) and fts == count
