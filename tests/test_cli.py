"""The command line: help, version, annotate's text and JSON output, errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion import __version__
from companion.cli import build_parser, main
from companion.paths import DataDir


def run(
    data: DataDir, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the real `companion` in a child process (PYTHONIOENCODING left at its default)."""
    env = {k: v for k, v in os.environ.items() if k != "COMPANION_HOME"}
    return subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data.root), *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"companion {__version__}"


def test_every_command_has_help() -> None:
    import argparse

    def walk(parser: argparse.ArgumentParser, path: str) -> int:
        assert parser.description, path
        count = 1
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    count += walk(sub, f"{path} {name}")
            elif action.dest != "help":
                assert action.help, f"{path} {action.dest}"
        return count

    assert walk(build_parser(), "companion") >= 10


def test_usage_error_exits_2(session_data_dir: DataDir) -> None:
    result = run(session_data_dir, "annotate", "--no-such-flag")
    assert result.returncode == 2
    assert b"usage:" in result.stderr


def test_annotate_json_contract(
    session_data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "我们去银行还钱了。绝绝子😋"
    assert main(["--data-dir", str(session_data_dir.root), "annotate", text, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"sentences"}
    tokens = [t for s in payload["sentences"] for t in s["tokens"]]
    assert "".join(t["text"] for t in tokens) == text
    assert next((t["start"], t["end"]) for t in tokens) == (0, len(tokens[0]["text"]))
    bank = next(t for t in tokens if t["text"] == "银行")
    assert bank == {
        "text": "银行",
        "start": 3,
        "end": 5,
        "is_chinese": True,
        "pinyin": "yín háng",
        "pinyin_numbers": "yin2 hang2",
        "definitions": bank["definitions"],
        "hsk": 3,
        "slang": None,
        "gloss": "bank",
        "label": None,
        "name": None,
        "sticker": None,
    }
    assert "bank" in bank["definitions"][0]
    le = next(t for t in tokens if t["text"] == "了")
    assert le["label"] in ("PFV", "SFP") and le["gloss"] == le["label"]
    slang = next(t for t in tokens if t["text"] == "绝绝子")
    assert slang["slang"]
    emoji = next(t for t in tokens if t["text"] == "😋")
    assert emoji["is_chinese"] is False and emoji["pinyin"] == ""


def test_annotate_text_output(
    session_data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--data-dir", str(session_data_dir.root), "annotate", "学习中文 #学习[话题]#"]) == 0
    )
    out = capsys.readouterr().out
    assert "学习  xué xí  HSK 1" in out
    assert "tags: 学习" in out


@pytest.mark.parametrize(("flags", "reading"), [((), "bu4 shi4"), (("--sandhi",), "bu2 shi4")])
def test_annotate_sandhi_is_an_output_option(
    session_data_dir: DataDir,
    capsys: pytest.CaptureFixture[str],
    flags: tuple[str, ...],
    reading: str,
) -> None:
    root = str(session_data_dir.root)
    assert main(["--data-dir", root, "annotate", "他不是学生。", "--json", *flags]) == 0
    tokens = json.loads(capsys.readouterr().out)["sentences"][0]["tokens"]
    bushi = next(t for t in tokens if t["text"] == "不是")
    assert bushi["pinyin_numbers"] == reading
    assert main(["--data-dir", root, "annotate", "他不是学生。", "--numbers", *flags]) == 0
    assert f"不是  {reading}" in capsys.readouterr().out


def test_annotate_reads_stdin_in_utf8_and_gb18030(session_data_dir: DataDir) -> None:
    for encoding in ("utf-8", "utf-8-sig", "gb18030"):
        result = run(session_data_dir, "annotate", "--json", stdin="你好，世界".encode(encoding))
        assert result.returncode == 0, result.stderr
        tokens = json.loads(result.stdout)["sentences"][0]["tokens"]
        assert tokens[0]["text"] == "你好"


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (b"", b"nothing to annotate"),
        (b"  \n\t ", b"nothing to annotate"),
        (b"\x00\x01\x02binary", b"binary data"),
        (b"\xff\xff\xff\xff", b"neither UTF-8 nor GB18030"),
    ],
)
def test_unusable_input_exits_1_with_one_line(
    session_data_dir: DataDir, stdin: bytes, message: bytes
) -> None:
    result = run(session_data_dir, "annotate", "-", stdin=stdin)
    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr.count(b"\n") == 1 and message in result.stderr


def test_unwritable_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = run(DataDir(blocker / "sub"), "annotate", "你好")
    assert result.returncode == 1
    assert result.stderr.startswith(b"companion: error: cannot create data directory")


def test_app_without_a_display_says_so(session_data_dir: DataDir) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(session_data_dir.root)],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert b"no display to open a window on" in result.stderr


def test_tag_means_one_thing_in_every_command() -> None:
    """--tag TAG selects what carries the tag wherever it filters; `vocab add` gives the tag."""
    import argparse

    helps: dict[str, str] = {}

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}".strip())
            elif "--tag" in action.option_strings:
                helps[path] = action.help or ""

    walk(build_parser(), "")
    assert helps == {
        "export": "only words with this tag",
        "posts list": "only posts with this tag",
        "vocab add": "tag the word with this tag (repeatable); list and export select words by it",
        "vocab list": "only words with this tag",
    }


@pytest.mark.parametrize(
    "args",
    [
        ["posts", "list"],
        ["vocab", "list"],
        ["vocab", "set-status", "猫", "known"],
        ["vocab", "add", "猫", "--post", "999999"],  # refused: the library closes anyway
        ["export", "anki", "-o", "/nonexistent-folder/deck.apkg"],
        ["translate", "--gloss", "今天吃火锅。"],
        ["annotate", "今天吃火锅。"],
        ["db", "backup"],
    ],
    ids=lambda a: "-".join(a[:2]),
)
def test_every_command_closes_the_library(
    data_dir: DataDir, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    import gc

    def open_database_files() -> list[str]:
        found = []
        for fd in Path("/proc/self/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith(str(data_dir.database)):
                found.append(target)
        return found

    main(["--data-dir", str(data_dir.root), "vocab", "add", "火锅"])  # the library exists
    gc.collect()
    assert open_database_files() == []
    gc.disable()  # closed by the command, not by the garbage collector
    try:
        main(["--data-dir", str(data_dir.root), *args])
        assert open_database_files() == []
    finally:
        gc.enable()
