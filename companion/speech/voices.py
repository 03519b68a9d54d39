"""Find a Chinese (Mandarin) voice on this machine and run it: text in, WAV file out.

Every engine is a program run as a subprocess, with an argument list (never a shell) and the
text on standard input, so no text can be read as an option or a command:

- macOS: ``say`` with a zh_CN voice (Tingting first), writing 16-bit WAVE.
- Windows: SAPI through PowerShell's System.Speech (``sapi.py``), a zh-CN or zh-TW voice.
- Linux, and anywhere else espeak-ng is installed: espeak-ng's Mandarin voice. We use its
  ``cmn-latn-pinyin`` variant and give it our own pinyin (``text.spoken``): Debian's 1.51 reads
  many characters in plain ``cmn`` as English spellings of their pinyin ("去" as "kwfo"), and
  our reading knows the word (银行 yín háng, 还钱 huán qián) where espeak-ng reads character by
  character. Plain ``cmn`` with the characters is the fallback for an espeak-ng without it.

A subprocess per utterance costs a few milliseconds for espeak-ng and isolates the app from an
engine that crashes or hangs (there is a timeout); the cache makes repeats free.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from companion.errors import ResourceMissing
from companion.speech import sapi
from companion.speech.wav import SpeechFailed

ESPEAK_RATE = 150
"""espeak-ng words per minute (its default is 175): a little slower, for learners."""
PROBE_TIMEOUT = 15.0
OUT = "{out}"

HOW_TO_GET_ONE = {
    "linux": "install espeak-ng (Debian/Ubuntu: sudo apt install espeak-ng)",
    "win32": "add one in Settings › Time & language › Speech › Add voices "
    "(Chinese (Simplified, China)), or install espeak-ng",
    "darwin": "add one in System Settings › Accessibility › Spoken Content › System voice › "
    "Manage Voices (Chinese (China mainland), e.g. Tingting)",
}


class NoVoice(ResourceMissing):
    """No Chinese voice on this machine; the message says how to get one."""


def no_voice(platform: str = sys.platform) -> NoVoice:
    key = "win32" if platform.startswith("win") else platform if platform == "darwin" else "linux"
    return NoVoice(f"no Chinese voice found: {HOW_TO_GET_ONE[key]}")


@dataclass(frozen=True)
class Voice:
    """A voice and how to run it: argv (``{out}`` stands for the WAV path) and extra env."""

    engine: str
    name: str
    argv: tuple[str, ...]
    reads_pinyin: bool = False
    """True when the voice is given tone-numbered pinyin rather than characters."""
    env: tuple[tuple[str, str], ...] = field(default=())

    @property
    def key(self) -> str:
        """What identifies the sound the voice makes (the cache key's prefix): the engine, the
        voice and its options, not where the program is installed."""
        options = [a for a in self.argv[1:] if a != OUT]
        return "\t".join((self.engine, self.name, *options))

    @property
    def label(self) -> str:
        return f"{self.engine} {self.name}"

    def synthesize(self, spoken: str, out: Path) -> None:
        """Write spoken (text, or pinyin if reads_pinyin) as a WAV file at out."""
        argv = [str(out) if a == OUT else a for a in self.argv]
        env = {**os.environ, **{k: str(out) if v == OUT else v for k, v in self.env}}
        timeout = 30 + len(spoken) / 20
        try:
            done = subprocess.run(
                argv,
                input=spoken.encode("utf-8"),
                capture_output=True,
                env=env,
                timeout=timeout,
                check=False,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except FileNotFoundError as exc:
            raise no_voice() from exc
        except subprocess.TimeoutExpired as exc:
            raise SpeechFailed(f"{self.label} took longer than {timeout:.0f} s") from exc
        except OSError as exc:
            raise SpeechFailed(f"{self.label} could not run: {exc.strerror}") from exc
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit status {done.returncode}"
            raise SpeechFailed(f"{self.label} failed: {reason}")


def _probe(argv: list[str]) -> str | None:
    """A probe's standard output, or None when the program cannot tell us."""
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            timeout=PROBE_TIMEOUT,
            check=False,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def espeak_voice(path: str | None = None) -> Voice | None:
    """espeak-ng's Mandarin voice, if espeak-ng and its Mandarin data are installed."""
    program = shutil.which("espeak-ng", path=path)
    if program is None:
        return None
    listing = _probe([program, "--voices=cmn"])
    if listing is None:
        return None
    names = {line.split()[1] for line in listing.splitlines()[1:] if len(line.split()) > 1}
    for name, pinyin in (("cmn-latn-pinyin", True), ("cmn", False)):
        if name in names:
            argv = (program, "-v", name, "-s", str(ESPEAK_RATE), "-b", "1", "--stdin", "-w", OUT)
            return Voice("espeak-ng", name, argv, reads_pinyin=pinyin)
    return None


_SAY_LINE = re.compile(r"^(?P<name>.+?)\s+(?P<locale>[a-z]{2,3}_[A-Za-z0-9]+)\s+#")
SAY_LOCALES = ("zh_CN", "zh_TW")  # Mandarin; zh_HK voices speak Cantonese
SAY_PREFERRED = ("Tingting", "Ting-Ting")


def pick_say_voice(listing: str) -> str | None:
    """The Mandarin voice to use from ``say -v '?'`` output (Tingting first), or None."""
    found = [
        (m["name"].strip(), m["locale"]) for m in map(_SAY_LINE.match, listing.splitlines()) if m
    ]
    for locale in SAY_LOCALES:
        names = [name for name, loc in found if loc == locale]
        for name in (*[n for n in names if n in SAY_PREFERRED], *names):
            return name
    return None


def say_voice(path: str | None = None) -> Voice | None:
    """macOS ``say`` with a Mandarin voice, if one is installed."""
    program = shutil.which("say", path=path)
    listing = _probe([program, "-v", "?"]) if program else None
    name = pick_say_voice(listing) if listing else None
    if program is None or name is None:
        return None
    argv = (program, "-v", name, "--file-format=WAVE", "--data-format=LEI16@22050")
    return Voice("say", name, (*argv, "-o", OUT, "-f", "-"))


def sapi_voice(path: str | None = None) -> Voice | None:
    """A Windows SAPI Mandarin voice through PowerShell, if one is installed."""
    program = shutil.which("powershell", path=path) or shutil.which("pwsh", path=path)
    listing = _probe([program, *sapi.arguments(list_only=True)]) if program else None
    name = listing.strip().splitlines()[0].strip() if listing and listing.strip() else None
    if program is None or name is None:
        return None
    argv = (program, *sapi.arguments(list_only=False))
    return Voice("sapi", name, argv, env=((sapi.OUT_VARIABLE, OUT), (sapi.VOICE_VARIABLE, name)))


def find_voice(platform: str = sys.platform, path: str | None = None) -> Voice:
    """The best Chinese voice here: the operating system's, else espeak-ng's; NoVoice (with
    how to get one) if there is none. path is the program search path (default $PATH)."""
    if platform == "darwin":
        finders = (say_voice, espeak_voice)
    elif platform.startswith("win"):
        finders = (sapi_voice, espeak_voice)
    else:
        finders = (espeak_voice,)
    for finder in finders:
        voice = finder(path)
        if voice is not None:
            return voice
    raise no_voice(platform)
