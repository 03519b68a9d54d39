"""The annotated text's values: a Document of paragraphs, sentences and tokens with their offsets,
and what is known of each word (WordInfo). ``annotate.Annotator`` makes them; ``to_json`` is the
``annotate --json`` contract of DESIGN.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any, NamedTuple, TextIO

from companion.language.names import NameKind
from companion.language.rednote import Sticker
from companion.language.slang import SlangTerm
from companion.language.spelling import spell


class TokenKind(Enum):
    """What a token is; only WORD tokens (and Chinese topics/mentions) carry pinyin."""

    WORD = "word"
    PUNCTUATION = "punctuation"
    SPACE = "space"
    NUMBER = "number"
    LATIN = "latin"
    EMOJI = "emoji"
    STICKER = "sticker"
    TOPIC = "topic"
    MENTION = "mention"
    URL = "url"


@dataclass(frozen=True, slots=True)
class WordInfo:
    """Everything known about one word read one way; shared by all tokens of that word."""

    syllables: tuple[str, ...]
    """One tone-number syllable per character of the token text ('' for non-Chinese chars)."""
    definitions: tuple[str, ...] = ()
    hsk: int | None = None
    slang: SlangTerm | None = None
    traditional: str | None = None
    gloss: str = ""
    """A 1–3 word interlinear gloss of the sense that fits, or a Leipzig label (CL, PASS)."""
    label: str | None = None
    """The Leipzig-style label of a grammar word (see senses.LABELS), else None."""
    name: NameKind | None = None
    """Set for a person, place, brand or foreign name (its senses are then not glossed
    character by character)."""
    parts: tuple[Token, ...] = ()
    """A topic's inner words (#上海美食[话题]# → 上海, 美食), each a token of the text."""
    sticker: Sticker | None = None
    """A sticker token's sticker ([笑哭R] → label 笑哭, emoji 😂, what it expresses)."""

    @property
    def pinyin_numbers(self) -> str:
        return " ".join(s for s in self.syllables if s)

    @property
    def pinyin(self) -> str:
        return _spelled(self.syllables)


@lru_cache(maxsize=65_536)
def _spelled(syllables: tuple[str, ...]) -> str:
    """spell, remembered: a reading is spelled again for every token and every JSON dump,
    and tone marks cost pypinyin several µs a syllable."""
    return spell(syllables)


_NO_INFO = WordInfo(())


class Token(NamedTuple):
    """One word, punctuation mark, emoji or markup atom at text[start:end].

    An immutable NamedTuple rather than a frozen dataclass: annotation creates one per word
    (about 55,000 for 80,000 characters) and a NamedTuple is built three times faster
    (0.25 µs against 0.78 µs), about a tenth of annotate's own time.
    """

    text: str
    start: int
    end: int
    kind: TokenKind
    info: WordInfo = _NO_INFO

    @property
    def is_chinese(self) -> bool:
        """A word the learner can look up: Chinese, or internet slang in Latin letters or
        digits (yyds, 666), which has no syllables of its own."""
        info = self.info
        return self.kind in (TokenKind.WORD, TokenKind.TOPIC) and (
            any(info.syllables) or info.slang is not None or info.name is not None
        )

    @property
    def pinyin(self) -> str:
        """Tone marks, space-separated syllables (``yín háng``); '' if not Chinese."""
        return self.info.pinyin

    @property
    def pinyin_numbers(self) -> str:
        """Tone numbers (``yin2 hang2``); '' if not Chinese."""
        return self.info.pinyin_numbers

    @property
    def syllables(self) -> tuple[str, ...]:
        return self.info.syllables

    @property
    def definitions(self) -> tuple[str, ...]:
        return self.info.definitions

    @property
    def hsk(self) -> int | None:
        return self.info.hsk

    @property
    def slang(self) -> SlangTerm | None:
        return self.info.slang

    def to_json(self) -> dict[str, Any]:
        """The token as DESIGN.md's ``annotate --json`` contract spells it."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "is_chinese": self.is_chinese,
            **_info_json(self.info),
        }


def _info_json(info: WordInfo) -> dict[str, Any]:
    """The keys of a token's JSON that come from its WordInfo, in the contract's order."""
    return {
        "pinyin": info.pinyin,
        "pinyin_numbers": info.pinyin_numbers,
        "definitions": list(info.definitions),
        "hsk": info.hsk,
        "slang": info.slang.summary() if info.slang else None,
        "gloss": info.gloss,
        "label": info.label,
        "name": info.name.value if info.name else None,
        "sticker": _sticker_json(info.sticker),
    }


def _sticker_json(sticker: Sticker | None) -> dict[str, str] | None:
    """A sticker as ``{"label", "emoji", "meaning"}`` (emoji '' when we know none), else None."""
    if sticker is None:
        return None
    return {"label": sticker.label, "emoji": sticker.emoji, "meaning": sticker.meaning}


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence at text[start:end] (trailing spaces included); its tokens tile that span."""

    text: str
    start: int
    end: int
    tokens: tuple[Token, ...]
    translation: str | None = None

    @property
    def words(self) -> Iterator[Token]:
        """The Chinese word tokens, the ones a learner can look up."""
        return (t for t in self.tokens if t.is_chinese)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "translation": self.translation,
            "tokens": [t.to_json() for t in self.tokens],
        }


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line of the post: consecutive sentences up to a line break."""

    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """An annotated text; its sentences tile the text from 0 to len(text)."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    tags: tuple[str, ...] = field(default=())

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    @property
    def tokens(self) -> list[Token]:
        return [t for p in self.paragraphs for s in p.sentences for t in s.tokens]

    def to_json(self) -> dict[str, Any]:
        """The ``annotate --json`` object."""
        return {"sentences": [s.to_json() for s in self.sentences]}

    def write_json(self, out: TextIO) -> None:
        """Write ``to_json()`` to out as compact JSON (``json.dumps`` with ``ensure_ascii=False``
        and ``separators=(",", ":")``, to the byte), one sentence at a time.

        A token's JSON ends with what its WordInfo says, and every token of a word shares one
        WordInfo, so that part is encoded once per WordInfo: 1 MB of text is ~55,000 tokens
        but a few thousand WordInfos."""
        chinese_kind: dict[int, str] = {}  # WORD and TOPIC tokens' tails by id(info)
        other_kind: dict[int, str] = {}
        string, word, topic = encode_basestring, TokenKind.WORD, TokenKind.TOPIC
        out.write('{"sentences":[')
        for n, sentence in enumerate(self.sentences):
            tokens = []
            for token in sentence.tokens:
                text, start, end, kind, info = token
                known = chinese_kind if kind is word or kind is topic else other_kind
                tail = known.get(id(info))
                if tail is None:
                    tail = _dumps({"is_chinese": token.is_chinese, **_info_json(info)})[1:]
                    known[id(info)] = tail
                tokens.append(f'{{"text":{string(text)},"start":{start},"end":{end},{tail}')
            translation = sentence.translation
            out.write(
                f'{"," if n else ""}{{"text":{string(sentence.text)},"start":{sentence.start},'
                f'"end":{sentence.end},"translation":'
                f"{'null' if translation is None else string(translation)},"
                f'"tokens":[{",".join(tokens)}]}}'
            )
        out.write("]}")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
