#!/usr/bin/env python3
"""Offline install bundle: all Companion needs, for a computer that never sees the internet.

On a computer with the internet (and this repository):

    python packaging/offline_bundle.py build -o companion-offline.zip \\
        [--platform manylinux_2_34_x86_64] [--python 3.11] [--model translate-zh_en.argosmodel]

makes a folder (or, for a name ending in .zip, a zip of one) holding wheels/ (Companion's own
wheel and a wheel of every runtime dependency, for the target platform and Python), models/,
install.sh, install.ps1, README.txt, bundle.json, desktop/ and a copy of this script. Then,
on the offline computer:

    ./install.sh      or      python3 offline_bundle.py install BUNDLE [--venv DIR]

`build` downloads with `pip download --only-binary=:all: --platform ... --python-version ...`;
libraries published only as source (jieba, g2pM, ...) are first built into pure-Python wheels
on this computer. It then checks, with pip and no index, that wheels/ resolves Companion
completely for the target. `--wheelhouse DIR` takes the dependency wheels from DIR instead of
downloading them, and `--dry-run` prints the pip commands without running them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = "companion-reader"
WHEEL_PREFIX = "companion_reader-"
DEFAULT_PLATFORM = "manylinux_2_34_x86_64"  # PySide6 6.8+ wheels need glibc 2.34 on Linux
MANIFEST = "bundle.json"
LEGACY_MANYLINUX = {"manylinux2014": (2, 17), "manylinux2010": (2, 12), "manylinux1": (2, 5)}
STORED_SUFFIXES = (".whl", ".argosmodel", ".zip", ".png")  # already compressed


class BundleError(RuntimeError):
    """The bundle could not be built or installed; the message says why."""


# -- platforms and requirements ------------------------------------------------------------


def expand_platforms(platforms: Sequence[str]) -> list[str]:
    """Platform tags pip should accept: a manylinux tag also admits every older glibc.

    pip expands macOS tags itself but takes `manylinux_2_34_x86_64` literally, so a bundle
    for glibc 2.34 would miss numpy's manylinux_2_27 or OpenCC's manylinux2014 wheels.
    """
    result: list[str] = []
    for platform in platforms:
        tags = [platform]
        legacy = re.fullmatch(r"(manylinux\d+)_(\w+)", platform)
        modern = re.fullmatch(r"manylinux_(\d+)_(\d+)_(\w+)", platform)
        if legacy and legacy.group(1) in LEGACY_MANYLINUX:
            (major, minor), arch = LEGACY_MANYLINUX[legacy.group(1)], legacy.group(2)
        elif modern:
            major, minor, arch = int(modern.group(1)), int(modern.group(2)), modern.group(3)
        else:
            major = 0
        if major == 2:
            tags += [f"manylinux_2_{m}_{arch}" for m in range(minor, 4, -1)]
            tags += [f"{name}_{arch}" for name, (_, m) in LEGACY_MANYLINUX.items() if m <= minor]
        for tag in tags:
            if tag not in result:
                result.append(tag)
    return result


def wheel_metadata(wheel: Path) -> str:
    """The METADATA text of a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return archive.read(name).decode("utf-8")


def runtime_requirements(wheel: Path) -> list[str]:
    """The wheel's Requires-Dist lines that belong to no extra (its runtime dependencies)."""
    requirements = []
    for line in wheel_metadata(wheel).splitlines():
        if not line.startswith("Requires-Dist:"):
            continue
        requirement = line.split(":", 1)[1].strip()
        if re.search(r"\bextra\s*==", requirement):
            continue
        requirements.append(requirement)
    return requirements


def wheel_version(wheel: Path) -> str:
    match = re.search(r"^Version:\s*(\S+)", wheel_metadata(wheel), re.MULTILINE)
    return match.group(1) if match else "unknown"


def _target_options(platforms: Sequence[str], python: str) -> list[str]:
    options = ["--only-binary=:all:", "--python-version", python, "--implementation", "cp"]
    for platform in expand_platforms(platforms):
        options += ["--platform", platform]
    return options


def download_commands(
    requirements_file: Path,
    host_dir: Path,
    wheels: Path,
    platforms: Sequence[str],
    python: str,
    pip: Sequence[str] = (sys.executable, "-m", "pip"),
) -> list[list[str]]:
    """The two pip commands that fill wheels/ (they need the package index).

    1. `pip wheel` on this computer: wheels for everything, building pure-Python wheels for
       the libraries that publish only source archives.
    2. `pip download` for the target, preferring step 1's wheels where they fit (pure Python)
       and downloading the target's binary wheels for the rest.
    """
    return [
        [*pip, "wheel", "--wheel-dir", str(host_dir), "-r", str(requirements_file)],
        [
            *pip,
            "download",
            "--dest",
            str(wheels),
            "--find-links",
            str(host_dir),
            *_target_options(platforms, python),
            "-r",
            str(requirements_file),
        ],
    ]


def check_command(
    wheels: Path,
    platforms: Sequence[str],
    python: str,
    pip: Sequence[str] = (sys.executable, "-m", "pip"),
) -> list[str]:
    """A pip command that resolves Companion from wheels/ alone, for the target (no index)."""
    return [
        *pip,
        "install",
        "--dry-run",
        "--ignore-installed",
        "--no-index",
        "--find-links",
        str(wheels),
        *_target_options(platforms, python),
        PROJECT,
    ]


def _run(command: Sequence[str], what: str, env: dict[str, str] | None = None) -> None:
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(list(command), check=False, env=env)
    if result.returncode != 0:
        raise BundleError(f"{what} failed (exit {result.returncode})")


# -- build ---------------------------------------------------------------------------------


def _load_build_module() -> object:
    spec = importlib.util.spec_from_file_location("companion_packaging_build", HERE / "build.py")
    if spec is None or spec.loader is None:
        raise BundleError(f"packaging/build.py not found next to {__file__}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_project_wheel(outdir: Path) -> Path:
    """Build Companion's wheel (isolated by pip when this Python's setuptools is too old)."""
    build = _load_build_module()
    version = build.setuptools_version()  # type: ignore[attr-defined]
    isolated = version is None or version < build.MIN_SETUPTOOLS  # type: ignore[attr-defined]
    try:
        (wheel,) = build.build(outdir, sdist=False, wheel=True, isolated=isolated)  # type: ignore[attr-defined]
    except build.BuildError as exc:  # type: ignore[attr-defined]
        raise BundleError(str(exc)) from exc
    return Path(wheel)


def _template(name: str, values: dict[str, str]) -> str:
    text = (HERE / "offline" / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def _copy_desktop_files(target: Path) -> None:
    linux = HERE / "linux"
    target.mkdir(parents=True, exist_ok=True)
    for name in (
        "companion.desktop",
        "io.github.companion_reader.Companion.metainfo.xml",
        "install-desktop.sh",
    ):
        shutil.copy2(linux / name, target / name)
    shutil.copytree(linux / "icons", target / "icons")


def _zip_folder(folder: Path, target: Path) -> None:
    """Zip folder as target, entries under the folder's name, keeping file modes."""
    tmp = target.with_name(target.name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            arcname = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            stored = path.suffix in STORED_SUFFIXES
            archive.write(
                path, arcname, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            )
    tmp.replace(target)


def build_bundle(
    output: Path,
    *,
    platforms: Sequence[str] = (DEFAULT_PLATFORM,),
    python: str = f"{sys.version_info.major}.{sys.version_info.minor}",
    models: Sequence[Path] = (),
    wheelhouse: Path | None = None,
    project_wheel: Path | None = None,
    deps_check: bool = True,
    dry_run: bool = False,
) -> Path:
    """Make the bundle at output (a folder, or a zip when it ends in .zip) and return it."""
    output = Path(output).resolve()
    zipped = output.suffix == ".zip"
    folder_name = output.stem if zipped else output.name
    for model in models:
        if not Path(model).is_file():
            raise BundleError(f"model file not found: {model}")
    if wheelhouse is not None and not Path(wheelhouse).is_dir():
        raise BundleError(f"wheelhouse folder not found: {wheelhouse}")
    if output.exists() and not dry_run:
        raise BundleError(f"{output} already exists; remove it or choose another name")

    with tempfile.TemporaryDirectory(prefix="companion-bundle-") as scratch:
        work = Path(scratch)
        bundle = work / folder_name if zipped else output
        wheels = bundle / "wheels"
        if dry_run:
            requirements = work / "requirements.txt"
            for command in download_commands(
                requirements, work / "host", wheels, platforms, python
            ):
                print(" ".join(command))
            print(" ".join(check_command(wheels, platforms, python)))
            return output
        wheels.mkdir(parents=True)
        try:
            wheel = Path(project_wheel) if project_wheel else build_project_wheel(work / "dist")
            shutil.copy2(wheel, wheels / wheel.name)
            requirements = work / "requirements.txt"
            requirements.write_text("\n".join(runtime_requirements(wheel)) + "\n", encoding="utf-8")
            if wheelhouse is not None:
                for path in sorted(Path(wheelhouse).glob("*.whl")):
                    if not path.name.startswith(WHEEL_PREFIX):
                        shutil.copy2(path, wheels / path.name)
            else:
                for command, what in zip(
                    download_commands(requirements, work / "host", wheels, platforms, python),
                    ("building wheels on this computer", "downloading the target's wheels"),
                    strict=True,
                ):
                    _run(command, what)
            if deps_check:
                _run(
                    check_command(wheels, platforms, python),
                    "checking that wheels/ holds every dependency (pip, no index)",
                )

            if models:
                (bundle / "models").mkdir()
                for model in models:
                    shutil.copy2(model, bundle / "models" / Path(model).name)
            values = {
                "PYTHON_VERSION": python,
                "PLATFORMS": ", ".join(platforms),
                "VERSION": wheel_version(wheel),
            }
            for name in ("install.sh", "install.ps1", "README.txt"):
                (bundle / name).write_text(
                    _template(name, values),
                    encoding="utf-8",
                    newline="\r\n" if name.endswith(".ps1") else "\n",
                )
            (bundle / "install.sh").chmod(0o755)
            shutil.copy2(Path(__file__), bundle / "offline_bundle.py")
            _copy_desktop_files(bundle / "desktop")
            manifest = {
                "project": PROJECT,
                "version": values["VERSION"],
                "python": python,
                "platforms": list(platforms),
                "models": sorted(p.name for p in (bundle / "models").glob("*.argosmodel"))
                if models
                else [],
                "wheels": sorted(p.name for p in wheels.glob("*.whl")),
                "dependencies_checked": deps_check,
            }
            (bundle / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        except BaseException:
            if not zipped:
                shutil.rmtree(output, ignore_errors=True)
            raise
        if zipped:
            output.parent.mkdir(parents=True, exist_ok=True)
            _zip_folder(bundle, output)
    return output


# -- install -------------------------------------------------------------------------------


def default_venv() -> Path:
    """Where the installers put Companion's virtual environment by default."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "companion-reader" / "venv"


def _venv_program(venv: Path, name: str) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / (name + ".exe")
    return venv / "bin" / name


def _bundle_root(path: Path, scratch: Path) -> Path:
    """The bundle folder: path itself, or the folder unpacked from a bundle zip."""
    if path.is_dir():
        return path
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            archive.extractall(scratch)
        (root,) = [p for p in scratch.iterdir() if p.is_dir()]
        return root
    raise BundleError(f"{path} is neither a bundle folder nor a bundle zip")


def install_bundle(
    bundle: Path,
    *,
    venv: Path | None = None,
    python: str | None = None,
    data_dir: Path | None = None,
    link: bool = True,
) -> Path:
    """Install Companion and the bundle's models; return the `companion` program."""
    venv = Path(venv) if venv else default_venv()
    with tempfile.TemporaryDirectory(prefix="companion-install-") as scratch:
        root = _bundle_root(Path(bundle).resolve(), Path(scratch))
        manifest_path = root / MANIFEST
        if not manifest_path.is_file():
            raise BundleError(f"{root} is not an offline bundle (no {MANIFEST})")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        venv_python = _venv_program(venv, "python")
        if not venv_python.exists():
            interpreter = python or sys.executable
            have = subprocess.run(
                [interpreter, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            if have != manifest["python"]:
                raise BundleError(
                    f"this bundle's wheels are for Python {manifest['python']}, "
                    f"but {interpreter} is {have} (pass --python)"
                )
            print(f"==> creating {venv}", flush=True)
            _run([interpreter, "-m", "venv", str(venv)], "creating the virtual environment")
        print(f"==> installing Companion from {root / 'wheels'}", flush=True)
        _run(
            [
                str(venv_python),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-index",
                "--find-links",
                str(root / "wheels"),
                "--upgrade",
                PROJECT,
            ],
            "pip install",
        )
        companion = _venv_program(venv, "companion")
        env = dict(os.environ)
        if data_dir is not None:
            env["COMPANION_HOME"] = str(Path(data_dir).resolve())
        for model in sorted((root / "models").glob("*.argosmodel")):
            print(f"==> installing translation model {model.name}", flush=True)
            _run(
                [str(companion), "models", "install", str(model)],
                "companion models install",
                env=env,
            )
    if link and os.name != "nt":
        bin_dir = Path.home() / ".local" / "bin"
        bin_dir.mkdir(parents=True, exist_ok=True)
        target = bin_dir / "companion"
        if target.is_symlink() or target.exists():
            target.unlink()
        target.symlink_to(companion)
    print(f"Companion is installed: run `companion` (the app) or `{companion} --help`.")
    return companion


# -- command line --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="offline_bundle.py",
        description="Build or install Companion's offline install bundle.",
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build", help="make a bundle (needs the internet, unless --wheelhouse)"
    )
    build.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR|DIR.zip",
        help="the bundle folder, or a zip file to write",
    )
    build.add_argument(
        "--platform",
        action="append",
        metavar="TAG",
        help=f"target wheel platform, repeatable (default {DEFAULT_PLATFORM}; "
        "e.g. win_amd64, macosx_11_0_arm64)",
    )
    build.add_argument(
        "--python",
        default=f"{sys.version_info.major}.{sys.version_info.minor}",
        metavar="X.Y",
        help="target Python version (default: this one)",
    )
    build.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="FILE.argosmodel",
        help="a translation model to include (repeatable)",
    )
    build.add_argument(
        "--wheelhouse",
        metavar="DIR",
        help="copy dependency wheels from DIR instead of downloading them",
    )
    build.add_argument(
        "--project-wheel",
        metavar="FILE.whl",
        help="use this Companion wheel instead of building one",
    )
    build.add_argument(
        "--no-deps-check",
        action="store_true",
        help="skip checking that wheels/ resolves every dependency",
    )
    build.add_argument(
        "--dry-run", action="store_true", help="print the pip commands that would run, and stop"
    )

    install = commands.add_parser("install", help="install Companion from a bundle (offline)")
    install.add_argument("bundle", help="the bundle folder or zip")
    install.add_argument("--venv", help=f"the virtual environment (default {default_venv()})")
    install.add_argument("--python", help="the Python that creates the venv (default: this one)")
    install.add_argument(
        "--data-dir",
        help="install models into this data dir "
        "(default: $COMPANION_HOME, else Companion's data folder)",
    )
    install.add_argument(
        "--no-link", action="store_true", help="do not link ~/.local/bin/companion"
    )

    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            path = build_bundle(
                Path(args.output),
                platforms=args.platform or [DEFAULT_PLATFORM],
                python=args.python,
                models=[Path(m) for m in args.model],
                wheelhouse=Path(args.wheelhouse) if args.wheelhouse else None,
                project_wheel=Path(args.project_wheel) if args.project_wheel else None,
                deps_check=not args.no_deps_check,
                dry_run=args.dry_run,
            )
            if not args.dry_run:
                print(path)
        else:
            install_bundle(
                Path(args.bundle),
                venv=Path(args.venv) if args.venv else None,
                python=args.python,
                data_dir=Path(args.data_dir) if args.data_dir else None,
                link=not args.no_link,
            )
    except BundleError as exc:
        print(f"offline_bundle.py: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
