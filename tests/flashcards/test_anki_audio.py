"""`export anki --audio`: the words' and sentences' speech as media in the .apkg, as Anki's own
library sees it after importing; without --audio the deck is what it always was."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from companion.errors import InvalidInput
from companion.library import Library
from companion.speech.wav import read_wav
from tests.flashcards.test_anki import collection, fields_by_word, import_apkg, words

__all__ = ["collection", "words"]  # fixtures shared with test_anki
SOUND = re.compile(r"\[sound:([^\]]+)\]")


def test_audio_is_anki_media_referenced_by_the_notes(
    words: Library, tmp_path: Path, collection: object
) -> None:
    out = tmp_path / "deck.apkg"
    assert words.export("anki", out, audio=True).count == 3
    import_apkg(collection, out)
    col = collection
    notes = fields_by_word(col)
    media = Path(col.media.dir())  # type: ignore[attr-defined]
    referenced = {
        name for fields in notes.values() for f in fields.values() for name in SOUND.findall(f)
    }
    for word, fields in notes.items():
        (word_sound,) = SOUND.findall(fields["Pinyin"])
        assert read_wav(media / word_sound).seconds > 0.4, word
    bank = notes["银行"]
    assert bank["Pinyin"].startswith('<span class="tone2">yín</span>')
    (sentence_sound,) = SOUND.findall(bank["SentencePinyin"])
    sentence = read_wav(media / sentence_sound, loudness=True)
    assert sentence.seconds > 1.5 and sentence.rms is not None and sentence.rms > 0.02
    assert not SOUND.search(notes["学习"]["SentencePinyin"])  # no sentence, no sentence audio
    assert {p.name for p in media.iterdir()} == referenced
    check = col.media.check()  # type: ignore[attr-defined]
    assert not check.missing and not check.unused


def test_audio_only_on_the_answer_side(words: Library, tmp_path: Path, collection: object) -> None:
    out = tmp_path / "deck.apkg"
    words.export("anki", out, audio=True)
    import_apkg(collection, out)
    col = collection
    for card_id in col.find_cards("Simplified:银行"):  # type: ignore[attr-defined]
        card = col.get_card(card_id)  # type: ignore[attr-defined]
        assert not card.question_av_tags(), card.template()["name"]
        assert card.answer_av_tags(), card.template()["name"]


def test_without_audio_the_deck_has_no_media(words: Library, tmp_path: Path) -> None:
    out = tmp_path / "plain.apkg"
    words.export("anki", out)
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["collection.anki2", "media"]
        assert package.read("media") == b"{}"


def test_audio_is_for_anki_only(words: Library, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="only into Anki decks"):
        words.export("csv", tmp_path / "words.csv", audio=True)
