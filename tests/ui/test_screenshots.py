"""`companion screenshot` renders every view, and Chinese and pinyin never render as tofu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from companion.cli import main
from companion.paths import DataDir
from companion.ui.fonts import load_fonts

MISSING = "\U000f0000"  # a private-use code point no font draws: it shows the missing-glyph box


def render(text: str, family: str) -> QImage:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont(family)
    font.setPixelSize(40)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


@pytest.mark.parametrize("text", ["绝", "铲", "屎", "薅", "ǚ", "ǐ", "ǜ", "ā", "ü"])
def test_glyphs_are_not_tofu(ui_app: object, text: str) -> None:
    family = load_fonts()
    assert family == "Noto Sans SC"
    tofu = render(MISSING, family)
    glyph = render(text, family)
    assert glyph != tofu
    assert glyph != render(" ", family)  # and it is not blank either


@pytest.mark.parametrize("view", ["feed", "reader", "lookup", "vocab", "export", "models"])
def test_every_view_renders(
    ui_app: object, data_dir: DataDir, tmp_path: Path, view: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{view}.png"
    code = main(
        [
            "--data-dir",
            str(data_dir.root),
            "screenshot",
            view,
            "-o",
            str(out),
            "--size",
            "1000x700",
            "--theme",
            "dark" if view == "reader" else "light",
        ]
    )
    assert code == 0, capsys.readouterr().err
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 400
    step = 25 if view in ("feed", "reader", "lookup", "vocab") else 4
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }
    assert len(colours) > 20, "the view rendered (almost) empty"
