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
)


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
    elif view in ("reader", "lookup"):
        post_id = post if post is not None else feed.posts()[0].id
        ready = []
        window.open_post(post_id, lambda: ready.append(True))
        if not _wait(app, lambda: bool(ready)):
            raise InvalidInput(f"post {post_id} did not open")
        _wait(app, lambda: window.runner.busy == 0, 10)
        if view == "lookup":
            _show_lookup(window, word)
    elif view == "vocab":
        window.show_page("vocab")
        _wait(app, lambda: window.runner.busy == 0, 10)
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
