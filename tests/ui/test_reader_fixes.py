"""Merging and splitting words in the reader, in the real window: the open post is read again
from the write's report that segmentation changed, and the lookup card closes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.library import Library
from companion.paths import DataDir
from companion.ui.app import create_app
from companion.ui.main_window import MainWindow

TIMEOUT = 30_000


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir) -> Iterator[MainWindow]:
    """The window reading a post about a hot-pot restaurant (火锅 | 店 before any fix)."""
    with Library(data_dir, seed_samples=False) as library:
        post_id = library.import_text("周末探店\n我们去吃火锅店的麻辣烫。").value
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    ready: list[bool] = []
    win.open_post(post_id, lambda: ready.append(True))
    qtbot.waitUntil(lambda: bool(ready), timeout=TIMEOUT)
    yield win
    win.runner.wait()


def body_words(window: MainWindow) -> list[str]:
    return [t.text for t in window.reader.body_text.tokens()]


def click_word(qtbot: QtBot, window: MainWindow, word: str) -> None:
    reader = window.reader
    index = body_words(window).index(word)
    point = reader.body_text.token_rect(index).center().toPoint()
    qtbot.mouseClick(reader.body_text, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: reader.lookup.details is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: reader.lookup.details.word == word, timeout=TIMEOUT)  # type: ignore[union-attr]


def test_merge_then_split_in_the_reader(qtbot: QtBot, window: MainWindow) -> None:
    reader = window.reader
    assert "火锅" in body_words(window) and "店" in body_words(window)
    click_word(qtbot, window, "火锅")
    qtbot.mouseClick(reader.lookup.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "火锅店" in body_words(window), timeout=TIMEOUT)
    assert not reader.lookup.isVisible()

    click_word(qtbot, window, "火锅店")
    qtbot.mouseClick(reader.lookup.split_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "火锅店" not in body_words(window), timeout=TIMEOUT)
    words = body_words(window)
    start = words.index("火")
    assert words[start : start + 3] == ["火", "锅", "店"]


def test_marking_words_while_reading_keeps_the_feed_where_it_was(
    qtbot: QtBot, window: MainWindow
) -> None:
    from companion.store.models import WordStatus

    qtbot.waitUntil(lambda: bool(window.feed_page.feed.posts()), timeout=TIMEOUT)
    done: list[object] = []
    window.db(lambda lib: lib.set_status(["火锅"], WordStatus.KNOWN), on_success=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=TIMEOUT)
    assert done == [["火锅"]]  # the value, unwrapped from its OpResult
    with qtbot.assertNotEmitted(window.feed_loaded, wait=1000):  # re-listing scrolls to the top
        window.show_page("feed")
