"""The sense that fits the sentence, and Leipzig-style labels for grammar words.

CC-CEDICT lists a word's senses in no particular order of frequency: 店 starts with "inn",
被 with "quilt", 跟 with "heel". A learner memorises the first thing shown, so this module
decides which sense comes first, keeping every other sense below it. The mechanisms, in the
order they apply to ``我们这家店被很多人推荐``:

1. **Reading.** The annotator already keeps only the entries read as the sentence reads the word
   (东西 dōng xi → "thing", not dōng xī "east and west").
2. **Demotion.** Senses CC-CEDICT marks archaic, literary, old, dialect, Taiwan, surname,
   variant, "used in", "see", "CL:" lists, and bare grammatical descriptions sink below plain ones.
3. **The learner table** (``resources/learner_senses.tsv``, our own writing): the everyday sense
   of frequent words, a 1–3 word gloss or a Leipzig label (店 → "shop", 被 → PASS).
4. **Slang**: where the glossary knows a word as slang (上岸 "pass the exam"), that meaning
   leads and the dictionary senses follow.
5. **Context** (per sentence, after the static choice): rows of ``resources/context_senses.tsv``
   (``classifier``, ``after_degree``, ``with:X|Y``, ``after:X|Y``, ``sentence_final``), then
   built-in rules: a classifier sense after a numeral or demonstrative (这 **家** → CL), 的 after
   a pronoun is POSS, 过 after a verb is EXP.

The gloss line then reads "we · this · CL · shop · PASS · very · many · person · recommend".
Fitted word information is cached per (word, reading, rule that fired), so a sentence pass
costs a set lookup per token and a dictionary hit per grammar word.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.language.characters import is_han
from companion.language.dictionary import normalise_reading
from companion.resources import resource_path

if TYPE_CHECKING:
    from companion.language.annotate import Token

log = logging.getLogger(__name__)

LABELS: dict[str, str] = {
    "CL": "classifier (measure word): counts or sorts the noun that follows, as 个 in 一个人",
    "PASS": "passive: the subject undergoes the action (被 'by')",
    "BA": "把 construction: brings the object before the verb (把书给我 'give me the book')",
    "PFV": "perfective: the action is complete (了 after a verb)",
    "CRS": "currently relevant state: something has changed (了 at the end of a sentence)",
    "PROG": "progressive or durative: the action or state is ongoing (着)",
    "EXP": "experiential: has happened at least once before (过 after a verb)",
    "DE": "linking particle 的/得: joins a modifier to a noun, or a verb to its complement",
    "POSS": "possessive: 的 after a person, like English 's",
    "ADV": "adverbial 地: turns what precedes into a manner adverb, like English -ly",
    "Q": "question particle: makes a yes-no question (吗)",
    "SFP": "sentence-final particle: adds mood or tone (呢, 吧, 啊, 呀, 啦, 嘛)",
    "PL": "plural: after pronouns and words for people (们)",
    "DIM": "diminutive or erhua suffix (儿)",
    "ORD": "ordinal: turns a number into first, second, … (第)",
    "NEG": "negation",
    "NMLZ": "nominaliser: turns what precedes into a noun phrase",
    "COMP": "complement marker: introduces a result or degree after a verb",
    "DUR": "durative: the state lasts",
    "PRT": "particle",
    "EMPH": "emphasis",
    "INTJ": "interjection",
}
"""The labels the gloss line uses and what each means (shown when hovering a label)."""

LABEL_NAMES: dict[str, str] = {
    "CL": "classifier",
    "PASS": "passive marker",
    "BA": "object marker (把 construction)",
    "PFV": "perfective aspect",
    "PROG": "progressive aspect",
    "EXP": "experiential aspect",
    "DE": "structural particle",
    "POSS": "possessive particle",
    "ADV": "adverbial particle",
    "Q": "question particle",
    "SFP": "sentence-final particle",
    "PL": "plural suffix",
    "DIM": "diminutive suffix",
    "ORD": "ordinal prefix",
}
"""What a label's word is called; a labelled word's first sense starts with it."""

_LABEL_ALIASES = {"CRS": "SFP"}
"""Labels the tables may write that the gloss line shows as another: 了 closing a sentence is
glossed as a sentence-final particle, as the Leipzig list for this app has it."""

_BUILT_IN_LABELS: dict[tuple[str, str], str] = {
    ("了", "le5"): "PFV",
    ("着", "zhe5"): "PROG",
    ("过", "guo5"): "EXP",
    ("吗", "ma5"): "Q",
    ("被", "bei4"): "PASS",
    ("把", "ba3"): "BA",
    ("的", "de5"): "DE",
    ("地", "de5"): "ADV",
    ("得", "de5"): "DE",
    ("个", "ge4"): "CL",
    ("们", "men5"): "PL",
    **{(p, r): "SFP" for p, r in (("呢", "ne5"), ("吧", "ba5"), ("啊", "a5"), ("呀", "ya5"))},
    **{(p, r): "SFP" for p, r in (("啦", "la5"), ("嘛", "ma5"), ("呗", "bei5"), ("哦", "o5"))},
}
"""Closed-class grammar words and their labels, used when the learner table has no row."""

_LABEL_SENSE: dict[str, re.Pattern[str]] = {
    "CL": re.compile(r"classifier", re.I),
    "PASS": re.compile(r"passive"),
    "BA": re.compile(r"object before the verb|把"),
    "PFV": re.compile(r"completed action"),
    "PROG": re.compile(r"in progress|ongoing"),
    "EXP": re.compile(r"experienced action|has done"),
    "Q": re.compile(r"question"),
    "DE": re.compile(r"particle|attribute|possessive"),
    "POSS": re.compile(r"possessive"),
    "ADV": re.compile(r"adverbial|-ly"),
    "SFP": re.compile(r"particle"),
}
"""How to find the CC-CEDICT sense that a label stands for, to show it first."""

_MINOR_RE = re.compile(
    r"^(CL:|surname |(old |archaic |ancient |Japanese |unofficial |(old )?erhua )?variant of |"
    r"see |see also |used in |also written |also pr\. |abbr\. for |Kangxi radical)"
    r"|\((archaic|literary|old|dialect|Taiwan|Tw|classical|Cantonese|Buddhism|in ancient China|"
    r"onom\.)[^)]*\)|\bold-style\b|\bTaiwan pr\."
)
_ONLY_PARENS_RE = re.compile(r"^\([^()]*\)$")
_CLASSIFIER_RE = re.compile(r"^(\(\w+ form\) )?classifier\b|^\(classifier|\bclassifier for\b")
_PAREN_RE = re.compile(r"\s*\([^)]*\)\s*")
_READING_RE = re.compile(r"^(?:[a-zv]+[1-5])(?: [a-zv]+[1-5])*$")

NUMERALS = frozenset("零〇一二两兩三四五六七八九十百千万萬亿億几幾半")
DEMONSTRATIVES = frozenset(
    ("这", "這", "那", "哪", "每", "某", "各", "这几", "這幾", "那几", "哪几")
)
"""Words after which a classifier reads as one (这家, 每次)."""
NUMBER_PREFIXES = tuple("第好这這那哪每上下前后後头頭")
"""Prefixes of a numeral word (第三, 好几, 上一, 头两)."""
_DEGREE = "很 太 超 超级 好 非常 特别 真 挺 有点 有点儿 比较 最 更 更加 这么 那么 巨 贼 蛮 相当"
DEGREE_WORDS = frozenset(f"{_DEGREE} 十分 越来越 多么 极其 格外 尤其 还挺 太过".split(" "))
SIZE_WORDS = frozenset("大小整满")
"""Words between a numeral and its classifier (一大袋, 一小碗, 一整天)."""
MAX_GLOSS = 28


class ContextKind(Enum):
    """Where a context row of the sense table applies."""

    CLASSIFIER = "classifier"
    AFTER_DEGREE = "after_degree"
    WITH = "with"
    AFTER = "after"
    SENTENCE_FINAL = "sentence_final"


@dataclass(frozen=True, slots=True)
class LearnerSense:
    """The everyday sense of a word read one way: a short gloss (or label) and a sense line."""

    word: str
    reading: str
    gloss: str
    sense: str

    @property
    def label(self) -> str | None:
        return self.gloss if self.gloss in LABELS else None


@dataclass(frozen=True, slots=True)
class ContextSense:
    """A sense that applies only in a context, e.g. 刷 with 手机 → "scroll"."""

    word: str
    reading: str
    kind: ContextKind
    values: tuple[str, ...]
    gloss: str
    sense: str

    @property
    def label(self) -> str | None:
        """A label gloss; a classifier row is CL whatever its gloss (杯 "cup" counts cups)."""
        if self.gloss in LABELS:
            return self.gloss
        return "CL" if self.kind is ContextKind.CLASSIFIER else None


@dataclass(frozen=True)
class SenseTable:
    """The learner-sense table: everyday senses by (word, reading), context senses by word."""

    everyday: dict[tuple[str, str], LearnerSense]
    contexts: dict[str, tuple[ContextSense, ...]]
    by_word: dict[str, tuple[LearnerSense, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, list[LearnerSense]] = {}
        for row in self.everyday.values():
            index.setdefault(row.word, []).append(row)
        object.__setattr__(self, "by_word", {w: tuple(rows) for w, rows in index.items()})

    def everyday_sense(self, word: str, reading: str) -> LearnerSense | None:
        """The row for word read as reading; else the one row whose reading differs only by a
        neutral tone (朋友 péng you / péng yǒu) or by sandhi tones (一, 不)."""
        found = self.everyday.get((word, reading))
        if found is None and reading:
            near = [
                row
                for row in self.by_word.get(word, ())
                if similar_readings(word, row.reading, reading)
            ]
            if len(near) == 1:
                return near[0]
        return found


_SANDHI_WORDS = frozenset("一不")


def similar_readings(word: str, a: str, b: str) -> bool:
    """True if readings a and b of word differ at most by neutral tones or 一/不 sandhi."""
    if a == b:
        return True
    left, right = a.split(), b.split()
    if len(left) != len(right):
        return False
    for char, x, y in zip(word, left, right, strict=False):
        if x == y:
            continue
        if x[:-1] != y[:-1]:
            return False
        if not ("5" in (x[-1], y[-1]) or char in _SANDHI_WORDS):
            return False
    return True


def is_label(text: str) -> bool:
    """True if text is one of the Leipzig-style labels the gloss line uses."""
    return text in LABELS


def describe_label(label: str) -> str:
    """``"CL — classifier (measure word): …"`` for a label's tooltip."""
    return f"{label} — {LABELS[label]}" if label in LABELS else label


# -- loading ---------------------------------------------------------------------------------

LEARNER_COLUMNS = ("word", "pinyin", "gloss", "sense")
CONTEXT_COLUMNS = ("word", "pinyin", "context", "gloss", "sense")


def _rows(path: Path, columns: tuple[str, ...]) -> Iterable[tuple[int, list[str]]]:
    """Numbered data rows of a TSV file with the given header; nothing if it is unreadable."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, None)
            if header is None or tuple(h.strip() for h in header) != columns:
                log.warning("%s: not a sense table (header %r); ignored", path, header)
                return
            for number, row in enumerate(reader, start=2):
                if not row or not "".join(row).strip() or row[0].startswith("#"):
                    continue
                if len(row) != len(columns):
                    log.warning("%s:%d: expected %d columns; skipped", path, number, len(columns))
                    continue
                yield number, [field.strip() for field in row]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        log.warning("cannot read the sense table %s: %s", path, exc)


def _valid(path: Path, number: int, word: str, reading: str, gloss: str, sense: str) -> bool:
    """A row names a Chinese word, one tone-numbered syllable per character, a gloss and a sense."""
    problem = ""
    if not word or not all(is_han(c) for c in word):
        problem = f"word {word!r} is not Chinese"
    elif not _READING_RE.match(reading) or len(reading.split()) != len(word):
        problem = f"pinyin {reading!r} does not give one tone-numbered syllable per character"
    elif not gloss or len(gloss) > 40:
        problem = "gloss is empty or longer than 40 characters"
    elif not sense:
        problem = "sense is empty"
    if problem:
        log.warning("%s:%d: %s; row skipped", path, number, problem)
    return not problem


def _parse_context(text: str) -> tuple[ContextKind, tuple[str, ...]] | None:
    name, _, rest = text.partition(":")
    try:
        kind = ContextKind(name.strip())
    except ValueError:
        return None
    values = tuple(v.strip() for v in rest.split("|") if v.strip())
    if (kind in (ContextKind.WITH, ContextKind.AFTER)) != bool(values):
        return None
    return kind, values


def load_table(learner: Path | None = None, context: Path | None = None) -> SenseTable:
    """Read the learner and context sense tables; bad rows are logged and skipped."""
    learner = learner or resource_path("learner_senses.tsv")
    context = context or resource_path("context_senses.tsv")
    everyday: dict[tuple[str, str], LearnerSense] = {}
    for number, (word, pinyin, gloss, sense) in _rows(learner, LEARNER_COLUMNS):
        reading, gloss = normalise_reading(pinyin), _LABEL_ALIASES.get(gloss, gloss)
        if _valid(learner, number, word, reading, gloss, sense):
            everyday.setdefault((word, reading), LearnerSense(word, reading, gloss, sense))
    contexts: dict[str, list[ContextSense]] = {}
    for number, (word, pinyin, where, gloss, sense) in _rows(context, CONTEXT_COLUMNS):
        reading, gloss = normalise_reading(pinyin), _LABEL_ALIASES.get(gloss, gloss)
        if not _valid(context, number, word, reading, gloss, sense):
            continue
        parsed = _parse_context(where)
        if parsed is None:
            log.warning("%s:%d: unknown context %r; row skipped", context, number, where)
            continue
        row = ContextSense(word, reading, parsed[0], parsed[1], gloss, sense)
        contexts.setdefault(word, []).append(row)
    return SenseTable(everyday, {w: tuple(rows) for w, rows in contexts.items()})


@lru_cache(maxsize=1)
def table() -> SenseTable:
    """The shipped tables, loaded once."""
    return load_table()


# -- the static choice -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fitted:
    """A word's senses in the order to show them, its interlinear gloss and its label."""

    definitions: tuple[str, ...]
    gloss: str
    label: str | None = None


def demote(senses: Sequence[str]) -> list[str]:
    """Plain senses first, bare grammatical descriptions next, archaic/variant/CL: lines last."""

    def rank(sense: str) -> int:
        if _MINOR_RE.search(sense):
            return 2
        if _ONLY_PARENS_RE.match(sense):
            return 1
        return 0

    return sorted(senses, key=rank)


def is_minor(sense: str) -> bool:
    """True for a sense CC-CEDICT marks archaic, literary, dialect, surname, variant, "CL:"…"""
    return bool(_MINOR_RE.search(sense))


def short_gloss(sense: str) -> str:
    """A sense trimmed to an interlinear gloss: ``"to recommend; recommendation"`` → recommend."""
    text = _PAREN_RE.sub(" ", sense).split(";")[0].strip(" ,")
    if not text:
        text = sense.strip("() ").split(";")[0]
    if text.startswith("to ") and len(text) > 3:
        text = text[3:]
    text = " ".join(text.split())
    if len(text) > MAX_GLOSS:
        text = text[:MAX_GLOSS].rsplit(" ", 1)[0].rstrip(",;") + "…"
    return text


def _first(senses: Sequence[str], lead: str | None) -> tuple[str, ...]:
    """senses with lead first (once), everything else kept below in order."""
    if lead is None:
        return tuple(senses)
    parts = _parts(lead)
    return (lead, *(s for s in senses if s != lead and not _parts(s) <= parts))


def _parts(sense: str) -> set[str]:
    """The ';'-separated meanings of a sense, without parenthesised notes."""
    return {_PAREN_RE.sub(" ", p).strip() for p in sense.split(";")} - {""}


def named(label: str | None, sense: str) -> str:
    """sense introduced by what its label's word is called: "experiential aspect: (after a
    verb) have …-ed before"; unchanged if it already says so or there is no label."""
    name = LABEL_NAMES.get(label or "")
    if name is None or name.split()[0].lower() in sense.lower():
        return sense
    return f"{name}: {sense}"


def _sense_for(label: str, senses: Sequence[str], others: Sequence[str] = ()) -> str | None:
    """The CC-CEDICT sense a label stands for (in this reading's senses, else any reading's)."""
    pattern = _CLASSIFIER_RE if label == "CL" else _LABEL_SENSE.get(label)
    if pattern is None:
        return None
    for pool in (senses, others):
        for sense in pool:
            if not sense.startswith("CL:") and pattern.search(sense):
                return sense
    return None


_QUOTED_LEAD_RE = re.compile(r"""^(?:["'“‘][^"'”’]*["'”’]|From [^:]{1,40}|\w+ form of [^:]*):\s*""")


def slang_gloss(meaning: str) -> str:
    """A slang meaning cut to a gloss: ``"Reach the shore": to pass a tough exam…`` → pass a
    tough exam (the literal rendering in quotes, "From English …" and "1)" are dropped)."""
    text = _QUOTED_LEAD_RE.sub("", meaning.strip())
    text = re.sub(r"^\d\)\s*", "", text)
    first = re.split(r"[;.:!?(]| — | - ", text)[0].strip(" \"'“”‘’")
    if len(first) > MAX_GLOSS and len(first.split(", ")[0].split()) > 2:
        first = first.split(", ")[0]
    if first.startswith("A ") or (len(first) > 1 and first[1].islower()):
        first = first[0].lower() + first[1:]
    if first.startswith(("a ", "an ")) and len(first.split()) > 2:
        first = first.split(" ", 1)[1]
    return short_gloss(first or meaning)


def fit(
    word: str,
    reading: str,
    senses: Sequence[str],
    *,
    slang_meaning: str | None = None,
    sense_table: SenseTable | None = None,
) -> Fitted:
    """The static choice for a word read one way: reading's senses, demoted, table, slang."""
    sense_table = sense_table or table()
    ordered = demote(senses)
    label: str | None = None
    gloss = ""
    row = sense_table.everyday_sense(word, normalise_reading(reading))
    if row is not None:
        ordered = list(_first(ordered, named(row.label, row.sense)))
        gloss, label = row.gloss, row.label
    else:
        label = _BUILT_IN_LABELS.get((word, normalise_reading(reading)))
        lead = _sense_for(label, ordered) if label is not None else None
        if label is not None and lead is not None:
            ordered = list(_first(ordered, named(label, lead)))
            gloss = label
        elif label is not None:
            label = None
    if slang_meaning:
        ordered = list(_first(ordered, slang_meaning))
        gloss, label = slang_gloss(slang_meaning), None
    if not gloss and ordered:
        gloss = short_gloss(ordered[0])
    return Fitted(tuple(ordered), gloss, label)


# -- the choice in context ---------------------------------------------------------------------


def is_numeral(word: str) -> bool:
    """一, 两, 三十, 十多, 几, 好几, 第三, 这, 每, 100: words after which a classifier counts."""
    if word in DEMONSTRATIVES or word.isdigit():
        return True
    if word[:1] in NUMBER_PREFIXES:
        word = word[1:]
    if len(word) > 1 and word[-1] in SIZE_WORDS:
        word = word[:-1]
    if len(word) > 1 and word[-1] in "多来余":
        word = word[:-1]
    return bool(word) and all(c in NUMERALS for c in word)


_WORDLIKE = frozenset(("word", "number", "latin", "topic", "mention"))
_UNDECIDED = object()


class SenseFitter:
    """Re-orders a sentence's senses for context; one instance per Annotator (thread-safe
    enough: the cache is a dict written with whole values)."""

    CACHE_LIMIT = 100_000

    def __init__(
        self,
        other_senses: Callable[[str], Sequence[str]],
        sense_table: SenseTable | None = None,
    ) -> None:
        """other_senses(word) gives every sense of a word in any reading (for 过 guo4 → EXP)."""
        self._other_senses = other_senses
        self._table = sense_table
        self._cache: dict[tuple[str, tuple[str, ...], str, bool, tuple[str, ...]], Any] = {}
        self._contextual: set[str] = set()
        self._with_values: dict[str, tuple[str, ...]] = {}
        self._kinds: tuple[Any, frozenset[Any]] | None = None
        if sense_table is not None:
            self._learn_contexts(sense_table)

    @property
    def sense_table(self) -> SenseTable:
        if self._table is None:
            self._table = table()
            self._learn_contexts(self._table)
        return self._table

    def _learn_contexts(self, sense_table: SenseTable) -> None:
        self._contextual.update(sense_table.contexts)
        for word, rows in sense_table.contexts.items():
            values = {v for r in rows if r.kind is ContextKind.WITH for v in r.values}
            if values:
                self._with_values[word] = tuple(sorted(values))

    def fit(
        self,
        word: str,
        reading: str,
        senses: Sequence[str],
        slang_meaning: str | None = None,
        *,
        surface: str | None = None,
    ) -> Fitted:
        """The static choice (see ``fit``) for a simplified word; remembers the words (and their
        surface form in the text, 個 for 个) that a sentence pass must look at."""
        fitted = fit(
            word, reading, senses, slang_meaning=slang_meaning, sense_table=self.sense_table
        )
        if slang_meaning is None and (
            word in self.sense_table.contexts
            or word == "过"
            or any(_CLASSIFIER_RE.search(s) for s in senses)
            or (len(word) == 1 and any(_CLASSIFIER_RE.search(s) for s in self._other_senses(word)))
        ):
            self._contextual.add(word)
            if surface:
                self._contextual.add(surface)
        return fitted

    def warm_up(self) -> None:
        """Load the sense tables now."""
        self.sense_table  # noqa: B018 - the property loads them

    def forget(self) -> None:
        self._cache.clear()

    def in_context(self, tokens: list[Token]) -> list[Token]:
        """tokens with the senses of context-dependent words re-ordered for this sentence.

        The decision for a word depends only on its reading, the previous word, whether a word
        follows, and which of its ``with:`` words the sentence has: that tuple is the cache key,
        so a sentence costs a set lookup per token and a dict lookup per context word.
        """
        if self._table is None:
            self.sense_table  # noqa: B018 - loads the table and its context words
        contextual = self._contextual
        hits = [i for i, t in enumerate(tokens) if t.text in contextual]
        if not hits:
            return tokens
        if self._kinds is None:
            from companion.language.annotate import TokenKind

            self._kinds = (TokenKind.SPACE, frozenset(k for k in TokenKind if k.value in _WORDLIKE))
        space, wordlike = self._kinds
        decisions = self._cache
        withs = self._with_values
        sentence = ""
        last = len(tokens) - 1
        for i in hits:
            token = tokens[i]
            j = i - 1
            while j >= 0 and tokens[j].kind is space:
                j -= 1
            prev = tokens[j] if j >= 0 and tokens[j].kind in wordlike else None
            prev_text = prev.text if prev is not None else ""
            if prev_text in SIZE_WORDS and j > 0 and is_numeral(tokens[j - 1].text):
                prev_text = tokens[j - 1].text + prev_text
            j = i + 1
            while j <= last and tokens[j].kind is space:
                j += 1
            final = j > last or tokens[j].kind not in wordlike
            seen: tuple[str, ...] = ()
            values = withs.get(token.text)
            if values:
                sentence = sentence or "".join(t.text for t in tokens)
                at = token.start - tokens[0].start
                before, after = sentence[:at], sentence[at + len(token.text) :]
                seen = tuple(v for v in values if v in before or v in after)
            key = (token.text, token.info.syllables, prev_text, final, seen)
            info = decisions.get(key, _UNDECIDED)
            if info is _UNDECIDED:
                rule = (
                    self._rule(token, prev, prev_text, final, seen)
                    if any(token.info.syllables)
                    else None
                )
                info = None if rule is None else self._apply(token, rule)
                if len(decisions) >= self.CACHE_LIMIT:
                    decisions.clear()
                decisions[key] = info
            if info is not None:
                tokens[i] = token._replace(info=info)
        return tokens

    def _rule(
        self,
        token: Token,
        prev: Token | None,
        prev_word: str,
        final: bool,
        seen: tuple[str, ...],
    ) -> ContextSense | str | None:
        """The context row or built-in label of the first rule that fits, if any."""
        word = token.text
        reading = token.info.pinyin_numbers
        for row in self.sense_table.contexts.get(word, ()):
            if row.reading != reading and not similar_readings(word, row.reading, reading):
                continue
            kind = row.kind
            if (
                (kind is ContextKind.CLASSIFIER and is_numeral(prev_word))
                or (kind is ContextKind.AFTER_DEGREE and prev_word in DEGREE_WORDS)
                or (kind is ContextKind.SENTENCE_FINAL and final)
                or (kind is ContextKind.AFTER and any(prev_word.endswith(v) for v in row.values))
                or (kind is ContextKind.WITH and any(v in seen for v in row.values))
            ):
                return row
        if is_numeral(prev_word):
            if token.info.label != "CL":
                return "CL"
        elif word == "过" and prev is not None and _is_verb(prev):
            return "EXP"
        return None

    def _apply(self, token: Token, rule: ContextSense | str) -> Any:
        """The token's information with the rule's sense first (None: nothing to change)."""
        info = token.info
        senses = info.definitions
        if isinstance(rule, ContextSense):
            lead = named(rule.label, rule.sense)
            return replace(
                info, definitions=_first(senses, lead), gloss=rule.gloss, label=rule.label
            )
        lead = _sense_for(rule, senses, self._other_senses(token.text))
        if lead is None:
            return None
        return replace(info, definitions=_first(senses, named(rule, lead)), gloss=rule, label=rule)


def _is_verb(token: Token) -> bool:
    """A word whose everyday sense is a verb ("to eat"), as CC-CEDICT writes verbs."""
    first = token.info.definitions[:1]
    return bool(first) and first[0].startswith("to ") and token.info.label is None
