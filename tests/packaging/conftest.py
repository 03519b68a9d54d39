"""Packaging fixtures: Companion's sdist and wheel built once per session (offline, no build
isolation), the overlay of the project venv's libraries, and a tiny translation model."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.packaging.helpers import PACKAGING, make_overlay
from tests.translation.argos_fixture import build_argosmodel


@dataclass(frozen=True)
class Dists:
    """The built distributions."""

    sdist: Path
    wheel: Path


@pytest.fixture(scope="session")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """sdist and wheel built by packaging/build.py (the wheel from the sdist)."""
    outdir = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "build.py"), "-o", str(outdir)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"packaging/build.py failed:\n{result.stdout}{result.stderr}"
    (sdist,) = outdir.glob("companion_reader-*.tar.gz")
    (wheel,) = outdir.glob("companion_reader-*-py3-none-any.whl")
    return Dists(sdist=sdist, wheel=wheel)


@pytest.fixture(scope="session")
def overlay(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Symlinks to the project venv's third-party libraries (see helpers.make_overlay)."""
    return make_overlay(tmp_path_factory.mktemp("overlay") / "site")


@pytest.fixture(scope="session")
def argos_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny real zh→en .argosmodel (random weights: translations are gibberish)."""
    return build_argosmodel(tmp_path_factory.mktemp("model") / "translate-zh_en-1_0.argosmodel")
