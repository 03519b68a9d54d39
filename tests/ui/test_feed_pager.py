"""The feed pages through a big library: the first page comes at once, the rest as the user
scrolls, in the library's order, with the count of all matching posts; a listing replaced
while its page was being read is never shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from companion.library import Library
from companion.paths import DataDir
from companion.ui.app import create_app
from companion.ui.feed_pager import Listing
from companion.ui.main_window import MainWindow
from tools.make_library import make_library

TIMEOUT = 30_000
POSTS = 120


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir) -> Iterator[MainWindow]:
    make_library(data_dir.root, POSTS, 10).close()
    create_app()
    win = MainWindow(data_dir)
    win.feed_pager.page = 25
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitUntil(lambda: bool(win.feed_page.feed.posts()), timeout=TIMEOUT)
    yield win
    win.runner.wait()


def expected(data_dir: DataDir, **listing: str) -> list[int]:
    with Library(data_dir, seed_samples=False) as lib:
        return [p.id for p in lib.posts.list(limit=10_000, **listing)]  # type: ignore[arg-type]


def scroll_to_the_end(qtbot: QtBot, window: MainWindow) -> None:
    feed = window.feed_page.feed
    while feed.has_more:
        count = len(feed.posts())
        feed.verticalScrollBar().setValue(feed.verticalScrollBar().maximum())
        qtbot.waitUntil(lambda c=count: len(feed.posts()) > c, timeout=TIMEOUT)


def test_first_page_then_the_rest_as_the_user_scrolls(
    qtbot: QtBot, window: MainWindow, data_dir: DataDir
) -> None:
    feed = window.feed_page.feed
    everything = expected(data_dir)  # the generated posts and the bundled samples
    assert len(feed.posts()) < POSTS < len(everything) and feed.has_more
    assert window.statusBar().currentMessage() == f"{len(everything)} posts"
    scroll_to_the_end(qtbot, window)
    assert [p.id for p in feed.posts()] == everything
    assert not feed.has_more


def test_search_pages_the_same_way(qtbot: QtBot, window: MainWindow, data_dir: DataDir) -> None:
    with qtbot.waitSignal(window.feed_loaded, timeout=TIMEOUT):
        window.feed_page.search.setText("排队")
    scroll_to_the_end(qtbot, window)
    ids = [p.id for p in window.feed_page.feed.posts()]
    assert ids == expected(data_dir, query="排队") and 0 < len(ids) < POSTS


def test_a_replaced_listing_is_not_shown(qtbot: QtBot, window: MainWindow) -> None:
    window.feed_pager.refresh(Listing(query="排队"))
    with qtbot.waitSignal(window.feed_loaded, timeout=TIMEOUT):
        window.feed_pager.refresh(Listing(query="不存在的词语"))
    window.runner.wait()
    assert window.feed_page.feed.posts() == []
    assert window.statusBar().currentMessage().startswith("0 posts")
