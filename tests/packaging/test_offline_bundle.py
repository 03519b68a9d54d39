"""The offline bundle: its layout, its pip commands, and both installers run with no network.

What these tests cannot cover without the internet: `build` without --wheelhouse downloads the
dependency wheels for the target (`pip wheel` + `pip download`, see --dry-run below) and checks
them with pip. Here the bundle is built with `--wheelhouse` holding no dependency wheels, and
the fresh venv the installers use borrows the project venv's libraries (helpers.make_overlay),
so pip installs only Companion's own wheel from the bundle, with no index and no network.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.packaging.conftest import Dists
from tests.packaging.helpers import (
    PACKAGING,
    REPO,
    make_venv,
    offline_env,
    run_offline,
)

SCRIPT = PACKAGING / "offline_bundle.py"
NAME = "companion-offline"


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match is not None, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def _load_script() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("offline_bundle", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_runtime_requirements_are_pyprojects_dependencies(dists: Dists) -> None:
    bundle = _load_script()
    from_wheel = {_name(r) for r in bundle.runtime_requirements(dists.wheel)}  # type: ignore[attr-defined]
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert from_wheel == {_name(r) for r in pyproject["project"]["dependencies"]}
    assert not from_wheel & {"anki", "pytest", "hypothesis"}
    # the OCR's models come inside the rapidocr wheel (none is downloaded at run time)
    assert {"rapidocr", "onnxruntime", "pillow"} <= from_wheel


def test_manylinux_platforms_expand_to_every_older_glibc() -> None:
    bundle = _load_script()
    tags = bundle.expand_platforms(["manylinux_2_34_x86_64"])  # type: ignore[attr-defined]
    assert tags[0] == "manylinux_2_34_x86_64"
    assert {
        "manylinux_2_28_x86_64",
        "manylinux_2_17_x86_64",
        "manylinux2014_x86_64",
        "manylinux1_x86_64",
    } <= set(tags)
    assert len(tags) == len(set(tags))
    assert bundle.expand_platforms(["win_amd64"]) == ["win_amd64"]  # type: ignore[attr-defined]


def test_dry_run_prints_the_download_commands(tmp_path: Path) -> None:
    env = offline_env(tmp_path / "home")
    result = run_offline(
        [
            sys.executable,
            SCRIPT,
            "build",
            "--dry-run",
            "--python",
            "3.11",
            "--platform",
            "manylinux_2_34_x86_64",
            "-o",
            tmp_path / "b.zip",
        ],
        env=env,
        cwd=tmp_path,
    )
    wheel, download, check = result.stdout.strip().splitlines()
    assert " -m pip wheel --wheel-dir " in wheel
    assert " -m pip download " in download
    for option in (
        "--only-binary=:all:",
        "--python-version 3.11",
        "--implementation cp",
        "--platform manylinux_2_34_x86_64",
        "--platform manylinux2014_x86_64",
    ):
        assert option in download and option in check
    assert " install --dry-run --ignore-installed --no-index " in check
    assert check.endswith(" companion-reader")
    assert not (tmp_path / "b.zip").exists()


def test_dependency_check_rejects_an_incomplete_wheelhouse(dists: Dists, tmp_path: Path) -> None:
    empty = tmp_path / "wheelhouse"
    empty.mkdir()
    env = offline_env(tmp_path / "home")
    result = run_offline(
        [
            sys.executable,
            SCRIPT,
            "build",
            "--wheelhouse",
            empty,
            "--project-wheel",
            dists.wheel,
            "--platform",
            "manylinux_2_34_x86_64",
            "-o",
            tmp_path / NAME,
        ],
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert "checking that wheels/ holds every dependency" in result.stderr
    assert not (tmp_path / NAME).exists()


@pytest.fixture(scope="module")
def bundle_zip(dists: Dists, argos_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bundle zip with Companion's wheel and the fixture model (no dependency wheels)."""
    work = tmp_path_factory.mktemp("bundle")
    wheelhouse = work / "wheelhouse"
    wheelhouse.mkdir()
    output = work / f"{NAME}.zip"
    env = offline_env(work / "home")
    run_offline(
        [
            sys.executable,
            SCRIPT,
            "build",
            "--wheelhouse",
            wheelhouse,
            "--project-wheel",
            dists.wheel,
            "--no-deps-check",
            "--model",
            argos_model,
            "-o",
            output,
        ],
        env=env,
        cwd=work,
    )
    return output


def _unzip(archive: Path, target: Path) -> Path:
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(target)
    return target / NAME


@pytest.mark.slow
def test_bundle_zip_has_the_documented_layout(bundle_zip: Path, dists: Dists) -> None:
    with zipfile.ZipFile(bundle_zip) as archive:
        names = set(archive.namelist())
        install_mode = archive.getinfo(f"{NAME}/install.sh").external_attr >> 16
        manifest = json.loads(archive.read(f"{NAME}/bundle.json"))
        install_sh = archive.read(f"{NAME}/install.sh").decode()
    expected = {
        f"{NAME}/wheels/{dists.wheel.name}",
        f"{NAME}/models/translate-zh_en-1_0.argosmodel",
        f"{NAME}/install.sh",
        f"{NAME}/install.ps1",
        f"{NAME}/README.txt",
        f"{NAME}/offline_bundle.py",
        f"{NAME}/bundle.json",
        f"{NAME}/desktop/companion.desktop",
        f"{NAME}/desktop/install-desktop.sh",
        f"{NAME}/desktop/icons/hicolor/256x256/apps/companion.png",
    }
    assert expected <= names
    assert install_mode & 0o111, "install.sh is not executable"
    assert "@" not in re.sub(r"[\w.+-]+@[\w.-]+", "", install_sh), "unfilled template value"
    assert manifest["python"] == f"{sys.version_info.major}.{sys.version_info.minor}"
    assert manifest["models"] == ["translate-zh_en-1_0.argosmodel"]
    assert manifest["wheels"] == [dists.wheel.name]
    assert manifest["dependencies_checked"] is False


def _assert_translates(companion: Path, env: dict[str, str], cwd: Path) -> None:
    models = run_offline([companion, "models", "list", "--json"], env=env, cwd=cwd)
    assert [(m["from"], m["to"]) for m in json.loads(models.stdout)] == [("zh", "en")]
    translated = run_offline([companion, "translate", "你好", "--json"], env=env, cwd=cwd)
    (sentence,) = json.loads(translated.stdout)["sentences"]
    assert sentence["translation"] and sentence["gloss"] == "hello", translated.stdout


@pytest.mark.slow
def test_install_sh_installs_offline_with_model_and_menu_entry(
    bundle_zip: Path, overlay: Path, tmp_path: Path
) -> None:
    root = _unzip(bundle_zip, tmp_path / "unpacked")
    venv = make_venv(tmp_path / "venv", overlay)
    home, data = tmp_path / "home", tmp_path / "data"
    env = offline_env(home)
    run_offline(
        ["bash", root / "install.sh", "--venv", venv, "--data-dir", data, "--desktop"],
        env=env,
        cwd=tmp_path,
    )

    link = home / ".local" / "bin" / "companion"
    assert link.is_symlink() and link.resolve() == (venv / "bin" / "companion").resolve()
    entry = (home / ".local/share/applications/companion.desktop").read_text(encoding="utf-8")
    assert f"Exec={venv}/bin/companion\n" in entry
    _assert_translates(link, {**env, "COMPANION_HOME": str(data)}, tmp_path)


@pytest.mark.slow
def test_python_installer_installs_offline_from_the_zip(
    bundle_zip: Path, overlay: Path, tmp_path: Path
) -> None:
    copy = _unzip(bundle_zip, tmp_path / "unpacked") / "offline_bundle.py"  # the bundle's own
    venv = make_venv(tmp_path / "venv", overlay)
    home, data = tmp_path / "home", tmp_path / "data"
    env = offline_env(home)
    run_offline(
        [
            sys.executable,
            copy,
            "install",
            bundle_zip,
            "--venv",
            venv,
            "--data-dir",
            data,
            "--no-link",
        ],
        env=env,
        cwd=tmp_path,
    )
    assert not (home / ".local" / "bin" / "companion").exists()
    _assert_translates(venv / "bin" / "companion", {**env, "COMPANION_HOME": str(data)}, tmp_path)
