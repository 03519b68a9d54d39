"""Picking up where the learner left off, in the real window on a real library: the last post
at the place it was read, the window's size and the page come back after a restart (a new
window on the same data dir); a post that is gone leaves the learner on the feed; a merge keeps
the place; a model installed translates the open post; an import report opens what it brought."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from companion.library import Library
from companion.paths import DataDir
from companion.ui.app import create_app
from companion.ui.main_window import MainWindow
from tests.importers import exports

TIMEOUT = 30_000
LINES = 60
BODY = "\n".join(f"第{n}天：我们去吃火锅店的麻辣烫，排队排了很久。" for n in range(1, LINES + 1))

Windows = Callable[[], MainWindow]


@pytest.fixture
def post_id(data_dir: DataDir) -> int:
    """A long post (it scrolls) in a library of its own."""
    with Library(data_dir, seed_samples=False) as library:
        return library.import_text("成都探店日记\n" + BODY).value


@pytest.fixture
def windows(qtbot: QtBot, data_dir: DataDir) -> Iterator[Windows]:
    """Opens a window on the data dir (a restart is a new one); closes them all at the end."""
    create_app()
    opened: list[MainWindow] = []

    def open_window() -> MainWindow:
        win = MainWindow(data_dir)
        qtbot.addWidget(win)
        win.show()
        opened.append(win)
        return win

    yield open_window
    for win in opened:
        win.runner.wait()


def place_window(window: MainWindow) -> None:
    """A size and place other than the default that the 800 px offscreen screen can show
    again (the window is never narrower than its pages need)."""
    window.setGeometry(2, 40, window.minimumSizeHint().width(), 700)


def restart(qtbot: QtBot, window: MainWindow, windows: Windows) -> MainWindow:
    window.close()
    return windows()


def read(qtbot: QtBot, window: MainWindow, post_id: int) -> None:
    ready: list[bool] = []
    window.open_post(post_id, lambda: ready.append(True))
    qtbot.waitUntil(lambda: bool(ready), timeout=TIMEOUT)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Until the open post's sentence lines (glosses without a model) are all in."""
    body = window.reader.body_text
    qtbot.waitUntil(lambda: body.translation_rect(LINES - 1) is not None, timeout=TIMEOUT)
    qtbot.wait(50)


def top_word(window: MainWindow) -> tuple[int, int]:
    """(character offset, y in the view) of the first body word whose box reaches into the
    view: what the learner sees at the top, measured from the widgets themselves."""
    reader = window.reader
    body, viewport = reader.body_text, reader.scroll.viewport()
    for index, token in enumerate(body.tokens()):
        rect = body.token_rect(index)
        bottom = body.mapTo(viewport, QPoint(0, int(rect.bottom()))).y()
        if bottom > 0:
            return token.start, body.mapTo(viewport, QPoint(0, int(rect.top()))).y()
    raise AssertionError("no body word in view")


def scroll_to_middle(qtbot: QtBot, window: MainWindow) -> tuple[int, int]:
    bar = window.reader.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1000, timeout=TIMEOUT)
    bar.setValue(bar.maximum() // 2)
    return top_word(window)


def current_page(window: MainWindow) -> str:
    return next(k for k, b in window.nav_buttons.items() if b.isChecked())


def test_the_last_post_and_place_come_back(qtbot: QtBot, windows: Windows, post_id: int) -> None:
    window = windows()
    place_window(window)
    geometry = window.geometry()
    read(qtbot, window, post_id)
    settle(qtbot, window)
    before = scroll_to_middle(qtbot, window)

    window = restart(qtbot, window, windows)
    assert window.geometry() == geometry
    assert current_page(window) == "reader"
    qtbot.waitUntil(lambda: window.reader.post is not None, timeout=TIMEOUT)
    assert window.reader.post.stored.id == post_id  # type: ignore[union-attr]
    settle(qtbot, window)
    offset, y = top_word(window)
    assert offset == before[0] and abs(y - before[1]) <= 2


@pytest.mark.parametrize(
    ("page", "maximized"), [("feed", True), ("vocab", False), ("settings", False)]
)
def test_the_page_and_window_come_back(
    qtbot: QtBot, windows: Windows, post_id: int, page: str, maximized: bool
) -> None:
    window = windows()
    place_window(window)
    if maximized:
        window.showMaximized()
    read(qtbot, window, post_id)  # read, then went on to another page
    window.show_page(page)
    geometry = window.normalGeometry()

    window = restart(qtbot, window, windows)
    assert current_page(window) == page
    assert window.isMaximized() == maximized
    assert window.normalGeometry() == geometry
    # The post is back in the reader too, at its top: the Reader page is not a blank page.
    qtbot.waitUntil(lambda: window.reader.post is not None, timeout=TIMEOUT)
    assert window.reader.post.stored.id == post_id  # type: ignore[union-attr]
    assert window.reader.scroll.verticalScrollBar().value() == 0


@pytest.mark.parametrize(
    "session",
    [
        {"page": "reader", "place": {"post_id": 999, "at_top": True}},  # deleted since
        {"page": "reader", "place": {"post_id": "x"}},  # not ours
        {"page": "reader"},  # no post to read
        {"page": "no such page", "geometry": "not base64 at all ☕"},
    ],
)
def test_what_cannot_come_back_leaves_the_feed(
    qtbot: QtBot, windows: Windows, data_dir: DataDir, post_id: int, session: dict
) -> None:
    (data_dir.root / "session.json").write_text(json.dumps(session), encoding="utf-8")
    window = windows()
    qtbot.waitUntil(lambda: bool(window.feed_page.feed.posts()), timeout=TIMEOUT)
    window.runner.wait()
    qtbot.wait(50)
    assert current_page(window) == "feed"
    assert window.reader.post is None


def test_merge_keeps_the_place(qtbot: QtBot, windows: Windows, post_id: int) -> None:
    window = windows()
    read(qtbot, window, post_id)
    settle(qtbot, window)
    offset, y = scroll_to_middle(qtbot, window)
    reader = window.reader
    body = reader.body_text
    words = [t.text for t in body.tokens()]
    viewport = reader.scroll.viewport()

    def in_view(index: int) -> bool:
        y = body.mapTo(viewport, body.token_rect(index).center().toPoint()).y()
        return 20 < y < viewport.height() - 20

    # a 火锅 in view, merged with the 店 after it (in every line)
    index = next(i for i, t in enumerate(body.tokens()) if t.text == "火锅" and in_view(i))
    rect = body.token_rect(index)
    qtbot.mouseClick(body, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.waitUntil(lambda: reader.lookup.details is not None, timeout=TIMEOUT)
    qtbot.mouseClick(reader.lookup.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "火锅店" in [t.text for t in body.tokens()], timeout=TIMEOUT)
    assert words != [t.text for t in body.tokens()]
    settle(qtbot, window)
    after_offset, after_y = top_word(window)
    assert after_offset == offset and abs(after_y - y) <= 2


def test_installing_a_model_translates_the_open_post(
    qtbot: QtBot, windows: Windows, post_id: int, tmp_path: Path
) -> None:
    from tests.translation.argos_fixture import build_argosmodel

    window = windows()
    read(qtbot, window, post_id)
    settle(qtbot, window)
    body = window.reader.body_text
    assert body._translations[0][0] is None  # a gloss only: no model yet
    place = scroll_to_middle(qtbot, window)
    dialog = window.models_dialog()
    with qtbot.waitSignal(dialog.changed, timeout=TIMEOUT):
        dialog.install_file(build_argosmodel(tmp_path / "zh_en.argosmodel"))
    dialog.close()
    qtbot.waitUntil(lambda: body._translations[LINES - 1][0] is not None, timeout=TIMEOUT)
    assert window.reader.post.stored.id == post_id  # type: ignore[union-attr]
    # The new lines changed the page's height above the place: the learner is still there.
    qtbot.wait(50)
    offset, y = top_word(window)
    assert offset == place[0] and abs(y - place[1]) <= 2


def test_the_end_of_a_post_stays_in_view(qtbot: QtBot, windows: Windows, post_id: int) -> None:
    """Scrolled below the last word (to the comments' end), a re-layout keeps the end."""
    window = windows()
    read(qtbot, window, post_id)
    settle(qtbot, window)
    bar = window.reader.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    toggle = window.reader.translation_toggle
    toggle.setChecked(False)  # a much shorter page
    qtbot.wait(50)
    toggle.setChecked(True)
    qtbot.wait(50)
    assert bar.value() > bar.maximum() * 0.9


@pytest.mark.parametrize("notes", [1, 3])
def test_the_import_report_opens_what_it_imported(
    qtbot: QtBot, windows: Windows, post_id: int, tmp_path: Path, notes: int
) -> None:
    window = windows()
    qtbot.waitUntil(lambda: bool(window.feed_page.feed.posts()), timeout=TIMEOUT)
    path = exports.write_json(tmp_path / "notes.json", [exports.note(n) for n in range(notes)])
    dialog = window.import_dialog()
    assert not dialog.open_button.isVisible()
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT) as imported:
        dialog.import_paths([path])
    new = imported.args[0].post_ids
    assert dialog.open_button.isVisible()
    if notes == 1:
        with qtbot.waitSignal(window.reader.status_message, timeout=TIMEOUT):
            qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.reader.post is not None, timeout=TIMEOUT)
        assert current_page(window) == "reader"
        assert window.reader.post.stored.id == new[0]  # type: ignore[union-attr]
    else:
        with qtbot.waitSignal(window.feed_loaded, timeout=TIMEOUT):
            qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        assert current_page(window) == "feed"
        assert window.feed_page.order.currentData() == "recent"
        shown = [p.id for p in window.feed_page.feed.posts()]
        assert shown[:notes] == sorted(new, reverse=True)  # the newest imports first
    assert not dialog.isVisible()


def test_a_crash_keeps_the_place(
    qtbot: QtBot,
    windows: Windows,
    post_id: int,
    data_dir: DataDir,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The session is saved a moment after the learner stops scrolling, not only on close."""
    from companion.ui import session_state

    monkeypatch.setattr(session_state, "SAVE_DELAY_MS", 50)
    window = windows()
    read(qtbot, window, post_id)
    settle(qtbot, window)
    before = scroll_to_middle(qtbot, window)
    saved = data_dir.root / "session.json"

    def has_place() -> bool:
        place = json.loads(saved.read_text(encoding="utf-8")).get("place") or {}
        return place.get("offset") == before[0]

    qtbot.waitUntil(lambda: saved.exists() and has_place(), timeout=TIMEOUT)
    window.session.enabled = False  # it dies here: nothing more is saved
    window.hide()

    window = windows()  # the next start, with no close before it
    qtbot.waitUntil(lambda: window.reader.post is not None, timeout=TIMEOUT)
    settle(qtbot, window)
    assert top_word(window)[0] == before[0]
