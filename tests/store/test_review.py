"""Review cards and the review log in SQLite (migration 0005): a library with saved words from
before gets a new card for each, every word saved later gets one, and the log outlives the
word it names."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from companion.library import Library
from companion.paths import DataDir
from companion.review.model import CardState, Grade
from companion.review.scheduling import review
from companion.store import schema
from companion.store.connection import MIGRATIONS
from companion.store.database import close_database, open_database, write_transaction
from companion.store.models import WordStatus
from companion.store.review import NEVER_GRADED, ReviewStore, stamp
from companion.store.vocabulary import VocabularyStore
from tests.review.helpers import T0

OLD_WORDS = [
    # word, added at, status, deleted
    ("火锅", "2025-01-02T03:04:05.000000+00:00", None, None),
    ("种草", "2025-02-01T00:00:00.000000+00:00", int(WordStatus.LEARNING), None),
    ("绝绝子", "2025-03-01T00:00:00.000000+00:00", int(WordStatus.KNOWN), None),
    ("拔草", "2025-04-01T00:00:00.000000+00:00", None, "2025-05-01T00:00:00.000000+00:00"),
]


def library_at_0004(path: Path) -> None:
    """A library as the release before review wrote it, with saved words and contexts."""
    db = Database(path)
    schema.migrations.apply(db, stop_before="0005_review_cards")
    for n, (word, added, status, deleted) in enumerate(OLD_WORDS, start=1):
        db.execute(
            "INSERT INTO vocabulary (id, word, pinyin, definition, added_at, updated_at,"
            " deleted_at) VALUES (?, ?, 'p', 'd', ?, ?, ?)",
            (n, word, added, added, deleted),
        )
        db.execute(
            "INSERT INTO contexts (vocabulary_id, sentence, added_at) VALUES (?, ?, ?)",
            (n, f"我喜欢{word}。", added),
        )
        if status is not None:
            db.execute("INSERT INTO word_status VALUES (?, ?, ?)", (word, status, added))
    db.conn.commit()
    db.conn.close()


def test_words_saved_before_review_become_new_cards(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    library_at_0004(path)
    db = open_database(path, tmp_path / "backups")
    try:
        rows = db.execute(
            "SELECT v.word, r.state, r.due, r.reps, r.stability FROM review_cards r"
            " JOIN vocabulary v ON v.id = r.vocabulary_id ORDER BY v.id"
        ).fetchall()
        assert rows == [(w, NEVER_GRADED, added, 0, None) for w, added, _s, _d in OLD_WORDS]
        store = ReviewStore(db)
        # Known by hand before review existed: not taught; deleted: not shown; the rest new.
        assert [r.word for r in store.new_rows(10)] == ["火锅", "种草"]
        assert store.new_rows(10)[0].sentence == "我喜欢火锅。"
        assert store.card("拔草") is None
        applied = {m[0] for m in db.execute("SELECT name FROM _sqlite_migrations")}
        assert applied == set(MIGRATIONS)
    finally:
        close_database(db)


def test_after_the_upgrade_the_words_saved_before_are_reviewed(data_dir: DataDir) -> None:
    library_at_0004(data_dir.database)
    with Library(data_dir, seed_samples=False) as library:
        assert [c.word for c in library.review_queue(now=T0)] == ["火锅", "种草"]
        assert library.grade("火锅", Grade.GOOD, now=T0).card.state is CardState.LEARNING
        assert library.vocabulary.status("火锅") is WordStatus.LEARNING
        assert library.vocabulary.status("绝绝子") is WordStatus.KNOWN  # as it was
        assert library.review_stats(now=T0).known == 1


def test_every_word_saved_later_gets_a_card_and_the_log_outlives_it(tmp_path: Path) -> None:
    db = open_database(tmp_path / "companion.db", tmp_path / "backups")
    try:
        vocabulary, store = VocabularyStore(db), ReviewStore(db)
        with write_transaction(db):
            vocabulary.add("火锅", sentence="吃火锅")
            vocabulary.add("火锅", sentence="又吃火锅")  # saved again: still one card
        card = store.card("火锅")
        assert card is not None and card.state == NEVER_GRADED
        assert card.due <= stamp(dt.datetime.now(dt.UTC))  # due from the moment it is saved
        assert db.execute("SELECT count(*) FROM review_cards").fetchone()[0] == 1
        after, entry = review(card, Grade.GOOD, T0, WordStatus.NEW)
        with write_transaction(db):
            store.save(after, entry)
        assert store.card("火锅") == after
        with write_transaction(db):  # a row gone for good (nothing does this today)
            db.execute("DELETE FROM vocabulary WHERE word = '火锅'")
        assert db.execute("SELECT count(*) FROM review_cards").fetchone()[0] == 0
        assert store.reviewed_since(stamp(T0)) == 1
    finally:
        close_database(db)


@pytest.mark.parametrize(
    ("sql", "value"),
    [
        ("UPDATE review_cards SET state = ?", 4),
        ("UPDATE review_cards SET state = ?", -1),
        (
            "INSERT INTO review_log (word, grade, reviewed_at, state_before, state_after,"
            " due_after, card_before) VALUES ('火锅', ?, 'x', 0, 1, 'x', '{}')",
            5,
        ),
    ],
)
def test_the_tables_refuse_states_and_grades_fsrs_does_not_have(
    tmp_path: Path, sql: str, value: int
) -> None:
    db = open_database(tmp_path / "companion.db", tmp_path / "backups")
    try:
        with write_transaction(db):
            VocabularyStore(db).add("火锅")
        with pytest.raises(sqlite3.IntegrityError), write_transaction(db):
            db.execute(sql, (value,))
    finally:
        close_database(db)


def test_times_are_stored_so_they_compare_as_text() -> None:
    assert stamp(T0) == "2026-03-02T09:00:00.000000+00:00"
    with pytest.raises(ValueError, match="timezone-aware"):
        stamp(T0.replace(tzinfo=None))
