"""Text to a WAV file, synthesized once: files named by a hash of the voice and what it says.

The cache lives in the data dir's cache folder (``cache/speech``), where everything can be
rebuilt; the oldest files go once it holds more than CACHE_BYTES. A file is written under a
temporary name and renamed into place, so a crash never leaves half a file under a real name,
and two threads asking for the same text at once both get a whole file.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from companion.errors import InvalidInput, StorageError
from companion.speech.text import speakable, spoken_pinyin
from companion.speech.voices import Voice, find_voice
from companion.speech.wav import SpeechFailed, read_wav

if TYPE_CHECKING:
    from companion.language.annotate import Annotator

FOLDER = "speech"
CACHE_BYTES = 256 * 1024 * 1024
PRUNE_EVERY = 64
"""Writes between two looks at the cache's size."""
MIN_SECONDS = 0.1
"""Shorter audio than this is no speech: the voice failed without saying so."""

Reading = Callable[[str], str]
"""Text to tone-numbered pinyin (for a voice that reads pinyin)."""


@dataclass(frozen=True)
class Audio:
    """A WAV file for some text; cached is True when it was there already."""

    path: Path
    seconds: float
    cached: bool


class Speech:
    """Speaks text to cached WAV files with one voice, found on first use (thread-safe)."""

    def __init__(
        self,
        cache_root: Path,
        *,
        voice: Voice | None = None,
        reading: Reading | None = None,
        find: Callable[[], Voice] = find_voice,
    ) -> None:
        self.folder = Path(cache_root) / FOLDER
        self._voice = voice
        self._reading = reading
        self._find = find
        self._lock = threading.Lock()
        self._writes = itertools.count(1)
        self._temp = itertools.count()

    @property
    def voice(self) -> Voice:
        """The voice, looked for once (NoVoice says how to get one)."""
        with self._lock:
            if self._voice is None:
                self._voice = self._find()
            return self._voice

    def spoken(self, text: str) -> str:
        """What the voice is given for text: the speakable text, or its pinyin."""
        plain = speakable(text)
        voice = self.voice
        if not (voice.reads_pinyin and self._reading is not None):
            return plain
        spoken = self._reading(plain)
        if not spoken.strip(" ,.!?;"):
            raise InvalidInput("there is nothing to say: the text has no words")
        return spoken

    def path_for(self, spoken: str) -> Path:
        """The cache file for what the voice says (also its media name in an Anki deck)."""
        digest = hashlib.sha256(f"{self.voice.key}\n{spoken}".encode()).hexdigest()
        return self.folder / f"companion-{digest[:32]}.wav"

    def audio(self, text: str) -> Audio:
        """The WAV file saying text: from the cache, or synthesized now and kept."""
        spoken = self.spoken(text)
        path = self.path_for(spoken)
        try:
            if path.is_file():
                info = read_wav(path)
                os.utime(path)  # recently used: pruned last
                return Audio(path, info.seconds, cached=True)
        except (SpeechFailed, OSError):
            pass  # damaged or unreadable: made again
        return self._synthesize(spoken, path)

    def _synthesize(self, spoken: str, path: Path) -> Audio:
        temp = path.with_name(f"{path.stem}.{os.getpid()}-{next(self._temp)}.part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.voice.synthesize(spoken, temp)
            info = read_wav(temp)
            if info.seconds < MIN_SECONDS:
                raise SpeechFailed(f"{self.voice.label} produced no sound")
            os.replace(temp, path)
        except OSError as exc:
            raise StorageError(f"cannot write speech to {self.folder}: {exc.strerror}") from exc
        finally:
            temp.unlink(missing_ok=True)
        if next(self._writes) % PRUNE_EVERY == 0:
            self.prune()
        return Audio(path, info.seconds, cached=False)

    def prune(self, limit: int = CACHE_BYTES) -> int:
        """Remove the least recently used files until the cache holds at most limit bytes;
        returns how many went."""
        try:
            files = [(p.stat(), p) for p in self.folder.glob("*.wav")]
        except OSError:
            return 0
        total = sum(st.st_size for st, _p in files)
        removed = 0
        for st, p in sorted(files, key=lambda f: f[0].st_mtime):
            if total <= limit:
                break
            p.unlink(missing_ok=True)
            total -= st.st_size
            removed += 1
        return removed


def reading_with(engine: Callable[[], Annotator | None]) -> Reading:
    """Our pinyin for a text, read by engine in context (plain text if there is no engine)."""

    def reading(text: str) -> str:
        annotator = engine()
        return text if annotator is None else spoken_pinyin(annotator.annotate(text))

    return reading


def speech_for(cache_root: Path, engine: Callable[[], Annotator | None]) -> Speech:
    """Speech into cache_root's speech folder, reading words as engine reads them."""
    return Speech(cache_root, reading=reading_with(engine))
