"""The learner-sense tables (``resources/learner_senses.tsv`` and ``context_senses.tsv``, our own
writing) and the Leipzig-style labels they and the gloss line use.

``learner_senses.tsv``: ``word  pinyin  gloss  sense`` — the everyday sense of a word read one way
(pinyin in tone numbers, 5 for the neutral tone); ``gloss`` is a 1–3 word interlinear gloss or a
label in capitals (CL, PASS …). ``context_senses.tsv``: ``word  pinyin  context  gloss  sense``,
context one of ``classifier``, ``after_degree``, ``with:X|Y``, ``after:X|Y``, ``sentence_final``.
Rows are validated on load; a bad row is logged and skipped, a bad file gives an empty table.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path

from companion.language.characters import is_han
from companion.language.dictionary import normalise_reading
from companion.resources import resource_path

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

_READING_RE = re.compile(r"^(?:[a-zv]+[1-5])(?: [a-zv]+[1-5])*$")


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
