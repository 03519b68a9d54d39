"""Everything the lookup popup shows about one word: readings, senses, HSK, slang, characters."""

from __future__ import annotations

from dataclasses import dataclass, replace

from companion.language import hsk
from companion.language.annotate import Annotator, Token, TokenKind, WordInfo, classify
from companion.language.characters import is_han
from companion.language.dictionary import Entry, normalise_reading
from companion.language.pinyin import tone_marks
from companion.language.slang import SlangTerm


@dataclass(frozen=True)
class CharacterInfo:
    char: str
    pinyin: str
    meaning: str
    hsk: int | None


@dataclass(frozen=True)
class WordDetails:
    """A word as read in its sentence, with its dictionary entries (this reading first)."""

    word: str
    pinyin: str
    pinyin_numbers: str
    traditional: str
    hsk: int | None
    entries: tuple[Entry, ...]
    slang: SlangTerm | None
    characters: tuple[CharacterInfo, ...]

    @property
    def hsk_label(self) -> str:
        return hsk.tag(self.hsk)


def describe(token: Token, engine: Annotator) -> WordDetails:
    """Details of a token from an annotated document (its reading decided in context)."""
    dictionary = engine.dictionary
    word = token.text
    entries = dictionary.entries(word, token.pinyin_numbers or None)
    if token.definitions and entries:
        # This reading's entries become one, its senses in the order that fits the sentence
        # (learner sense, classifier, slang first); other readings follow.
        reading = normalise_reading(token.pinyin_numbers)
        here = [e for e in entries if e.reading == reading] or [entries[0]]
        slang_meaning = token.slang.meaning if token.slang is not None else None
        senses = tuple(s for s in token.definitions if s != slang_meaning)  # the card shows it
        fitted = Entry(here[0].simplified, here[0].traditional, here[0].pinyin_numbers, senses)
        entries = (fitted, *(e for e in entries if e not in here))
    characters = []
    if len(word) > 1:
        for char, syllable in zip(word, token.syllables or ("",) * len(word), strict=False):
            if not is_han(char):
                continue
            char_entries = dictionary.entries(char, syllable or None)
            meaning = char_entries[0].senses[0] if char_entries and char_entries[0].senses else ""
            characters.append(
                CharacterInfo(
                    char,
                    tone_marks(syllable) if syllable else "",
                    meaning,
                    hsk.character_level(char),
                )
            )
    traditional = dictionary.traditional(word) or ""
    return WordDetails(
        word=word,
        pinyin=token.pinyin,
        pinyin_numbers=token.pinyin_numbers,
        traditional=traditional if traditional != word else "",
        hsk=token.hsk,
        entries=entries,
        slang=token.slang,
        characters=tuple(characters),
    )


def word_in_sentence(engine: Annotator, word: str, sentence: str) -> Token:
    """word as read at its first place in sentence, with the sense that fits there — also when
    the sentence is cut differently (一 | 个, or 这个 around 个): the tokens it overlaps are
    re-cut at its edges, each piece read with its syllables there, and the senses fitted in
    that re-cut sentence. A word not in the sentence is read on its own."""
    at = sentence.find(word) if word else -1
    if at < 0:
        sentence, at = word, 0
    document = engine.annotate(sentence)
    end = at + len(word)
    for found in document.sentences:
        if found.start <= at < found.end:
            break
    else:
        return document.tokens[0]
    tokens = list(found.tokens)
    for token in tokens:
        if token.start == at and token.end == end:
            return token
    recut: list[Token] = []
    syllables: list[str] = []
    for token in tokens:
        if token.end <= at or token.start >= end:
            recut.append(token)
            continue
        own = token.syllables or ("",) * len(token.text)
        if token.start < at:
            recut.append(_piece(engine, token, token.start, at))
        syllables.extend(
            own[max(at, token.start) - token.start : min(end, token.end) - token.start]
        )
        if token.end >= end:
            recut.append(Token(word, at, end, TokenKind.WORD, engine.word_info(word, syllables)))
        if token.end > end:
            recut.append(_piece(engine, token, end, token.end))
    fitted = engine.senses.in_context(recut)
    token = next(t for t in fitted if t.start == at and t.end == end)
    if not token.definitions and token.slang is None:
        # No dictionary has the word (一个, 很多): say what its parts mean in this sentence.
        parts = [t for t in tokens if t.start < end and t.end > at and t.definitions]
        meaning = " + ".join(f"{t.text} {t.definitions[0]}" for t in parts)
        if meaning:
            token = token._replace(info=replace(token.info, definitions=(meaning,)))
    return token


def _piece(engine: Annotator, token: Token, start: int, end: int) -> Token:
    """The part text[start:end] of token, read with its own syllables."""
    text = token.text[start - token.start : end - token.start]
    own = token.syllables or ("",) * len(token.text)
    syllables = own[start - token.start : end - token.start]
    kind = classify(text)
    info = engine.word_info(text, syllables) if kind is TokenKind.WORD else WordInfo(syllables)
    return Token(text, start, end, kind, info)
