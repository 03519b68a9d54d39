"""Which program plays a WAV file here (no Qt; the UI runs it without waiting for it).

PySide6-Essentials has no QtMultimedia, so playback is the platform's own player, run as a
subprocess the app can stop at once: PipeWire's ``pw-play``, PulseAudio's ``paplay`` or ALSA's
``aplay`` on Linux (the first found; a desktop has at least one), ``afplay`` on macOS. Windows
plays through the standard library's ``winsound`` instead (``ui/speech.py``), which needs no
program at all.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

LINUX_PLAYERS: tuple[tuple[str, ...], ...] = (("pw-play",), ("paplay",), ("aplay", "-q"))
NO_PLAYER = (
    "no audio player found: install one "
    "(Debian/Ubuntu: sudo apt install pipewire-bin, pulseaudio-utils or alsa-utils)"
)


def uses_winsound(platform: str = sys.platform) -> bool:
    return platform.startswith("win")


def player_argv(
    wav: Path, platform: str = sys.platform, path: str | None = None
) -> list[str] | None:
    """The command that plays wav, or None when there is no player (or on Windows, where
    winsound plays). path is the program search path (default $PATH)."""
    if uses_winsound(platform):
        return None
    candidates = (("afplay",),) if platform == "darwin" else LINUX_PLAYERS
    for name, *options in candidates:
        program = shutil.which(name, path=path)
        if program is not None:
            return [program, *options, str(wav)]
    return None
