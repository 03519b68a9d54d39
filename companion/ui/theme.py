"""Light and dark themes: one palette of named colours, applied as a QPalette and a style sheet."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    """Named colours every widget paints with (hex strings)."""

    name: str
    window: str
    surface: str
    surface_alt: str
    text: str
    text_muted: str
    accent: str  # RedNote red
    accent_text: str
    border: str
    unknown_bg: str  # words the learner does not know yet
    learning_bg: str
    saved_bg: str  # words saved to study (whatever their status)
    saved_line: str  # and the line under them, so they read as saved without colour too
    hover_bg: str
    selection_bg: str
    translation: str
    tones: tuple[str, str, str, str, str]  # tone 1-4 and neutral (Pleco-like)
    tones_alt: tuple[str, str, str, str, str]  # an alternative scheme (Hanping/MDBG-like)

    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))


LIGHT = Theme(
    name="light",
    window="#f6f6f7",
    surface="#ffffff",
    surface_alt="#f1f2f4",
    text="#1f2328",
    text_muted="#6e7781",
    accent="#ff2442",
    accent_text="#ffffff",
    border="#e1e4e8",
    unknown_bg="#fff0c2",
    learning_bg="#dcefff",
    saved_bg="#d6f5e1",
    saved_line="#2b9a5a",
    hover_bg="#ffe1e6",
    selection_bg="#b9d7ff",
    translation="#57606a",
    tones=("#e5484d", "#30a46c", "#0b68cb", "#8e4ec6", "#8a8f98"),
    tones_alt=("#d9480f", "#2b8a3e", "#1c7ed6", "#862e9c", "#868e96"),
)

DARK = Theme(
    name="dark",
    window="#16171a",
    surface="#1e1f23",
    surface_alt="#26282d",
    text="#e6e7e9",
    text_muted="#9aa0a6",
    accent="#ff4d63",
    accent_text="#ffffff",
    border="#34373d",
    unknown_bg="#4a3b12",
    learning_bg="#1b3550",
    saved_bg="#173d2a",
    saved_line="#4cc38a",
    hover_bg="#4a2128",
    selection_bg="#2f4f7a",
    translation="#aeb4ba",
    tones=("#ff6b6f", "#4cc38a", "#52a9ff", "#bf7af0", "#9ba1a6"),
    tones_alt=("#ff922b", "#51cf66", "#4dabf7", "#cc5de8", "#adb5bd"),
)

THEMES = {"light": LIGHT, "dark": DARK}


def resolve(name: str) -> Theme:
    """'light', 'dark' or 'system' (follows the desktop's colour scheme)."""
    if name == "system":
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication

        hints = QGuiApplication.styleHints()
        return DARK if hints.colorScheme() == Qt.ColorScheme.Dark else LIGHT
    return THEMES.get(name, LIGHT)


def apply(app: QApplication, theme: Theme) -> None:
    """Set the application palette and style sheet for a theme."""
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.surface,
        QPalette.ColorRole.AlternateBase: theme.surface_alt,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.surface,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: theme.accent_text,
        QPalette.ColorRole.ToolTipBase: theme.surface,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.text_muted,
        QPalette.ColorRole.Mid: theme.border,
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    app.setPalette(palette)
    app.setStyleSheet(style_sheet(theme))
    app.setProperty("companion_theme", theme.name)


def current(app: QApplication | None = None) -> Theme:
    app = app or QApplication.instance()  # type: ignore[assignment]
    name = app.property("companion_theme") if app is not None else None
    return THEMES.get(str(name), LIGHT)


def style_sheet(t: Theme) -> str:
    return f"""
QMainWindow, QDialog {{ background: {t.window}; }}
QWidget#Sidebar {{ background: {t.surface}; border-right: 1px solid {t.border}; }}
QToolButton#NavButton {{ border: none; border-radius: 10px; padding: 8px 10px;
    color: {t.text_muted}; text-align: left; font-weight: 600; }}
QToolButton#NavButton:hover {{ background: {t.surface_alt}; color: {t.text}; }}
QToolButton#NavButton:checked {{ background: {t.hover_bg}; color: {t.accent}; }}
QLineEdit, QComboBox, QSpinBox {{ background: {t.surface}; border: 1px solid {t.border};
    border-radius: 16px; padding: 5px 12px; color: {t.text};
    selection-background-color: {t.selection_bg}; }}
QLineEdit:focus, QComboBox:focus {{ border-color: {t.accent}; }}
QPushButton {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 16px;
    padding: 6px 16px; color: {t.text}; }}
QPushButton:hover {{ border-color: {t.accent}; color: {t.accent}; }}
QPushButton#Primary {{ background: {t.accent}; border-color: {t.accent}; color: {t.accent_text};
    font-weight: 600; }}
QPushButton#Primary:hover {{ background: {t.accent}; color: {t.accent_text}; }}
QPushButton:disabled {{ color: {t.text_muted}; border-color: {t.border}; }}
QLabel#Muted {{ color: {t.text_muted}; }}
QLabel#Title {{ font-size: 20px; font-weight: 700; }}
QFrame#Banner {{ background: {t.unknown_bg}; border-radius: 10px; }}
QFrame#Card {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 12px; }}
QTableView {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px;
    gridline-color: {t.border}; selection-background-color: {t.selection_bg};
    selection-color: {t.text}; }}
QHeaderView::section {{ background: {t.surface_alt}; color: {t.text_muted}; border: none;
    padding: 6px; font-weight: 600; }}
QScrollArea {{ border: none; background: transparent; }}
QStatusBar {{ background: {t.surface}; color: {t.text_muted}; border-top: 1px solid {t.border}; }}
QProgressBar {{ border: none; background: {t.surface_alt}; border-radius: 4px; height: 8px;
    text-align: center; }}
QProgressBar::chunk {{ background: {t.accent}; border-radius: 4px; }}
QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; }}
"""
