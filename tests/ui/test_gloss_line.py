"""The interlinear gloss line: labels in small caps, wrapping, and what a hovered label means."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QFont, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from companion.language.annotate import Annotator
from companion.language.senses import describe_label
from companion.translation.gloss import gloss
from companion.ui import theme
from companion.ui.annotated_text import AnnotatedTextWidget
from companion.ui.gloss_line import caps_font, layout_gloss
from companion.ui.labels import plain_tooltip

GLOSS = "we · this · CL · shop · PASS · very · many · person · recommend"


@pytest.fixture(scope="module")
def annotator(engine_cache: Path) -> Annotator:
    return Annotator(engine_cache)


def test_labels_are_small_caps_pieces(ui_app: QApplication) -> None:
    font = QFont("Noto Sans SC")
    font.setPixelSize(13)
    layout = layout_gloss(GLOSS, 2000, font, caps_font(font))
    labels = [(p.text, p.label) for p in layout.pieces if p.label]
    assert labels == [("cl", "CL"), ("pass", "PASS")]
    words = [p.text for p in layout.pieces if p.text not in ("·", "gloss: ")]
    assert words == ["we", "this", "cl", "shop", "pass", "very", "many", "person", "recommend"]
    assert caps_font(font).capitalization() is QFont.Capitalization.SmallCaps
    assert len({p.rect.top() for p in layout.pieces}) == 1  # one line when it fits


def test_a_label_inside_a_word_gloss_is_small_caps_too(ui_app: QApplication) -> None:
    font = QFont("Noto Sans SC")
    font.setPixelSize(13)
    layout = layout_gloss("eat · PFV · one-CL · dumpling · well-known", 2000, font, caps_font(font))
    runs = [(p.text, p.label) for p in layout.pieces if p.text not in ("·", "gloss: ")]
    assert runs == [
        ("eat", None),
        ("pfv", "PFV"),
        ("one", None),
        ("-", None),
        ("cl", "CL"),
        ("dumpling", None),
        ("well-known", None),
    ]


@pytest.mark.parametrize("width", [60, 120, 200, 400])
def test_the_gloss_wraps_inside_its_width(ui_app: QApplication, width: int) -> None:
    font = QFont("Noto Sans SC")
    font.setPixelSize(13)
    layout = layout_gloss(GLOSS, width, font, caps_font(font))
    assert all(p.rect.right() <= width + 0.5 for p in layout.pieces)
    lines = sorted({p.rect.top() for p in layout.pieces})
    assert layout.height == pytest.approx(lines[-1] + layout.pieces[0].rect.height())
    pieces = sorted(layout.pieces, key=lambda p: (p.rect.top(), p.rect.left()))
    for a, b in itertools.pairwise(pieces):
        if a.rect.top() == b.rect.top():
            assert a.rect.right() <= b.rect.left() + 0.01  # no overlap on a line


def _label_points(widget: AnnotatedTextWidget) -> dict[str, QPointF]:
    rect = widget.translation_rect(0)
    assert rect is not None
    found: dict[str, QPointF] = {}
    y = rect.top()
    while y < rect.bottom():
        x = rect.left()
        while x < rect.right():
            label = widget.gloss_label_at(QPointF(x, y))
            if label is not None:
                found.setdefault(label, QPointF(x, y))
            x += 2
        y += 2
    return found


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen tooltip
@pytest.mark.parametrize("colours", [theme.LIGHT, theme.DARK])
def test_hovering_a_label_says_what_it_means(
    qtbot: QtBot, ui_app: QApplication, annotator: Annotator, colours: theme.Theme
) -> None:
    document = annotator.annotate("我们这家店被很多人推荐")
    widget = AnnotatedTextWidget()
    qtbot.addWidget(widget)
    widget.set_theme(colours)
    widget.set_document(document)
    widget.set_translation(0, None, gloss(document.sentences[0]))
    widget.resize(500, widget.heightForWidth(500))
    widget.show()
    points = _label_points(widget)
    assert set(points) == {"CL", "PASS"}
    point = points["CL"].toPoint()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)
    assert QToolTip.text() == plain_tooltip(describe_label("CL"))  # shown as plain text
    assert "CL — classifier (measure word)" in QToolTip.text()
    QApplication.sendEvent(widget, QHelpEvent(QHelpEvent.Type.ToolTip, QPoint(1, 1), QPoint(1, 1)))
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    widget.render(image)
    x, y = int(points["PASS"].x()), int(points["PASS"].y())
    background = image.pixelColor(1, image.height() - 1)
    inked = any(
        image.pixelColor(x + dx, y + dy) != background
        for dx in range(-6, 12)
        for dy in range(-6, 6)
    )
    assert inked
