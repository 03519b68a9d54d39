"""Imported text is never markup: hostile authors, places, tags, comment authors and sentences
go through the real importer, Library and widgets (feed, reader, lookup, vocabulary) and are
shown literally; no label that shows them reads them as rich text."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from companion.library import Library
from companion.paths import DataDir
from companion.store.posts import PostSummary
from companion.ui.annotated_text import AnnotatedTextWidget
from companion.ui.app import create_app
from companion.ui.feed import FeedWidget
from companion.ui.labels import message_box
from companion.ui.main_window import MainWindow
from tests.importers import exports

TIMEOUT = 30_000
UI = Path(__file__).resolve().parents[2] / "companion" / "ui"

AUTHOR = "<h1>BigAuthor</h1>"
LOCATION = "<img src=file:///etc/passwd>"
TAG = "<a href='https://evil.example/'>tag</a>"
COMMENTER = "<b style='color:red'>commenter</b>"
BODY_HTML = "<img src=file:///etc/hostname>"
# Markup that, read as HTML, shows exactly the text around it: only literal drawing shows it.
TITLE_HTML = "<span>探店</span>"
COMMENT_HTML = "<i>好吃</i>"
HOSTILE = (AUTHOR, LOCATION, TAG, COMMENTER, BODY_HTML)
MARKERS = ("<h1>", "<img", "<a href", "<b style", "file:///")


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir, tmp_path: Path) -> Iterator[MainWindow]:
    note = exports.note(
        1,
        title=f"火锅{TITLE_HTML}",
        desc=f"今天{BODY_HTML}去吃火锅。火锅真好吃！",
        nickname=AUTHOR,
        ip_location=LOCATION,
        tag_list=TAG,
    )
    notes = exports.write_json(tmp_path / "notes.json", [note])
    comment = exports.comment(
        1, note["note_id"], nickname=COMMENTER, content=f"真的{COMMENT_HTML}吗？"
    )
    comments = exports.write_json(tmp_path / "comments.json", [comment])
    library = Library(data_dir, seed_samples=False)
    try:
        library.import_paths([notes])
        library.import_paths([comments])
    finally:
        library.close()
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(lambda: bool(win.feed_page.feed.posts()), timeout=TIMEOUT)
    yield win
    win.runner.wait()


def labels_showing_hostile_text(window: MainWindow) -> list[QLabel]:
    return [
        label
        for label in window.findChildren(QLabel)
        if any(marker in label.text() for marker in MARKERS)
    ]


def test_hostile_posts_render_literally(qtbot: QtBot, window: MainWindow) -> None:
    post = next(p for p in window.feed_page.feed.posts() if p.author == AUTHOR)
    ready: list[bool] = []
    window.open_post(post.id, lambda: ready.append(True))
    qtbot.waitUntil(lambda: bool(ready), timeout=TIMEOUT)
    reader = window.reader
    qtbot.waitUntil(lambda: bool(reader.post and reader.post.comments), timeout=TIMEOUT)

    # The reader: meta line, tags, comment author; all plain, all literal.
    assert AUTHOR in reader.meta.text() and LOCATION in reader.meta.text()
    assert f"#{TAG}" in reader.tags.text()
    shown = labels_showing_hostile_text(window)
    texts = "\n".join(label.text() for label in shown)
    assert COMMENTER in texts
    for label in shown:
        assert label.textFormat() is Qt.TextFormat.PlainText, label.text()
    # Rich labels (our own markup) carry no raw hostile markup.
    for label in window.findChildren(QLabel):
        if label.textFormat() is not Qt.TextFormat.PlainText:
            assert not any(marker in label.text() for marker in MARKERS), label.text()

    # The lookup card, opened on a word of the hostile post, and the word saved from it.
    tokens = reader.body_text.tokens()
    index = next(i for i, t in enumerate(tokens) if t.text == "火锅")
    rect = reader.body_text.token_rect(index)
    reader.scroll.ensureWidgetVisible(reader.body_text, 0, int(rect.bottom()) + 50)
    qtbot.mouseClick(reader.body_text, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.waitUntil(reader.lookup.isVisible, timeout=TIMEOUT)
    assert reader.lookup.word_label.textFormat() is Qt.TextFormat.PlainText
    qtbot.mouseClick(reader.lookup.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "火锅" in (reader.post.saved if reader.post else set()), timeout=TIMEOUT
    )

    window.show_page("vocab")
    qtbot.waitUntil(lambda: window.vocab.model.rowCount() == 1, timeout=TIMEOUT)
    model = window.vocab.model
    context = model.data(model.index(0, 5))
    assert BODY_HTML in context
    tooltip = model.data(model.index(0, 5), Qt.ItemDataRole.ToolTipRole)
    rendered = QTextDocument()
    rendered.setHtml(tooltip)  # tooltips guess the format as labels do: render it as rich
    assert BODY_HTML in rendered.toPlainText()
    for label in labels_showing_hostile_text(window):
        assert label.textFormat() is Qt.TextFormat.PlainText, label.text()


def stand_out(image: QImage, rect: QRect) -> int:
    """Pixels in rect that differ clearly from its top-left pixel (the background)."""
    rect = rect.intersected(image.rect())
    if rect.isEmpty():
        return 0
    bg = image.pixelColor(rect.topLeft()).getRgb()[:3]
    return sum(
        1
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
        if max(abs(a - b) for a, b in zip(image.pixelColor(x, y).getRgb()[:3], bg, strict=True))
        > 64
    )


def test_markup_in_title_body_and_comments_is_drawn_as_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The reader draws the title, body and comments as the characters they are: the markup's
    own characters are tokens, and '<' is painted where its token stands."""
    post = next(p for p in window.feed_page.feed.posts() if p.author == AUTHOR)
    assert post.title == f"火锅{TITLE_HTML}"
    ready: list[bool] = []
    window.open_post(post.id, lambda: ready.append(True))
    qtbot.waitUntil(lambda: bool(ready), timeout=TIMEOUT)
    reader = window.reader
    qtbot.waitUntil(lambda: bool(reader.post and reader.post.comments), timeout=TIMEOUT)
    main = {reader.title_text, reader.body_text}
    (comment,) = [w for w in reader.findChildren(AnnotatedTextWidget) if w not in main]
    for widget, markup in (
        (reader.title_text, TITLE_HTML),
        (reader.body_text, BODY_HTML),
        (comment, COMMENT_HTML),
    ):
        tokens = widget.tokens()
        assert markup in "".join(t.text for t in tokens)
        opening = next(i for i, t in enumerate(tokens) if "<" in t.text)
        rect = widget.token_rect(opening).toAlignedRect()
        assert rect.width() > 2, f"'<' takes no room in {markup}"
        assert stand_out(widget.grab().toImage(), rect) >= 4, f"'<' of {markup} is not drawn"

    # The lookup card on a word of the same sentence: every label shows its text literally or
    # is our own markup, which carries none of the post's.
    tokens = reader.body_text.tokens()
    index = next(i for i, t in enumerate(tokens) if t.text == "火锅")
    rect = reader.body_text.token_rect(index)
    reader.scroll.ensureWidgetVisible(reader.body_text, 0, int(rect.bottom()) + 50)
    qtbot.mouseClick(reader.body_text, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.waitUntil(reader.lookup.isVisible, timeout=TIMEOUT)
    assert reader.lookup.word_label.text() == "火锅"
    for label in reader.lookup.findChildren(QLabel):
        if label.textFormat() is Qt.TextFormat.PlainText:
            continue
        rendered = QTextDocument()
        rendered.setHtml(label.text())
        assert not any(m in label.text() for m in (*MARKERS, "<span>", "<i>好吃")), label.text()


def test_feed_cards_draw_markup_as_text(qtbot: QtBot) -> None:
    """A card titled with markup is drawn differently from one titled with the text that
    markup would show: the tags' characters are on the card."""
    create_app()
    feed = FeedWidget()
    qtbot.addWidget(feed)
    feed.resize(800, 600)
    feed.show()
    qtbot.waitExposed(feed)

    def card(title: str, n: int) -> PostSummary:
        return PostSummary(n, "xhs", f"n{n}", title, "作者", 100, (), None)

    titles = (f"火锅{TITLE_HTML}", "火锅探店", "火锅探店")
    feed.set_posts([card(t, n) for n, t in enumerate(titles, 1)], lambda _p: None)
    qtbot.wait(50)
    image = feed.grab().toImage()

    def caption(i: int) -> QImage:  # the title and author under the cover
        rect = feed.card_rect(i)
        return image.copy(rect.adjusted(1, rect.height() - 60, -1, -1))

    assert caption(1) == caption(2)  # same title, same caption: the comparison is fair
    assert caption(0) != caption(1)
    feed.wait_for_covers()


@pytest.mark.parametrize("text", HOSTILE)
def test_message_boxes_are_plain(qtbot: QtBot, text: str) -> None:
    create_app()
    box = message_box(None, QMessageBox.Icon.Warning, "Companion", f"cannot import {text}")
    qtbot.addWidget(box)
    assert box.textFormat() is Qt.TextFormat.PlainText
    assert box.text() == f"cannot import {text}"


def test_no_label_or_message_box_is_built_around_the_helpers() -> None:
    """Every QLabel comes from labels.plain_label/rich_label, every message box from
    labels.message_box: their text format is chosen, never Qt's AutoText guess."""
    offenders = []
    for path in sorted(UI.glob("*.py")):
        if path.name == "labels.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("QLabel", "QMessageBox"):
                offenders.append(f"{path.name}:{node.lineno} {func.id}(...)")
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "QMessageBox"
                and func.attr in ("warning", "critical", "information", "question", "about")
            ):
                offenders.append(f"{path.name}:{node.lineno} QMessageBox.{func.attr}(...)")
            if isinstance(func, ast.Attribute) and func.attr in ("setToolTip", "showText"):
                at = 1 if func.attr == "showText" else 0  # showText(pos, text, widget)
                arg = node.args[at] if len(node.args) > at else None
                escaped = (
                    isinstance(arg, ast.Call)
                    and isinstance(arg.func, ast.Name)
                    and arg.func.id == "plain_tooltip"
                )
                if not (escaped or isinstance(arg, ast.Constant | ast.JoinedStr)):
                    offenders.append(f"{path.name}:{node.lineno} {func.attr}(data)")
    assert not offenders, offenders
