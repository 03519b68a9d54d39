"""What the learner knows, in the real window: "Mark all known" asks first (how many words,
saved study words left unless ticked) and undoes (button and Ctrl+Z) exactly; "% known"
badges on the feed and in the reader refresh at once; the Vocabulary page lists words marked
known and finds them by pinyin without tones."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.library import Library
from companion.paths import DataDir
from companion.store.models import EntryKind, WordStatus
from companion.ui.app import create_app
from companion.ui.card_text import badge_text
from companion.ui.known_actions import MarkKnownDialog
from companion.ui.main_window import MainWindow

TIMEOUT = 30_000
TEXT = "周末探店\n我们去吃火锅。火锅很好吃，我们还会再去。"


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir) -> Iterator[MainWindow]:
    """The window reading a post with one saved study word (火锅) and one learning word."""
    with Library(data_dir, seed_samples=False) as library:
        post_id = library.import_text(TEXT).value
        library.add_word("火锅", post_id=post_id)
        library.set_status(["好吃"], WordStatus.LEARNING)
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(lambda: bool(win.feed_page.feed.posts()), timeout=TIMEOUT)
    ready: list[bool] = []
    win.open_post(post_id, lambda: ready.append(True))
    qtbot.waitUntil(lambda: bool(ready), timeout=TIMEOUT)
    yield win
    win.runner.wait()


def statuses(window: MainWindow) -> dict[str, WordStatus]:
    """The statuses as stored (read on the database thread, answered on the UI thread)."""
    from PySide6.QtWidgets import QApplication

    got: list[dict[str, WordStatus]] = []
    window.db(lambda lib: lib.vocabulary.statuses(), on_success=got.append)
    while not got:
        QApplication.processEvents()
    return got[0]


def feed_badge(window: MainWindow) -> str | None:
    """The badge of the open post's card in the (hidden) feed."""
    assert window.reader.post is not None
    post_id = window.reader.post.stored.id
    (post,) = [p for p in window.feed_page.feed.posts() if p.id == post_id]
    return badge_text(post.difficulty)


def open_dialog(qtbot: QtBot, window: MainWindow) -> MarkKnownDialog:
    flow = window.reader.mark_known
    flow.dialog = None
    qtbot.mouseClick(window.reader.known_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=TIMEOUT)
    assert flow.dialog is not None
    return flow.dialog


def test_mark_all_known_asks_leaves_saved_words_and_undoes(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = statuses(window)
    badge_before = feed_badge(window)
    meta_before = window.reader.meta.text()

    dialog = open_dialog(qtbot, window)
    count = len(dialog.plan.words)
    assert dialog.plan.saved == ("火锅",) and count > 0
    assert f"Mark {count} words of this post known?" in dialog.message.text()
    assert "1 saved study word stay" in dialog.message.text()
    assert not dialog.include_saved.isChecked()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)

    toast = window.reader.mark_known.toast
    qtbot.waitUntil(toast.isVisible, timeout=TIMEOUT)
    assert f"Marked {count} words known" in toast.label.text()
    after = statuses(window)
    assert "火锅" not in after  # the saved study word is left as it was
    assert (
        after["好吃"] is WordStatus.KNOWN
        and window.reader.post.statuses["好吃"] is WordStatus.KNOWN
    )  # type: ignore[union-attr]
    # Badges refresh at once: the hidden feed's card and the reader's line, nothing re-listed.
    qtbot.waitUntil(lambda: feed_badge(window) != badge_before, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.reader.meta.text() != meta_before, timeout=TIMEOUT)

    # Ctrl+Z while the toast is on screen puts back exactly what was there.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)
    window.reader.body_text.setFocus()
    qtbot.keyClick(window.reader.body_text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not toast.isVisible(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: statuses(window) == before, timeout=TIMEOUT)
    assert window.reader.post.statuses.get("好吃") is WordStatus.LEARNING  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: feed_badge(window) == badge_before, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.reader.meta.text() == meta_before, timeout=TIMEOUT)


def test_ticking_saved_words_changes_them_too_and_the_undo_button_undoes(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = statuses(window)
    dialog = open_dialog(qtbot, window)
    dialog.include_saved.setChecked(True)
    total = len(dialog.plan.words) + 1
    assert dialog.confirm.text() == f"Mark {total} words known"
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    toast = window.reader.mark_known.toast
    qtbot.waitUntil(toast.isVisible, timeout=TIMEOUT)
    assert statuses(window)["火锅"] is WordStatus.KNOWN
    qtbot.mouseClick(toast.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: statuses(window) == before, timeout=TIMEOUT)


def test_cancel_changes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    before = statuses(window)
    dialog = open_dialog(qtbot, window)
    dialog.reject()
    window.runner.wait()
    assert statuses(window) == before
    assert not window.reader.mark_known.toast.isVisible()


def test_the_vocabulary_page_lists_words_marked_known_and_finds_them_by_pinyin(
    qtbot: QtBot, window: MainWindow
) -> None:
    done: list[object] = []
    window.db(lambda lib: lib.set_status(["周末"], WordStatus.KNOWN), on_success=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=TIMEOUT)
    window.show_page("vocab")
    page = window.vocab
    qtbot.waitUntil(lambda: "周末" in [e.word for e in page.model.entries], timeout=TIMEOUT)
    entry = next(e for e in page.model.entries if e.word == "周末")
    assert entry.kind is EntryKind.MARKED and entry.status is WordStatus.KNOWN
    page.search.setText("zhou4mo")
    qtbot.waitUntil(lambda: [e.word for e in page.model.entries] == ["周末"], timeout=TIMEOUT)
    page.search.setText("hg")
    qtbot.waitUntil(lambda: [e.word for e in page.model.entries] == ["火锅"], timeout=TIMEOUT)


def test_badges_refresh_at_once_after_a_status_change(qtbot: QtBot, window: MainWindow) -> None:
    """K in the reader: the hidden feed's card and the reader's line show the new share."""
    badge_before, meta_before = feed_badge(window), window.reader.meta.text()
    assert badge_before and "% known" in badge_before and badge_before in meta_before
    window.db(lambda lib: lib.set_status(["我们"], WordStatus.KNOWN))
    qtbot.waitUntil(lambda: feed_badge(window) != badge_before, timeout=TIMEOUT)
    badge = feed_badge(window)
    assert badge is not None
    qtbot.waitUntil(lambda: badge in window.reader.meta.text(), timeout=TIMEOUT)


def test_the_open_post_follows_statuses_and_saved_words_changed_elsewhere(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A status set and a word deleted from outside the reader (the Vocabulary page's
    actions are Library writes like these) show in the open post at once."""
    post = window.reader.post
    assert post is not None and "火锅" in post.saved
    window.db(lambda lib: lib.set_status(["周末"], WordStatus.KNOWN))
    qtbot.waitUntil(lambda: post.statuses.get("周末") is WordStatus.KNOWN, timeout=TIMEOUT)
    window.db(lambda lib: lib.delete_words(["火锅"]))
    qtbot.waitUntil(lambda: "火锅" not in post.saved, timeout=TIMEOUT)
