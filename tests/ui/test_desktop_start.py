"""The real app process on a real X server (Xvfb, installed by ``./dev test``): it paints the
feed, shows on screen, and closes cleanly on SIGTERM; a missing system library is one line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.system_libs import OFFSCREEN_LIBRARIES, WINDOW_LIBRARIES, uses_xcb

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90.0

GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
image = app.primaryScreen().grabWindow(0).toImage()
image.save(sys.argv[1])
"""


def app_env(tmp: Path, display: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        PYTHONPATH=str(ROOT),
        COMPANION_HOME=str(tmp / "home"),
        **extra,
    )
    env.pop("XDG_SESSION_TYPE", None)
    return env


@pytest.fixture
def xvfb(tmp_path: Path) -> Iterator[str]:
    """A private X server; yields its DISPLAY."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (./dev test installs the xvfb package)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()
    try:
        assert number.isdigit(), "Xvfb did not report a display"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def wait_for(path: Path, process: subprocess.Popen[bytes], timeout: float) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
        if process.poll() is not None:
            raise AssertionError(f"the app exited with {process.returncode} before it was ready")
        time.sleep(0.2)
    raise AssertionError(f"the app did not paint its feed within {timeout:.0f} s")


def colours(png: Path) -> set[tuple[int, int, int]]:
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull()
    return {
        image.pixelColor(x, y).getRgb()[:3]
        for x in range(0, image.width(), 8)
        for y in range(0, image.height(), 8)
    }


def test_the_real_app_paints_its_feed_on_x11(tmp_path: Path, xvfb: str) -> None:
    ready = tmp_path / "ready.json"
    env = app_env(tmp_path, xvfb, COMPANION_READY_FILE=str(ready))
    log = (tmp_path / "app.log").open("wb")
    app = subprocess.Popen(
        [sys.executable, "-m", "companion"], env=env, cwd=ROOT, stdout=log, stderr=log
    )
    try:
        marker = wait_for(ready, app, START_TIMEOUT)
        assert marker["platform"] == "xcb"
        assert marker["pid"] == app.pid
        assert int(marker["posts"]) >= 30  # type: ignore[call-overload]
        shot = tmp_path / "screen.png"
        subprocess.run([sys.executable, "-c", GRAB, str(shot)], env=env, check=True, timeout=60)
        seen = colours(shot)
        assert len(seen) > 50  # a painted window, not an empty screen
        brand = (0xFF, 0x24, 0x42)  # the sidebar's red "Companion"
        assert any(sum(abs(a - b) for a, b in zip(c, brand, strict=True)) < 40 for c in seen)
        app.send_signal(signal.SIGTERM)
        assert app.wait(30) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        log.close()
    if os.environ.get("COMPANION_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["COMPANION_KEEP_SCREENSHOT"])
    assert "Traceback" not in (tmp_path / "app.log").read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize(
    "soname", ["libxcb-icccm.so.4", "libxcb-cursor.so.0", "libxcb.so.1", "libXau.so.6"]
)
def test_a_broken_system_library_is_one_line(tmp_path: Path, soname: str) -> None:
    # The loader looks in LD_LIBRARY_PATH first: a truncated copy there is a library that is
    # really unloadable, as a missing one is, without touching the system.
    libs = tmp_path / "lib"
    libs.mkdir()
    (libs / soname).write_bytes(b"\x7fELF")
    env = app_env(tmp_path, ":99", LD_LIBRARY_PATH=str(libs))
    result = subprocess.run(
        [sys.executable, "-m", "companion"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert soname in lines[0]
    package = dict(OFFSCREEN_LIBRARIES + WINDOW_LIBRARIES).get(soname)  # libXau: a dependency's
    if package:
        assert f"apt-get install {package}" in lines[0]


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb:foo"}, "linux", True),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, "linux", False),
        ({"DISPLAY": ":0"}, "darwin", False),
        ({}, "linux", False),
    ],
)
def test_when_the_window_uses_xcb(env: dict[str, str], platform: str, expected: bool) -> None:
    assert uses_xcb(env, platform) is expected
