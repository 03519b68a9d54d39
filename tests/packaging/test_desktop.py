"""Linux desktop integration: the .desktop entry, AppStream metainfo, icons, and the per-user
installer script."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.packaging.helpers import PACKAGING, png_size

LINUX = PACKAGING / "linux"
DESKTOP = LINUX / "companion.desktop"
METAINFO = LINUX / "io.github.companion_reader.Companion.metainfo.xml"
ICONS = LINUX / "icons" / "hicolor"
ICON_FILES = [
    *(f"{n}x{n}/apps/companion.png" for n in (48, 128, 256)),
    "scalable/apps/companion.svg",
]


def _desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def test_desktop_entry_has_the_required_keys() -> None:
    entry = _desktop_entry(DESKTOP)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Companion"
    assert entry["Comment"]
    assert entry["Exec"] == "companion"
    assert entry["Icon"] == "companion"
    assert entry["Terminal"] == "false"
    assert entry["Categories"] == "Education;Languages;"
    keywords = entry["Keywords"].split(";")
    assert entry["Keywords"].endswith(";")
    assert {"Chinese", "pinyin", "flashcards", "RedNote", "小红书"} <= set(keywords)


def test_metainfo_has_the_required_elements() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    text = {
        tag: (root.findtext(tag) or "").strip()
        for tag in ("id", "name", "summary", "metadata_license", "project_license")
    }
    assert text == {
        "id": "io.github.companion_reader.Companion",
        "name": "Companion",
        "summary": text["summary"],
        "metadata_license": "CC0-1.0",
        "project_license": "MIT",
    }
    assert 10 < len(text["summary"]) < 80 and not text["summary"].endswith(".")
    assert root.findall("description/p")
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.findtext("provides/binary") == "companion"
    assert root.find("content_rating") is not None
    images = [image.text or "" for image in root.iterfind("screenshots/screenshot/image")]
    assert images, "no screenshots"
    for image in images:
        assert (PACKAGING.parent / image).is_file(), f"screenshot {image} does not exist"


def test_icons_have_their_sizes_and_match_the_generator() -> None:
    for size in (48, 128, 256):
        assert png_size(ICONS / f"{size}x{size}/apps/companion.png") == (size, size)
    svg = ICONS / "scalable/apps/companion.svg"
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox") == "0 0 256 256"
    spec = importlib.util.spec_from_file_location("make_icons", LINUX / "make_icons.py")
    assert spec is not None and spec.loader is not None
    make_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icons)
    assert svg.read_text(encoding="utf-8") == make_icons.svg(), "re-run make_icons.py"


def _run_installer(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(data.parent),
        "XDG_DATA_HOME": str(data),
    }
    return subprocess.run(
        ["bash", str(LINUX / "install-desktop.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_install_desktop_script_installs_and_uninstalls_for_the_user(tmp_path: Path) -> None:
    data = tmp_path / "share"
    _run_installer(data)
    installed = [
        data / "applications" / DESKTOP.name,
        data / "metainfo" / METAINFO.name,
        *(data / "icons" / "hicolor" / name for name in ICON_FILES),
    ]
    for path in installed:
        assert path.is_file(), f"{path} was not installed"
    assert (data / "applications" / DESKTOP.name).read_bytes() == DESKTOP.read_bytes()
    assert (ICONS / ICON_FILES[0]).read_bytes() == installed[2].read_bytes()

    _run_installer(data, "--exec", "/opt/companion/companion")
    assert _desktop_entry(data / "applications" / DESKTOP.name)["Exec"] == (
        "/opt/companion/companion"
    )

    _run_installer(data, "--uninstall")
    assert not [path for path in installed if path.exists()]


def test_install_desktop_script_rejects_unsafe_exec_paths(tmp_path: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError):
        _run_installer(tmp_path / "share", "--exec", "/opt/my apps/companion")
    assert not (tmp_path / "share" / "applications" / DESKTOP.name).exists()


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is not installed (apt: desktop-file-utils)",
)
def test_desktop_file_validate_accepts_the_entry() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("appstreamcli") is None, reason="appstreamcli is not installed (apt: appstream)"
)
def test_appstreamcli_finds_no_error_but_the_relative_screenshot_urls() -> None:
    """Screenshots point into docs/ until the project has a public URL: the only errors."""
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Validation" in result.stdout, result.stdout + result.stderr  # the tool really ran
    errors = [line for line in result.stdout.splitlines() if line.startswith("E:")]
    unexpected = [line for line in errors if "web-url-expected docs/screenshots/" not in line]
    assert not unexpected, result.stdout
