"""Hearing words, sentences and posts: one Speaker per window and SpeakButtons that use it.

The Speaker synthesizes on the TaskRunner's general pool (``companion/speech``, cached, so a
word is synthesized once) and starts playback from the UI thread without waiting for it: a
QProcess running the platform's player (``speech/player.py``), or ``winsound`` on Windows. A new
utterance stops the one playing and drops any still being synthesized. When there is no Chinese
voice, every SpeakButton is disabled with the reason, and how to get a voice, as its tooltip.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QProcess, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QShowEvent
from PySide6.QtWidgets import QToolButton, QWidget

from companion.errors import InvalidInput
from companion.speech.cache import Audio, Speech, reading_with
from companion.speech.player import NO_PLAYER, player_argv, uses_winsound
from companion.speech.text import chunks, clip
from companion.ui import theme as themes
from companion.ui.labels import plain_tooltip
from companion.ui.tasks import Job, TaskRunner

if TYPE_CHECKING:
    from companion.language.annotate import Annotator

log = logging.getLogger(__name__)

CHECKING = "Looking for a Chinese voice…"
LABELLED_STYLE = """
QToolButton#SpeakButton { background: palette(base); border: 1px solid palette(mid);
    border-radius: 16px; padding: 5px 14px 5px 10px; }
QToolButton#SpeakButton:hover { border-color: palette(highlight); }
"""
ICON_STYLE = """
QToolButton#SpeakButton { border: none; border-radius: 14px; padding: 4px; }
QToolButton#SpeakButton:hover { background: palette(alternate-base); }
"""
DISABLED_STYLE = "QToolButton#SpeakButton:disabled {{ color: {muted}; }}"


class Player(QObject):
    """Plays one WAV file at a time without blocking; play() stops what was playing."""

    finished = Signal()  # the file played to its end (not when it was stopped)

    def __init__(self, parent: QObject | None = None, *, path: str | None = None) -> None:
        super().__init__(parent)
        self._path = path  # the program search path (tests); default $PATH
        self._process: QProcess | None = None
        self._clock = QTimer(self)  # winsound tells nobody when it ends: the file's length does
        self._clock.setSingleShot(True)
        self._clock.timeout.connect(self.finished)

    def play(self, wav: Path, seconds: float) -> str | None:
        """Start playing wav (seconds long); returns why it cannot, or None."""
        self.stop()
        if uses_winsound():
            import winsound

            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
            winsound.PlaySound(str(wav), flags)
            self._clock.start(round(seconds * 1000))
            return None
        argv = player_argv(wav, path=self._path)
        if argv is None:
            return NO_PLAYER
        process = QProcess(self)
        process.setProgram(argv[0])
        process.setArguments(argv[1:])
        process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        process.finished.connect(lambda *_a, p=process: self._ended(p))
        process.errorOccurred.connect(lambda _e, p=process: self._ended(p))
        self._process = process
        process.start()
        return None

    @property
    def playing(self) -> bool:
        process = self._process
        running = process is not None and process.state() != QProcess.ProcessState.NotRunning
        return running or self._clock.isActive()

    def stop(self) -> None:
        """Stop at once (the stopped player is reaped when it exits, not waited for)."""
        if uses_winsound():
            import winsound

            self._clock.stop()
            winsound.PlaySound(None, 0)
            return
        process, self._process = self._process, None
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            process.kill()

    def shutdown(self) -> None:
        """Stop, and reap every player process (the window is closing)."""
        self.stop()
        for process in self.findChildren(QProcess):
            if process.state() != QProcess.ProcessState.NotRunning:
                process.kill()
                process.waitForFinished(1000)

    def _ended(self, process: QProcess) -> None:
        if process is self._process:
            self._process = None
            self.finished.emit()
        if process.state() == QProcess.ProcessState.NotRunning:
            process.deleteLater()


class Speaker(QObject):
    """Says text: synthesis on the pool, playback from the UI thread; one per window.

    Text is said in pieces (``text.chunks``): the first sentence plays as soon as it is
    synthesized while the rest is made, so a whole post starts as fast as a sentence."""

    availability_changed = Signal(str)  # '' when a voice is ready, else why not
    message = Signal(str)  # one line for the status bar
    started = Signal(object)  # Audio, when a piece starts playing

    def __init__(
        self,
        runner: TaskRunner,
        cache_root: Path,
        engine: Callable[[], Annotator | None] = lambda: None,
        parent: QObject | None = None,
        *,
        speech: Speech | None = None,
        player: Player | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.speech = speech or Speech(cache_root, reading=reading_with(engine))
        self._player: Player | None = None
        self.player = player or Player(self)
        self.reason = CHECKING
        self.latency: float | None = None
        """Seconds from the last say() to its first piece playing."""
        self.source: object = None
        """Who asked for what is being said (a SpeakButton), None when nothing is."""
        self.text = ""
        """What is being said (while source is set)."""
        self._generation = 0
        self._asked = 0.0
        self._queue: list[Audio] = []
        self._job: Job | None = None
        runner.run(lambda: self.speech.voice, on_success=self._found, on_failure=self._not_found)

    @property
    def player(self) -> Player:
        assert self._player is not None
        return self._player

    @player.setter
    def player(self, player: Player) -> None:
        if self._player is not None:
            self._player.shutdown()
        self._player = player
        player.finished.connect(self._next)

    @staticmethod
    def of(widget: QWidget) -> Speaker | None:
        """The Speaker of the widget's window, if it has one."""
        return widget.window().findChild(Speaker)

    @property
    def available(self) -> bool:
        return not self.reason

    def say(self, text: str, source: object = None) -> None:
        """Stop what is playing and say text as soon as its first piece is synthesized;
        source (the button that asked, say) is remembered as ``source`` while it plays."""
        self.stop()
        parts = chunks(clip(text))
        if not parts:
            return
        self.source, self.text = source, text
        generation = self._generation
        self._asked = time.perf_counter()
        speech = self.speech

        def work(progress: Callable[[int, int | None, object], None]) -> None:
            for index, part in enumerate(parts):
                try:
                    audio = speech.audio(part)
                except InvalidInput:
                    if len(parts) == 1:
                        raise
                    continue  # a piece with no words in it (a line of emoji)
                progress(index, len(parts), audio)

        self._job = self.runner.run(
            work,
            on_progress=lambda _d, _t, audio: self._arrived(generation, audio),
            on_success=lambda _r: self._synthesized(generation),
            on_failure=lambda error, _trace: self._failed(generation, error),
        )

    def stop(self) -> None:
        """Stop playback, and forget what is still being synthesized."""
        self._generation += 1
        self.source = None
        self._queue.clear()
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.player.stop()

    @property
    def playing(self) -> bool:
        return self.player.playing

    def shutdown(self) -> None:
        """Stop for good: the window is closing."""
        self.stop()
        self.player.shutdown()

    def _arrived(self, generation: int, audio: Audio) -> None:
        if generation != self._generation:
            return  # something else was asked for since
        if self.player.playing or self._queue:
            self._queue.append(audio)
        else:
            self._start(audio, first=True)

    def _start(self, audio: Audio, *, first: bool = False) -> None:
        problem = self.player.play(audio.path, audio.seconds)
        if problem is not None:
            self.stop()
            self.message.emit(problem)
            return
        if first:
            self.latency = time.perf_counter() - self._asked
        self.started.emit(audio)

    def _next(self) -> None:
        """A piece ended: the next, or done."""
        if self._queue:
            self._start(self._queue.pop(0))
        elif self._job is None:
            self.source = None

    def _synthesized(self, generation: int) -> None:
        if generation == self._generation:
            self._job = None
            if not self._queue and not self.player.playing:
                self.source = None

    def _failed(self, generation: int, error: Exception) -> None:
        if generation == self._generation:
            self.stop()
            self.message.emit(f"Could not speak: {error}")

    def _found(self, _voice: object) -> None:
        self.reason = ""
        self.availability_changed.emit("")

    def _not_found(self, error: Exception, _trace: str) -> None:
        self.reason = str(error)[:1].upper() + str(error)[1:]
        log.info("speech: %s", error)
        self.availability_changed.emit(self.reason)


def speaker_icon(color: QColor, size: int, ratio: float = 1.0) -> QPixmap:
    """A loudspeaker with two sound waves, painted (no font, so never a missing glyph)."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 20
    cone = QPainterPath()
    cone.moveTo(2 * s, 7.5 * s)
    cone.lineTo(5.5 * s, 7.5 * s)
    cone.lineTo(10 * s, 3.5 * s)
    cone.lineTo(10 * s, 16.5 * s)
    cone.lineTo(5.5 * s, 12.5 * s)
    cone.lineTo(2 * s, 12.5 * s)
    cone.closeSubpath()
    painter.fillPath(cone, color)
    pen = QPen(color, 1.6 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    for radius in (3.5 * s, 6.5 * s):
        box = QRectF(10 * s - radius, 10 * s - radius, 2 * radius, 2 * radius)
        painter.drawArc(box, -45 * 16, 90 * 16)
    painter.end()
    return pixmap


@functools.lru_cache(maxsize=16)
def _speaker_icons(text: str, muted: str, size: int, ratio: float) -> QIcon:
    """The speaker icon in a theme's text colour, muted when disabled (one per theme and size)."""
    icon = QIcon(speaker_icon(QColor(text), size, ratio))
    icon.addPixmap(speaker_icon(QColor(muted), size, ratio), QIcon.Mode.Disabled)
    return icon


class SpeakButton(QToolButton):
    """A small speaker button that says text_provider()'s text with its window's Speaker.

    Clicking while it says the same text stops it. Disabled, with the reason as tooltip, when
    there is no voice; label (optional) is shown beside the icon."""

    def __init__(
        self,
        text_provider: Callable[[], str],
        *,
        label: str = "",
        tooltip: str = "Listen",
        icon_size: int = 18,
        speaker: Speaker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SpeakButton")
        self.text_provider = text_provider
        self.tooltip = tooltip
        self.speaker: Speaker | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoRaise(not label)
        if label:
            self.setText(label)
            self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(QSize(icon_size, icon_size))
        self._style = LABELLED_STYLE if label else ICON_STYLE
        self.clicked.connect(self._clicked)
        self._restyle()
        self.setToolTip(plain_tooltip(tooltip))
        if speaker is not None:
            self.attach(speaker)

    def attach(self, speaker: Speaker) -> None:
        """Use speaker (found in the window when first shown, if not given)."""
        if self.speaker is speaker:
            return
        self.speaker = speaker
        speaker.availability_changed.connect(self._availability)
        self._availability(speaker.reason if speaker.reason != CHECKING else "")

    def showEvent(self, event: QShowEvent) -> None:
        if self.speaker is None:
            speaker = Speaker.of(self)
            if speaker is not None:
                self.attach(speaker)
            else:
                self._availability("Speech is not available in this window")
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._restyle()  # the theme changed
        super().changeEvent(event)

    def _restyle(self) -> None:
        """Icon and disabled text in the theme's colours (muted, not Qt's own greying); done
        again only when the colours or the size changed (style events come by the hundred
        while a window is built)."""
        theme = themes.current()
        size, ratio = self.iconSize().width(), self.devicePixelRatioF()
        key = (theme.text, theme.text_muted, size, ratio)
        if key == getattr(self, "_styled", None):
            return
        self._styled = key
        sheet = self._style + DISABLED_STYLE.format(muted=theme.text_muted)
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)
        self.setIcon(_speaker_icons(*key))

    def _availability(self, reason: str) -> None:
        self.setEnabled(not reason)
        self.setToolTip(plain_tooltip(reason or self.tooltip))

    def _clicked(self) -> None:
        speaker = self.speaker or Speaker.of(self)
        if speaker is None:
            return
        text = self.text_provider()
        if speaker.source is self and speaker.text == text:
            speaker.stop()  # a second click stops it (a new word or post is said instead)
            return
        speaker.say(text, source=self)
