"""The progress figures: reviews per day, retention, streak, known words, the due forecast,
each counted in the learner's days (the time zone of the ``now`` given)."""

from __future__ import annotations

import datetime as dt

import pytest

from companion.library import Library
from companion.review.model import Grade
from companion.review.stats import FORECAST_DAYS, HISTORY_DAYS, KNOWN_DAYS, streak
from companion.store.models import WordStatus
from tests.review.helpers import at, save

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
TODAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [
        ([], 0),
        ([0], 1),
        ([1], 1),  # nothing yet today: yesterday's streak still stands
        ([2], 0),
        ([0, 1, 2, 4], 3),
        ([1, 2, 3], 3),
        ([0, 2, 3], 1),
        ([-1, 0, 1], 2),  # a review after the moment asked about is not counted
    ],
)
def test_streak(days_ago: list[int], expected: int) -> None:
    days = [(TODAY - dt.timedelta(days=n)).isoformat() for n in sorted(days_ago)]
    assert streak(days, TODAY) == expected


def test_no_reviews_yet(library: Library) -> None:
    save(library, "一", "二")
    stats = library.review_stats(now=at(0))
    assert stats.to_json() == {
        "due": 2,
        "reviewed_today": 0,
        "retention": None,
        "streak": 0,
        "known": 0,
    }
    assert len(stats.per_day) == HISTORY_DAYS and {p.value for p in stats.per_day} == {0}
    assert len(stats.forecast) == FORECAST_DAYS and stats.forecast[0].day == TODAY
    assert len(stats.known_over_time) == KNOWN_DAYS
    assert stats.known_over_time[-1].day == TODAY


def test_reviews_per_day_and_streak(library: Library) -> None:
    save(library, "一", "二", "三")
    grades = {  # days before today: grades given that day
        3: [Grade.GOOD, Grade.AGAIN],
        2: [Grade.GOOD],
        1: [Grade.HARD, Grade.AGAIN, Grade.EASY],
        0: [Grade.GOOD, Grade.GOOD],
    }
    for days_ago, given in grades.items():
        for n, grade in enumerate(given):
            library.grade("一二三"[n], grade, now=at(-days_ago, hours=n))
    stats = library.review_stats(now=at(0, hours=5))
    assert stats.reviewed_today == 2
    assert stats.streak == 4
    assert [p.value for p in stats.per_day[-4:]] == [2, 1, 3, 2]
    assert stats.per_day[-1].day == TODAY
    assert sum(p.value for p in stats.per_day) == 8


def test_retention_counts_cards_in_review_over_the_last_30_days(library: Library) -> None:
    """Anki's true retention: a learning step's Again is learning, not forgetting."""
    save(library, "一", "二", "三", "四", "五", "六")
    library.grade("六", Grade.EASY, now=at(-50))
    library.grade("六", Grade.AGAIN, now=at(-40))  # forgotten, but before the 30 days
    for word in "一二三四":
        library.grade(word, Grade.EASY, now=at(-20))  # straight to review
    for word, grade in zip(
        "一二三四", (Grade.GOOD, Grade.AGAIN, Grade.HARD, Grade.EASY), strict=True
    ):
        library.grade(word, grade, now=at(-10))  # four grades of cards in review
    library.grade("二", Grade.AGAIN, now=at(-10, minutes=10))  # relearning: not counted
    library.grade("五", Grade.AGAIN, now=at(0))  # a new card's first step: not counted
    assert library.review_stats(now=at(0, hours=1)).retention == pytest.approx(3 / 4)


def test_days_are_the_learners_own(library: Library) -> None:
    """9:00 UTC on 2 March is 17:00 in Shanghai; 17:00 UTC is already 3 March there."""
    save(library, "一")
    library.grade("一", Grade.AGAIN, now=at(0))
    library.grade("一", Grade.GOOD, now=at(0, hours=8))
    in_utc = library.review_stats(now=at(0, hours=10))
    in_shanghai = library.review_stats(now=at(0, hours=10).astimezone(SHANGHAI))
    assert in_utc.reviewed_today == 2 and in_utc.per_day[-1].day == TODAY
    assert in_shanghai.reviewed_today == 1
    assert in_shanghai.per_day[-1].day == TODAY + dt.timedelta(days=1)
    assert [p.value for p in in_shanghai.per_day[-2:]] == [1, 1]


def test_the_forecast_counts_cards_falling_due_each_day(library: Library) -> None:
    save(library, "一", "二", "三", "四")
    due = [library.grade(w, Grade.EASY, now=at(0)).next_due for w in "一二三"]
    library.grade("四", Grade.GOOD, now=at(0))  # due in 10 minutes: today
    stats = library.review_stats(now=at(0, minutes=1))
    expected = {TODAY: 1}
    for moment in due:
        expected[moment.date()] = expected.get(moment.date(), 0) + 1
    assert {p.day: p.value for p in stats.forecast if p.value} == expected
    later = library.review_stats(now=at(20))  # all overdue by then: counted today
    assert later.forecast[0].value == 4 and sum(p.value for p in later.forecast) == 4


def test_known_words_over_time(library: Library) -> None:
    save(library, "一", "二")
    library.set_status(["一", "二", "三"], WordStatus.KNOWN)
    stats = library.review_stats(now=dt.datetime.now(dt.UTC))
    assert stats.known == 3
    assert stats.known_over_time[-1].value == 3
    assert stats.known_over_time[0].value == 0
    values = [p.value for p in stats.known_over_time]
    assert values == sorted(values)
    assert stats.known_over_time[-1].day == dt.datetime.now(dt.UTC).date()


def test_a_word_known_by_its_card_counts_from_the_day_of_that_grade(library: Library) -> None:
    save(library, "图书馆")
    when = at(0)
    for _ in range(10):
        due = library.grade("图书馆", Grade.EASY, now=when).next_due
        if library.vocabulary.status("图书馆") is WordStatus.KNOWN:
            break
        when = due
    assert library.vocabulary.status("图书馆") is WordStatus.KNOWN
    known_day = when.date()
    stats = library.review_stats(now=when + dt.timedelta(days=30))
    curve = {p.day: p.value for p in stats.known_over_time}
    assert curve[known_day] == 1
    assert curve[known_day - dt.timedelta(days=1)] == 0
