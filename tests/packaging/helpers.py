"""Helpers for packaging tests: fresh venvs that borrow the project venv's libraries, and
running programs with the network cut off.

Tests never download anything. A fresh venv gets Companion only from a wheel we build here;
its third-party libraries come from the running (project) venv through a `.pth` file that points
at an *overlay* folder of symlinks to that venv's site-packages, minus Companion itself (an
editable install there would otherwise shadow the wheel, and pip would call it already
installed). Programs under test run with a minimal environment, pip's config files ignored,
`PIP_NO_INDEX=1`, inside a fresh network namespace (`unshare -n`) when the machine allows one,
and always with a sitecustomize that refuses internet sockets.
"""

from __future__ import annotations

import functools
import os
import shutil
import struct
import subprocess
import sys
import sysconfig
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
PYINSTALLER_VERSION = "6.22.3"  # the version these tests were written against

# Entries of the project venv's site-packages that must not leak into a fresh venv.
_HIDDEN_PREFIXES = ("companion", "__editable__", "_companion", "pip", "__pycache__")
_HIDDEN_SUFFIXES = (".pth", ".egg-link")

_SITECUSTOMIZE = '''\
"""Installed by tests/packaging: programs under test may not reach the network."""
import socket

_INTERNET = {socket.AF_INET, socket.AF_INET6}


def _refuse(*args, **kwargs):
    raise OSError("network access is disabled in Companion's packaging tests")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _guarded_connect(self, address):
    if self.family in _INTERNET:
        _refuse()
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in _INTERNET:
        _refuse()
    return _connect_ex(self, address)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.getaddrinfo = _refuse
'''


def site_packages() -> list[Path]:
    """The running interpreter's site-packages folders (purelib, platlib)."""
    paths = sysconfig.get_paths()
    return list(dict.fromkeys(Path(paths[key]) for key in ("purelib", "platlib")))


def make_overlay(target: Path) -> Path:
    """A folder of symlinks to the running venv's libraries, without Companion or pip."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in site_packages():
        for entry in folder.iterdir():
            name = entry.name
            if name.lower().startswith(_HIDDEN_PREFIXES) or name.endswith(_HIDDEN_SUFFIXES):
                continue
            link = target / name
            if not link.exists():
                link.symlink_to(entry)
    return target


def venv_site_packages(venv: Path) -> Path:
    """The site-packages folder of a POSIX venv."""
    (folder,) = (venv / "lib").glob("python3*/site-packages")
    return folder


def make_venv(venv: Path, overlay: Path | None) -> Path:
    """A fresh venv with pip; with overlay, its .pth makes the project's libraries importable."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    if overlay is not None:
        (venv_site_packages(venv) / "_companion_test_libraries.pth").write_text(
            f"{overlay}\n", encoding="utf-8"
        )
    return venv


def guard_folder(base: Path) -> Path:
    """A folder holding the network-refusing sitecustomize (goes on PYTHONPATH)."""
    folder = base / "no-network"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    return folder


def offline_env(home: Path, *, path: Sequence[Path] = (), **extra: str) -> dict[str, str]:
    """A minimal environment: no inherited PIP_*/PYTHON* variables, no pip config, no index."""
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.pathsep.join([*map(str, path), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TMPDIR": os.environ.get("TMPDIR", "/tmp"),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_CACHE_DIR": "1",
        "PYTHONPATH": str(guard_folder(home)),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(extra)
    return env


@functools.cache
def can_unshare_network() -> bool:
    """Whether `unshare -n` can give a process a network namespace of its own here."""
    if shutil.which("unshare") is None:
        return False
    try:
        result = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def run_offline(
    command: Sequence[str | Path],
    *,
    env: Mapping[str, str],
    cwd: Path,
    timeout: float = 300,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run command without network access; with check, fail showing its output."""
    argv = [str(part) for part in command]
    if can_unshare_network():
        argv = ["unshare", "-n", *argv]
    result = subprocess.run(
        argv,
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(argv)} exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
        )
    return result


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) of a PNG file, checking its signature."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height
