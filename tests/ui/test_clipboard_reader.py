"""The clipboard reader annotates Chinese text copied in other programs, off by default."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from companion.library import Library
from companion.paths import DataDir
from companion.settings import load_settings
from companion.ui.app import create_app
from companion.ui.clipboard_copy import copy_text
from companion.ui.main_window import MainWindow

TIMEOUT = 60_000


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir) -> Iterator[MainWindow]:
    Library(data_dir, seed_samples=False).close()
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.library is not None, timeout=TIMEOUT)
    win.runner.wait()
    yield win
    win.clipboard_reader.set_listening(False)
    win.runner.wait()


def _shown(win: MainWindow) -> str:
    document = win.clipboard_reader.text.document()
    return document.text if document is not None else ""


def test_off_by_default_and_the_shortcut_turns_it_on(qtbot: QtBot, window: MainWindow) -> None:
    reader = window.clipboard_reader
    QGuiApplication.clipboard().setText("今天吃火锅")
    qtbot.wait(300)
    assert not reader.listening and not reader.isVisible() and _shown(window) == ""
    assert window.clipboard_action.shortcut().toString() == "Ctrl+Shift+C"
    window.clipboard_action.trigger()
    assert reader.listening and reader.isVisible()
    assert window.settings_page.clipboard.isChecked()
    assert load_settings(window.data.root).clipboard_reader
    qtbot.waitUntil(lambda: _shown(window) == "今天吃火锅", timeout=TIMEOUT)  # what was there
    window.clipboard_action.trigger()
    assert not reader.listening and not reader.isVisible()
    assert not load_settings(window.data.root).clipboard_reader


@pytest.mark.parametrize(
    ("copy", "shown"),
    [
        (lambda: QGuiApplication.clipboard().setText("这家店绝绝子！"), "这家店绝绝子！"),
        (lambda: QGuiApplication.clipboard().setText("https://example.invalid/"), "我们去旅行"),
        (lambda: QGuiApplication.clipboard().setText("   "), "我们去旅行"),
        (lambda: copy_text("火锅好吃"), "我们去旅行"),  # the app's own copy
    ],
)
def test_what_is_read(qtbot: QtBot, window: MainWindow, copy: object, shown: str) -> None:
    window.clipboard_action.trigger()
    QGuiApplication.clipboard().setText("我们去旅行")
    qtbot.waitUntil(lambda: _shown(window) == "我们去旅行", timeout=TIMEOUT)
    copy()  # type: ignore[operator]
    qtbot.wait(400)
    window.runner.wait()
    qtbot.waitUntil(lambda: _shown(window) == shown, timeout=TIMEOUT)


def test_a_word_is_looked_up_and_saved_with_its_sentence(qtbot: QtBot, window: MainWindow) -> None:
    window.clipboard_action.trigger()
    QGuiApplication.clipboard().setText("今天去了一家火锅店。味道真的绝绝子！")
    reader = window.clipboard_reader
    qtbot.waitUntil(lambda: _shown(window).startswith("今天去了"), timeout=TIMEOUT)
    tokens = reader.text.tokens()
    index = next(i for i, t in enumerate(tokens) if t.text == "绝绝子")
    reader.text.word_activated.emit(tokens[index], reader.text.sentence_of(index))
    assert reader.lookup.isVisible() and reader.lookup.details.word == "绝绝子"
    reader.lookup.add_button.click()
    qtbot.waitUntil(lambda: reader.lookup.add_button.text() == "Saved ✓", timeout=TIMEOUT)
    found: list[object] = []
    window.db(lambda lib: lib.vocabulary.get("绝绝子"), on_success=found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=TIMEOUT)
    entry = found[0]
    assert entry is not None
    assert [c.sentence for c in entry.contexts] == ["味道真的绝绝子！"]


def test_open_in_the_reader_saves_the_copy_as_a_post(qtbot: QtBot, window: MainWindow) -> None:
    window.clipboard_action.trigger()
    QGuiApplication.clipboard().setText("周末去爬山\n山上的风景很美。")
    reader = window.clipboard_reader
    qtbot.waitUntil(lambda: _shown(window).startswith("周末"), timeout=TIMEOUT)
    reader.open_button.click()
    qtbot.waitUntil(lambda: window.reader.post is not None, timeout=TIMEOUT)
    assert "山上的风景很美" in window.reader.post.stored.post.body
