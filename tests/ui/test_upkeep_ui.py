"""The app's background upkeep: once the feed is up, the daily backup and the weekly full check
run on the general pool (the library's own connections), and closing the window stops them."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from companion.paths import DataDir
from companion.store import backups
from companion.store.database import check_due
from companion.ui.app import create_app
from companion.ui.main_window import MainWindow

TIMEOUT = 30_000


def test_the_app_backs_up_and_checks_after_the_feed_is_up(qtbot: QtBot, data_dir: DataDir) -> None:
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: bool(win.feed_page.feed.posts()), timeout=TIMEOUT)
    assert backups.backups_of(data_dir.backups, "daily") == [], "not on the open path"
    qtbot.waitUntil(lambda: not check_due(data_dir.database), timeout=TIMEOUT)
    (daily,) = backups.backups_of(data_dir.backups, "daily")
    assert backups.is_healthy(daily.path)
    win.close()
    assert win._closing.is_set()
