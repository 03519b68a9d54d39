"""`companion screenshot` renders every view, and Chinese and pinyin never render as tofu."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QLabel, QWidget

from companion.cli import main
from companion.library import Library
from companion.paths import DataDir
from companion.review.model import Grade
from companion.ui import theme
from companion.ui.fonts import load_fonts
from companion.ui.main_window import MainWindow
from companion.ui.screenshot import VIEWS, prepare

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


ON_THEIR_OWN = ("clipboard", "pictures")
"""Views whose parts are checked by their own tests (the clipboard reader, text in pictures)."""
WITH_PARTS = [view for view in VIEWS if view not in ON_THEIR_OWN]
SMALL = ("export", "models", "shortcuts", "about", "clipboard")
"""Views not the size asked for: the dialogs and the clipboard reader's own small window."""


def ink(image: QImage, rect: QRect) -> tuple[str, int]:
    """rect's background (its most common colour, which must fill a quarter of it: noise from
    an unpainted buffer has none) and how many pixels stand out from it."""
    rect = rect.intersected(image.rect())
    pixels = [
        image.pixelColor(x, y).getRgb()[:3]
        for x in range(rect.left(), rect.right() + 1, 2)
        for y in range(rect.top(), rect.bottom() + 1, 2)
    ]
    if not pixels:
        return "", 0
    background, share = Counter(pixels).most_common(1)[0]
    if share < len(pixels) / 4:
        return "", 0
    stand_out = sum(
        1 for p in pixels if max(abs(a - b) for a, b in zip(p, background, strict=True)) > 64
    )
    return QColor(*background).name(), stand_out


def backgrounds(t: theme.Theme) -> set[str]:
    """The colours a theme paints areas with (text sits on one of them)."""
    names = ("window", "surface", "surface_alt", "unknown_bg", "learning_bg", "hover_bg")
    return {getattr(t, name) for name in (*names, "selection_bg", "accent")}


def on(root: QWidget, widget: QWidget, rect: QRect | QRectF | None = None) -> QRect:
    """rect (widget's own coordinates; default all of it) in root's coordinates."""
    area = widget.rect() if rect is None else QRectF(rect).toAlignedRect()
    return area.translated(widget.mapTo(root, QPoint(0, 0)))


def expected_parts(root: QWidget, view: str) -> dict[str, tuple[QWidget, QRect | QRectF | None]]:
    """What each view must show: widget and the area of it that must hold text or drawing."""
    window = root if isinstance(root, MainWindow) else root.parentWidget()
    assert isinstance(window, MainWindow)
    reader, feed = window.reader, window.feed_page.feed
    if view == "feed":

        def text_of(card: QRect) -> QRect:  # the title and author under the cover
            return card.adjusted(0, card.height() - 70, 0, 0)

        return {
            "first card's text": (feed.viewport(), text_of(feed.card_rect(0))),
            "second card's text": (feed.viewport(), text_of(feed.card_rect(1))),
            "search box": (window.feed_page.search, None),
        }
    if view in ("reader", "lookup"):
        shown = on(root, reader.scroll.viewport())
        card = on(root, reader.lookup) if reader.lookup.isVisible() else QRect()

        def in_sight(box: QRect) -> bool:
            return shown.contains(box) and not card.intersects(box)

        parts: dict[str, tuple[QWidget, QRect | QRectF | None]] = {
            "post details": (reader.meta, None)
        }
        # The title's first word (the body may start below the fold; where it starts depends
        # on the gallery's layout, so only its words are checked).
        assert reader.body_text.tokens(), f"{view}: the body has no words"
        title = reader.title_text
        seen = [
            i
            for i, t in enumerate(title.tokens())
            if t.is_chinese and in_sight(on(root, title, title.token_rect(i)))
        ]
        assert seen, f"{view}: no word of the title in sight"
        parts["first title word"] = (title, title.token_rect(seen[0]))
        if view == "lookup":
            lookup = reader.lookup
            parts |= {
                "looked-up word": (lookup.word_label, None),
                "its pinyin": (lookup.pinyin_label, None),
                "its senses": (lookup.senses_label, None),
                "add button": (lookup.add_button, None),
            }
        return parts
    if view == "review":
        card = window.review.card_view
        return {
            "the word": (card.word, None),
            "its meaning": (card.meaning, None),
            "the Good button": (card.grade_buttons[Grade.GOOD], None),
        }
    if view == "stats":
        progress = window.review.progress
        return {
            "due figure": (progress.tiles[0], None),
            "reviews chart": (progress.reviews, None),
            "forecast chart": (progress.forecast, None),
            "known chart": (progress.known, None),
        }
    if view == "vocab":
        table = window.vocab.table
        return {
            "first saved word": (table.viewport(), table.visualRect(table.model().index(0, 0))),
            "search box": (window.vocab.search, None),
        }
    if view == "export":
        return {"format": (root.format, None), "file": (root.path, None)}  # type: ignore[attr-defined]
    if view == "shortcuts":
        caps = root.findChildren(QLabel, "KeyCap")
        return {"first key": (caps[0], None), "last key": (caps[-1], None)}
    if view == "about":
        return {"data folder": (root.folder_label, None), "open it": (root.open_button, None)}  # type: ignore[attr-defined]
    return {"model list": (root.list, None)}  # type: ignore[attr-defined]


@pytest.mark.parametrize("view", WITH_PARTS)
def test_every_view_renders(ui_app: object, data_dir: DataDir, view: str) -> None:
    """Each view shows its parts: visible, with a size, and drawn (not blank) in the grab."""
    library = Library(data_dir)
    library.add_word("银行")
    library.close()
    palette = theme.DARK if view == "reader" else theme.LIGHT
    root = prepare(data_dir, view, size="1000x700", theme=palette.name)
    try:
        image = root.grab().toImage()
        assert image.width() >= 400
        for name, (widget, area) in expected_parts(root, view).items():
            assert widget.isVisible(), f"{view}: {name} is hidden"
            box = on(root, widget, area)
            assert box.width() > 4 and box.height() > 4, f"{view}: {name} has no size ({box})"
            assert image.rect().contains(box.center()), f"{view}: {name} is off screen"
            background, drawn = ink(image, box)
            assert drawn >= 8, f"{view}: {name} rendered blank"
            assert background in backgrounds(palette), (
                f"{view}: {name} not in the {palette.name} theme"
            )
        if view == "lookup":
            reader = root.reader  # type: ignore[attr-defined]
            assert reader.lookup.word_label.text() in {t.text for t in reader.body_text.tokens()}
    finally:
        window = root.parentWidget() or root
        root.close()
        window.close()


@pytest.mark.parametrize("view", VIEWS)
def test_screenshot_command_writes_the_view(
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
    if view not in SMALL:
        assert image.width() >= 1000 and image.height() == 700  # at least the size asked for
    assert ink(image, image.rect())[1] > 100, "the screenshot is (almost) blank"
