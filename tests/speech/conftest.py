"""Speech fixtures: the real espeak-ng (``./dev test`` installs it) and a program search path
without it, for the machine that has no Chinese voice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from companion.language.annotate import Annotator
from companion.speech.cache import Speech, reading_with
from companion.speech.voices import Voice, espeak_voice


@pytest.fixture(scope="session")
def voice() -> Voice:
    found = espeak_voice()
    if found is None:
        pytest.fail("espeak-ng with its Mandarin voice is needed (./dev test installs it)")
    return found


def path_without_voices(folder: Path) -> str:
    """A program search path with the usual tools but no espeak-ng, say or PowerShell."""
    folder.mkdir(parents=True, exist_ok=True)
    for tool in ("sh", "cat", "ls"):
        found = shutil.which(tool)
        if found and not (folder / tool).exists():
            (folder / tool).symlink_to(found)
    return str(folder)


@pytest.fixture
def no_voice_path(tmp_path: Path) -> str:
    return path_without_voices(tmp_path / "bin")


@pytest.fixture
def speech(engine_cache: Path, tmp_path: Path, voice: Voice) -> Speech:
    """Speech with the real voice and engine, into a fresh cache."""
    engine = Annotator(engine_cache)
    return Speech(tmp_path / "cache", voice=voice, reading=reading_with(lambda: engine))
