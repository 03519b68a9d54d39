"""Text in post images in the app: read in the background (progress, Stop), shown under the
gallery as annotated text, a click on a line of the picture selecting its words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from companion.library import Library
from companion.paths import DataDir
from companion.ui.app import create_app
from companion.ui.image_text import ImageView
from companion.ui.main_window import MainWindow
from tests.image_posts import without_samples, write_posts

TIMEOUT = 90_000


@pytest.fixture
def posts(data_dir: DataDir, tmp_path: Path) -> list[int]:
    path = write_posts(tmp_path / "export", {"a": ["cover.jpg"], "b": ["cover.jpg"]})
    with Library(data_dir, seed_samples=False) as library:
        without_samples(library)
        return sorted(library.import_paths([path]).post_ids)


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir, posts: list[int]) -> Iterator[MainWindow]:
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.image_reading.cancel()
    qtbot.waitUntil(lambda: not win.image_reading.running, timeout=TIMEOUT)
    win.runner.wait()


def _views(win: MainWindow) -> list[ImageView]:
    return win.reader.findChildren(ImageView)


def test_pictures_are_read_in_the_background_and_shown_under_them(
    qtbot: QtBot, window: MainWindow, posts: list[int]
) -> None:
    reading = window.image_reading
    with qtbot.waitSignal(reading.finished, timeout=TIMEOUT) as finished:
        pass
    assert finished.args == [1]  # the same cover in two posts: recognised once
    ready: list[bool] = []
    window.open_post(posts[1], lambda: ready.append(True))
    panel = window.reader.image_text
    qtbot.waitUntil(lambda: bool(panel.texts()) and bool(_views(window)), timeout=TIMEOUT)
    [text] = panel.texts()
    assert "上海探店这家小笼包我能吃三笼！" in text.document().text
    [view] = _views(window)
    assert view.document is not None
    line = [text.document().text[a:b] for a, b in view.document.spans].index("上海探店")
    centre = view.line_rect(line).center().toPoint()
    qtbot.mouseMove(view, centre)
    assert view.hovered == line
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=centre)
    assert text.selected_text() == "上海探店"
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(3, view.height() - 3))
    assert text.selected_text() == "上海探店"  # no line there: nothing changes


def test_a_word_read_in_a_picture_is_saved_with_its_sentence(
    qtbot: QtBot, window: MainWindow, posts: list[int]
) -> None:
    qtbot.waitSignal(window.image_reading.finished, timeout=TIMEOUT).wait()
    window.open_post(posts[0])
    panel = window.reader.image_text
    qtbot.waitUntil(lambda: bool(panel.texts()), timeout=TIMEOUT)
    [text] = panel.texts()
    tokens = text.tokens()
    index = next(i for i, t in enumerate(tokens) if t.text == "小笼包")
    text.word_activated.emit(tokens[index], text.sentence_of(index))
    lookup = window.reader.lookup
    assert lookup.isVisible() and lookup.details.word == "小笼包"
    lookup.add_button.click()
    qtbot.waitUntil(lambda: lookup.add_button.text() == "Saved ✓", timeout=TIMEOUT)
    found: list[object] = []
    window.db(lambda lib: lib.vocabulary.get("小笼包"), on_success=found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=TIMEOUT)
    assert [c.sentence for c in found[0].contexts] == ["上海探店这家小笼包我能吃三笼！"]


def test_the_open_post_shows_its_picture_text_once_read(
    qtbot: QtBot, window: MainWindow, posts: list[int]
) -> None:
    ready: list[bool] = []
    window.open_post(posts[0], lambda: ready.append(True))  # before the reading starts
    qtbot.waitUntil(lambda: bool(ready), timeout=TIMEOUT)
    panel = window.reader.image_text
    assert not panel.texts() and not panel.isVisible()
    qtbot.waitUntil(lambda: bool(panel.texts()), timeout=TIMEOUT)
    assert panel.isVisible()


def test_stop_keeps_what_was_read_and_the_rest_is_read_next_time(
    qtbot: QtBot, window: MainWindow, posts: list[int], tmp_path: Path
) -> None:
    reading = window.image_reading
    qtbot.waitSignal(reading.finished, timeout=TIMEOUT).wait()
    names = ["sample-food-02.jpg", "sample-food-03.jpg", "sample-food-04.jpg"]
    more = write_posts(tmp_path / "more", {name.removesuffix(".jpg"): [name] for name in names})
    with qtbot.waitSignal(reading.progressed, timeout=TIMEOUT):
        window.db(lambda lib: lib.import_paths([more]))  # adding posts starts a reading
    assert reading.widget.isVisible()
    reading.cancel()  # while the second picture is read: it is kept, the third is not read
    with qtbot.waitSignal(reading.finished, timeout=TIMEOUT) as stopped:
        pass
    assert stopped.args == [2] and not reading.widget.isVisible()
    left: list[object] = []
    window.db(lambda lib: lib.images_to_read(), on_success=left.append)
    qtbot.waitUntil(lambda: bool(left), timeout=TIMEOUT)
    assert [image.local_path.rsplit("/", 2)[1] for image in left[0]] == ["sample-food-04"]
