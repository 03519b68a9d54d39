"""The benchmarks' review history generator: a small library with days of reviews made through
real FSRS, the same for the same seed, and readable by the Library as any other."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tools.make_reviews import make_review_library


def history(root: Path) -> list[tuple[object, ...]]:
    library, end = make_review_library(root, words=60, days=14, new_per_day=5, seed=3)
    try:
        stats = library.review_stats(end)
        assert stats.streak == 14 and stats.reviewed_today > 0
        assert len(library.review_queue(now=end + dt.timedelta(days=400))) == 60
        return library.reviews.cards_snapshot()
    finally:
        library.close()


def test_the_same_seed_makes_the_same_history(tmp_path: Path) -> None:
    first = history(tmp_path / "a")
    assert first == history(tmp_path / "b")
    graded = [row for row in first if len(row) == 9]  # review_cards rows
    assert len(graded) == 60 and all(row[1] > 0 for row in graded)  # every card was graded
