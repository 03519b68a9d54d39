"""The reader annotates on the general pool: a long post never holds up the database thread."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from companion.library import Library
from companion.paths import DataDir
from companion.ui.app import create_app
from companion.ui.main_window import MainWindow

TIMEOUT = 60_000
LONG_POST = "今天去了一家很火的火锅店，排队排了一个小时，但是味道真的绝绝子！" * 1_500


def test_a_status_save_does_not_wait_for_a_long_post(qtbot: QtBot, data_dir: DataDir) -> None:
    with Library(data_dir, seed_samples=False) as library:
        post_id = library.import_text("很长的帖子\n" + LONG_POST).value
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.library is not None, timeout=TIMEOUT)
    win.runner.wait()  # the engine warmed: what follows measures reading, not loading
    events: list[tuple[str, float]] = []
    win.open_post(post_id, lambda: events.append(("shown", time.monotonic())))
    win.db(
        lambda lib: lib.vocabulary.statuses(),
        on_success=lambda _statuses: events.append(("saved", time.monotonic())),
    )
    qtbot.waitUntil(lambda: len(events) == 2, timeout=TIMEOUT)
    assert [name for name, _ in events] == ["saved", "shown"]
    win.runner.wait()
