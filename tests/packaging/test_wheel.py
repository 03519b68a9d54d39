"""The sdist and wheel carry every resource, and the wheel installed into a fresh venv runs
Companion outside the repository: commands, sample posts and an offscreen screenshot."""

from __future__ import annotations

import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.packaging.conftest import Dists
from tests.packaging.helpers import (
    REPO,
    make_venv,
    offline_env,
    png_size,
    run_offline,
    venv_site_packages,
)

RESOURCES = REPO / "companion" / "resources"


def _shipped_resources() -> set[str]:
    """Resource files in the checkout, as paths inside the package (companion/resources/...)."""
    files = {
        path.relative_to(REPO).as_posix()
        for path in RESOURCES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert {"companion/resources/slang.tsv", "companion/resources/samples/posts.json"} <= files
    assert sum(name.endswith(".jpg") for name in files) >= 30
    return files


def test_wheel_carries_every_resource_and_the_entry_point(dists: Dists) -> None:
    with zipfile.ZipFile(dists.wheel) as wheel:
        names = set(wheel.namelist())
        missing = _shipped_resources() - names
        assert not missing, f"resources missing from the wheel: {sorted(missing)}"
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert "companion = companion.cli:main" in wheel.read(entry_points).decode()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        text = wheel.read(metadata).decode()
    assert "Requires-Dist: PySide6-Essentials<6.12,>=6.8" in text
    assert "License-Expression: MIT" in text
    assert not [n for n in names if n.startswith("tests/")], "tests leaked into the wheel"


def test_sdist_carries_every_resource(dists: Dists) -> None:
    with tarfile.open(dists.sdist) as sdist:
        top = dists.sdist.name.removesuffix(".tar.gz")
        names = {name.removeprefix(top + "/") for name in sdist.getnames()}
    missing = _shipped_resources() - names
    assert not missing, f"resources missing from the sdist: {sorted(missing)}"
    assert {"pyproject.toml", "README.md", "LICENSE", "LICENSES.md"} <= names


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_runs(
    dists: Dists, overlay: Path, tmp_path: Path
) -> None:
    venv = make_venv(tmp_path / "venv", overlay)
    work = tmp_path / "work"  # the cwd: not the repo, so nothing imports from the checkout
    work.mkdir()
    env = offline_env(tmp_path / "home", path=[venv / "bin"])
    data = tmp_path / "data"

    # pip resolves the wheel's dependencies against the borrowed libraries, with no index.
    run_offline(
        [venv / "bin" / "python", "-m", "pip", "install", "--no-index", dists.wheel],
        env=env,
        cwd=work,
    )

    where = run_offline(
        [venv / "bin" / "python", "-c", "import companion.cli; print(companion.__file__)"],
        env=env,
        cwd=work,
    ).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv_site_packages(venv).resolve()), where

    annotated = run_offline(
        [venv / "bin" / "companion", "--data-dir", data, "annotate", "你好", "--json"],
        env=env,
        cwd=work,
    )
    (sentence,) = json.loads(annotated.stdout)["sentences"]
    (token,) = sentence["tokens"]
    assert (token["text"], token["pinyin"], token["hsk"]) == ("你好", "nǐ hǎo", 1)
    assert "hello" in token["definitions"][0]

    posts = run_offline(
        [venv / "bin" / "companion", "--data-dir", data, "posts", "list", "--json"],
        env=env,
        cwd=work,
    )
    assert len(json.loads(posts.stdout)) >= 30  # the sample posts, seeded from the wheel

    shot = work / "feed.png"
    run_offline(
        [venv / "bin" / "companion", "--data-dir", data, "screenshot", "feed", "-o", shot],
        env=env,
        cwd=work,
    )
    assert png_size(shot) == (1280, 800)
    assert shot.stat().st_size > 100_000  # covers and text, not an empty window
