"""The `companion speak` command: text to a WAV file with the machine's Chinese voice."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from companion.errors import InvalidInput, StorageError
from companion.paths import DataDir

if TYPE_CHECKING:
    from companion.language.annotate import Annotator


def _engine(data: DataDir) -> Annotator:
    """The text engine, with the learner's merges and splits when there is a library."""
    from companion.cli import _library
    from companion.language.annotate import Annotator

    if not data.database.exists():
        return Annotator(data.ensure().cache)
    with _library(data, seed_samples=False) as library:
        return library.engine  # built now, from fixes read on this thread


def cmd_speak(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from companion.cli import _read_text
    from companion.speech.cache import Speech, reading_with
    from companion.speech.player import NO_PLAYER, player_argv

    if not args.output and not args.play:
        raise InvalidInput("say where the audio goes: -o FILE.wav, or --play")
    text = _read_text(args.text, sys.stdin)
    if not text.strip():
        raise InvalidInput("nothing to say: the text is empty")
    target = Path(args.output) if args.output else None
    if target is not None and not target.parent.is_dir():
        raise InvalidInput(f"the folder {target.parent} does not exist")
    speech = Speech(data.ensure().cache)
    voice = speech.voice  # NoVoice (with how to get one) before the engine loads
    if voice.reads_pinyin:
        engine = _engine(data)
        speech = Speech(data.cache, voice=voice, reading=reading_with(lambda: engine))
    audio = speech.audio(text)
    if target is not None:
        partial = target.with_name(target.name + ".part")
        try:
            shutil.copyfile(audio.path, partial)
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StorageError(f"cannot write {target}: {exc.strerror}") from exc
        out.write(f"wrote {audio.seconds:.1f} s of speech ({voice.label}) to {target}\n")
    if args.play:
        argv = player_argv(audio.path)
        if argv is None and not sys.platform.startswith("win"):
            raise InvalidInput(NO_PLAYER)
        if argv is None:
            import winsound

            winsound.PlaySound(str(audio.path), winsound.SND_FILENAME)
        else:
            subprocess.run(argv, check=False)
    return 0


def add_speak(commands: argparse._SubParsersAction) -> None:
    speak = commands.add_parser(
        "speak",
        help="say Chinese text aloud or write it as a WAV file (offline)",
        description="Speak text with this machine's Chinese voice (the system's voice on "
        "Windows and macOS, espeak-ng's Mandarin voice elsewhere), reading words as Companion "
        "reads them. Audio is cached, so the same text is synthesized once. Exits 1, saying how "
        "to get a voice, when there is none.",
    )
    speak.add_argument("text", nargs="?", metavar="TEXT", help="the text, or - (default) for stdin")
    speak.add_argument("-o", "--output", metavar="FILE.wav", help="WAV file to write")
    speak.add_argument("--play", action="store_true", help="play it (waits until it ends)")
    speak.set_defaults(handler=cmd_speak)


def add_audio_option(export: argparse.ArgumentParser) -> None:
    """`export anki --audio`."""
    export.add_argument(
        "--audio",
        action="store_true",
        help="Anki: add each word's and sentence's speech to the deck (offline voice)",
    )
