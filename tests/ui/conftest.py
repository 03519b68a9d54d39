"""UI test fixtures: an offscreen QApplication with the bundled fonts and the light theme."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

from companion.ui import theme
from companion.ui.fonts import load_fonts


@pytest.fixture(scope="session")
def ui_app(qapp: QApplication) -> QApplication:
    """pytest-qt's QApplication with Noto Sans SC registered and the light theme applied."""
    load_fonts()
    theme.apply(qapp, theme.LIGHT)
    return qapp
