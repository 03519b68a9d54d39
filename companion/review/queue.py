"""The review queue: which cards come up now and in what order.

Cards already graded that are due come first, most overdue first; then new cards, the words
saved first first, up to what is left of the day's new-card limit. When neither is there, cards
in a short (re)learning step due within ``LEARN_AHEAD`` are shown early.
"""

from __future__ import annotations

import datetime as dt

from companion.review.model import ReviewCard
from companion.review.scheduling import KNOWN_STABILITY_DAYS, LEARN_AHEAD, STATES
from companion.store.review import ReviewStore, Row, stamp

ALL = 1_000_000
"""The queue's length when no limit is asked for (more than any vocabulary)."""


def day_start(now: dt.datetime) -> dt.datetime:
    """Midnight of ``now``'s day, in ``now``'s time zone (the learner's day)."""
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def new_left(store: ReviewStore, now: dt.datetime, per_day: int) -> int:
    """How many new cards may still be shown today: the limit less those seen since midnight."""
    return max(0, per_day - store.introduced_since(stamp(day_start(now))))


def build(
    store: ReviewStore, now: dt.datetime, per_day: int, limit: int | None = None
) -> list[ReviewCard]:
    """The cards to review at ``now`` (timezone-aware), at most ``limit``."""
    wanted = ALL if limit is None else max(0, limit)
    if wanted == 0:
        return []
    cards = store.due_rows(stamp(now), KNOWN_STABILITY_DAYS, wanted, card)
    if len(cards) < wanted:
        cards += store.new_rows(min(wanted - len(cards), new_left(store, now, per_day)), card)
    if not cards:
        cards = store.due_rows(stamp(now + LEARN_AHEAD), KNOWN_STABILITY_DAYS, wanted, card)
    return cards


def count(store: ReviewStore, now: dt.datetime, per_day: int) -> int:
    """How many cards are due at ``now``, today's new cards included."""
    due = store.due_count(stamp(now), KNOWN_STABILITY_DAYS)
    return due + store.new_count(new_left(store, now, per_day))


_new_card = tuple.__new__  # every field given: NamedTuple's own __new__ only adds a call
_parse_time = dt.datetime.fromisoformat


def card(row: Row, context: Row) -> ReviewCard:
    """A queued card (the store's row and its word's first context) as the Review page shows
    it (``ReviewStore.Make``)."""
    _id, word, pinyin, meaning, due, state, reps = row
    sentence, translation, sentence_pinyin, post_id = context
    sentence = sentence or ""
    at = sentence.find(word) if word else -1
    span = (at, at + len(word)) if at >= 0 else None
    return _new_card(
        ReviewCard,
        (word, pinyin, meaning, sentence, post_id, _parse_time(due), STATES[state], span,
         translation, sentence_pinyin, reps),
    )  # fmt: skip
