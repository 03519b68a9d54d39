"""The keyboard shortcut sheet (``?``): every shortcut of the window, grouped by page, read from
the window itself so that it never drifts from what the keys really do.

Three kinds of keys are found: QActions with shortcuts (menus, Copy), QShortcuts (their
``whatsThis`` says what they do) and buttons with a shortcut (the sidebar). Keys a widget reads
in its own key handler (moving through the feed's cards or a text's words) are declared by the
widget class as ``key_help``, next to that handler: ``((Qt.Key, ...), "what they do")`` pairs.
A key is grouped under the page it belongs to; menus and the sidebar work everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from companion.ui import theme as themes
from companion.ui.labels import plain_label

if TYPE_CHECKING:
    from companion.ui.main_window import MainWindow

EVERYWHERE = "Everywhere"
UNDESCRIBED = "(not described)"
_ARROWS = {
    Qt.Key.Key_Left: "←",
    Qt.Key.Key_Right: "→",
    Qt.Key.Key_Up: "↑",
    Qt.Key.Key_Down: "↓",
    Qt.Key.Key_Return: "Enter",
}
KeyHelp = tuple[tuple[tuple[Qt.Key, ...], str], ...]


@dataclass(frozen=True)
class Shortcut:
    keys: tuple[str, ...]
    """Each key or key chord that does it, as the platform writes it ("Ctrl+E", "Space")."""
    action: str


@dataclass(frozen=True)
class ShortcutGroup:
    title: str
    shortcuts: tuple[Shortcut, ...]


def key_name(key: Qt.Key | QKeySequence) -> str:
    """A key as the learner sees it on the keyboard."""
    if isinstance(key, Qt.Key):
        if key in _ARROWS:
            return _ARROWS[key]
        key = QKeySequence(key)
    return key.toString(QKeySequence.SequenceFormat.NativeText)


def _words(text: str) -> str:
    """A menu or button text as a description: no mnemonic '&', no ellipsis, no icon."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return re.sub(r"^\W+", "", text.replace("…", "")).strip()


def _describe(obj: QObject) -> tuple[tuple[str, ...], str] | None:
    """(keys, what they do) of one action, shortcut or button; None if it has no keys."""
    if isinstance(obj, QAction):
        keys = tuple(key_name(k) for k in obj.shortcuts() if not k.isEmpty())
        return (keys, obj.whatsThis() or _words(obj.text())) if keys else None
    if isinstance(obj, QShortcut):
        keys = tuple(key_name(k) for k in obj.keys() if not k.isEmpty())  # noqa: SIM118
        return (keys, obj.whatsThis() or UNDESCRIBED) if keys else None
    if isinstance(obj, QAbstractButton) and not obj.shortcut().isEmpty():
        what = obj.whatsThis() or _words(obj.text())
        if obj.objectName() == "NavButton":
            what = f"Go to {what}"
        return (key_name(obj.shortcut()),), what
    return None


def _page_of(obj: QObject, pages: dict[QObject, str]) -> str | None:
    """The page an object is on, EVERYWHERE for the window's own, None for a dialog's."""
    node: QObject | None = obj
    while node is not None:
        if node in pages:
            return pages[node]
        if isinstance(node, QDialog):
            return None
        node = node.parent()
    return EVERYWHERE


def page_titles(window: MainWindow) -> dict[QObject, str]:
    """Each page widget of the window and its name in the sidebar, in sidebar order."""
    from companion.ui.main_window import PAGES

    return {
        window.stack.widget(PAGES.index(key)): _words(button.text())
        for key, button in window.nav_buttons.items()
    }


def collect(window: MainWindow) -> list[ShortcutGroup]:
    """Every keyboard shortcut of the window, grouped: everywhere first, then by page."""
    pages = page_titles(window)
    found: dict[str, dict[tuple[str, ...], str]] = {EVERYWHERE: {}}
    found.update({title: {} for title in pages.values()})

    def add(group: str | None, keys: tuple[str, ...], action: str) -> None:
        if group is not None:
            found.setdefault(group, {}).setdefault(keys, action)

    for obj in _tree(window):
        described = _describe(obj)
        if described is not None:
            add(_page_of(obj, pages), *described)
    declared: set[tuple[str | None, type]] = set()
    for widget in window.findChildren(QWidget):
        help_: KeyHelp = getattr(type(widget), "key_help", ())
        group = _page_of(widget, pages)
        if help_ and (group, type(widget)) not in declared:
            declared.add((group, type(widget)))
            for keys, action in help_:
                add(group, tuple(key_name(k) for k in keys), action)
    return [
        ShortcutGroup(title, tuple(Shortcut(k, a) for k, a in entries.items()))
        for title, entries in found.items()
        if entries
    ]


def _tree(window: QWidget) -> Iterable[QObject]:
    yield from window.findChildren(QAction)
    yield from window.findChildren(QShortcut)
    yield from window.findChildren(QAbstractButton)


class ShortcutSheet(QDialog):
    """The sheet: each group's keys as key caps beside what they do, in two columns."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.groups = collect(window)
        t = themes.current()
        self.setStyleSheet(
            f"QLabel#KeyCap {{ background: {t.surface}; border: 1px solid {t.border};"
            f" border-bottom: 3px solid {t.border}; border-radius: 6px; padding: 2px 8px;"
            f" color: {t.text}; font-weight: 600; }}"
            f" QLabel#GroupTitle {{ color: {t.accent}; font-weight: 700; font-size: 15px; }}"
        )
        columns = QHBoxLayout()
        columns.setSpacing(36)
        sides = [QVBoxLayout(), QVBoxLayout()]
        sizes = [0, 0]
        for group in self.groups:
            side = sizes.index(min(sizes))  # the shorter column
            sizes[side] += len(group.shortcuts) + 2
            sides[side].addWidget(self._group(group))
        for side in sides:
            side.addStretch(1)
            columns.addLayout(side, 1)
        title = plain_label("Keyboard shortcuts")
        title.setObjectName("Title")
        hint = plain_label("Press ? or F1 anywhere to see this again.")
        hint.setObjectName("Muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addLayout(columns)
        layout.addWidget(hint)

    def _group(self, group: ShortcutGroup) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 12)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        heading = plain_label(group.title)
        heading.setObjectName("GroupTitle")
        grid.addWidget(heading, 0, 0, 1, 2)
        for row, shortcut in enumerate(group.shortcuts, start=1):
            caps = QHBoxLayout()
            caps.setSpacing(4)
            for key in shortcut.keys:
                cap = plain_label(key)
                cap.setObjectName("KeyCap")
                caps.addWidget(cap)
            caps.addStretch(1)
            grid.addLayout(caps, row, 0)
            grid.addWidget(plain_label(shortcut.action), row, 1)
        grid.setColumnStretch(1, 1)
        return box
