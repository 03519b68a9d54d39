"""The Help menu in the real window: the shortcut sheet on ? and F1 lists every shortcut the
window has (read from the window, so it cannot drift), and About shows the version, the data
folder and the licences LICENSES.md lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from companion import __version__
from companion.paths import DataDir
from companion.ui.about import NOTICES, AboutDialog
from companion.ui.annotated_text import AnnotatedTextWidget
from companion.ui.app import create_app
from companion.ui.feed import _MOVES, FeedWidget
from companion.ui.main_window import MainWindow
from companion.ui.shortcuts import UNDESCRIBED, ShortcutSheet, collect, key_name
from companion.ui.text_input import _NAVIGATION_KEYS

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30_000


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir) -> Iterator[MainWindow]:
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.library is not None, timeout=TIMEOUT)
    yield win
    win.runner.wait()


def sheet_text(sheet: ShortcutSheet) -> list[str]:
    return [label.text() for label in sheet.findChildren(QLabel)]


@pytest.mark.parametrize("key", [Qt.Key.Key_Question, Qt.Key.Key_F1])
def test_the_sheet_opens_on_its_keys(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.keyClick(window, key)
    qtbot.waitUntil(lambda: bool(window.findChildren(ShortcutSheet)), timeout=TIMEOUT)
    (sheet,) = window.findChildren(ShortcutSheet)
    assert sheet.isVisible()
    texts = sheet_text(sheet)
    assert {"Everywhere", "Feed", "Reader", "Vocabulary"} <= set(texts)
    assert "Show or hide the translations" in texts and "Space" in texts
    sheet.close()


def test_the_sheet_lists_every_shortcut_of_the_window(window: MainWindow) -> None:
    """Each action, shortcut and button with keys is on the sheet, described."""
    listed = {(k, s.action) for g in collect(window) for s in g.shortcuts for k in s.keys}
    keys = {k for k, _a in listed}
    expected: set[str] = set()
    for action in window.findChildren(QAction):
        expected |= {key_name(k) for k in action.shortcuts() if not k.isEmpty()}
    for shortcut in window.findChildren(QShortcut):
        expected |= {key_name(k) for k in shortcut.keys() if not k.isEmpty()}  # noqa: SIM118
    for button in window.findChildren(QAbstractButton):
        if not button.shortcut().isEmpty():
            expected.add(key_name(button.shortcut()))
    assert expected and expected <= keys
    assert {"Ctrl+1", "Ctrl+E", "Space", "A", "K", "Esc", "?", "F1"} <= keys
    assert not [k for k, a in listed if a == UNDESCRIBED or not a]


def test_the_sheet_groups_keys_by_page(window: MainWindow) -> None:
    groups = {g.title: {s.action for s in g.shortcuts} for g in collect(window)}
    assert "Go to Reader" in groups["Everywhere"] and "Keyboard shortcuts" in groups["Everywhere"]
    assert "Mark the looked-up word known" in groups["Reader"]
    assert "Move between cards" in groups["Feed"]
    assert "Delete the selected words" in groups["Vocabulary"]
    assert next(iter(groups)) == "Everywhere"


@pytest.mark.parametrize(
    ("widget", "handled"),
    [
        (FeedWidget, set(_MOVES) | {Qt.Key.Key_Return}),
        (AnnotatedTextWidget, set(_NAVIGATION_KEYS) | {Qt.Key.Key_Return, Qt.Key.Key_Escape}),
    ],
)
def test_declared_keys_are_the_keys_the_handlers_read(widget: type, handled: set) -> None:
    """key_help sits beside each key handler: what it declares is what the handler reads."""
    declared = {key for keys, _what in widget.key_help for key in keys}
    assert declared == handled


def test_about_shows_the_version_and_the_data_folder(window: MainWindow) -> None:
    window.help_actions[1].trigger()
    (about,) = window.findChildren(AboutDialog)
    texts = " ".join(label.text() for label in about.findChildren(QLabel))
    assert f"version {__version__}" in texts
    assert str(window.data.root) in texts
    assert about.folder_url().toLocalFile() == str(window.data.root)
    assert about.open_button.isVisible()
    assert "MIT" in texts and "CC BY-SA 4.0" in texts and "LGPL-3.0" in texts
    about.close()


def licence_rows() -> list[tuple[str, str]]:
    """(package, licence) of each data row of LICENSES.md that ships with the app."""
    rows = []
    for line in (ROOT / "LICENSES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|", 2)]  # pipes in the last
        if (
            len(cells) != 3
            or cells[0] in ("data", "---")
            or "tests/" in line
            or "never shipped" in line
        ):
            continue
        package = re.search(r"`([^`]+)`", cells[1])
        licence = re.match(r"\[?([A-Za-z][\w .-]*?\d[\d.]*|MIT)", cells[2])
        assert package and licence, line
        rows.append((package.group(1), licence.group(1)))
    return rows


def test_about_lists_every_licence_of_licenses_md() -> None:
    rows = licence_rows()
    assert len(rows) >= 6
    for package, licence in rows:
        assert any(f"({package})" in what and lic == licence for what, lic, _ in NOTICES), (
            package,
            licence,
        )


def test_key_names_are_what_the_keyboard_says() -> None:
    assert key_name(Qt.Key.Key_Left) == "←" and key_name(Qt.Key.Key_Return) == "Enter"
    assert key_name(QKeySequence("Ctrl+E")) == "Ctrl+E"


def test_a_question_mark_typed_in_a_search_box_is_text(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    search = window.feed_page.search
    search.setFocus()
    qtbot.keyClicks(search, "why?")
    assert search.text() == "why?"
    assert not window.findChildren(ShortcutSheet)


def test_the_window_fits_a_1024_pixel_wide_screen(window: MainWindow) -> None:
    """Every page narrows to what a small laptop screen holds (the widest page sets it)."""
    assert window.minimumSizeHint().width() <= 1000
