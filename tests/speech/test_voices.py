"""Choosing a voice from what the platform lists, and how each engine is run (the macOS and
Windows engines cannot run here: their choice and command lines are checked as data)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from companion.speech import sapi
from companion.speech.voices import OUT, Voice, pick_say_voice
from companion.speech.wav import SpeechFailed

SAY_LISTING = """\
Alex                en_US    # Most people recognize me by my voice.
Eddy (Chinese (China mainland)) zh_CN    # 你好！我叫Eddy。
Meijia              zh_TW    # 你好，我叫美佳。
Sinji               zh_HK    # 你好，我叫善怡。
Tingting            zh_CN    # 你好，我叫婷婷。
"""


@pytest.mark.parametrize(
    ("listing", "chosen"),
    [
        (SAY_LISTING, "Tingting"),
        (SAY_LISTING.replace("Tingting", "Lili"), "Eddy (Chinese (China mainland))"),
        ("Meijia              zh_TW    # 你好\nSinji  zh_HK    # 你好\n", "Meijia"),
        ("Sinji               zh_HK    # 你好，我叫善怡。\n", None),  # Cantonese only
        ("Alex                en_US    # Hello\n", None),
        ("", None),
    ],
)
def test_say_voice_is_mandarin_tingting_first(listing: str, chosen: str | None) -> None:
    assert pick_say_voice(listing) == chosen


def test_the_key_is_the_sound_not_the_install_place() -> None:
    a = Voice("espeak-ng", "cmn", ("/usr/bin/espeak-ng", "-v", "cmn", "-w", OUT))
    b = Voice("espeak-ng", "cmn", ("/opt/bin/espeak-ng", "-v", "cmn", "-w", OUT))
    faster = Voice("espeak-ng", "cmn", ("/usr/bin/espeak-ng", "-v", "cmn", "-s", "200", "-w", OUT))
    assert a.key == b.key != faster.key


def test_sapi_script_takes_everything_from_env_and_stdin() -> None:
    """The text and paths never appear on PowerShell's command line: only the fixed script."""
    for list_only in (True, False):
        args = sapi.arguments(list_only=list_only)
        assert args[:-1] == (
            "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand"
        )  # fmt: skip
        script = base64.b64decode(args[-1]).decode("utf-16-le")
        assert "GetInstalledVoices" in script and "zh-(CN|SG|TW" in script
    speak = base64.b64decode(sapi.arguments(list_only=False)[-1]).decode("utf-16-le")
    assert f"$env:{sapi.OUT_VARIABLE}" in speak and f"$env:{sapi.VOICE_VARIABLE}" in speak
    assert "[Console]::In.ReadToEnd()" in speak and "Sixteen" in speak


def test_voice_failure_is_one_line(tmp_path: Path) -> None:
    """A voice program that fails says why in one line (its last line of stderr)."""
    failing = Voice("sh", "test", ("/bin/sh", "-c", "echo one >&2; echo 'bad voice' >&2; exit 3"))
    with pytest.raises(SpeechFailed, match=r"^sh test failed: bad voice$"):
        failing.synthesize("你好", tmp_path / "x.wav")
