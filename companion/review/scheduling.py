"""Scheduling with FSRS (the ``fsrs`` package, the scheduler Anki itself uses): a stored card
graded into its next state and the log entry of the grade, and the word status a card implies.

A card never graded is stored as state 0; FSRS 6 has no "new" state (a fresh ``fsrs.Card`` is
Learning at step 0 without stability), so it is handed to FSRS as such.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from fsrs import Card, Rating, Scheduler, State

from companion.review.model import CardState, Grade
from companion.store.models import WordStatus
from companion.store.review import NEVER_GRADED, LogEntry, StoredCard, card_json, stamp

KNOWN_STABILITY_DAYS = 21.0
"""A word becomes known once its card's stability reaches this many days: recalled with 90 %
odds three weeks after its last review (Anki calls a card with an interval this long
"mature"). Below it, a graded word is learning."""

DESIRED_RETENTION = 0.9
"""FSRS's target: cards come due when the odds of recalling them fall to 90 % (its default)."""

LEARN_AHEAD = dt.timedelta(minutes=20)
"""When nothing else is due, cards in their short (re)learning steps due within this long are
shown early, as Anki does, so a session does not stop for a one-minute step."""

STATES = {
    NEVER_GRADED: CardState.NEW,
    int(State.Learning): CardState.LEARNING,
    int(State.Review): CardState.REVIEW,
    int(State.Relearning): CardState.RELEARNING,
}


@cache
def scheduler() -> Scheduler:
    """The FSRS scheduler with its default parameters (fuzzed intervals, as in Anki, so cards
    saved together do not stay due together)."""
    return Scheduler(desired_retention=DESIRED_RETENTION)


@cache
def _previewer() -> Scheduler:
    """The scheduler without fuzz: the grade buttons show the interval each grade gives
    before fuzz moves it by a few percent."""
    return Scheduler(desired_retention=DESIRED_RETENTION, enable_fuzzing=False)


def next_dues(card: StoredCard, when: dt.datetime) -> dict[Grade, dt.datetime]:
    """When the card would be due again after each grade given at ``when`` (UTC)."""
    moment = when.astimezone(dt.UTC)
    return {
        grade: _previewer().review_card(to_fsrs(card), Rating(int(grade)), moment)[0].due
        for grade in Grade
    }


def _time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def to_fsrs(card: StoredCard) -> Card:
    """A stored card as FSRS's Card."""
    if card.state == NEVER_GRADED:
        return Card(card.vocabulary_id, State.Learning, 0, due=_time(card.due))
    return Card(
        card.vocabulary_id,
        State(card.state),
        card.step,
        card.stability,
        card.difficulty,
        _time(card.due),
        _time(card.last_review),
    )


def review(
    card: StoredCard,
    grade: Grade,
    when: dt.datetime,
    status: WordStatus,
    duration_ms: int | None = None,
) -> tuple[StoredCard, LogEntry]:
    """Grade a card at ``when`` (timezone-aware) whose word has ``status``: its next state and
    the log entry (which keeps the card and status before, for undo)."""
    moment = when.astimezone(dt.UTC)
    graded, _log = scheduler().review_card(to_fsrs(card), Rating(int(grade)), moment)
    lapsed = card.state == int(State.Review) and grade is Grade.AGAIN
    after = StoredCard(
        card.vocabulary_id,
        card.word,
        int(graded.state),
        graded.step,
        graded.stability,
        graded.difficulty,
        stamp(graded.due),
        stamp(moment),
        card.reps + 1,
        card.lapses + int(lapsed),
    )
    last = _time(card.last_review)
    # A clock set back never logs a negative interval.
    elapsed = max(0.0, (moment - last).total_seconds() / 86400) if last is not None else None
    entry = LogEntry(
        card.word,
        int(grade),
        stamp(moment),
        elapsed,
        duration_ms,
        card.state,
        after.state,
        after.stability,
        after.due,
        card_json(card, status),
    )
    return after, entry


def status_after(card: StoredCard) -> WordStatus:
    """The status a graded card gives its word: known once stable enough, else learning."""
    if card.state == int(State.Review) and (card.stability or 0) >= KNOWN_STABILITY_DAYS:
        return WordStatus.KNOWN
    return WordStatus.LEARNING


def retrievability(card: StoredCard, when: dt.datetime) -> float:
    """FSRS's odds of recalling the card at ``when`` (0 for a card never graded)."""
    if card.state == NEVER_GRADED:
        return 0.0
    return float(scheduler().get_card_retrievability(to_fsrs(card), when.astimezone(dt.UTC)))
