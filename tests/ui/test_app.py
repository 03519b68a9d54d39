"""The whole app, offscreen, on a temp data dir: read a post, look up and save a word, toggle
pinyin and translation, switch theme, import a file, install a model, export a deck."""

from __future__ import annotations

import json
from collections.abc import Iterator
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


def test_tone_sandhi_setting_rereads_the_post(qtbot: QtBot, window: MainWindow) -> None:
    open_first_post(qtbot, window)
    reader = window.reader

    def yi_readings() -> set[str]:
        return {
            t.pinyin for t in reader.body_text.tokens() if t.text in ("一个", "一") and t.pinyin
        }

    before = yi_readings()
    assert before and all(p.startswith("yī") for p in before)
    window.settings_page.sandhi.setChecked(True)
    qtbot.waitUntil(lambda: any(p.startswith("yí") for p in yi_readings()), timeout=TIMEOUT)
