"""Review benchmarks on a library with 10,000 cards and a simulated year of reviews
(tools/make_reviews.py), each against a bare baseline in the same run:

- the next card after a grade (grade + the head of the queue) vs a bare FSRS
  ``Scheduler.review_card`` and one UPDATE, committed;
- the queue of 10,000 due cards vs a bare SELECT of the due rows;
- the figures for a year of reviews vs a bare COUNT … GROUP BY day of the log.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.report import Row

CARDS = 10_000
GRADES = 30


def _ms(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def _best(run: Callable[[], object], repeat: int = 5) -> float:
    return min(_ms(run) for _ in range(repeat))


def run(root: Path) -> list[Row]:
    from fsrs import Rating

    from companion.review.model import Grade
    from companion.review.scheduling import scheduler, to_fsrs
    from companion.store.review import stamp
    from tools.make_reviews import make_review_library

    library, evening = make_review_library(root / "home", CARDS)
    now = evening + dt.timedelta(hours=10)  # the next morning: the day's reviews are due
    conn = library.db.conn
    try:
        due = library.review_queue(now=now)
        assert len(due) >= 2 * GRADES, len(due)

        def grade_and_next() -> None:
            head = library.review_queue(1, now)[0]
            library.grade(head.word, Grade.GOOD, now)
            library.review_queue(1, now)

        logged = conn.execute("SELECT count(*) FROM review_log").fetchone()[0]
        ours_grade = statistics.median(_ms(grade_and_next) for _ in range(GRADES))
        assert conn.execute("SELECT count(*) FROM review_log").fetchone()[0] == logged + GRADES
        spare = [library.reviews.card(c.word) for c in due[-GRADES:]]

        def bare_grade(card: object) -> None:
            graded, _log = scheduler().review_card(to_fsrs(card), Rating.Good, now)  # type: ignore[arg-type]
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "UPDATE review_cards SET state = ?, step = ?, stability = ?, difficulty = ?,"
                " due = ?, last_review = ? WHERE vocabulary_id = ?",
                (int(graded.state), graded.step, graded.stability, graded.difficulty,
                 stamp(graded.due), stamp(now), card.vocabulary_id),  # type: ignore[attr-defined]
            )  # fmt: skip
            conn.execute("COMMIT")

        bare_grade_ms = statistics.median(_ms(lambda c=c: bare_grade(c)) for c in spare)

        morning = len(library.review_queue(now=now))
        ours_morning = _best(lambda: library.review_queue(now=now))
        bare_morning = _best(
            lambda: conn.execute(
                "SELECT * FROM review_cards WHERE state > 0 AND due <= ? ORDER BY due",
                (stamp(now),),
            ).fetchall()
        )
        later = now + dt.timedelta(days=3650)  # every card due
        queue_size = len(library.review_queue(now=later))
        ours_queue = _best(lambda: library.review_queue(now=later))
        until = stamp(later)
        bare_queue = _best(
            lambda: conn.execute(
                "SELECT * FROM review_cards WHERE state > 0 AND due <= ? ORDER BY due", (until,)
            ).fetchall()
        )

        reviews = conn.execute("SELECT count(*) FROM review_log").fetchone()[0]
        ours_stats = _best(lambda: library.review_stats(evening))
        bare_stats = _best(
            lambda: conn.execute(
                "SELECT date(reviewed_at) AS day, count(*) FROM review_log GROUP BY day"
            ).fetchall()
        )
    finally:
        library.close()
    return [
        Row(
            f"next review card after a grade, {CARDS:,} cards (ms, median of {GRADES})",
            ours_grade,
            bare_grade_ms,
            "fsrs review_card + 1 UPDATE",
            target="< 50 ms",
            ok=ours_grade < 50,
        ),
        Row(
            f"review queue of a morning, {morning:,} of {CARDS:,} cards due (ms)",
            ours_morning,
            bare_morning,
            "SELECT the due rows",
            target="< 100 ms",
            ok=ours_morning < 100,
        ),
        Row(
            f"review queue with all {queue_size:,} cards due (ms)",
            ours_queue,
            bare_queue,
            "SELECT the due rows",
            target="< 100 ms",
            ok=ours_queue < 100 and queue_size >= CARDS * 0.99,
        ),
        Row(
            f"review figures for a year, {reviews:,} reviews (ms)",
            ours_stats,
            bare_stats,
            "COUNT GROUP BY day",
            target="< 200 ms",
            ok=ours_stats < 200,
        ),
    ]


def main() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        return run(Path(tmp))


if __name__ == "__main__":
    from benchmarks.report import format_table

    print(format_table(main()))
