"""The Library's review operations: the queue of cards due, grading a card (FSRS), undoing a
grade, the due count and the progress figures.

A mixin of ``Library`` (library.py). Every saved word is a card (a trigger of migration 0005
makes it when the word is saved); a grade sets the word's status from its card: learning, then
known once the card's stability reaches ``KNOWN_STABILITY_DAYS``. A status the learner sets by
hand stands until the next grade and never touches the card or its log; a word marked known
(before its card says so) or ignored leaves the queue, and setting it back brings its card back
where it was.

Times: ``now`` is timezone-aware and its time zone is the learner's day (midnight to midnight);
None means the current time in the local time zone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from companion.changes import OpChanges, OpResult
from companion.errors import InvalidInput
from companion.review import queue, stats
from companion.review.model import Grade, GradeResult, ReviewCard, ReviewStats
from companion.review.scheduling import next_dues, review, status_after
from companion.settings import load_settings
from companion.store import difficulty
from companion.store.database import write_transaction
from companion.store.models import WordStatus
from companion.store.review import ReviewStore, card_from_json, stamp

if TYPE_CHECKING:
    from companion.paths import DataDir
    from companion.store.connection import Database
    from companion.store.vocabulary import VocabularyStore


def _now(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(dt.UTC).astimezone()
    if now.tzinfo is None:
        raise ValueError("review times must be timezone-aware")
    return now


class ReviewOps:
    """Spaced repetition of the saved words (mixed into Library)."""

    if TYPE_CHECKING:
        db: Database
        data: DataDir
        vocabulary: VocabularyStore

    @property
    def reviews(self) -> ReviewStore:
        """The review cards and log (SQL in store/review.py)."""
        return ReviewStore(self.db)

    def new_cards_per_day(self) -> int:
        """The daily new-card limit, as set on the Settings page (read each time: a change
        applies at once)."""
        return load_settings(self.data.root).new_cards_per_day

    def review_queue(
        self, limit: int | None = None, now: dt.datetime | None = None
    ) -> list[ReviewCard]:
        """The cards to review now, in order: due cards, most overdue first, then today's new
        cards (oldest saved first) within the daily limit."""
        return queue.build(self.reviews, _now(now), self.new_cards_per_day(), limit)

    def due_count(self, now: dt.datetime | None = None) -> int:
        """How many cards are due now, today's new cards included (the sidebar's count)."""
        return queue.count(self.reviews, _now(now), self.new_cards_per_day())

    def review_stats(self, now: dt.datetime | None = None) -> ReviewStats:
        """The progress figures and chart series at ``now``."""
        return stats.compute(self.reviews, _now(now), self.new_cards_per_day())

    def review_card(self, word: str) -> ReviewCard:
        """One saved word's card as it is now (InvalidInput if the word is not saved)."""
        found = self.reviews.queue_row(word.strip(), queue.card)
        if found is None:
            raise _not_saved(word)
        return found

    def next_dues(self, word: str, now: dt.datetime | None = None) -> dict[Grade, dt.datetime]:
        """When the word's card would be due again after each grade given ``now`` (what its
        grade buttons say)."""
        card = self.reviews.card(word.strip())
        if card is None:
            raise _not_saved(word)
        return next_dues(card, _now(now))

    def grade(
        self,
        word: str,
        grade: Grade,
        now: dt.datetime | None = None,
        duration_ms: int | None = None,
    ) -> GradeResult:
        """Grade a saved word's card at ``now``: FSRS schedules it, the grade is logged and
        the word's status follows its card."""
        when = _now(now)
        word = word.strip()
        store = self.reviews
        with write_transaction(self.db):
            card = store.card(word)
            if card is None:
                raise _not_saved(word)
            status = self.vocabulary.status(word)
            after, entry = review(card, Grade(grade), when, status, duration_ms)
            store.save(after, entry)
            changes = OpChanges(review=True) | self._follow_card(
                word, status_after(after), stamp(when)
            )
            shown = store.queue_row(word, queue.card)
        assert shown is not None
        return GradeResult(shown, shown.due, changes)

    def undo_grade(self) -> OpResult[str | None]:
        """Undo the newest grade: its card goes back to how it was and the grade leaves the
        log, and the word's status is what it was; the value is the word (None: nothing to
        undo)."""
        store = self.reviews
        with write_transaction(self.db):
            last = store.last_entry()
            if last is None:
                return OpResult(None, OpChanges())
            log_id, entry = last
            card = store.card(entry.word)
            store.forget_entry(log_id)
            if card is None:  # the word was deleted since: the log entry alone goes
                return OpResult(entry.word, OpChanges(review=True))
            before, status = card_from_json(card.vocabulary_id, card.word, entry.card_before)
            store.save(before)
            changes = OpChanges(review=True) | self._follow_card(entry.word, status)
        return OpResult(entry.word, changes)

    def _follow_card(self, word: str, status: WordStatus, at: str | None = None) -> OpChanges:
        """Set a word's status to what its card says (inside the caller's transaction), as
        of ``at`` (the grade's moment: the known-words curve counts it on that day)."""
        old = self.vocabulary.status(word)
        if old is status or not self.vocabulary.set_status([word], status, at=at):
            return OpChanges()
        known = WordStatus.KNOWN
        if (old is known) != (status is known):
            difficulty.refresh(self.db, difficulty.posts_with_words(self.db, [word]))
            return OpChanges(statuses=True, difficulty=True)
        return OpChanges(statuses=True)


def _not_saved(word: str) -> InvalidInput:
    return InvalidInput(f"{word.strip() or 'the word'} is not in your vocabulary: save it first")
