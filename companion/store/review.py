"""Review cards and the review log (migration 0005): one FSRS card per saved word, one log row
per grade. Times are ISO 8601 UTC text to the microsecond (``stamp``), so they compare as text;
per-day figures are grouped in the learner's time zone by an offset in minutes.

This module is SQL only: scheduling is companion/review/scheduling.py, figures and the queue's
order are companion/review/ too.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

from companion.store.connection import Database
from companion.store.models import WordStatus

NEVER_GRADED = 0
"""``review_cards.state`` of a card never graded; 1–3 are FSRS's states."""
IN_REVIEW = 2
"""``review_cards.state`` of a card in review (FSRS's State.Review): past its learning steps."""


def stamp(moment: dt.datetime) -> str:
    """A time as the review tables store it (ISO 8601 UTC, microseconds: compares as text)."""
    if moment.tzinfo is None:
        raise ValueError("review times must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


class StoredCard(NamedTuple):
    """A review card as stored, with its word."""

    vocabulary_id: int
    word: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: str
    last_review: str | None
    reps: int
    lapses: int


class QueueRow(NamedTuple):
    """What a queued card shows: the card, its word and the word's first saved sentence."""

    word: str
    pinyin: str
    meaning: str
    due: str
    state: int
    reps: int
    sentence: str | None
    translation: str | None
    sentence_pinyin: str | None
    post_id: int | None


Row = tuple[Any, ...]
T = TypeVar("T")
Make = Callable[[Row, Row], T]
"""Builds one queued card from its row, (vocabulary id, word, pinyin, meaning, due, state,
reps), and its word's first context, (sentence, translation, sentence pinyin, post id): the
queue builds its cards in the same pass (``as_queue_row`` by default)."""


def as_queue_row(card: Row, context: Row) -> QueueRow:
    """A queued card's row and context as one value."""
    return QueueRow._make(card[1:] + context)


class LogEntry(NamedTuple):
    """One grade, as the log keeps it."""

    word: str
    grade: int
    reviewed_at: str
    elapsed_days: float | None
    duration_ms: int | None
    state_before: int
    state_after: int
    stability_after: float | None
    due_after: str
    card_before: str
    """The card before the grade (``card_json``), for undo."""


_CARD = (
    "SELECT r.vocabulary_id, v.word, r.state, r.step, r.stability, r.difficulty, r.due,"
    " r.last_review, r.reps, r.lapses FROM review_cards r JOIN vocabulary v"
    " ON v.id = r.vocabulary_id"
)
_QUEUE = (
    "SELECT v.id, v.word, v.pinyin, coalesce(v.user_definition, v.definition), r.due, r.state,"
    " r.reps FROM review_cards r JOIN vocabulary v ON v.id = r.vocabulary_id"
    " LEFT JOIN word_status s ON s.word = v.word"
)
"""Queued cards with their words; their sentences are read apart (``_with_contexts``): one
scan of the contexts takes half the time of a correlated lookup per card."""
_NO_CONTEXT = (None, None, None, None)
FEW = 200
"""Up to this many cards, their first contexts are looked up by id; more, the contexts are
scanned once."""
_IGNORED, _KNOWN, _NEW_OR_LEARNING = (
    int(WordStatus.IGNORED),
    int(WordStatus.KNOWN),
    f"{int(WordStatus.NEW)}, {int(WordStatus.LEARNING)}",
)
_REVIEWABLE = (
    f"v.deleted_at IS NULL AND v.kind = 'saved' AND coalesce(s.status, 0) != {_IGNORED}"
    f" AND (coalesce(s.status, 0) != {_KNOWN} OR coalesce(r.stability, 0) >= ?)"
)
"""Cards the learner reviews: the word saved, not ignored, and not marked known by hand
before the card itself says known (stability at the threshold)."""
_NEW = (
    f"v.deleted_at IS NULL AND v.kind = 'saved' AND coalesce(s.status, 0) IN ({_NEW_OR_LEARNING})"
)
"""New cards the learner is shown: saved words still new or learning (a word marked known or
ignored before its first review is not taught; a word only marked, never saved, has no card
to study: ``kind``, migration 0007)."""


def card_json(card: StoredCard, status: WordStatus) -> str:
    """The schedulable part of a card and its word's status, as the log's ``card_before``
    keeps them."""
    return json.dumps(
        {
            "status": int(status),
            "state": card.state,
            "step": card.step,
            "stability": card.stability,
            "difficulty": card.difficulty,
            "due": card.due,
            "last_review": card.last_review,
            "reps": card.reps,
            "lapses": card.lapses,
        }
    )


class ReviewStore:
    """Review cards and the review log."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- cards ------------------------------------------------------------------------------

    def card(self, word: str) -> StoredCard | None:
        """The card of a saved word (None: not saved, or deleted)."""
        row = self.db.conn.execute(
            _CARD + " WHERE v.word = ? AND v.deleted_at IS NULL", (word,)
        ).fetchone()
        return StoredCard(*row) if row else None

    def save(self, card: StoredCard, entry: LogEntry | None = None) -> None:
        """Store a card's new state and, if given, the grade that led to it."""
        conn = self.db.conn
        conn.execute(
            "UPDATE review_cards SET state = ?, step = ?, stability = ?, difficulty = ?,"
            " due = ?, last_review = ?, reps = ?, lapses = ? WHERE vocabulary_id = ?",
            (*card[2:], card.vocabulary_id),
        )
        if entry is not None:
            conn.execute(
                "INSERT INTO review_log (word, grade, reviewed_at, elapsed_days, duration_ms,"
                " state_before, state_after, stability_after, due_after, card_before)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entry,
            )

    def last_entry(self) -> tuple[int, LogEntry] | None:
        """The grade made last (its log id and entry), for undo: by id, since a grade may be
        given for another time (``--at``), and only the last one made matches the card now."""
        row = self.db.conn.execute(
            "SELECT id, word, grade, reviewed_at, elapsed_days, duration_ms, state_before,"
            " state_after, stability_after, due_after, card_before FROM review_log"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (row[0], LogEntry(*row[1:])) if row else None

    def forget_entry(self, log_id: int) -> None:
        """Remove one grade from the log (undoing it)."""
        self.db.conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))

    # -- the queue --------------------------------------------------------------------------

    def queue_row(self, word: str, make: Make[T] = as_queue_row) -> T | None:
        """One saved word's card as the queue shows it."""
        rows = self.db.conn.execute(
            f"{_QUEUE} WHERE v.word = ? AND v.deleted_at IS NULL", (word,)
        ).fetchall()
        return self._with_contexts(rows, make)[0] if rows else None

    def due_rows(
        self,
        until: str,
        known_stability: float,
        limit: int,
        make: Make[T] = as_queue_row,
    ) -> list[T]:
        """Cards already graded that are due by ``until``, most overdue first."""
        rows = self.db.conn.execute(
            f"{_QUEUE} WHERE r.state > 0 AND r.due <= ? AND {_REVIEWABLE}"
            " ORDER BY r.due, r.vocabulary_id LIMIT ?",
            (until, known_stability, limit),
        ).fetchall()
        return self._with_contexts(rows, make)

    def new_rows(self, limit: int, make: Make[T] = as_queue_row) -> list[T]:
        """Cards never graded, the words saved first first (ids grow with each save)."""
        if limit <= 0:
            return []
        rows = self.db.conn.execute(
            f"{_QUEUE} WHERE r.state = 0 AND {_NEW} ORDER BY r.vocabulary_id LIMIT ?", (limit,)
        ).fetchall()
        return self._with_contexts(rows, make)

    def _with_contexts(self, rows: list[Row], make: Make[T]) -> list[T]:
        """Queue rows (vocabulary id first), each made with its word's first context."""
        first = self._first_contexts([r[0] for r in rows])
        get, none = first.get, _NO_CONTEXT
        return [make(r, get(r[0], none)) for r in rows]

    def _first_contexts(self, ids: list[int]) -> dict[int, Row]:
        """(sentence, translation, sentence pinyin, post id) of each word's first context."""
        conn = self.db.conn
        select = (
            "SELECT vocabulary_id, sentence, translation, sentence_pinyin, post_id FROM contexts"
        )
        if len(ids) <= FEW:
            marks = ", ".join("?" * len(ids))
            found = conn.execute(f"{select} WHERE vocabulary_id IN ({marks}) ORDER BY id", ids)
        else:
            found = conn.execute(f"{select} ORDER BY id")  # in id order: a word's first first
        first: dict[int, Row] = {}
        keep = first.setdefault
        for row in found:
            keep(row[0], row[1:])
        return first

    def due_count(self, until: str, known_stability: float) -> int:
        """How many graded cards are due by ``until``."""
        return self.db.conn.execute(
            "SELECT count(*) FROM review_cards r JOIN vocabulary v ON v.id = r.vocabulary_id"
            " LEFT JOIN word_status s ON s.word = v.word"
            f" WHERE r.state > 0 AND r.due <= ? AND {_REVIEWABLE}",
            (until, known_stability),
        ).fetchone()[0]

    def new_count(self, limit: int) -> int:
        """How many never-graded cards there are, up to limit."""
        if limit <= 0:
            return 0
        return self.db.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM review_cards r JOIN vocabulary v"
            " ON v.id = r.vocabulary_id LEFT JOIN word_status s ON s.word = v.word"
            f" WHERE r.state = 0 AND {_NEW} LIMIT ?)",
            (limit,),
        ).fetchone()[0]

    def introduced_since(self, since: str) -> int:
        """How many cards had their first grade at or after ``since`` (new cards seen)."""
        return self.db.conn.execute(
            "SELECT count(*) FROM review_log WHERE reviewed_at >= ? AND state_before = 0",
            (since,),
        ).fetchone()[0]

    # -- figures ----------------------------------------------------------------------------

    def reviews_per_day(self, since: str, offset_minutes: int) -> list[tuple[str, int, int, int]]:
        """(local day, grades, grades of cards in review, of those how many Again) for each
        day with grades since ``since``."""
        day = _local_day("reviewed_at", offset_minutes)
        return self.db.conn.execute(
            f"SELECT {day} AS day, count(*), sum(state_before = {IN_REVIEW}),"
            f" sum(state_before = {IN_REVIEW} AND grade = 1) FROM review_log"
            " WHERE reviewed_at >= ? GROUP BY day ORDER BY day",
            (since,),
        ).fetchall()

    def review_days(self, offset_minutes: int) -> list[str]:
        """Every local day with a review, newest first."""
        day = _local_day("reviewed_at", offset_minutes)
        rows = self.db.conn.execute(
            f"SELECT DISTINCT {day} AS day FROM review_log ORDER BY day DESC"
        )
        return [r[0] for r in rows]

    def due_per_day(
        self, until: str, offset_minutes: int, known_stability: float
    ) -> list[tuple[str, int]]:
        """(local day, cards falling due) for graded cards due before ``until``."""
        day = _local_day("r.due", offset_minutes)
        return self.db.conn.execute(
            f"SELECT {day} AS day, count(*) FROM review_cards r"
            " JOIN vocabulary v ON v.id = r.vocabulary_id"
            " LEFT JOIN word_status s ON s.word = v.word"
            f" WHERE r.state > 0 AND r.due < ? AND {_REVIEWABLE} GROUP BY day ORDER BY day",
            (until, known_stability),
        ).fetchall()

    def known_per_day(self, offset_minutes: int) -> list[tuple[str, int]]:
        """(local day, words) for the words known now, by the day they became known."""
        day = _local_day("updated_at", offset_minutes)
        return self.db.conn.execute(
            f"SELECT {day} AS day, count(*) FROM word_status WHERE status = ?"
            " GROUP BY day ORDER BY day",
            (int(WordStatus.KNOWN),),
        ).fetchall()

    def known_count(self) -> int:
        return self.db.conn.execute(
            "SELECT count(*) FROM word_status WHERE status = ?", (int(WordStatus.KNOWN),)
        ).fetchone()[0]

    def reviewed_since(self, since: str) -> int:
        return self.db.conn.execute(
            "SELECT count(*) FROM review_log WHERE reviewed_at >= ?", (since,)
        ).fetchone()[0]

    def cards_snapshot(self) -> list[tuple[Any, ...]]:
        """Every card and every log row, as stored (what export must leave untouched)."""
        conn = self.db.conn
        cards = conn.execute("SELECT * FROM review_cards ORDER BY vocabulary_id").fetchall()
        log = conn.execute("SELECT * FROM review_log ORDER BY id").fetchall()
        return [*cards, *log]


def _local_day(column: str, offset_minutes: int) -> str:
    """SQL for the learner's local day (YYYY-MM-DD) of a stored UTC time."""
    return f"date({column}, '{int(offset_minutes):+d} minutes')"


def card_from_json(vocabulary_id: int, word: str, text: str) -> tuple[StoredCard, WordStatus]:
    """The card and status ``card_json`` kept."""
    kept = json.loads(text)
    card = StoredCard(
        vocabulary_id,
        word,
        kept["state"],
        kept["step"],
        kept["stability"],
        kept["difficulty"],
        kept["due"],
        kept["last_review"],
        kept["reps"],
        kept["lapses"],
    )
    return card, WordStatus(kept["status"])
