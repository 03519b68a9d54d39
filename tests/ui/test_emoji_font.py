"""One emoji-font policy for the feed and the reader: a font counts only if it draws emoji."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from companion.store.posts import PostSummary
from companion.ui import emoji_font
from companion.ui.feed import FeedWidget

COLOUR_FONT = "Noto Color Emoji"  # installed by the set-up (docs/install.md)


@pytest.fixture
def colour_font(ui_app: QApplication) -> str:
    if COLOUR_FONT not in QFontDatabase.families():
        pytest.skip(f"{COLOUR_FONT} is not installed")
    return COLOUR_FONT


@pytest.mark.parametrize(
    ("family", "draws"),
    [
        (COLOUR_FONT, True),
        ("No Such Emoji Font", False),  # Qt substitutes another font: that is not this one
        ("", False),
    ],
)
def test_draws_emoji(colour_font: str, family: str, draws: bool) -> None:
    assert emoji_font.draws_emoji(family) is draws


def test_the_feed_uses_the_shared_answer(qtbot, colour_font: str) -> None:  # type: ignore[no-untyped-def]
    assert emoji_font.emoji_family() == colour_font
    assert emoji_font.has_emoji_font()
    feed = FeedWidget()
    qtbot.addWidget(feed)
    post = PostSummary(
        id=1,
        source="xhs",
        source_id="n1",
        title="今日份猫片🐱",
        author="小红薯🌸",
        likes=3,
        tags=(),
        difficulty=None,
    )
    feed.set_posts([post], lambda _p: None)
    assert feed.model().titles == ["今日份猫片🐱"]  # kept: the emoji font draws it


def test_asked_before_the_application_exists_it_answers_later() -> None:
    probe = (
        "from companion.ui import emoji_font\n"
        "assert emoji_font.emoji_family() is None\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "app = QGuiApplication([])\n"
        "print(emoji_font.emoji_family())\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr
    installed = COLOUR_FONT in QFontDatabase.families()
    assert result.stdout.strip() == (COLOUR_FONT if installed else "None")
