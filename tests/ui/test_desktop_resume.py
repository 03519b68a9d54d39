"""A real restart of the real app on a real X server: the window comes back at its size and
place, on the reader, with the last post at the place it was read, and closing it again saves
the same session (so a third start would come back there too)."""

from __future__ import annotations

import base64
import json
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from companion.library import Library
from companion.paths import DataDir
from tests.ui.test_desktop_start import (  # noqa: F401 -- xvfb is a fixture
    GRAB,
    ROOT,
    START_TIMEOUT,
    app_env,
    wait_for,
    xvfb,
)

GEOMETRY = (100, 80, 1100, 680)


SAVE_GEOMETRY = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setGeometry(*map(int, sys.argv[1:]))
print(bytes(window.saveGeometry().toBase64().data()).decode("ascii"))
"""


def saved_geometry(tmp_path: Path, display: str) -> str:
    """What QMainWindow.saveGeometry writes on this X server for a window at GEOMETRY."""
    script = [sys.executable, "-c", SAVE_GEOMETRY, *map(str, GEOMETRY)]
    env = app_env(tmp_path, display)
    done = subprocess.run(script, env=env, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.strip()


def run_once(tmp_path: Path, display: str, name: str) -> tuple[dict[str, object], QImage]:
    """Start the app, wait until it is ready, grab the screen, close it with SIGTERM."""
    ready = tmp_path / f"{name}.json"
    env = app_env(tmp_path, display, COMPANION_READY_FILE=str(ready))
    with (tmp_path / f"{name}.log").open("wb") as log:
        app = subprocess.Popen(
            [sys.executable, "-m", "companion"], env=env, cwd=ROOT, stdout=log, stderr=log
        )
        try:
            marker = wait_for(ready, app, START_TIMEOUT)
            shot = tmp_path / f"{name}.png"
            subprocess.run([sys.executable, "-c", GRAB, str(shot)], env=env, check=True, timeout=60)
            app.send_signal(signal.SIGTERM)
            assert app.wait(30) == 0
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
    text = (tmp_path / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text
    return marker, QImage(str(shot))


def differing(a: QImage, b: QImage) -> float:
    """The share of sampled pixels that differ between two screen grabs."""
    assert a.size() == b.size()
    points = [(x, y) for x in range(0, a.width(), 4) for y in range(0, a.height(), 4)]
    return sum(a.pixel(x, y) != b.pixel(x, y) for x, y in points) / len(points)


def test_the_real_app_comes_back_where_it_was(tmp_path: Path, xvfb: str) -> None:  # noqa: F811
    home = DataDir(tmp_path / "home").ensure()
    with Library(home) as library:  # the sample posts; the longest is read
        ids = [p.id for p in library.posts.list(limit=100)]
        post_id, _text = max(library.post_texts(ids), key=lambda item: len(item[1]))
    session = {
        "page": "reader",
        "place": {"post_id": post_id, "part": 1, "offset": 60, "shift": -8.0, "at_top": False},
        "geometry": saved_geometry(tmp_path, xvfb),
    }
    path = home.root / "session.json"
    path.write_text(json.dumps(session), encoding="utf-8")

    first, first_shot = run_once(tmp_path, xvfb, "first")
    assert (first["page"], first["post"]) == ("reader", post_id)
    assert first["geometry"] == list(GEOMETRY)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["page"] == "reader" and saved["place"] == {**session["place"]}
    assert base64.b64decode(saved["geometry"])  # as the real window saved it

    second, second_shot = run_once(tmp_path, xvfb, "second")
    assert (second["page"], second["post"], second["geometry"]) == (
        first["page"],
        first["post"],
        first["geometry"],
    )
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again == saved  # the same session, saved again
    assert differing(first_shot, second_shot) < 0.02  # the same post at the same place
