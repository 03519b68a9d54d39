"""Anki decks (.apkg) through genanki: the "Companion Word" note type, stable ids, tidy CSS.

With audio (``export anki --audio``), the word's and the sentence's speech go into the deck as
media, played on the answer side: ``[sound:…]`` after the word's pinyin and after the
sentence's pinyin (fields only answers show, so a question never gives its answer away). The
note type stays the same, so a deck exported without audio is exactly what it was before.

Ids never change: the note type id is fixed, the deck id comes from the deck name, and each
note's GUID from the word itself, so exporting again *updates* the learner's notes in Anki
instead of adding duplicates. Every field is HTML-escaped; the only markup is our own.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import genanki

from companion.errors import InvalidInput
from companion.flashcards.card import (
    Card,
    blanked_sentence,
    highlighted_sentence,
    pinyin_html,
    senses_html,
)

if TYPE_CHECKING:
    from companion.speech.cache import Speech

MODEL_ID = 1_733_120_417
MODEL_NAME = "Companion Word"
FIELDS = (
    "Simplified",
    "Traditional",
    "Pinyin",
    "PinyinNumbers",
    "Meaning",
    "HSK",
    "Slang",
    "Sentence",
    "SentencePinyin",
    "SentenceTranslation",
    "SentenceBlank",
    "Source",
    "Tags",
)

CSS = """
.card { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  font-size: 20px; text-align: center; color: #1f2328; background: #fffdf9; line-height: 1.5; }
.hanzi { font-size: 64px; margin: 12px 0 4px; letter-spacing: 2px; }
.trad { font-size: 18px; color: #8a8f98; }
.pinyin { font-size: 26px; margin: 4px 0 10px; }
.tone1 { color: #e5484d; } .tone2 { color: #30a46c; } .tone3 { color: #0b68cb; }
.tone4 { color: #8e4ec6; } .tone5 { color: #8a8f98; }
ol.senses { display: inline-block; text-align: left; margin: 6px auto; padding-left: 1.4em; }
.hsk { display: inline-block; font-size: 13px; padding: 1px 8px; border-radius: 10px;
  background: #fde2e2; color: #c2292e; }
.slang { font-size: 16px; margin: 10px auto; max-width: 32em; padding: 8px 12px;
  border-radius: 8px; background: #fff4d6; text-align: left; }
.sentence { font-size: 24px; margin-top: 16px; }
.sentence .target, .sentence .blank { color: #ff2442; font-weight: bold; }
.sentence-pinyin { font-size: 15px; color: #6e7781; }
.translation { font-size: 16px; color: #444c56; font-style: italic; }
.source { font-size: 12px; color: #8a8f98; margin-top: 14px; }
.prompt { font-size: 15px; color: #8a8f98; }
.nightMode .card, .card.nightMode { color: #e6e6e6; background: #1e1f22; }
.nightMode .tone1 { color: #ff6b6f; } .nightMode .tone2 { color: #4cc38a; }
.nightMode .tone3 { color: #52a9ff; } .nightMode .tone4 { color: #bf7af0; }
.nightMode .tone5, .nightMode .trad, .nightMode .source { color: #9ba1a6; }
.nightMode .hsk { background: #4a1d1f; color: #ff9592; }
.nightMode .slang { background: #3a3012; }
.nightMode .sentence-pinyin, .nightMode .translation { color: #b4b9be; }
"""

_DETAIL_PARTS = (
    ("Pinyin", '<div class="pinyin">{{Pinyin}}</div>'),
    ("Traditional", '{{#Traditional}}<div class="trad">{{Traditional}}</div>{{/Traditional}}'),
    ("Meaning", '<div class="meaning">{{Meaning}}</div>'),
    ("HSK", '{{#HSK}}<div class="hsk">{{HSK}}</div>{{/HSK}}'),
    ("Slang", '{{#Slang}}<div class="slang">{{Slang}}</div>{{/Slang}}'),
    ("Sentence", '{{#Sentence}}<div class="sentence">{{Sentence}}</div>'),
    ("SentencePinyin", '<div class="sentence-pinyin">{{SentencePinyin}}</div>'),
    ("SentenceTranslation", '<div class="translation">{{SentenceTranslation}}</div>'),
    ("SentenceEnd", "{{/Sentence}}"),
    ("Source", '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'),
)


def details(*, shown: tuple[str, ...] = ()) -> str:
    """The answer's details, leaving out the fields the question already shows (an answer
    starts with {{FrontSide}}, so anything on the front would otherwise appear twice)."""
    return "\n" + "\n".join(part for name, part in _DETAIL_PARTS if name not in shown) + "\n"


_ANSWER = '<hr id="answer"><div class="hanzi">{{Simplified}}</div>'

TEMPLATES = [
    {
        "name": "Recognition",
        "qfmt": '<div class="hanzi">{{Simplified}}</div>',
        "afmt": '<div class="hanzi">{{Simplified}}</div><hr id="answer">' + details(),
    },
    {
        "name": "Recall",
        "qfmt": '<div class="prompt">Write the word for</div><div class="meaning">{{Meaning}}'
        '</div>{{#SentenceTranslation}}<div class="translation">“{{SentenceTranslation}}”'
        "</div>{{/SentenceTranslation}}",
        "afmt": "{{FrontSide}}" + _ANSWER + details(shown=("Meaning", "SentenceTranslation")),
    },
    {
        "name": "Sentence",
        "qfmt": '{{#SentenceBlank}}<div class="prompt">Which word fills the gap?</div>'
        '<div class="sentence">{{SentenceBlank}}</div><div class="translation">'
        "{{SentenceTranslation}}</div>{{/SentenceBlank}}",
        "afmt": "{{FrontSide}}" + _ANSWER + details(shown=("SentenceTranslation",)),
    },
]

MODEL = genanki.Model(
    MODEL_ID,
    MODEL_NAME,
    fields=[{"name": name} for name in FIELDS],
    templates=TEMPLATES,
    css=CSS,
    sort_field_index=0,
)


def deck_id(name: str) -> int:
    """A stable deck id for a deck name (Anki ids are positive 63-bit integers)."""
    digest = hashlib.sha256(f"companion-deck:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & ((1 << 62) - 1) | (1 << 40)


def note_guid(word: str) -> str:
    """The note's GUID: the same word always maps to the same note in Anki."""
    return genanki.guid_for("companion-word", word)


def _tag(text: str) -> str:
    """Anki tags cannot contain spaces."""
    return "_".join(text.split())


def note_fields(card: Card, *, sentence_cards: bool) -> list[str]:
    e = html.escape
    return [
        e(card.word),
        e(card.traditional if card.traditional != card.word else ""),
        pinyin_html(card),
        e(card.pinyin_numbers),
        senses_html(card),
        e(card.hsk_label),
        e(card.slang),
        highlighted_sentence(card),
        e(card.sentence_pinyin),
        e(card.sentence_translation),
        blanked_sentence(card) if sentence_cards else "",
        e(card.source),
        e(" ".join(card.tags)),
    ]


WORD_SOUND = FIELDS.index("Pinyin")
SENTENCE_SOUND = FIELDS.index("SentencePinyin")


def sound(speech: Speech, text: str, media: set[Path]) -> str:
    """``[sound:file]`` for text's speech (collected in media), or '' if nothing to say."""
    try:
        audio = speech.audio(text)
    except InvalidInput:
        return ""  # no words in it (only emoji, say)
    media.add(audio.path)
    return f"[sound:{audio.path.name}]"


def with_sounds(fields: list[str], card: Card, speech: Speech, media: set[Path]) -> list[str]:
    """A note's fields with the word's and the sentence's speech added."""
    fields = list(fields)
    fields[WORD_SOUND] += sound(speech, card.word, media)
    if card.sentence.strip():
        fields[SENTENCE_SOUND] += sound(speech, card.sentence, media)
    return fields


def write_apkg(
    cards: Iterable[Card],
    path: Path,
    *,
    deck: str = "Companion",
    tags: Iterable[str] = (),
    sentence_cards: bool = True,
    progress: Callable[[int], None] = lambda n: None,
    audio: Speech | None = None,
) -> int:
    """Write an .apkg with one note per card (with audio, their speech as media); returns
    the number of notes."""
    anki_deck = genanki.Deck(deck_id(deck), deck)
    media: set[Path] = set()
    extra = [_tag(t) for t in tags if t.strip()]
    count = 0
    for card in cards:
        fields = note_fields(card, sentence_cards=sentence_cards)
        note = genanki.Note(
            model=MODEL,
            fields=fields if audio is None else with_sounds(fields, card, audio, media),
            guid=note_guid(card.word),
            tags=sorted(
                {
                    *(_tag(t) for t in card.tags if t.strip()),
                    *extra,
                    "companion",
                    f"companion::{card.status}",
                }
            ),
        )
        anki_deck.add_note(note)
        count += 1
        progress(count)
    partial = path.with_name(path.name + ".part")
    package = genanki.Package(anki_deck, media_files=[str(p) for p in sorted(media)] or None)
    package.write_to_file(str(partial))
    partial.replace(path)
    return count
