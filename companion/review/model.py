"""Values of the review loop (no Qt): grades, card states, the card the Review page shows, a
grade's result and the learner's progress figures with their chart series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, IntEnum
from typing import NamedTuple

from companion.changes import OpChanges


class Grade(IntEnum):
    """How well the learner recalled a card (FSRS's ratings, keys 1–4 on the Review page)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @classmethod
    def parse(cls, name: str) -> Grade:
        """'again' / 'hard' / 'good' / 'easy' (any case) or '1'–'4' to a grade."""
        text = name.strip().upper()
        if text.isdigit() and 1 <= int(text) <= 4:
            return cls(int(text))
        try:
            return cls[text]
        except KeyError:
            names = "|".join(g.name.lower() for g in cls)
            raise ValueError(f"unknown grade {name!r}; expected one of: {names}") from None


class CardState(Enum):
    """Where a card is in its life: never reviewed, in its first steps, spaced out, or back in
    short steps after being forgotten."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


class ReviewCard(NamedTuple):
    """One card of the review queue: the saved word inside its own sentence. A NamedTuple (a
    frozen value like the others): the queue builds 10,000 at a time, and one is built several
    times faster than a frozen dataclass."""

    word: str
    pinyin: str
    meaning: str
    sentence: str
    """The sentence the word was saved with ('' if it was saved without one)."""
    post_id: int | None
    due: datetime
    """When the card is due, timezone-aware UTC."""
    state: CardState
    span: tuple[int, int] | None = None
    """Where the word sits in ``sentence`` (start, end) for the cloze; None if it is not in it."""
    translation: str | None = None
    """The sentence's English, as stored when the word was saved."""
    sentence_pinyin: str | None = None
    """The sentence's pinyin, as stored when the word was saved."""
    reps: int = 0
    """How many times the card has been graded."""

    @property
    def cloze(self) -> str:
        """The sentence with the word blanked (the sentence itself if the word is not in it)."""
        if self.span is None:
            return self.sentence
        start, end = self.span
        return self.sentence[:start] + "＿" * (end - start) + self.sentence[end:]

    def to_json(self) -> dict[str, object]:
        """The card as ``companion review due --json`` prints it."""
        return {
            "word": self.word,
            "pinyin": self.pinyin,
            "meaning": self.meaning,
            "sentence": self.sentence,
            "due": self.due.isoformat(timespec="seconds"),
            "state": self.state.value,
        }


@dataclass(frozen=True)
class GradeResult:
    """What grading a card did: the card as it is now, when it is next due, and what changed."""

    card: ReviewCard
    next_due: datetime
    changes: OpChanges


@dataclass(frozen=True)
class DayCount:
    """One point of a per-day series: a day (local) and a count."""

    day: date
    value: int


@dataclass(frozen=True)
class ReviewStats:
    """The learner's progress: headline figures and three per-day chart series."""

    due: int
    """Cards due now (new cards within today's limit included)."""
    reviewed_today: int
    retention: float | None
    """Share of reviews of the last 30 days not graded Again (None: no reviews yet)."""
    streak: int
    """Consecutive days with reviews, ending today or yesterday."""
    known: int
    """Words with status known."""
    per_day: tuple[DayCount, ...]
    """Reviews per day, the last 30 days, oldest first, days without reviews as 0."""
    forecast: tuple[DayCount, ...]
    """Cards falling due per day for the next 30 days, today first (overdue counted today)."""
    known_over_time: tuple[DayCount, ...]
    """Words known by the end of each of the last 90 days, oldest first."""

    def to_json(self) -> dict[str, object]:
        """The headline figures as ``companion review stats --json`` prints them."""
        return {
            "due": self.due,
            "reviewed_today": self.reviewed_today,
            "retention": self.retention,
            "streak": self.streak,
            "known": self.known,
        }
