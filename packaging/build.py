#!/usr/bin/env python3
"""Build Companion's sdist and wheel into a folder (default ``dist/``).

    python packaging/build.py                 # sdist + wheel into dist/
    python packaging/build.py --wheel -o DIR  # only the wheel

The source tree is first copied to a scratch folder (without .venv, .git, caches and old
builds), so a build never writes ``build/`` or ``*.egg-info`` into the checkout. The sdist is
built first and the wheel is built *from the unpacked sdist*, as ``python -m build`` does, so a
file missing from the sdist shows up as a broken wheel instead of a broken release.

Building calls setuptools' PEP 517 hooks in the running interpreter, so it needs no network,
only setuptools >= 77 (pyproject.toml uses SPDX license metadata) and ``packaging`` (one of
Companion's own dependencies) to compare versions.
``--isolated`` instead lets pip build the wheel in an isolated environment (pip fetches
setuptools from the package index; needs the network; wheel only).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
MIN_SETUPTOOLS = Version("77")
# Never copied into the scratch tree: environments, VCS data, caches and earlier builds.
IGNORED = (
    ".venv",
    "venv",
    ".git",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".benchmarks",
    ".mypy_cache",
)

# Runs inside the scratch tree: `python -c HOOK KIND OUTDIR` prints the built file's name.
HOOK = """
import sys
from setuptools import build_meta
kind, outdir = sys.argv[1], sys.argv[2]
hook = build_meta.build_sdist if kind == "sdist" else build_meta.build_wheel
print(hook(outdir))
"""


class BuildError(RuntimeError):
    """The build could not run or failed; the message says why."""


def setuptools_version(python: str = sys.executable) -> Version | None:
    """The setuptools version importable by python, or None when it has none."""
    result = subprocess.run(
        [python, "-c", "import setuptools; print(setuptools.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return None
    try:
        return Version(result.stdout.strip())
    except InvalidVersion:
        return None


def _check_setuptools(python: str) -> None:
    version = setuptools_version(python)
    if version is None or version < MIN_SETUPTOOLS:
        found = str(version) if version else "none"
        raise BuildError(
            f"building needs setuptools >= {MIN_SETUPTOOLS} in {python} "
            f"(found {found}): run `{python} -m pip install 'setuptools>=77'`, or use --isolated"
        )


def copy_source(source: Path, target: Path) -> Path:
    """Copy the project tree at source to target, leaving out environments and build debris."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*IGNORED), symlinks=True)
    return target


def _hook(python: str, tree: Path, kind: str, outdir: Path) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [python, "-c", HOOK, kind, str(outdir)],
        cwd=tree,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"building the {kind} failed:\n{result.stdout}{result.stderr}")
    return outdir / result.stdout.strip().splitlines()[-1]


def _pip_wheel(python: str, tree: Path, outdir: Path) -> Path:
    before = set(outdir.glob("*.whl")) if outdir.is_dir() else set()
    result = subprocess.run(
        [python, "-m", "pip", "wheel", "--no-deps", "-w", str(outdir), str(tree)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError(f"pip wheel failed:\n{result.stdout}{result.stderr}")
    built = sorted(set(outdir.glob("companion_reader-*.whl")) - before) or sorted(
        outdir.glob("companion_reader-*.whl")
    )
    return built[-1]


def build(
    outdir: Path,
    *,
    sdist: bool = True,
    wheel: bool = True,
    isolated: bool = False,
    source: Path = ROOT,
    python: str = sys.executable,
) -> list[Path]:
    """Build the requested distributions of the project at source into outdir; return them."""
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    built: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="companion-build-") as scratch:
        tree = copy_source(Path(source), Path(scratch) / "src")
        if isolated:
            if sdist:
                raise BuildError("--isolated builds the wheel only (add --wheel)")
            return [_pip_wheel(python, tree, outdir)]
        _check_setuptools(python)
        sdist_path = _hook(python, tree, "sdist", outdir if sdist else Path(scratch) / "sdist")
        if sdist:
            built.append(sdist_path)
        if wheel:
            unpacked = Path(scratch) / "unpacked"
            with tarfile.open(sdist_path) as archive:
                archive.extractall(unpacked, filter="data")
            (sdist_tree,) = unpacked.iterdir()
            built.append(_hook(python, sdist_tree, "wheel", outdir))
    return built


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--outdir", default=str(ROOT / "dist"), help="default: dist/")
    parser.add_argument("--wheel", action="store_true", help="build the wheel (default: both)")
    parser.add_argument("--sdist", action="store_true", help="build the sdist (default: both)")
    parser.add_argument(
        "--isolated",
        action="store_true",
        help="let pip build the wheel in an isolated env (needs the network)",
    )
    args = parser.parse_args(argv)
    both = not (args.wheel or args.sdist)
    try:
        paths = build(
            Path(args.outdir),
            sdist=both or args.sdist,
            wheel=both or args.wheel,
            isolated=args.isolated,
        )
    except BuildError as exc:
        print(f"build: error: {exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
