"""`companion screenshot VIEW -o FILE.png`: render a view offscreen, for docs and tests."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from companion.errors import InvalidInput
from companion.paths import DataDir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

VIEWS = (
    "feed",
    "reader",
    "lookup",
    "review",
    "stats",
    "vocab",
    "export",
    "models",
    "shortcuts",
    "about",
    "clipboard",
    "pictures",
)
CLIPBOARD_SAMPLE = (
    "周末去了一家新开的咖啡店，环境超级出片！\n拿铁三十二块，有点小贵，但是味道绝绝子。"
)
"""What the clipboard view shows as copied (a learner copying from a web page)."""


def _wait(app: object, condition: object, seconds: float = 20.0) -> bool:
    """Process events until condition() is true (or time runs out)."""
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def screenshot(
    data: DataDir,
    view: str,
    output: Path,
    *,
    post: int | None = None,
    word: str | None = None,
    size: str = "1280x800",
    theme: str = "light",
) -> Path:
    """Render view to output (PNG); returns the path."""
    shown = prepare(data, view, post=post, word=word, size=size, theme=theme)
    image = shown.grab()
    output.parent.mkdir(parents=True, exist_ok=True)
    saved = image.save(str(output))
    window = shown.parentWidget() or shown  # a dialog's parent is the main window
    shown.close()
    window.close()
    if not saved:
        raise InvalidInput(f"cannot write {output}")
    return output


def prepare(
    data: DataDir,
    view: str,
    *,
    post: int | None = None,
    word: str | None = None,
    size: str = "1280x800",
    theme: str = "light",
) -> QWidget:
    """Open the app on view with everything it shows loaded; the widget to grab (the main
    window, or the dialog for export and models)."""
    if view not in VIEWS:
        raise InvalidInput(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
    try:
        width, height = (int(x) for x in size.lower().split("x"))
    except ValueError:
        raise InvalidInput(f"--size must look like 1280x800, not {size!r}") from None
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from companion.ui.about import AboutDialog, show_dialog
    from companion.ui.app import create_app
    from companion.ui.main_window import MainWindow
    from companion.ui.shortcuts import ShortcutSheet

    app = create_app()
    window = MainWindow(data.ensure(), keep_session=False)  # the view asked, not the last one
    # No background reading of every picture: it would keep the window busy for a minute
    # (the reader views read their own post's pictures below).
    window.image_reading.enabled = False
    window.apply_settings(window.settings.with_changes(theme=theme), save=False)
    window.resize(width, height)
    window.show()
    if not _wait(app, lambda: window.library is not None and window.feed_page.feed.posts()):
        raise InvalidInput("the library did not open in time")
    feed = window.feed_page.feed
    if view == "feed":
        app.processEvents()
        feed.viewport().update()
        _wait(
            app,
            lambda: all(
                feed.cover_state(i) in ("loaded", "failed", "text") for i in feed.visible_indices()
            ),
            10,
        )
    elif view in ("reader", "lookup", "pictures"):
        post_id = post if post is not None else feed.posts()[0].id
        read: list[int] = []  # the text in the post's pictures, shown under them
        window.db(lambda lib: lib.read_images([post_id]), on_success=read.append)
        _wait(app, lambda: bool(read), 60)
        ready = []
        window.open_post(post_id, lambda: ready.append(True))
        if not _wait(app, lambda: bool(ready)):
            raise InvalidInput(f"post {post_id} did not open")
        _wait(app, lambda: window.runner.busy == 0 or bool(window.reader.image_text.texts()), 10)
        _wait(app, lambda: window.runner.busy == 0, 5)
        if view == "lookup":
            _show_lookup(window, word)
        elif view == "pictures":
            _point_at_picture_text(window)
    elif view == "vocab":
        window.show_page("vocab")
        _wait(app, lambda: window.runner.busy == 0, 10)
    elif view == "clipboard":
        return _show_clipboard(app, window)
    elif view in ("review", "stats"):
        _show_review(app, window, view)
    elif view in ("export", "models", "shortcuts", "about"):
        dialogs = {
            "export": window.export_dialog,
            "models": window.models_dialog,
            "shortcuts": lambda: show_dialog(ShortcutSheet(window)),
            "about": lambda: show_dialog(AboutDialog(window)),
        }
        dialog = dialogs[view]()
        _wait(app, lambda: window.runner.busy == 0, 10)
        app.processEvents()
        return dialog
    app.processEvents()
    return window


def _show_lookup(window: object, word: str | None) -> None:
    from companion.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    reader = window.reader
    text = reader.body_text
    tokens = text.tokens()
    index = next(
        (i for i, t in enumerate(tokens) if t.is_chinese and (word is None or t.text == word)),
        None,
    )
    if index is None:
        raise InvalidInput(f"the post has no word {word!r}")
    sentence = text.sentence_of(index)
    text.select_token(index)
    text.word_activated.emit(tokens[index], sentence)


def _show_review(app: object, window: object, view: str) -> None:
    """The Review page on its first card, revealed (review), or its progress charts (stats),
    the middle day of the reviews chart hovered to show its labelled value."""
    from companion.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    page = window.review
    window.show_page("review")
    if not _wait(app, lambda: page.state != "loading" and window.runner.busy == 0):
        raise InvalidInput("the review queue did not load in time")
    if view == "review":
        page.reveal()
    else:
        page.show_tab("progress")
        _wait(app, lambda: page.progress.stats is not None and window.runner.busy == 0, 10)
        chart = page.progress.reviews
        marks = chart.chart_layout().marks
        busiest = max(range(len(marks)), key=lambda i: marks[i].value, default=None)
        chart.hovered = busiest if busiest is not None and marks[busiest].value else None
        chart.update()


def _show_clipboard(app: object, window: object) -> QWidget:
    """The clipboard reader with a copied text read and a word looked up."""
    from PySide6.QtGui import QGuiApplication

    from companion.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    reader = window.clipboard_reader
    reader.set_listening(True)
    QGuiApplication.clipboard().setText(CLIPBOARD_SAMPLE)
    if not _wait(app, lambda: bool(reader.text.tokens())):
        raise InvalidInput("the clipboard reader did not read the copied text")
    _wait(app, lambda: window.runner.busy == 0, 10)
    tokens = reader.text.tokens()
    index = next(i for i, t in enumerate(tokens) if t.text == "出片")
    reader.text.select_token(index)
    reader.text.word_activated.emit(tokens[index], reader.text.sentence_of(index))
    reader.resize(480, 720)
    _wait(app, lambda: False, 0.3)
    return reader


def _point_at_picture_text(window: object) -> None:
    """Hover the longest line read in the post's first picture and select its words (a click)."""
    from companion.ui.image_text import ImageView
    from companion.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    views = [v for v in window.reader.findChildren(ImageView) if v.document is not None]
    if not views:
        raise InvalidInput("no text was read in this post's pictures")
    view = views[0]
    doc = view.document
    assert doc is not None
    line = max(range(len(doc.spans)), key=lambda i: doc.spans[i][1] - doc.spans[i][0])
    view.hovered = line
    view.update()
    view.line_clicked.emit(view.position, line)
    window.reader.scroll.verticalScrollBar().setValue(0)  # the picture and, if tall, its text
