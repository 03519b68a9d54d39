"""The learner's progress figures from the review log and cards (grouped per day in SQL, the
series completed here): days are the learner's, in the time zone of the ``now`` given."""

from __future__ import annotations

import datetime as dt

from companion.review.model import DayCount, ReviewStats
from companion.review.queue import count, day_start
from companion.review.scheduling import KNOWN_STABILITY_DAYS
from companion.store.review import ReviewStore, stamp

HISTORY_DAYS = 30
"""Days of reviews per day and of retention."""
FORECAST_DAYS = 30
"""Days of the due forecast, today first."""
KNOWN_DAYS = 90
"""Days of the known-words curve."""


def offset_minutes(now: dt.datetime) -> int:
    """``now``'s offset from UTC in minutes (how the store finds the learner's day)."""
    offset = now.utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def compute(store: ReviewStore, now: dt.datetime, per_day: int) -> ReviewStats:
    """Every figure at ``now`` (timezone-aware)."""
    offset = offset_minutes(now)
    today = now.date()
    midnight = day_start(now)
    since = midnight - dt.timedelta(days=HISTORY_DAYS - 1)
    rows = store.reviews_per_day(stamp(since), offset)
    reviews = {day: n for day, n, _again in rows}
    total = sum(reviews.values())
    again = sum(a for _day, _n, a in rows)
    return ReviewStats(
        due=count(store, now, per_day),
        reviewed_today=reviews.get(today.isoformat(), 0),
        retention=(total - again) / total if total else None,
        streak=streak(store.review_days(offset), today),
        known=store.known_count(),
        per_day=series(reviews, since.date(), HISTORY_DAYS),
        forecast=forecast(store, now, offset),
        known_over_time=known_over_time(store.known_per_day(offset), today),
    )


def series(counts: dict[str, int], first: dt.date, days: int) -> tuple[DayCount, ...]:
    """One point per day from ``first``, days without a count as 0."""
    return tuple(
        DayCount(day, counts.get(day.isoformat(), 0))
        for day in (first + dt.timedelta(days=n) for n in range(days))
    )


def streak(days_newest_first: list[str], today: dt.date) -> int:
    """Consecutive days with reviews ending today, or yesterday if none yet today."""
    run = 0
    expected = today
    for text in days_newest_first:
        day = dt.date.fromisoformat(text)
        if day > today:
            continue  # graded after the ``now`` asked about
        if run == 0 and day == today - dt.timedelta(days=1):
            expected = day  # nothing yet today: the streak still stands until midnight
        if day != expected:
            break
        run += 1
        expected = day - dt.timedelta(days=1)
    return run


def forecast(store: ReviewStore, now: dt.datetime, offset: int) -> tuple[DayCount, ...]:
    """Graded cards falling due on each of the next FORECAST_DAYS days (overdue ones today)."""
    today = now.date()
    end = day_start(now) + dt.timedelta(days=FORECAST_DAYS)
    due: dict[str, int] = {}
    for day, n in store.due_per_day(stamp(end), offset, KNOWN_STABILITY_DAYS):
        key = max(day, today.isoformat())
        due[key] = due.get(key, 0) + n
    return series(due, today, FORECAST_DAYS)


def known_over_time(per_day: list[tuple[str, int]], today: dt.date) -> tuple[DayCount, ...]:
    """Words known by the end of each of the last KNOWN_DAYS days: the words known now, each
    counted from the day it became known (a word known once and since set back is not)."""
    first = today - dt.timedelta(days=KNOWN_DAYS - 1)
    before = sum(n for day, n in per_day if day < first.isoformat())
    added = {day: n for day, n in per_day if day >= first.isoformat()}
    points = []
    running = before
    for point in series(added, first, KNOWN_DAYS):
        running += point.value
        points.append(DayCount(point.day, running))
    return tuple(points)
