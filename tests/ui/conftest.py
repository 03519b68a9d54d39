"""UI test fixtures: an offscreen QApplication with the bundled fonts and the light theme."""

from __future__ import annotations

import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from companion.ui import theme
from companion.ui.fonts import load_fonts


@pytest.fixture(scope="session")
def ui_app(qapp: QApplication) -> QApplication:
    """pytest-qt's QApplication with Noto Sans SC registered and the light theme applied."""
    load_fonts()
    theme.apply(qapp, theme.LIGHT)
    return qapp


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test(qapp: QApplication) -> Iterator[None]:
    """Close and delete every window a test left open. A window left behind keeps its library
    and engine (hundreds of MB), and every later theme change restyles it: after the screenshot
    tests, 380 such widgets made each window the next tests opened take 10 s to build."""
    yield
    left = [w for w in QApplication.topLevelWidgets() if w.parent() is None]
    for widget in left:
        if shiboken6.isValid(widget):
            widget.close()  # a main window waits for its jobs here
    QApplication.processEvents()  # their results reach the windows while they still exist
    for widget in left:
        if shiboken6.isValid(widget):
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
