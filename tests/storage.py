"""Real read-only and real full filesystems for storage-failure tests.

As root (this project's test machines), chmod does not stop writes, so a read-only folder or file
is a read-only bind mount of itself, and a full disk is a small tmpfs: the kernel itself answers
EROFS and ENOSPC. As another user, chmod makes things read-only; a tmpfs needs root, so the
full-disk tests skip there (tests/store/test_backups.py also fills a database with SQLite's
``max_page_count``, which runs anywhere).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"mount is not permitted here: {result.stderr.strip()}")


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """Make a folder or file read-only for the block (a read-only bind mount as root)."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield path
        finally:
            path.chmod(mode)
        return
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    _mount("--bind", str(path), str(path))
    try:
        _mount("-o", "remount,ro,bind", str(path))
        yield path
    finally:
        _umount(path)


@contextmanager
def small_disk(path: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of size_kb at path (created) for the block: writes past it fail with ENOSPC."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real small filesystem needs root (mount -t tmpfs)")
    path.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path))
    try:
        yield path
    finally:
        _umount(path)


def resize(path: Path, size_kb: int) -> None:
    """Change a small_disk's size (tmpfs can shrink down to what it holds)."""
    _mount("-o", f"remount,size={size_kb}k", str(path))


def used_kb(path: Path) -> int:
    stat = os.statvfs(path)
    return (stat.f_blocks - stat.f_bfree) * stat.f_frsize // 1024


def run_cli(data_root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real `companion` command in its own process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data_root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def leftovers(root: Path) -> list[str]:
    """Temporary files a failed write must not leave behind (partial backups, staging files,
    jieba's and the dictionary's temp files)."""
    patterns = ("*.partial", "*.new", "*.restoring", "tmp*", ".cedict-*", "*.tmp")
    return sorted(str(p.relative_to(root)) for pat in patterns for p in root.rglob(pat))
