"""The whole app, offscreen, on a temp data dir: read a post, look up and save a word, toggle
pinyin and translation, switch theme, import a file, install a model, export a deck."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.paths import DataDir
from companion.store.models import WordStatus
from companion.ui import theme
from companion.ui.app import create_app
from companion.ui.main_window import MainWindow
from tests.importers import exports

TIMEOUT = 30_000


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir) -> Iterator[MainWindow]:
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(lambda: bool(win.feed_page.feed.posts()), timeout=TIMEOUT)
    yield win
    win.runner.wait()


def open_first_post(qtbot: QtBot, window: MainWindow) -> None:
    ready: list[bool] = []
    window.open_post(window.feed_page.feed.posts()[0].id, lambda: ready.append(True))
    qtbot.waitUntil(lambda: bool(ready), timeout=TIMEOUT)


def first_word(window: MainWindow) -> int:
    tokens = window.reader.body_text.tokens()
    return next(i for i, t in enumerate(tokens) if t.is_chinese and len(t.text) > 1)


def test_feed_shows_the_samples(qtbot: QtBot, window: MainWindow) -> None:
    assert len(window.feed_page.feed.posts()) >= 30
    qtbot.waitUntil(lambda: window.model_label.text() != "Translation: checking…", timeout=TIMEOUT)
    assert window.banner.isVisible()  # no translation model yet
    assert window.model_label.text() == "Translation: no model"


def test_search_filters_the_feed(qtbot: QtBot, window: MainWindow) -> None:
    before = len(window.feed_page.feed.posts())
    with qtbot.waitSignal(window.feed_loaded, timeout=TIMEOUT):
        window.feed_page.search.setText("火锅")
    posts = window.feed_page.feed.posts()
    assert 0 < len(posts) < before


def test_read_look_up_and_save_a_word(qtbot: QtBot, window: MainWindow) -> None:
    open_first_post(qtbot, window)
    reader = window.reader
    assert window.stack.currentWidget() is reader
    index = first_word(window)
    token = reader.body_text.tokens()[index]
    rect = reader.body_text.token_rect(index)
    reader.scroll.ensureWidgetVisible(reader.body_text, 0, int(rect.bottom()) + 50)
    qtbot.mouseClick(reader.body_text, qt_left(), pos=rect.center().toPoint())
    qtbot.waitUntil(reader.lookup.isVisible, timeout=TIMEOUT)
    assert reader.lookup.word_label.text() == token.text
    assert reader.lookup.pinyin_label.text() == token.pinyin
    assert reader.lookup.senses_label.text()
    # Translations: the sample post's own, already under its sentences.
    assert reader.body_text.translation_rect(0) is not None
    qtbot.mouseClick(reader.lookup.add_button, qt_left())
    qtbot.waitUntil(
        lambda: token.text in (reader.post.saved if reader.post else set()), timeout=TIMEOUT
    )
    assert reader.lookup.add_button.text() == "Saved ✓"
    qtbot.mouseClick(reader.lookup.known_button, qt_left())
    qtbot.waitUntil(
        lambda: (
            reader.post is not None and reader.post.statuses.get(token.text) is WordStatus.KNOWN
        ),
        timeout=TIMEOUT,
    )
    window.show_page("vocab")
    qtbot.waitUntil(lambda: window.vocab.model.rowCount() == 1, timeout=TIMEOUT)
    entry = window.vocab.model.entries[0]
    assert entry.word == token.text and entry.contexts
    other = next(level for level in range(1, 8) if level != entry.hsk)
    window.vocab.hsk_filter.setCurrentIndex(window.vocab.hsk_filter.findData(other))
    qtbot.waitUntil(lambda: window.vocab.model.rowCount() == 0, timeout=TIMEOUT)
    assert not window.vocab.empty.isVisible()  # filtered out, not empty


def test_toggles_and_theme(qtbot: QtBot, window: MainWindow) -> None:
    open_first_post(qtbot, window)
    reader = window.reader
    index = first_word(window)
    assert reader.body_text.pinyin_rect(index) is not None
    reader.pinyin_mode.setCurrentIndex(reader.pinyin_mode.findData("off"))
    assert reader.body_text.pinyin_rect(index) is None
    reader.translation_toggle.setChecked(False)
    assert reader.body_text.translation_rect(0) is None
    window.settings_page.theme.setCurrentIndex(window.settings_page.theme.findData("dark"))
    assert theme.current().name == "dark"
    saved = json.loads((window.data.root / "settings.json").read_text(encoding="utf-8"))
    assert saved["theme"] == "dark"


def test_import_a_mediacrawler_file(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = exports.write_json(tmp_path / "notes.json", [exports.note(n) for n in range(3)])
    dialog = window.import_dialog()
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT):
        dialog.import_paths([path])
    assert "3 new posts" in dialog.message.text()
    qtbot.waitUntil(lambda: len(window.feed_page.feed.posts()) >= 35, timeout=TIMEOUT)
    dialog.close()


def test_install_a_model_and_export_a_deck(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from tests.translation.argos_fixture import build_argosmodel

    dialog = window.models_dialog()
    with qtbot.waitSignal(dialog.changed, timeout=TIMEOUT):
        dialog.install_file(build_argosmodel(tmp_path / "zh_en.argosmodel"))
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=TIMEOUT)
    dialog.close()
    open_first_post(qtbot, window)
    index = first_word(window)
    reader = window.reader
    save_word(qtbot, window, index)
    target = tmp_path / "deck.apkg"
    assert export_deck(qtbot, window, target) == f"Exported 1 word to {target}"
    assert target.stat().st_size > 1000
    # The message counts in English: one word, then two words.
    tokens = reader.body_text.tokens()
    second = next(
        i
        for i, t in enumerate(tokens)
        if t.is_chinese and len(t.text) > 1 and t.text != tokens[index].text
    )
    save_word(qtbot, window, second)
    target = tmp_path / "deck2.apkg"
    assert export_deck(qtbot, window, target) == f"Exported 2 words to {target}"


def save_word(qtbot: QtBot, window: MainWindow, index: int) -> None:
    reader = window.reader
    rect = reader.body_text.token_rect(index)
    reader.scroll.ensureWidgetVisible(reader.body_text, 0, int(rect.bottom()) + 50)
    qtbot.mouseClick(reader.body_text, qt_left(), pos=rect.center().toPoint())
    qtbot.waitUntil(reader.lookup.isVisible, timeout=TIMEOUT)
    qtbot.mouseClick(reader.lookup.add_button, qt_left())
    qtbot.waitUntil(lambda: reader.lookup.add_button.text() == "Saved ✓", timeout=TIMEOUT)


def export_deck(qtbot: QtBot, window: MainWindow, target: Path) -> str:
    """Export every saved word to target; the dialog's message."""
    export = window.export_dialog()
    export.path.setText(str(target))
    with qtbot.waitSignal(export.exported, timeout=TIMEOUT):
        export.start()
    message = export.message.text()
    export.close()
    return message


def qt_left() -> Qt.MouseButton:
    return Qt.MouseButton.LeftButton


def test_cancel_an_import(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    before = len(window.feed_page.feed.posts())
    path = exports.write_jsonl(tmp_path / "big.jsonl", [exports.note(n) for n in range(3000)])
    dialog = window.import_dialog()
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT):
        dialog.import_paths([path])
        dialog.cancel()
    assert "Import cancelled" in dialog.message.text()
    assert not dialog.cancel_button.isVisible()
    assert len(window.feed_page.feed.posts()) == before
    dialog.close()


def test_first_run_offers_a_bundled_model(
    qtbot: QtBot, data_dir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.translation.argos_fixture import build_argosmodel

    shipped = tmp_path / "shipped"
    shipped.mkdir()
    build_argosmodel(shipped / "translate-zh_en.argosmodel")
    monkeypatch.setenv("COMPANION_MODELS_DIR", str(shipped))
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: "came with Companion" in win.banner_text.text(), timeout=TIMEOUT)
    assert win.banner.isVisible()
    win.banner_install.click()
    qtbot.waitUntil(lambda: not win.banner.isVisible(), timeout=TIMEOUT)
    assert win.model_label.text() == "Translation: zh → en 1.0"
    win.runner.wait()


def test_sandhi_is_shown_but_never_saved_or_exported(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """With sandhi on, the reader paints 一 as yí before 个; saving 一 or 一个 stores the
    dictionary's yī (gè), and that is what the exported cards say."""
    source = tmp_path / "bag.txt"
    source.write_text("买包\n我买了一个包。\n", encoding="utf-8")
    dialog = window.import_dialog()
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT):
        dialog.import_paths([source])
    dialog.close()
    qtbot.waitUntil(
        lambda: any(p.title == "买包" for p in window.feed_page.feed.posts()), timeout=TIMEOUT
    )
    post_id = next(p.id for p in window.feed_page.feed.posts() if p.title == "买包")
    window.settings_page.sandhi.setChecked(True)
    assert window.settings.sandhi
    reader = window.reader
    text = reader.body_text

    def open_and_find(word: str) -> int:
        ready: list[bool] = []
        window.open_post(post_id, lambda: ready.append(True))
        qtbot.waitUntil(lambda: bool(ready), timeout=TIMEOUT)
        return next(i for i, t in enumerate(text.tokens()) if t.text == word)

    def click(index: int) -> None:
        rect = text.token_rect(index)
        reader.scroll.ensureWidgetVisible(text, 0, int(rect.bottom()) + 50)
        qtbot.mouseClick(text, qt_left(), pos=rect.center().toPoint())
        qtbot.waitUntil(reader.lookup.isVisible, timeout=TIMEOUT)

    yi = open_and_find("一")
    assert text.tokens()[yi].pinyin == "yī"  # the data: the dictionary reading
    assert text.pinyin_text(yi) == "yí"  # what is painted: as spoken
    click(yi)
    assert reader.lookup.pinyin_label.text() == "yī"  # the card is the dictionary's
    qtbot.mouseClick(reader.lookup.add_button, qt_left())
    qtbot.waitUntil(lambda: reader.lookup.add_button.text() == "Saved ✓", timeout=TIMEOUT)
    # 一个 as one word, saved through the same service call the reader makes.
    saved: list[object] = []
    window.db(
        lambda lib: lib.add_word("一个", post_id=post_id, sentence="我买了一个包。"),
        on_success=saved.append,
    )
    qtbot.waitUntil(lambda: bool(saved), timeout=TIMEOUT)

    window.show_page("vocab")
    qtbot.waitUntil(lambda: window.vocab.model.rowCount() == 2, timeout=TIMEOUT)
    stored = {e.word: e.pinyin for e in window.vocab.model.entries}
    assert stored == {"一": "yī", "一个": "yī gè"}

    export = window.export_dialog()
    target = tmp_path / "deck.apkg"
    export.path.setText(str(target))
    with qtbot.waitSignal(export.exported, timeout=TIMEOUT):
        export.start()
    export.close()
    with zipfile.ZipFile(target) as deck, tempfile.TemporaryDirectory() as folder:
        collection = Path(deck.extract("collection.anki2", folder))
        with closing(sqlite3.connect(collection)) as db:
            notes = [row[0].split("\x1f") for row in db.execute("SELECT flds FROM notes")]
    cards = {fields[0]: fields for fields in notes}
    assert set(cards) == {"一", "一个"}
    # The Pinyin field (tone-coloured syllables) and the tone-number field.
    assert "yi1 ge4" in cards["一个"] and "yi1" in cards["一"]
    assert ">yī</span> <span" in "".join(cards["一个"])
    spoken = ("yí", "yì", "yi2", "yi4")
    assert not any(s in field for fields in notes for field in fields for s in spoken)
