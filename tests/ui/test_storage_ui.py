"""The app and storage: unmeasured posts finished in the background, an import that waits for
another (and can still be cancelled), storage failures shown as one line instead of a bug."""

from __future__ import annotations

import sqlite3
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from companion.library import Library
from companion.paths import DataDir
from companion.ui import app as app_module
from companion.ui.app import create_app
from companion.ui.main_window import MainWindow
from tests.importers import exports
from tests.test_cli_storage import hold_write_lock

TIMEOUT = 30_000


def _window(qtbot: QtBot, data_dir: DataDir) -> MainWindow:
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir) -> Iterator[MainWindow]:
    win = _window(qtbot, data_dir)
    qtbot.waitUntil(lambda: bool(win.feed_page.feed.posts()), timeout=TIMEOUT)
    yield win
    win.runner.wait()


def test_the_app_finishes_unmeasured_posts_in_the_background(
    qtbot: QtBot, data_dir: DataDir, tmp_path: Path
) -> None:
    library = Library(data_dir)
    notes = exports.write_jsonl(tmp_path / "n.jsonl", [exports.note(n) for n in range(450)])
    library.import_paths([notes], index=False)  # as an import killed before measuring leaves it
    assert len(library.unmeasured_posts()) == 450
    library.close()
    win = _window(qtbot, data_dir)
    with qtbot.waitSignal(win.difficulty_finished, timeout=60_000) as finished:
        pass
    assert finished.args == [450]
    qtbot.waitUntil(  # the feed is refreshed with the new figures
        lambda: all(p.difficulty is not None for p in win.feed_page.feed.posts()), timeout=TIMEOUT
    )
    assert win.feed_pager.total >= 450  # the first page shown, all of them counted
    win.runner.wait()
    check = Library(data_dir, seed_samples=False)
    assert check.unmeasured_posts() == []
    check.close()


def test_an_import_waits_for_another_and_can_be_cancelled(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    notes = exports.write_jsonl(tmp_path / "a.jsonl", [exports.note(n) for n in range(3)])
    holder = hold_write_lock(window.data.database, 12)
    try:
        dialog = window.import_dialog()
        dialog.import_paths([notes])
        qtbot.waitUntil(
            lambda: dialog.message.text() == "Waiting for the other import to finish…",
            timeout=TIMEOUT,
        )
        assert dialog.cancel_button.isVisible() and dialog.cancel_button.isEnabled()
        with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT):
            dialog.cancel()
        assert "Import cancelled" in dialog.message.text()
        with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT):
            dialog.import_paths([notes])  # this time it waits until the other one is done
        assert "3 new posts" in dialog.message.text()
        assert holder.poll() == 0, "it finished only after the other import committed"
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    dialog.close()


def _disk_full(tmp_path: Path) -> sqlite3.OperationalError:
    """A real SQLITE_FULL from SQLite (max_page_count caps the file)."""
    conn = sqlite3.connect(tmp_path / "full.db")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("PRAGMA max_page_count = 3")
    try:
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 100)
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("SQLite did not fill up")


def test_storage_errors_are_one_line_not_a_bug(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str, str]] = []
    kinds = {QMessageBox.Icon.Warning: "warning", QMessageBox.Icon.Critical: "critical"}

    def record(box: QMessageBox) -> int:  # every message box is modal: record it instead
        shown.append((kinds.get(box.icon(), "other"), box.windowTitle(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    error = _disk_full(tmp_path)
    trace = "".join(traceback.format_exception(error))
    window.report_error(error, trace)
    app_module._crash_dialog(type(error), error, error.__traceback__)
    window.report_error(OSError(28, "No space left on device", str(window.data.root)), "")
    assert [k for k, _t, _m in shown] == ["warning"] * 3
    assert all("is full; nothing was saved half-way" in m and "\n" not in m for _k, _t, m in shown)
    window.report_error(ValueError("a real bug"), "Traceback …")
    assert shown[-1][:2] == ("critical", "Companion hit a bug")


def test_deleting_words_in_the_app_is_backed_up_and_undoable(
    qtbot: QtBot, data_dir: DataDir
) -> None:
    from companion.store import backups

    library = Library(data_dir)
    for word in ("咖啡", "拿铁"):
        library.add_word(word)
    library.close()
    win = _window(qtbot, data_dir)
    win.show_page("vocab")
    qtbot.waitUntil(lambda: len(win.vocab.model.entries) == 2, timeout=TIMEOUT)
    before = set(backups.list_backups(data_dir.backups))
    win.vocab.table.selectAll()
    win.vocab._delete()
    qtbot.waitUntil(lambda: not win.vocab.model.entries, timeout=TIMEOUT)
    new = set(backups.list_backups(data_dir.backups)) - before
    (made,) = [p for p in new if backups.info(p).kind != "daily"]  # the day's daily: upkeep
    assert backups.info(made).kind == "before-change"
    win.vocab._undo_delete()
    qtbot.waitUntil(lambda: len(win.vocab.model.entries) == 2, timeout=TIMEOUT)
    win.runner.wait()
