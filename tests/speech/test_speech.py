"""Real speech from espeak-ng's Mandarin voice: WAV files of speech length and loudness, the
cache, bounded input, and the one-line message on a machine without a Chinese voice."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from companion.errors import InvalidInput
from companion.speech.cache import Speech
from companion.speech.text import MAX_CHARS
from companion.speech.voices import NoVoice, Voice, espeak_voice, find_voice, no_voice
from companion.speech.wav import read_wav

MIN_RMS = 0.02  # of full scale: espeak-ng speaks at about 0.1; silence is 0


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("银行", 0.5, 2.5),  # two syllables
        ("我去银行还钱了。", 1.5, 5.0),
        ("我去银行还钱了。这家店真的绝绝子！周末一起去吧？", 4.0, 14.0),
    ],
)
def test_speech_is_real_audio_of_the_texts_length(
    speech: Speech, text: str, low: float, high: float
) -> None:
    audio = speech.audio(text)
    info = read_wav(audio.path, loudness=True)
    assert low <= info.seconds <= high, info
    assert info.rms is not None and info.rms > MIN_RMS, info
    assert audio.seconds == pytest.approx(info.seconds)
    assert not audio.cached


def test_longer_text_is_longer_speech(speech: Speech) -> None:
    word, sentence = speech.audio("银行"), speech.audio("我去银行还钱了，然后吃火锅。")
    assert sentence.seconds > 2 * word.seconds


def test_the_voice_reads_our_pinyin(speech: Speech, voice: Voice) -> None:
    """What espeak-ng is given is the engine's reading of each word in context (银行 háng,
    还钱 huán), not espeak-ng's character by character guess."""
    assert voice.reads_pinyin, "Debian's espeak-ng has cmn-latn-pinyin"
    assert speech.spoken("我去银行还钱了。") == "wo3 qu4 yin2 hang2 huan2 qian2 le5."


def test_cache_hit_does_not_synthesize_again(speech: Speech, voice: Voice) -> None:
    first = speech.audio("火锅")
    stamp = first.path.stat().st_mtime_ns
    # The same voice with its program gone: only the cache can answer.
    argv = ("/nonexistent/espeak-ng", *voice.argv[1:])
    gone = Voice(voice.engine, voice.name, argv, reads_pinyin=voice.reads_pinyin)
    again = Speech(speech.folder.parent, voice=gone, reading=speech._reading).audio("火锅")
    assert again.cached and again.path == first.path
    assert first.path.stat().st_mtime_ns >= stamp
    assert len(list(speech.folder.glob("*.wav"))) == 1
    assert not list(speech.folder.glob("*.part"))
    with pytest.raises(NoVoice):  # and anything new would have needed the program
        Speech(speech.folder.parent, voice=gone, reading=speech._reading).audio("银行")


def test_damaged_cache_file_is_made_again(speech: Speech) -> None:
    path = speech.audio("学习").path
    path.write_bytes(b"RIFF")
    audio = speech.audio("学习")
    assert not audio.cached and read_wav(audio.path).seconds > 0.3


def test_prune_removes_least_recently_used(speech: Speech) -> None:
    old, new = speech.audio("学习").path, speech.audio("火锅").path
    os.utime(old, (1, 1))
    assert speech.prune(limit=new.stat().st_size) == 1
    assert new.exists() and not old.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "nothing to say"),
        ("  😀🎉 \n", "nothing to say"),
        ("。。！", "nothing to say"),
        ("好" * (MAX_CHARS + 1), "too long"),
    ],
)
def test_bad_text_gets_one_line(speech: Speech, text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        speech.audio(text)
    assert "\n" not in str(caught.value)


def test_text_is_data_not_options(speech: Speech) -> None:
    """Text that looks like options or shell reaches the voice as text on stdin."""
    audio = speech.audio("--help -w /tmp/x.wav; rm -rf ~ 你好")
    assert read_wav(audio.path).seconds > 0.5


def test_no_voice_says_how_to_get_one(no_voice_path: str, tmp_path: Path) -> None:
    assert espeak_voice(no_voice_path) is None
    for platform, hint in (
        ("linux", "sudo apt install espeak-ng"),
        ("win32", "Settings › Time & language › Speech"),
        ("darwin", "System Settings › Accessibility › Spoken Content"),
    ):
        with pytest.raises(NoVoice, match="no Chinese voice found") as caught:
            find_voice(platform, path=no_voice_path)
        assert hint in str(caught.value) and "\n" not in str(caught.value)
    speech = Speech(tmp_path, find=lambda: find_voice(sys.platform, no_voice_path))
    with pytest.raises(NoVoice, match=str(no_voice())[:30]):
        speech.audio("银行")
