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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from companion.language.dictionary import normalise_reading
from companion.language.sense_table import (
    LABEL_NAMES,
    LABELS,
    ContextKind,
    ContextSense,
    LearnerSense,
    SenseTable,
    describe_label,
    is_label,
    load_table,
    similar_readings,
    table,
)

if TYPE_CHECKING:
    from companion.language.annotate import Token

__all__ = [
    "LABELS",
    "LABEL_NAMES",
    "ContextKind",
    "ContextSense",
    "Fitted",
    "LearnerSense",
    "SenseFitter",
    "SenseTable",
    "demote",
    "describe_label",
    "fit",
    "is_label",
    "is_minor",
    "is_numeral",
    "load_table",
    "named",
    "short_gloss",
    "similar_readings",
    "slang_gloss",
    "table",
]

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
    """senses with lead first (once), everything else kept below in order, less the meanings
    lead already gives ("inn; old-style hotel" after "shop; store; inn" keeps "old-style hotel")."""
    if lead is None:
        return tuple(senses)
    given = _parts(lead)
    rest = []
    for sense in senses:
        if sense == lead:
            continue
        pieces = [p.strip() for p in sense.split(";")]
        kept = [p for p in pieces if _bare(p) not in given]
        if len(kept) == len(pieces):
            rest.append(sense)
        elif any(_bare(p) for p in kept):
            rest.append("; ".join(kept))
    return (lead, *rest)


def _bare(meaning: str) -> str:
    return _PAREN_RE.sub(" ", meaning).strip()


def _parts(sense: str) -> set[str]:
    """The ';'-separated meanings of a sense, without parenthesised notes."""
    return {_bare(p) for p in sense.split(";")} - {""}


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
_PRIORITY = {
    ContextKind.CLASSIFIER: 0,
    ContextKind.AFTER: 1,
    ContextKind.AFTER_DEGREE: 2,
    ContextKind.WITH: 3,
    ContextKind.SENTENCE_FINAL: 4,
}
"""Which context rows win when several fit: the most specific context first; the end of a
sentence is the weakest hint, and none after a degree word (很好 at the end is "very good")."""


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
        self._compounds: set[str] = set()
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
        if (
            slang_meaning is None
            and len(word) > 1
            and is_numeral(word[:-1])
            and self.sense_table.everyday_sense(word, normalise_reading(reading)) is None
            and any(_CLASSIFIER_RE.search(s) for s in self._other_senses(word[-1]))
        ):
            # 一家, 两杯: a numeral and a classifier cut as one word; before a noun it counts.
            self._compounds.add(word)
            self._contextual.update((word, surface or word))
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
        words: set[str] = set()
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
            if not final and token.text in self._compounds:
                final = None if _noun_follows(tokens, j, wordlike) else False  # None: a noun
            seen: tuple[str, ...] = ()
            values = withs.get(token.text)
            if values:
                # A with-word is another word of the sentence; one of two or more characters
                # may sit inside a longer one (刷 抖音号), a single character may not (到 in 吃到).
                sentence = sentence or "".join(t.text for t in tokens)
                words = words or {t.text for t in tokens}
                at = token.start - tokens[0].start
                before, after = sentence[:at], sentence[at + len(token.text) :]
                seen = tuple(
                    v
                    for v in values
                    if (v in words and v != token.text)
                    or (len(v) > 1 and (v in before or v in after))
                )
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
        final: bool | None,
        seen: tuple[str, ...],
    ) -> ContextSense | str | None:
        """The context row or built-in label of the first rule that fits, if any
        (final is True at the end of the sentence, None before a noun, else False)."""
        word = token.text
        if word in self._compounds:
            return "NUM-CL" if final is None else None
        reading = token.info.pinyin_numbers
        rows = sorted(self.sense_table.contexts.get(word, ()), key=lambda r: _PRIORITY[r.kind])
        for row in rows:
            if row.reading != reading and not similar_readings(word, row.reading, reading):
                continue
            kind = row.kind
            if (
                (kind is ContextKind.CLASSIFIER and is_numeral(prev_word))
                or (kind is ContextKind.AFTER_DEGREE and prev_word in DEGREE_WORDS)
                or (kind is ContextKind.SENTENCE_FINAL and final and prev_word not in DEGREE_WORDS)
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
        if rule == "NUM-CL":
            return self._numeral_classifier(token)
        lead = _sense_for(rule, senses, self._other_senses(token.text))
        if lead is None:
            return None
        return replace(info, definitions=_first(senses, named(rule, lead)), gloss=rule, label=rule)

    def _numeral_classifier(self, token: Token) -> Any:
        """一家 before a noun: glossed one-CL, its parts' senses first ("一 one + 家 classifier
        for families or businesses"), the word's own senses ("the whole family") below."""
        word, info = token.text, token.info
        number, classifier = word[:-1], word[-1]
        reading = " ".join(s for s in info.syllables[:-1] if s)
        counted = fit(number, reading, self._other_senses(number), sense_table=self.sense_table)
        sense = _sense_for("CL", (), self._other_senses(classifier))
        if sense is None or not counted.definitions:
            return None
        lead = f"{number} {counted.definitions[0]} + {classifier} {sense}"
        return replace(
            info, definitions=(lead, *info.definitions), gloss=f"{counted.gloss}-CL", label="CL"
        )


def _noun_follows(tokens: Sequence[Token], j: int, wordlike: frozenset[Any]) -> bool:
    """A countable noun (one CC-CEDICT gives classifiers for, "CL:个") among the next three
    words, before any verb, grammar word or punctuation: 一家 | 小笼包 | 店."""
    for token in tokens[j : j + 3]:
        if token.kind not in wordlike or token.info.label or _is_verb(token):
            return False
        if any("CL:" in d for d in token.info.definitions):
            return True
    return False


def _is_verb(token: Token) -> bool:
    """A word whose everyday sense is a verb ("to eat"), as CC-CEDICT writes verbs."""
    first = token.info.definitions[:1]
    return bool(first) and first[0].startswith("to ") and token.info.label is None
