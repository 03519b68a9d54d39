"""Read what a WAV file holds: its length and loudness (stdlib ``wave``)."""

from __future__ import annotations

import math
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

from companion.errors import CompanionError


class SpeechFailed(CompanionError):
    """The voice ran but gave no usable audio."""


@dataclass(frozen=True)
class WavInfo:
    seconds: float
    rate: int
    channels: int
    rms: float | None = None
    """Root mean square of the samples, 0–1 of full scale (when asked for)."""


def read_wav(path: Path, *, loudness: bool = False) -> WavInfo:
    """Length (and with loudness, the RMS) of a 16-bit PCM WAV file; SpeechFailed if it is
    not one."""
    try:
        with wave.open(str(path), "rb") as w:
            rate, channels, width, frames = (
                w.getframerate(),
                w.getnchannels(),
                w.getsampwidth(),
                w.getnframes(),
            )
            data = w.readframes(frames)
    except (OSError, EOFError, wave.Error) as exc:
        raise SpeechFailed(f"the voice wrote no readable audio ({exc})") from exc
    if width != 2 or rate <= 0:
        raise SpeechFailed(f"the voice wrote {8 * width}-bit audio; 16-bit was asked for")
    if not loudness:
        return WavInfo(frames / rate, rate, channels)
    samples = array("h")
    samples.frombytes(data[: len(data) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768 if samples else 0.0
    return WavInfo(frames / rate, rate, channels, rms)
