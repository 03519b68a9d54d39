"""Hearing words in the app: the Speaker synthesizes with the real espeak-ng on the pool and
starts a player process (a stand-in program that records what it was asked to play), a new
utterance stops the last, and without a voice every speak button says why it is disabled."""

from __future__ import annotations

import json
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.language.annotate import Annotator
from companion.library import Library
from companion.paths import DataDir
from companion.speech.cache import Audio, Speech
from companion.speech.text import chunks
from companion.speech.voices import find_voice
from companion.ui import theme as themes
from companion.ui.app import create_app
from companion.ui.labels import plain_tooltip
from companion.ui.main_window import MainWindow
from companion.ui.speech import Player, SpeakButton, Speaker, speaker_icon
from companion.ui.tasks import TaskRunner
from tests.speech.conftest import path_without_voices

TIMEOUT = 30_000
LOG = "COMPANION_TEST_PLAYER_LOG"


@pytest.fixture
def player_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a stand-in ``pw-play`` that logs its pid and file, then "plays" for
    $COMPANION_TEST_PLAYER_SECONDS (30 s unless a test says otherwise)."""
    folder = tmp_path / "players"
    folder.mkdir()
    script = folder / "pw-play"
    script.write_text(
        '#!/bin/sh\necho "$$ $1" >> "$'
        + LOG
        + '"\nexec sleep "${COMPANION_TEST_PLAYER_SECONDS:-30}"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv(LOG, str(tmp_path / "played.log"))
    return folder


def played(player_path: Path) -> list[tuple[int, str]]:
    log = player_path.parent / "played.log"
    lines = log.read_text().splitlines() if log.exists() else []
    return [(int(pid), file) for pid, file in (line.split(" ", 1) for line in lines)]


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except (FileNotFoundError, IndexError):
        return False


@pytest.fixture
def speaker(
    qtbot: QtBot, ui_app: object, tmp_path: Path, engine_cache: Path, player_path: Path
) -> Iterator[Speaker]:
    runner = TaskRunner()
    engine = Annotator(engine_cache)
    speaker = Speaker(runner, tmp_path / "cache", lambda: engine, runner)
    speaker.player = Player(speaker, path=str(player_path))
    qtbot.waitUntil(lambda: speaker.available, timeout=TIMEOUT)
    yield speaker
    speaker.shutdown()
    runner.wait()


def test_say_plays_the_words_audio(qtbot: QtBot, speaker: Speaker, player_path: Path) -> None:
    with qtbot.waitSignal(speaker.started, timeout=TIMEOUT) as blocker:
        speaker.say("银行")
    audio = blocker.args[0]
    assert audio.seconds > 0.4 and not audio.cached
    qtbot.waitUntil(lambda: len(played(player_path)) == 1, timeout=TIMEOUT)
    assert played(player_path)[0][1] == str(audio.path)
    assert speaker.playing and speaker.latency is not None


def test_a_new_utterance_stops_the_last(qtbot: QtBot, speaker: Speaker, player_path: Path) -> None:
    with qtbot.waitSignal(speaker.started, timeout=TIMEOUT):
        speaker.say("银行")
    qtbot.waitUntil(lambda: len(played(player_path)) == 1, timeout=TIMEOUT)
    first_pid = played(player_path)[0][0]
    with qtbot.waitSignal(speaker.started, timeout=TIMEOUT) as blocker:
        speaker.say("火锅")
    qtbot.waitUntil(lambda: len(played(player_path)) == 2, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not running(first_pid), timeout=TIMEOUT)
    second_pid, second_file = played(player_path)[1]
    assert second_file == str(blocker.args[0].path) and running(second_pid)


def test_an_utterance_asked_for_meanwhile_wins(
    qtbot: QtBot, speaker: Speaker, player_path: Path
) -> None:
    started: list[object] = []
    speaker.started.connect(started.append)
    speaker.say("我去银行还钱了。")
    speaker.say("火锅")  # before the first is synthesized: the first is dropped
    qtbot.waitUntil(lambda: bool(started), timeout=TIMEOUT)
    speaker.runner.wait()
    qtbot.wait(50)
    assert [a.path for a in started] == [speaker.speech.audio("火锅").path]  # type: ignore[attr-defined]


def test_second_click_stops(qtbot: QtBot, speaker: Speaker, player_path: Path) -> None:
    text = ["学习"]
    button = SpeakButton(lambda: text[0], speaker=speaker)
    qtbot.addWidget(button)
    with qtbot.waitSignal(speaker.started, timeout=TIMEOUT):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert speaker.source is button and speaker.playing
    qtbot.waitUntil(lambda: len(played(player_path)) == 1, timeout=TIMEOUT)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert speaker.source is None and not speaker.playing
    qtbot.waitUntil(lambda: not running(played(player_path)[0][0]), timeout=TIMEOUT)
    # The button's text changed (another word on the card) while it plays: a click says it.
    with qtbot.waitSignal(speaker.started, timeout=TIMEOUT):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    text[0] = "火锅"
    with qtbot.waitSignal(speaker.started, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].path == speaker.speech.audio("火锅").path and speaker.text == "火锅"


def test_without_a_voice_buttons_say_how_to_get_one(
    qtbot: QtBot, ui_app: object, tmp_path: Path
) -> None:
    path = path_without_voices(tmp_path / "bin")
    runner = TaskRunner()
    speech = Speech(tmp_path / "cache", find=lambda: find_voice("linux", path))
    speaker = Speaker(runner, tmp_path / "cache", speech=speech, parent=runner)
    button = SpeakButton(lambda: "银行", speaker=speaker)
    qtbot.addWidget(button)
    qtbot.waitUntil(lambda: not button.isEnabled(), timeout=TIMEOUT)
    assert button.toolTip() == plain_tooltip(
        "No Chinese voice found: install espeak-ng (Debian/Ubuntu: sudo apt install espeak-ng)"
    )
    runner.wait()


def test_the_speaker_icon_is_painted(ui_app: object) -> None:
    """Painted, not a font glyph: it can never come out as a missing-glyph box."""
    image = speaker_icon(QColor("#1f2328"), 18, 2.0).toImage()
    inked = sum(
        image.pixelColor(x, y).alpha() > 128
        for x in range(image.width())
        for y in range(image.height())
    )
    assert 60 < inked < image.width() * image.height() / 2


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir, player_path: Path) -> Iterator[MainWindow]:
    with Library(data_dir, seed_samples=False) as library:
        post_id = library.import_text("周末探店\n我们去吃火锅。味道真不错！").value
    create_app()
    win = MainWindow(data_dir)
    qtbot.addWidget(win)
    win.speaker.player = Player(win.speaker, path=str(player_path))
    win.resize(1280, 800)
    win.show()
    ready: list[bool] = []
    win.open_post(post_id, lambda: ready.append(True))
    qtbot.waitUntil(lambda: bool(ready), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: win.speaker.available, timeout=TIMEOUT)
    yield win
    win.runner.wait()


def test_reader_speaks_word_sentence_and_post(qtbot: QtBot, window: MainWindow) -> None:
    reader, speech = window.reader, window.speaker.speech
    words = [t.text for t in reader.body_text.tokens()]
    point = reader.body_text.token_rect(words.index("火锅")).center().toPoint()
    qtbot.mouseClick(reader.body_text, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: reader.lookup.isVisible(), timeout=TIMEOUT)
    card = reader.lookup
    assert card.say_word.isEnabled() and card.say_word.toolTip() == plain_tooltip(
        "Listen to the word"
    )
    for button, text in (
        (card.say_word, "火锅"),
        (card.say_sentence, "我们去吃火锅。"),
        (reader.listen_button, "周末探店。"),  # the post, from its first sentence
    ):
        with qtbot.waitSignal(window.speaker.started, timeout=TIMEOUT) as blocker:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert blocker.args[0].path == speech.path_for(speech.spoken(text)), text
    assert window.speaker.source is reader.listen_button


def test_a_post_plays_piece_by_piece(
    qtbot: QtBot, speaker: Speaker, player_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPANION_TEST_PLAYER_SECONDS", "0.2")
    post = "周末探店。" + "我们去吃火锅，味道真不错，下次还要再来。" * 10
    started: list[Audio] = []
    speaker.started.connect(started.append)
    speaker.say(post, source="post")
    qtbot.waitUntil(lambda: speaker.source is None, timeout=TIMEOUT)
    assert [a.path for a in started] == [speaker.speech.audio(c).path for c in chunks(post)]
    assert len(started) == 3 and [f for _p, f in played(player_path)] == [
        str(a.path) for a in started
    ]


def icon_ink(button: SpeakButton, mode: QIcon.Mode = QIcon.Mode.Normal) -> str:
    """The colour the button's icon is painted in (its most opaque pixel)."""
    image = button.icon().pixmap(QSize(18, 18), mode).toImage()
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    return max(pixels, key=lambda c: c.alpha()).name()


def test_button_follows_the_theme(qtbot: QtBot, ui_app: QApplication) -> None:
    button = SpeakButton(lambda: "银行", label="Sentence")
    qtbot.addWidget(button)
    assert icon_ink(button) == themes.LIGHT.text
    assert icon_ink(button, QIcon.Mode.Disabled) == themes.LIGHT.text_muted
    try:
        themes.apply(ui_app, themes.DARK)
        qtbot.waitUntil(lambda: icon_ink(button) == themes.DARK.text, timeout=TIMEOUT)
        assert themes.DARK.text_muted in button.styleSheet()
    finally:
        themes.apply(ui_app, themes.LIGHT)


def test_the_export_dialog_puts_the_speech_in_the_deck(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Include audio: the deck carries each word's and sentence's speech (real espeak-ng),
    and the box is for Anki decks only."""
    saved: list[object] = []
    window.db(lambda lib: lib.add_word("火锅", sentence="我们去吃火锅。"), on_success=saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=TIMEOUT)
    export = window.export_dialog()
    export.format.setCurrentIndex(export.format.findData("csv"))
    assert not export.audio.isEnabled()
    export.format.setCurrentIndex(export.format.findData("anki"))
    assert export.audio.isEnabled() and not export.audio.isChecked()
    export.audio.setChecked(True)
    target = tmp_path / "deck.apkg"
    export.path.setText(str(target))
    with qtbot.waitSignal(export.exported, timeout=TIMEOUT):
        export.start()
    export.close()
    with zipfile.ZipFile(target) as deck:
        media = json.loads(deck.read("media"))
        sounds = [deck.read(name) for name in media]
        with tempfile.TemporaryDirectory() as folder:
            collection = Path(deck.extract("collection.anki2", folder))
            with closing(sqlite3.connect(collection)) as db:
                fields = " ".join(row[0] for row in db.execute("SELECT flds FROM notes"))
    assert len(media) == 2 and all(sound[:4] == b"RIFF" for sound in sounds)  # word, sentence
    assert all(f"[sound:{name}]" in fields for name in media.values())
