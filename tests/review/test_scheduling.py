"""FSRS through companion.review.scheduling: grades move cards through their states and the
word's status follows the card's stability."""

from __future__ import annotations

import datetime as dt

import pytest

from companion.review.model import CardState, Grade
from companion.review.scheduling import (
    KNOWN_STABILITY_DAYS,
    STATES,
    next_dues,
    retrievability,
    review,
    status_after,
    to_fsrs,
)
from companion.store.models import WordStatus
from companion.store.review import NEVER_GRADED, StoredCard, card_from_json, stamp
from tests.review.helpers import T0, at

NEW_CARD = StoredCard(1, "火锅", NEVER_GRADED, None, None, None, stamp(T0), None, 0, 0)


@pytest.mark.parametrize(
    ("grade", "state", "soonest", "latest"),
    [
        (Grade.AGAIN, CardState.LEARNING, dt.timedelta(minutes=1), dt.timedelta(minutes=1)),
        (Grade.HARD, CardState.LEARNING, dt.timedelta(minutes=5), dt.timedelta(minutes=6)),
        (Grade.GOOD, CardState.LEARNING, dt.timedelta(minutes=10), dt.timedelta(minutes=10)),
        (Grade.EASY, CardState.REVIEW, dt.timedelta(days=6), dt.timedelta(days=11)),  # fuzzed
    ],
)
def test_a_new_card_after_each_grade(
    grade: Grade, state: CardState, soonest: dt.timedelta, latest: dt.timedelta
) -> None:
    after, entry = review(NEW_CARD, grade, T0, WordStatus.NEW)
    assert STATES[after.state] is state
    due = dt.datetime.fromisoformat(after.due)
    assert T0 + soonest <= due <= T0 + latest
    assert (after.reps, after.lapses, after.last_review) == (1, 0, stamp(T0))
    assert (entry.grade, entry.state_before, entry.state_after) == (grade, 0, after.state)
    assert entry.elapsed_days is None  # a first review
    assert card_from_json(1, "火锅", entry.card_before) == (NEW_CARD, WordStatus.NEW)


def graded(*steps: tuple[Grade, dt.datetime]) -> StoredCard:
    card = NEW_CARD
    for grade, when in steps:
        card, _entry = review(card, grade, when, WordStatus.LEARNING)
    return card


def test_forgetting_a_card_in_review_is_a_lapse_and_relearns_it() -> None:
    card = graded((Grade.EASY, at(0)))
    assert STATES[card.state] is CardState.REVIEW
    lapsed, entry = review(card, Grade.AGAIN, at(9), WordStatus.LEARNING)
    assert STATES[lapsed.state] is CardState.RELEARNING
    assert lapsed.lapses == 1
    assert lapsed.stability < card.stability
    assert entry.elapsed_days == pytest.approx(9)
    assert dt.datetime.fromisoformat(lapsed.due) == at(9, minutes=10)


def test_good_grades_space_a_card_out_until_it_is_known() -> None:
    """Each Good on time pushes the card further out; the status turns known once stability
    reaches the threshold, and not before."""
    card = graded((Grade.GOOD, at(0)), (Grade.GOOD, at(0, minutes=10)))
    intervals = []
    statuses = []
    while len(intervals) < 8:
        when = dt.datetime.fromisoformat(card.due)
        card, _entry = review(card, Grade.GOOD, when, WordStatus.LEARNING)
        intervals.append(dt.datetime.fromisoformat(card.due) - when)
        statuses.append(status_after(card))
        if card.stability >= KNOWN_STABILITY_DAYS:
            break
    assert intervals == sorted(intervals)
    assert statuses[-1] is WordStatus.KNOWN
    assert set(statuses[:-1]) <= {WordStatus.LEARNING}


@pytest.mark.parametrize(
    ("state", "stability", "status"),
    [
        (1, 30.0, WordStatus.LEARNING),  # still in its learning steps
        (2, KNOWN_STABILITY_DAYS - 0.01, WordStatus.LEARNING),
        (2, KNOWN_STABILITY_DAYS, WordStatus.KNOWN),
        (2, 400.0, WordStatus.KNOWN),
        (3, 30.0, WordStatus.LEARNING),  # forgotten: relearning
    ],
)
def test_the_status_a_card_gives_its_word(state: int, stability: float, status: WordStatus) -> None:
    card = NEW_CARD._replace(state=state, stability=stability, difficulty=5.0)
    assert status_after(card) is status


def test_a_stored_card_round_trips_through_fsrs() -> None:
    card = graded((Grade.GOOD, at(0)), (Grade.GOOD, at(0, minutes=10)))
    fsrs_card = to_fsrs(card)
    assert (fsrs_card.stability, fsrs_card.difficulty, fsrs_card.step) == (
        card.stability,
        card.difficulty,
        card.step,
    )
    assert stamp(fsrs_card.due) == card.due
    assert retrievability(NEW_CARD, at(1)) == 0.0
    assert 0.0 < retrievability(card, at(30)) < retrievability(card, at(1)) <= 1.0


@pytest.mark.parametrize(
    "card",
    [NEW_CARD, graded((Grade.EASY, at(0))), graded((Grade.EASY, at(0)), (Grade.AGAIN, at(9)))],
    ids=["new", "in review", "relearning"],
)
def test_the_buttons_preview_what_each_grade_schedules(card: StoredCard) -> None:
    """next_dues gives, for each grade, the due date grading gives: exactly for the learning
    steps, within FSRS's fuzz for intervals of days (6-11 days around 8, for one); later for
    each better grade."""
    when = at(20)
    dues = next_dues(card, when)
    assert list(dues) == list(Grade)
    assert dues[Grade.AGAIN] <= dues[Grade.HARD] <= dues[Grade.GOOD] <= dues[Grade.EASY]
    for grade, due in dues.items():
        after, _entry = review(card, grade, when, WordStatus.LEARNING)
        interval = (due - when).total_seconds()
        graded_interval = (dt.datetime.fromisoformat(after.due) - when).total_seconds()
        if interval < 86_400:  # a learning step: never fuzzed
            assert graded_interval == interval
        else:
            assert graded_interval == pytest.approx(interval, rel=0.5)
