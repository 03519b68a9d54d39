"""`companion speak` and `companion export anki --audio` from the command line, with the real
espeak-ng, and on a machine without a Chinese voice (a PATH without espeak-ng)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from companion.cli import main
from companion.library import Library
from companion.paths import DataDir
from companion.speech.wav import read_wav
from tests.speech.conftest import path_without_voices


def speak(home: DataDir, *args: str) -> int:
    return main(["--data-dir", str(home.root), "speak", *args])


def test_speak_writes_a_wav(
    data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bank.wav"
    assert speak(data_dir, "我去银行还钱了", "-o", str(out)) == 0
    info = read_wav(out, loudness=True)
    assert 1.5 < info.seconds < 5 and info.rms is not None and info.rms > 0.02
    assert (
        capsys.readouterr().out
        == f"wrote {info.seconds:.1f} s of speech (espeak-ng cmn-latn-pinyin) to {out}\n"
    )
    assert not list(tmp_path.glob("*.part"))


def test_speak_reads_stdin_with_a_library(
    data_dir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library(data_dir, seed_samples=False) as library:
        library.merge_words("还钱了")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("还钱了".encode())))
    out = tmp_path / "stdin.wav"
    assert speak(data_dir, "-", "-o", str(out)) == 0
    assert read_wav(out).seconds > 0.8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["", "-o", "{tmp}/x.wav"], "nothing to say: the text is empty"),
        (["😀", "-o", "{tmp}/x.wav"], "there is nothing to say: the text has no words"),
        (["你好", "-o", "{tmp}/no/such/x.wav"], "the folder {tmp}/no/such does not exist"),
        (["你好"], "say where the audio goes: -o FILE.wav, or --play"),
    ],
)
def test_speak_bad_input_gets_one_line(
    data_dir: DataDir,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    assert speak(data_dir, *(a.replace("{tmp}", str(tmp_path)) for a in args)) == 1
    err = capsys.readouterr().err
    assert err == f"companion: error: {message.replace('{tmp}', str(tmp_path))}\n"


def test_speak_without_a_voice_says_how_to_get_one(
    data_dir: DataDir,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PATH", path_without_voices(tmp_path / "bin"))
    out = tmp_path / "x.wav"
    assert speak(data_dir, "银行", "-o", str(out)) == 1
    assert capsys.readouterr().err == (
        "companion: error: no Chinese voice found: install espeak-ng "
        "(Debian/Ubuntu: sudo apt install espeak-ng)\n"
    )
    assert not out.exists()


def test_export_audio_without_a_voice_writes_nothing(
    data_dir: DataDir,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with Library(data_dir, seed_samples=False) as library:
        library.add_word("银行")
    monkeypatch.setenv("PATH", path_without_voices(tmp_path / "bin"))
    out = tmp_path / "deck.apkg"
    assert (
        main(["--data-dir", str(data_dir.root), "export", "anki", "--audio", "-o", str(out)]) == 1
    )
    assert "no Chinese voice found" in capsys.readouterr().err
    assert not out.exists()
