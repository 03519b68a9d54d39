"""The vocabulary page, driven like a learner would in the real window: delete, undo, edit a
meaning and notes, bulk status; the page refreshes from what each write reports it changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from companion.changes import OpChanges
from companion.library import Library
from companion.paths import DataDir
from companion.store.models import WordStatus
from companion.ui.app import create_app
from companion.ui.main_window import MainWindow
from companion.ui.vocabulary import VocabularyPage

TIMEOUT = 30_000


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir) -> Iterator[MainWindow]:
    """The window with two saved words (火锅, 银行), showing the vocabulary page."""
    with Library(data_dir, seed_samples=False) as library:
        library.add_word("火锅", sentence="今天吃火锅。")
        library.add_word("银行", sentence="我去银行。", tags=["money"])
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.library is not None, timeout=TIMEOUT)
    win.show_page("vocab")
    qtbot.waitUntil(lambda: win.vocab.model.rowCount() == 2, timeout=TIMEOUT)
    yield win
    win.runner.wait()


def ask(qtbot: QtBot, window: MainWindow, fn: Callable[[Library], Any]) -> Any:
    """fn(library) on the database thread, as the window runs it; its result."""
    found: list[Any] = []
    window.db(fn, on_success=found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=TIMEOUT)
    return found[0]


def words(page: VocabularyPage) -> list[str]:
    return sorted(e.word for e in page.model.entries)


def select(page: VocabularyPage, word: str) -> None:
    row = next(i for i, e in enumerate(page.model.entries) if e.word == word)
    page.table.selectionModel().select(
        page.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def button(page: VocabularyPage, text: str) -> QPushButton:
    return next(b for b in page.findChildren(QPushButton) if b.text() == text)


def test_delete_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    page = window.vocab
    select(page, "火锅")
    with qtbot.waitSignal(window.changed, timeout=TIMEOUT) as signal:
        qtbot.mouseClick(button(page, "Delete"), Qt.MouseButton.LeftButton)
    assert signal.args == [OpChanges(vocabulary=True)]
    qtbot.waitUntil(lambda: words(page) == ["银行"], timeout=TIMEOUT)
    assert page.undo_button.isVisible() and page.undo_button.text() == "Undo delete (1)"
    assert page.count_label.text() == "1 word"
    assert ask(qtbot, window, lambda lib: lib.vocabulary.get("火锅")) is None

    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: words(page) == sorted(["火锅", "银行"]), timeout=TIMEOUT)
    assert not page.undo_button.isVisible()
    back = ask(qtbot, window, lambda lib: lib.vocabulary.get("火锅"))
    assert [c.sentence for c in back.contexts] == ["今天吃火锅。"]  # whole again


def test_delete_key_deletes_the_selection(qtbot: QtBot, window: MainWindow) -> None:
    page = window.vocab
    page.table.setFocus()
    select(page, "银行")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: words(page) == ["火锅"], timeout=TIMEOUT)


@pytest.mark.parametrize(
    ("column", "value", "field", "expected"),
    [
        (2, "hot pot (my words)", "definition", "hot pot (my words)"),
        (6, "eaten in Chengdu", "notes", "eaten in Chengdu"),
    ],
    ids=["meaning", "notes"],
)
def test_edit_a_cell(
    qtbot: QtBot, window: MainWindow, column: int, value: str, field: str, expected: str
) -> None:
    page = window.vocab
    row = next(i for i, e in enumerate(page.model.entries) if e.word == "火锅")
    assert page.model.flags(page.model.index(row, column)) & Qt.ItemFlag.ItemIsEditable
    assert page.model.setData(page.model.index(row, column), value)

    def shown() -> str:
        entry = next(e for e in page.model.entries if e.word == "火锅")
        return str(getattr(entry, field))

    qtbot.waitUntil(lambda: shown() == expected, timeout=TIMEOUT)
    saved = ask(qtbot, window, lambda lib: lib.vocabulary.get("火锅"))
    assert getattr(saved, field) == expected


def test_clearing_my_meaning_brings_back_the_dictionarys(qtbot: QtBot, window: MainWindow) -> None:
    page = window.vocab
    original = next(e for e in page.model.entries if e.word == "火锅").definition
    row = next(i for i, e in enumerate(page.model.entries) if e.word == "火锅")
    page.model.setData(page.model.index(row, 2), "mine")
    qtbot.waitUntil(
        lambda: next(e for e in page.model.entries if e.word == "火锅").definition == "mine",
        timeout=TIMEOUT,
    )
    row = next(i for i, e in enumerate(page.model.entries) if e.word == "火锅")
    page.model.setData(page.model.index(row, 2), "")
    qtbot.waitUntil(
        lambda: next(e for e in page.model.entries if e.word == "火锅").definition == original,
        timeout=TIMEOUT,
    )


def test_bulk_status(qtbot: QtBot, window: MainWindow) -> None:
    page = window.vocab
    select(page, "银行")
    page.bulk.activated.emit(page.bulk.findData(WordStatus.KNOWN))
    qtbot.waitUntil(
        lambda: next(e for e in page.model.entries if e.word == "银行").status is WordStatus.KNOWN,
        timeout=TIMEOUT,
    )
    assert ask(qtbot, window, lambda lib: lib.vocabulary.status("银行")) is WordStatus.KNOWN


def test_a_hidden_page_refreshes_when_shown(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page("feed")
    ask(qtbot, window, lambda lib: lib.add_word("猫"))
    window.apply_changes(OpChanges())  # nothing changed: nothing refreshed
    assert words(window.vocab) == sorted(["火锅", "银行"])
    window.show_page("vocab")
    qtbot.waitUntil(lambda: "猫" in words(window.vocab), timeout=TIMEOUT)
