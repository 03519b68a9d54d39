"""Ctrl+V and drag-and-drop on the main window import a screenshot, a file or a post's text
as a post, and open it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.library import Library
from companion.paths import DataDir
from companion.ui.app import create_app
from companion.ui.main_window import MainWindow
from tests.image_posts import without_samples, write_posts

TIMEOUT = 120_000


@pytest.fixture(scope="module")
def screenshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One phone screenshot of a post (the first screen), rendered by the test tool."""
    from tools import make_screenshots

    out = tmp_path_factory.mktemp("shots")
    make_screenshots.main([str(out), "--posts", "1", "--covers", "0", "--set", "test"])
    return out / "post01-1.png"


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir) -> Iterator[MainWindow]:
    with Library(data_dir, seed_samples=False) as library:
        without_samples(library)
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.library is not None, timeout=TIMEOUT)
    yield win
    win.image_reading.cancel()
    win.runner.wait()


def _opened(win: MainWindow) -> bool:
    return win.reader.post is not None and win.stack.currentWidget() is win.reader


def test_a_pasted_screenshot_becomes_a_post_and_opens(
    qtbot: QtBot, window: MainWindow, screenshot: Path
) -> None:
    QGuiApplication.clipboard().setImage(QImage(str(screenshot)))
    window.paste_action.trigger()
    qtbot.waitUntil(lambda: _opened(window), timeout=TIMEOUT)
    post = window.reader.post.stored.post
    assert post.source == "screenshot" and post.title
    [image] = post.images
    assert (window.data.root / image.local_path).is_file()  # the screenshot, kept
    assert not list(window.data.cache.glob("paste-*"))  # the temporary copy is gone
    left: list[object] = []
    window.db(lambda lib: lib.images_to_read(), on_success=left.append)
    qtbot.waitUntil(lambda: bool(left) or left == [[]], timeout=TIMEOUT)
    assert left == [[]]  # a screenshot's text is the post: its picture is not read again


def _drop(window: MainWindow, data: QMimeData) -> None:
    """Drag data over the window and drop it (a drop goes where the drag was accepted)."""
    enter = QDragEnterEvent(
        QPoint(400, 300),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPoint(400, 300).toPointF(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)


def test_a_dropped_file_is_imported_and_opens(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = write_posts(tmp_path / "export", {"dropped": ["cover.jpg"]})
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    _drop(window, data)
    qtbot.waitUntil(lambda: _opened(window), timeout=TIMEOUT)
    assert window.reader.post.stored.post.source_id == "dropped"


def test_pasted_text_becomes_a_post(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("周末去爬山\n山上的风景很美。")
    window.paste_action.trigger()
    qtbot.waitUntil(lambda: _opened(window), timeout=TIMEOUT)
    assert "风景" in window.reader.post.stored.post.body


def test_nothing_to_paste_says_so(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("just some English")
    window.paste_action.trigger()
    assert "paste" in window.statusBar().currentMessage()
    assert window.reader.post is None
