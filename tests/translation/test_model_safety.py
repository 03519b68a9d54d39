"""Installing a model never breaks the one that works: a package whose weights or tokenizer
are broken is tried in staging and refused, zip bombs are refused before anything is unpacked,
and a full disk (or a file size limit) is one line with nothing left behind."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.paths import DataDir
from companion.translation.models import InvalidModel, ModelStore, check_package
from companion.translation.translator import ArgosTranslator
from tests.translation.argos_fixture import build_argosmodel, build_zip_bomb, corrupt_package

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "我今天早上去咖啡店喝了一杯拿铁。"


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def real_model_bin(package: Path) -> bytes:
    with zipfile.ZipFile(package) as archive:
        name = next(n for n in archive.namelist() if n.endswith("model/model.bin"))
        return archive.read(name)


BROKEN = {
    "model.bin is noise": ("model/model.bin", lambda real: os.urandom(len(real))),
    "model.bin is cut short": ("model/model.bin", lambda real: real[: len(real) // 2]),
    "model.bin is empty": ("model/model.bin", lambda real: b""),
    "tokenizer is noise": ("sentencepiece.model", lambda real: os.urandom(4096)),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_package_never_replaces_the_working_model(
    tmp_path: Path, zh_en_model: Path, kind: str
) -> None:
    store = ModelStore(tmp_path / "packages")
    working = store.install_file(zh_en_model)
    before = tree(store.packages_dir)
    broken, damage = BROKEN[kind]
    package = corrupt_package(
        tmp_path / "broken.argosmodel", broken, damage(real_model_bin(zh_en_model))
    )
    check_package(package)  # a well-formed package: only loading it shows the damage
    with pytest.raises(InvalidModel, match="was not installed: its model does not load") as err:
        store.install_file(package)
    assert "\n" not in str(err.value) and "installed models are unchanged" in str(err.value)
    assert store.installed() == [working] and tree(store.packages_dir) == before
    assert ArgosTranslator(store).translate([SENTENCE])[0]  # the old model still translates


@pytest.mark.parametrize(
    ("expanded", "message"),
    [
        (3_900_000_000, "would unpack to 3.6 GB, more than a translation model needs"),
        (64 * 1024**2, r"model\.bin would expand \d+× \(to 64 MB\)"),
    ],
)
def test_zip_bombs_are_refused_before_unpacking(
    tmp_path: Path, zh_en_model: Path, expanded: int, message: str
) -> None:
    bomb = build_zip_bomb(tmp_path / "bomb.argosmodel", expanded)
    assert bomb.stat().st_size < expanded / 500
    store = ModelStore(tmp_path / "packages")
    working = store.install_file(zh_en_model)
    before = tree(store.packages_dir)
    started = time.monotonic()
    with pytest.raises(InvalidModel, match=message):
        store.install_file(bomb)
    assert time.monotonic() - started < 2  # refused from the zip's directory, not by inflating
    assert store.installed() == [working] and tree(store.packages_dir) == before


def test_a_real_size_package_is_accepted(tmp_path: Path) -> None:
    """Entries that barely compress (like real weights) pass the ratio bound at any size."""
    package = build_argosmodel(tmp_path / "m.argosmodel", seed=5)
    assert check_package(package).unpacked_bytes > 80_000


# -- a full disk and a file size limit, at the OS boundary --------------------------------


def install_in_subprocess(
    data: Path, package: Path, *, fsize: int | None = None
) -> subprocess.CompletedProcess[str]:
    """`companion models install` in its own process (optionally under RLIMIT_FSIZE)."""

    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "companion",
            "--data-dir",
            str(data),
            "models",
            "install",
            str(package),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
    )


@pytest.fixture
def small_disk(data_dir: DataDir) -> Iterator[Path]:
    """The data dir's packages folder on its own 1 MB tmpfs (needs the right to mount)."""
    folder = data_dir.root / "argos-packages"
    folder.mkdir(exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the RLIMIT_FSIZE test covers it")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_while_installing_is_one_line(
    small_disk: Path, data_dir: DataDir, zh_en_model: Path, tmp_path: Path
) -> None:
    store = ModelStore(small_disk)
    working = store.install_file(zh_en_model)
    stats = os.statvfs(small_disk)
    free = stats.f_bavail * stats.f_frsize
    (small_disk / ".filler").write_bytes(bytes(max(free - 40_000, 0)))  # room for a part of it
    before = tree(small_disk)
    newer = build_argosmodel(tmp_path / "newer.argosmodel", version="1.1", seed=3)
    result = install_in_subprocess(data_dir.root, newer)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], result.stderr
    assert "installed models are unchanged" in lines[0]
    assert tree(small_disk) == before and store.installed() == [working]


def test_a_file_size_limit_while_installing_is_one_line(
    data_dir: DataDir, zh_en_model: Path, tmp_path: Path
) -> None:
    # RLIMIT_FSIZE makes the kernel refuse to grow any file past the limit (EFBIG); Python
    # ignores SIGXFSZ, so the write fails with an OSError, as it does on a full disk. The limit
    # leaves room for the library's database; the package carries one 8 MB file that cannot fit.
    store = ModelStore(data_dir.root / "argos-packages")
    working = store.install_file(zh_en_model)
    newer = corrupt_package(tmp_path / "newer.argosmodel", "README.md", os.urandom(8 << 20))
    before = tree(store.packages_dir)
    result = install_in_subprocess(data_dir.root, newer, fsize=4 << 20)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "File too large" in lines[0], result.stderr
    assert "installed models are unchanged" in lines[0]
    assert tree(store.packages_dir) == before and store.installed() == [working]
