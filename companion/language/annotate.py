"""Text in, annotated Document out: paragraphs → sentences → tokens, each token with its offsets,
context pinyin, CC-CEDICT senses, HSK level and slang explanation.

The pipeline for one text, with ``"宝子们！这家店绝绝子😋 #探店[话题]#"`` as the example:

1. ``rednote.find_markup`` marks atoms: the emoji ``😋`` and the topic ``#探店[话题]#``.
2. ``sentences.split_paragraphs`` cuts ``宝子们！`` | ``这家店绝绝子😋 `` | ``#探店[话题]#``.
3. jieba (``segment``) cuts the text between atoms, keeping only words CC-CEDICT or the slang
   glossary knows: ``宝子们 / ！``, ``这 / 家 / 店 / 绝绝子``.
4. ``pinyin`` reads each sentence in context: ``bǎo zi men``, ``zhè jiā diàn jué jué zǐ``.
5. Each distinct (word, reading) is looked up once — CC-CEDICT senses for that reading, HSK
   level, slang glossary entry — and shared by every token with that word and reading.

Traditional text is segmented and read through its simplified shadow (OpenCC, same length) so
that jieba and the pinyin engine see the forms they know; tokens keep the original characters.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import chain
from pathlib import Path

from companion.language import hsk, slang, standard
from companion.language.characters import ZERO_WIDTH, fold, has_han, sanitize
from companion.language.dictionary import Dictionary
from companion.language.document import (
    _NO_INFO,
    Document,
    Paragraph,
    Sentence,
    Token,
    TokenKind,
    WordInfo,
)
from companion.language.names import SURNAMES, NameKind, name_kind
from companion.language.pinyin import PinyinConverter, tone_marks
from companion.language.pinyin_rules import RULED_CHARS
from companion.language.rednote import MarkupKind, MarkupSpan, find_markup
from companion.language.script import to_simplified
from companion.language.segment import Segmenter
from companion.language.senses import SenseFitter, slang_gloss
from companion.language.sentences import split_paragraphs
from companion.language.standard import DIRECTIONS

__all__ = ["Annotator", "Document", "Paragraph", "Sentence", "Token", "TokenKind", "WordInfo"]
__all__ += ["classify", "spell_name"]

_MARKUP_KINDS = {
    MarkupKind.EMOJI: TokenKind.EMOJI,
    MarkupKind.STICKER: TokenKind.STICKER,
    MarkupKind.TOPIC: TokenKind.TOPIC,
    MarkupKind.MENTION: TokenKind.MENTION,
    MarkupKind.URL: TokenKind.URL,
}


_ZERO_WIDTH_RE = re.compile(f"[{''.join(ZERO_WIDTH)}]")
_LOG_TOTAL = math.log(60_000_000)
"""About the log of the sum of jieba's dictionary frequencies (its own route's denominator)."""
_NOT_A_VERB = frozenset("我你您他她它咱谁这那也还都就再又刚才不没太超很真好一要想会能") | {
    "我们",
    "你们",
    "他们",
    "她们",
    "大家",
    "马上",
    "一起",
    "已经",
    "正在",
    "终于",
    "突然",
}


def _verb_before(word: str) -> bool:
    """Whether the word before a directional complement may be its verb (站 / 起来, not
    他 / 回来)."""
    return bool(word) and has_han(word) and len(word) <= 2 and word not in _NOT_A_VERB


_POTENTIAL = frozenset({"不了", "得了"})
_SPECIAL = _POTENTIAL | DIRECTIONS
_LATIN, _NUMBER = TokenKind.LATIN, TokenKind.NUMBER


def _han_after(text: str, at: int, end: int) -> bool:
    return at < end and has_han(text[at])


_CAPITALISED_RE = re.compile(r"^(?:Mt |St )?[A-Z][\w'-]*(?: [A-Z][\w'-]*)*")


def _name_gloss(definitions: Sequence[str], spelled: str) -> str:
    """A name's interlinear gloss: the English name the dictionary gives (Shanghai, Donald
    Trump, Mt Huang), else its pinyin (Zhāng Wěi)."""
    found = _CAPITALISED_RE.match(definitions[0]) if definitions else None
    return found.group(0) if found else spelled


def _brand_like(text: str) -> bool:
    """A capitalised Latin word in Chinese text (Dior, Apple, iPhone): a brand or product."""
    letters = text.replace("-", "")
    return len(letters) > 1 and letters.isalpha() and any(c.isupper() for c in letters)


def spell_name(syllables: Sequence[str], kind: NameKind | None = None, surname: bool = True) -> str:
    """A name's reading, capitalised as pinyin writes names: ('ao4', 'bo2', 'mu4') -> 'Àobómù';
    a Chinese person's surname apart: ('zhang1', 'wei3') -> 'Zhāng Wěi'."""
    marks = [tone_marks(s) for s in syllables if s]
    if kind is NameKind.PERSON and len(marks) > 1 and syllables[0] and surname:
        parts = [marks[0], "".join(marks[1:])]
    else:
        parts = ["".join(marks)]
    return " ".join(p[:1].upper() + p[1:] for p in parts)


def classify(text: str) -> TokenKind:
    """Kind of a plain (non-markup) token from the segmenter."""
    if has_han(text):
        return TokenKind.WORD
    if text.isspace():
        return TokenKind.SPACE
    stripped = text.replace(".", "").replace(",", "").replace("%", "")
    if stripped.isdigit():
        return TokenKind.NUMBER
    if any(c.isalpha() for c in text):
        return TokenKind.LATIN
    return TokenKind.PUNCTUATION


class Annotator:
    """Turns text into a Document; thread-safe; loads jieba, pinyin data and CC-CEDICT lazily."""

    _INFO_CACHE_LIMIT = 200_000

    def __init__(
        self,
        cache_dir: Path,
        *,
        user_words: Sequence[str] = (),
        user_splits: Sequence[Sequence[str]] = (),
    ) -> None:
        glossary_terms = list(slang.glossary())
        self.dictionary = Dictionary(cache_dir)
        self.segmenter = Segmenter(
            cache_dir, [*glossary_terms, *user_words], vet=self._dictionary_words
        )
        for parts in user_splits:
            self.segmenter.split_word(parts)
        self.pinyin = PinyinConverter(standard.word_readings(self.dictionary.readings))
        self.senses = SenseFitter(self.all_senses)
        self._info: dict[tuple[str, tuple[str, ...]], tuple[TokenKind, WordInfo]] = {}
        self._latin: dict[str, WordInfo] = {}

    def _dictionary_words(self, word: str, run: bool = False) -> list[str]:
        """word itself if CC-CEDICT has it, else the CC-CEDICT words it is most likely made
        of: the cut with the highest product of jieba's word frequencies, as jieba's own route
        is chosen, over CC-CEDICT's words only (看不清楚 is 看 / 不 / 清楚, not the leftmost
        longest 看不清 / 楚). A run of characters jieba left single is matched longest first
        (闺 蜜 → 闺蜜, 一 到 家 → 一 / 到家): jieba's frequencies have already spoken there."""
        if self.dictionary.lookup(word):
            return [word]
        if run:
            return self._longest_words(word)
        n = len(word)
        freq = self.segmenter.frequencies()
        best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
        for i in range(n - 1, -1, -1):
            options = []
            for length in self.dictionary.prefix_lengths(word, i) | {1}:
                piece = word[i : i + length]
                weight = math.log(freq.get(piece) or 1) - _LOG_TOTAL
                options.append((weight + best[i + length][0], length))
            best[i] = max(options)
        parts, position = [], 0
        while position < n:
            length = best[position][1]
            parts.append(word[position : position + length])
            position += length
        return parts

    def _longest_words(self, word: str) -> list[str]:
        parts, position = [], 0
        while position < len(word):
            found = self.dictionary.longest_match(word, position)
            length = max((len(e.simplified) for e in found), default=1)
            if found and word[position : position + length] not in (
                found[0].simplified,
                found[0].traditional,
            ):
                length = 1
            parts.append(word[position : position + length])
            position += length
        return parts

    def forget_words(self) -> None:
        """Drop cached word information (after the learner merged or split a word)."""
        self._info.clear()
        self.senses.forget()

    def all_senses(self, word: str) -> list[str]:
        """Every CC-CEDICT sense of word, in any reading."""
        return [sense for entry in self.dictionary.lookup(word) for sense in entry.senses]

    def warm_up(self) -> None:
        """Load every model now (call from a worker thread): jieba, pinyin, CC-CEDICT, HSK."""
        self.segmenter.warm_up()
        self.dictionary.warm_up()
        self.pinyin.warm_up()
        hsk.warm_up()
        slang.glossary()
        self.senses.warm_up()

    # -- pipeline -------------------------------------------------------------------------

    def annotate(self, text: str) -> Document:
        """Annotate text; lone surrogates become U+FFFD so every offset stays valid."""
        text = sanitize(text)
        shadow = self._simplified_shadow(text)
        markup = find_markup(text)
        starts = [span.start for span in markup]
        paragraphs = []
        for spans in split_paragraphs(text, markup):
            sentences = tuple(self._sentence(text, shadow, a, b, markup, starts) for a, b in spans)
            paragraphs.append(Paragraph(spans[0][0], spans[-1][1], sentences))
        tags = tuple(dict.fromkeys(s.value for s in markup if s.kind is MarkupKind.TOPIC))
        return Document(text, tuple(paragraphs), tags)

    def _simplified_shadow(self, text: str) -> str:
        """text in simplified characters with Latin letters folded (ＹＹＤＳ → yyds), the same
        length as text: what the segmenter and the dictionaries read."""
        return to_simplified(fold(text))

    def _pieces(
        self, shadow: str, start: int, end: int, markup: Sequence[MarkupSpan], starts: list[int]
    ) -> tuple[list[tuple[int, int, MarkupSpan | None]], list[str], list[int]]:
        """Tokens of text[start:end] as (start, end, atom) — markup atoms and words — the
        words the pinyin engine reads (jieba's own cut, atoms as a neutral comma), and the
        indices of one-character pieces split off a longer word that a rule may re-read."""
        pieces: list[tuple[int, int, MarkupSpan | None]] = []
        reading: list[str] = []
        split: list[int] = []

        def words(a: int, b: int) -> None:
            run = shadow[a:b]
            if _ZERO_WIDTH_RE.search(run):
                zero_width_words(a, run)
                return
            final, raw = self.segmenter.cut_both(run)
            if len(final) != len(raw):
                self._split_singles(final, raw, len(pieces), split)
            for word in final:
                pieces.append((a, a + len(word), None))
                a += len(word)
            reading.extend(raw)

        def zero_width_words(a: int, run: str) -> None:
            """Segment run without its zero-width characters (种\u200b草 is 种草), then give
            each back to the word before it (or after it, at the start)."""
            kept = [i for i, c in enumerate(run) if c not in ZERO_WIDTH]
            if not kept:
                pieces.append((a, a + len(run), None))
                reading.append(run)
                return
            final, raw = self.segmenter.cut_both("".join(run[i] for i in kept))
            ends = [*kept[1:], len(run)]  # a kept character owns what follows it
            position = 0
            for word in final:
                first = 0 if position == 0 else kept[position]
                position += len(word)
                pieces.append((a + first, a + ends[position - 1], None))
            position = 0
            for word in raw:
                first = 0 if position == 0 else kept[position]
                position += len(word)
                reading.append(run[first : ends[position - 1]])

        position = start
        for index in range(bisect.bisect_left(starts, start), len(starts)):
            atom = markup[index]
            if atom.start >= end:
                break
            if position < atom.start:
                words(position, atom.start)
            pieces.append((atom.start, atom.end, atom))
            reading.append("，" * (atom.end - atom.start))
            position = atom.end
        if position < end:
            words(position, end)
        return pieces, reading, split

    def _sentence(
        self,
        text: str,
        shadow: str,
        start: int,
        end: int,
        markup: Sequence[MarkupSpan],
        starts: list[int],
    ) -> Sentence:
        pieces, reading, split = self._pieces(shadow, start, end, markup, starts)
        readings = self.pinyin.convert(reading)  # dictionary tones: sandhi is for display only
        flat = list(chain.from_iterable(readings))
        chinese: bool | None = None  # whether the sentence has Chinese: asked for Latin words
        tokens = []
        append = tokens.append
        cache = self._info
        make = Token
        rereads = self._rereads(shadow, pieces, split) if split else None
        special = _SPECIAL
        previous = ""
        for index, (a, b, atom) in enumerate(pieces):
            piece = text[a:b]
            if atom is None:
                syllables = tuple(flat[a - start : b - start])
                if rereads and index in rereads:
                    syllables = (rereads[index],)
                elif piece in special:
                    if piece in _POTENTIAL and not _han_after(text, b, end):
                        syllables = (syllables[0], "liao3")  # 干不了。: "cannot (do it)"
                    elif piece in DIRECTIONS and _verb_before(previous):
                        syllables = self.pinyin.complement(piece, syllables)
                previous = piece
                found = cache.get((piece, syllables))
                if found is None:
                    found = self._plain_info(piece, shadow[a:b], syllables)
                kind, info = found
                if kind is _LATIN or kind is _NUMBER:
                    if chinese is None:
                        chinese = has_han(shadow[start:end])
                    kind, info = self._latin_slang(kind, piece, shadow[a:b], chinese)
            else:
                previous = ""
                kind = _MARKUP_KINDS[atom.kind]
                info = self._atom_info(piece, atom)
                if atom.kind is MarkupKind.TOPIC and info.syllables:
                    info = self._topic_parts(text, shadow, a, piece, atom, info)
            append(make(piece, a, b, kind, info))
        tokens = self.senses.in_context(tokens)
        return Sentence(text[start:end], start, end, tuple(tokens))

    def _split_singles(self, final: list[str], raw: list[str], base: int, out: list[int]) -> None:
        """Add to out the indices (from base) of final's one-character words that a rule may
        read and that it split off a longer word the engine read, unless that word is one the
        dictionary knows (这个 shown 这 | 个 keeps 这个's reading)."""
        ruled = RULED_CHARS
        at = 0
        raw_at = 0
        ri = 0
        for k, word in enumerate(final):
            while raw_at + len(raw[ri]) <= at:
                raw_at += len(raw[ri])
                ri += 1
            if (
                len(word) == 1
                and word in ruled
                and len(raw[ri]) > 1
                and not self.dictionary.lookup(raw[ri])
            ):
                out.append(base + k)
            at += len(word)

    def _rereads(
        self,
        shadow: str,
        pieces: Sequence[tuple[int, int, MarkupSpan | None]],
        split: list[int],
    ) -> dict[int, str]:
        """Grammar-rule readings for one-character pieces the final cut split off a longer
        word the engine read (塞 | 进 from 塞进), seen among the final words."""
        words = [shadow[a:b] if atom is None else "，" for a, b, atom in pieces]
        return self.pinyin.reread(words, split)

    # -- word information -----------------------------------------------------------------

    def _plain_info(
        self, piece: str, simplified: str, syllables: tuple[str, ...]
    ) -> tuple[TokenKind, WordInfo]:
        """Kind and information of a segmenter word, computed once per (word, reading)."""
        kind = classify(piece)
        info = self._word_info(piece, simplified, syllables) if kind is TokenKind.WORD else _NO_INFO
        if len(self._info) >= self._INFO_CACHE_LIMIT:
            self._info.clear()
        self._info[(piece, syllables)] = (kind, info)
        return kind, info

    def _latin_slang(
        self, kind: TokenKind, original: str, folded: str, chinese: bool
    ) -> tuple[TokenKind, WordInfo]:
        """Latin letters or digits as internet slang (yyds, 666, emo): in a sentence with
        Chinese in it, or anywhere if the term stands for Chinese words (yyds, 886). "get" or
        "high" in an English sentence are English."""
        term = slang.lookup(folded)
        if term is None or not (chinese or has_han(term.expansion)):
            if chinese and kind is TokenKind.LATIN and _brand_like(original):
                return TokenKind.WORD, WordInfo(
                    ("",) * len(original),
                    definitions=(f"{original} ({NameKind.BRAND.note})",),
                    gloss=original,
                    name=NameKind.BRAND,
                )
            return kind, _NO_INFO
        info = self._latin.get(folded)
        if info is None:
            info = WordInfo(
                ("",) * len(folded),
                definitions=(term.summary(),),
                gloss=slang_gloss(term.meaning),
                slang=term,
            )
            self._latin[folded] = info
        return TokenKind.WORD, info

    def _word_info(
        self, word: str, simplified: str, syllables: tuple[str, ...], standardise: bool = True
    ) -> WordInfo:
        hidden = [i for i, c in enumerate(word) if c in ZERO_WIDTH]
        if hidden:  # look the word up without the invisible characters inside it
            word, simplified = (
                "".join(c for i, c in enumerate(w) if i not in hidden) for w in (word, simplified)
            )
            syllables = tuple(s for i, s in enumerate(syllables) if i not in hidden)
        if standardise and len(simplified) > 1:  # the final cut may split a longer word
            syllables = self.pinyin.standard(simplified, syllables)
        term = slang.lookup(simplified)
        if term is not None and len(simplified) > 1:
            # A one-character term (卷) is read in context: 卷 juàn "volume" is not slang.
            syllables = term.syllables_for(simplified) or syllables
        reading = " ".join(s for s in syllables if s)
        definitions = tuple(self.dictionary.senses(word, reading))
        if not definitions and simplified != word:
            definitions = tuple(self.dictionary.senses(simplified, reading))
        slang_reading = term.syllables_for(simplified) if term is not None else None
        slang_meaning = term.meaning if term and slang_reading in (None, syllables) else None
        name = None if term else self.segmenter.names.get(simplified) or self._proper_noun(word)
        if name in _SPOKEN_NAMES and not definitions and any(_particle(s) for s in syllables):
            # A name the dictionary lacks has no neutral tones: 彼得格勒 Bǐdé-, 哆啦 duō lā.
            syllables = tuple(
                self.pinyin.full_tone(c, s) if _particle(s) else s
                for c, s in zip(simplified, syllables, strict=True)
            )
            reading = " ".join(s for s in syllables if s)
        spelled = spell_name(syllables, name, simplified[0] in SURNAMES) if name else ""
        if name is not None and not definitions:
            definitions = (f"{spelled} ({name.note})",)
        fitted = self.senses.fit(simplified, reading, definitions, slang_meaning, surface=word)
        if hidden:
            voiced = iter(syllables)
            syllables = tuple(
                "" if i in hidden else next(voiced) for i in range(len(hidden) + len(word))
            )
        return WordInfo(
            syllables=syllables,
            definitions=tuple(dict.fromkeys(fitted.definitions)),
            gloss=_name_gloss(fitted.definitions, spelled) if name is not None else fitted.gloss,
            label=fitted.label,
            hsk=hsk.level(simplified),
            slang=term,
            traditional=self.dictionary.traditional(simplified),
            name=name,
        )

    def _proper_noun(self, word: str) -> NameKind | None:
        """The kind of a word CC-CEDICT knows only as a proper noun (上海 Shanghai, 特朗普
        Trump, 迪奥 Dior), from what its senses say it is."""
        common, other = self.dictionary.readings(word)
        if common or not other or len(word) < 2:
            return None
        senses = " ".join(s for e in self.dictionary.lookup(word) for s in e.senses).lower()
        return name_kind(word, senses)

    def word_info(self, word: str, syllables: Sequence[str]) -> WordInfo:
        """Information on word read as syllables (one per character), senses fitted statically."""
        return self._word_info(word, self._simplified_shadow(word), tuple(syllables), False)

    def _topic_parts(
        self, text: str, shadow: str, a: int, piece: str, atom: MarkupSpan, info: WordInfo
    ) -> WordInfo:
        """A topic (#上海美食[话题]#) stays one tag; its inner words become its parts, read,
        glossed and looked up like any word (上海 Shanghai · 美食 delicacy)."""
        at = a + piece.find(atom.value)
        inner = self._sentence(text, shadow, at, at + len(atom.value), (), [])
        parts = tuple(t for t in inner.tokens if t.is_chinese)
        if not parts:
            return info
        syllables = list(info.syllables)
        syllables[at - a : at - a + len(atom.value)] = [
            s for t in inner.tokens for s in t.syllables or ("",) * len(t.text)
        ]
        glosses = " · ".join(t.info.gloss or (t.definitions[:1] or ("",))[0] for t in parts)
        own = (info.slang.summary(),) if info.slang else (f"topic: {glosses}",)
        definitions = info.definitions or own
        return replace(
            info,
            syllables=tuple(syllables),
            definitions=definitions,
            gloss=info.gloss or glosses,
            parts=parts,
        )

    def _atom_info(self, piece: str, atom: MarkupSpan) -> WordInfo:
        """Topics and mentions are read aloud like words; stickers get their gloss."""
        if atom.kind is MarkupKind.STICKER:
            sticker = atom.sticker
            assert sticker is not None
            gloss = f"RedNote sticker {sticker.emoji}: {sticker.meaning}".replace("  ", " ")
            return WordInfo(("",) * len(piece), definitions=(gloss,), sticker=sticker)
        if atom.kind not in (MarkupKind.TOPIC, MarkupKind.MENTION) or not has_han(atom.value):
            return WordInfo(("",) * len(piece))
        offset = piece.find(atom.value)
        name_words = self.segmenter.cut(atom.value)
        name_syllables = [s for word in self.pinyin.convert(name_words) for s in word]
        syllables = [""] * len(piece)
        syllables[offset : offset + len(atom.value)] = name_syllables
        definitions: tuple[str, ...] = ()
        term = None
        if atom.kind is MarkupKind.TOPIC:
            term = slang.lookup(atom.value)
            definitions = tuple(self.dictionary.senses(atom.value))
        return WordInfo(tuple(syllables), definitions=definitions, slang=term)


_SPOKEN_NAMES = frozenset({NameKind.PERSON, NameKind.FOREIGN, NameKind.PLACE})


def _particle(syllable: str) -> bool:
    """A neutral-tone syllable that is not erhua."""
    return syllable.endswith("5") and syllable != "r5"
