"""The PyInstaller spec builds a one-folder app that runs without Python or the repository:
commands, the sample posts, an offscreen screenshot and a translation with a real model."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.packaging.helpers import (
    PACKAGING,
    PYINSTALLER_VERSION,
    offline_env,
    png_size,
    run_offline,
)

SPEC = PACKAGING / "pyinstaller" / "companion.spec"


def _pyinstaller_version() -> str:
    try:
        from PyInstaller import __version__
    except ImportError:
        pytest.fail(
            f"PyInstaller is missing: add pyinstaller=={PYINSTALLER_VERSION} to the test "
            "extras in pyproject.toml"
        )
    return str(__version__)


@pytest.mark.slow
def test_one_folder_app_builds_and_runs_offline(tmp_path: Path, argos_model: Path) -> None:
    _pyinstaller_version()
    dist, work = tmp_path / "dist", tmp_path / "build"
    started = time.monotonic()
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    build_seconds = time.monotonic() - started
    assert build.returncode == 0, build.stderr[-6000:]
    print(f"PyInstaller build: {build_seconds:.0f} s")

    app = dist / "companion"
    program = app / "companion"
    internal = app / "_internal"
    assert program.is_file()
    assert (internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqoffscreen.so").is_file()
    assert (internal / "companion" / "resources" / "samples" / "posts.json").is_file()
    for unwanted in ("anki", "pytest", "hypothesis", "tkinter", "minisbd", "jieba/lac_small"):
        assert not (internal / unwanted).exists(), f"{unwanted} was bundled"
    assert (internal / "rapidocr" / "models" / "PP-OCRv6_rec_small.onnx").is_file()

    home = tmp_path / "home"
    env = offline_env(home)
    env.pop("PYTHONPATH")  # the frozen app has no site: it must stand on its own
    data = tmp_path / "data"  # a cold data dir: the dictionary compiles from frozen data

    annotated = run_offline(
        [program, "--data-dir", data, "annotate", "你好", "--json"], env=env, cwd=home
    )
    (sentence,) = json.loads(annotated.stdout)["sentences"]
    assert [(t["text"], t["pinyin"], t["hsk"]) for t in sentence["tokens"]] == [
        ("你好", "nǐ hǎo", 1)
    ]
    polyphone = run_offline(
        [program, "--data-dir", data, "annotate", "还钱", "--json"], env=env, cwd=home
    )
    assert "huán" in polyphone.stdout  # g2pM + pypinyin data: the polyphone in context

    posts = run_offline([program, "--data-dir", data, "posts", "list", "--json"], env=env, cwd=home)
    assert len(json.loads(posts.stdout)) >= 30

    shot = tmp_path / "f.png"
    run_offline([program, "--data-dir", data, "screenshot", "feed", "-o", shot], env=env, cwd=home)
    assert png_size(shot) == (1280, 800) and shot.stat().st_size > 100_000

    from tests.ocr.pictures import text_picture

    cover = tmp_path / "cover.png"
    text_picture(["周末去海边"]).save(cover)
    read = run_offline([program, "--data-dir", data, "ocr", cover, "--json"], env=env, cwd=home)
    assert [line["text"] for line in json.loads(read.stdout)["lines"]] == ["周末去海边"]

    run_offline([program, "--data-dir", data, "models", "install", argos_model], env=env, cwd=home)
    translated = run_offline(
        [program, "--data-dir", data, "translate", "你好", "--json"], env=env, cwd=home
    )
    (sentence,) = json.loads(translated.stdout)["sentences"]
    assert sentence["translation"], translated.stdout  # ctranslate2 + sentencepiece, frozen
