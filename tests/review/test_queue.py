"""The review queue and grading through the Library: every saved word is a card, due cards
come before today's new cards, the daily new-card limit holds, and a word's status follows
its card while the learner can still set it by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.changes import OpChanges
from companion.errors import InvalidInput
from companion.library import Library
from companion.review.model import CardState, Grade
from companion.store.models import WordStatus
from tests.importers import exports
from tests.review.helpers import at, save, set_new_per_day


def queued(library: Library, days: float = 0, **kw: float) -> list[str]:
    return [c.word for c in library.review_queue(now=at(days, **kw))]


def test_every_saved_word_is_a_new_card_in_its_own_sentence(library: Library) -> None:
    entry = library.add_word("火锅", sentence="周末和朋友去吃火锅了！").value
    [card] = library.review_queue(now=at(0))
    assert (card.word, card.state, card.reps) == ("火锅", CardState.NEW, 0)
    assert (card.pinyin, card.meaning) == (entry.pinyin, entry.definition)
    assert card.sentence == "周末和朋友去吃火锅了！"
    assert card.span == (7, 9)
    assert card.cloze == "周末和朋友去吃＿＿了！"
    assert library.due_count(now=at(0)) == 1


def test_a_word_saved_from_a_post_links_back_to_it(library: Library, tmp_path: Path) -> None:
    note = exports.note(1, desc="被朋友种草了这款面霜。真的好用！")
    report = library.import_paths([exports.write_jsonl(tmp_path / "a.jsonl", [note])])
    [post_id] = report.post_ids
    library.add_word("种草", post_id=post_id)
    [card] = library.review_queue(now=at(0))
    assert card.post_id == post_id
    assert card.sentence == "被朋友种草了这款面霜。"
    assert card.span is not None and card.sentence[slice(*card.span)] == "种草"


def test_a_card_saved_without_a_sentence_has_no_cloze(library: Library) -> None:
    save(library, "绝绝子", sentence="")
    [card] = library.review_queue(now=at(0))
    assert (card.sentence, card.span, card.cloze) == ("", None, "")


def test_due_cards_come_first_most_overdue_first_then_new_cards_oldest_first(
    library: Library,
) -> None:
    save(library, "一", "二", "三", "四", "五")
    due = {w: library.grade(w, Grade.EASY, now=at(n)).next_due for n, w in enumerate("三一")}
    assert queued(library, 0) == ["二", "四", "五"]
    later = queued(library, 60)
    assert later[:2] == sorted(due, key=lambda w: (due[w], "一二三".index(w)))
    assert later[2:] == ["二", "四", "五"]


@pytest.mark.parametrize("limit", [0, 1, 2])
def test_the_queue_limit(library: Library, limit: int) -> None:
    save(library, "一", "二", "三")
    assert len(library.review_queue(limit, now=at(0))) == limit


def test_the_daily_new_card_limit_counts_the_new_cards_seen_today(library: Library) -> None:
    set_new_per_day(library, 2)
    save(library, "一", "二", "三", "四", "五")
    assert queued(library, 0) == ["一", "二"]
    assert library.due_count(now=at(0)) == 2
    library.grade("一", Grade.GOOD, now=at(0))
    library.grade("二", Grade.AGAIN, now=at(0))
    # No new card left today; the two seen come back in their learning steps.
    assert queued(library, 0, minutes=1) == ["二"]
    assert library.due_count(now=at(0, minutes=1)) == 1  # 二's step is due; 一's is ahead
    library.grade("二", Grade.GOOD, now=at(0, minutes=1))
    assert queued(library, 0, minutes=2) == ["一", "二"]  # nothing due: shown early
    assert queued(library, 1)[-2:] == ["三", "四"]  # the next day: two more new cards
    set_new_per_day(library, 0)
    assert "三" not in queued(library, 1)


def test_learning_cards_due_soon_are_shown_when_nothing_else_is(library: Library) -> None:
    save(library, "一")
    library.grade("一", Grade.GOOD, now=at(0))  # due in 10 minutes
    assert queued(library, 0) == ["一"]  # within the 20 minutes looked ahead
    library.grade("一", Grade.GOOD, now=at(0, minutes=10))  # due in days
    assert queued(library, 0, minutes=11) == []


def test_grading_sets_the_status_from_the_card(library: Library) -> None:
    save(library, "火锅")
    result = library.grade("火锅", Grade.GOOD, now=at(0))
    assert result.changes == OpChanges(review=True, statuses=True)
    assert library.vocabulary.status("火锅") is WordStatus.LEARNING
    assert result.next_due == at(0, minutes=10) == result.card.due
    assert result.card.state is CardState.LEARNING
    when = at(0, minutes=10)
    for _ in range(12):
        result = library.grade("火锅", Grade.GOOD, now=when)
        if library.vocabulary.status("火锅") is WordStatus.KNOWN:
            break
        when = result.next_due
    assert library.vocabulary.status("火锅") is WordStatus.KNOWN
    assert result.changes == OpChanges(review=True, statuses=True, difficulty=True)
    assert "火锅" in queued(library, 400)  # a known word keeps its long reviews
    library.grade("火锅", Grade.AGAIN, now=at(400))
    assert library.vocabulary.status("火锅") is WordStatus.LEARNING


@pytest.mark.parametrize(
    ("status", "in_queue"),
    [
        (WordStatus.NEW, True),
        (WordStatus.LEARNING, True),
        (WordStatus.KNOWN, False),
        (WordStatus.IGNORED, False),
    ],
)
def test_a_status_set_by_hand_decides_whether_a_word_is_reviewed(
    library: Library, status: WordStatus, in_queue: bool
) -> None:
    save(library, "新", "旧")
    library.grade("旧", Grade.EASY, now=at(0))
    library.set_status(["新", "旧"], status)
    assert set(queued(library, 30)) == ({"新", "旧"} if in_queue else set())


def test_marking_known_by_hand_keeps_the_card_and_setting_it_back_resumes_it(
    library: Library,
) -> None:
    save(library, "火锅")
    library.grade("火锅", Grade.EASY, now=at(0))
    card = library.reviews.card("火锅")
    library.set_status(["火锅"], WordStatus.KNOWN)
    assert queued(library, 30) == []
    assert library.reviews.card("火锅") == card  # history untouched
    library.set_status(["火锅"], WordStatus.LEARNING)
    [back] = library.review_queue(now=at(30))
    assert (back.word, back.state, back.reps) == ("火锅", CardState.REVIEW, 1)


def test_a_deleted_word_leaves_the_queue_and_comes_back_with_its_card(library: Library) -> None:
    save(library, "火锅", "种草")
    library.grade("火锅", Grade.EASY, now=at(0))
    before = library.reviews.card("火锅")
    library.delete_words(["火锅"])
    assert queued(library, 30) == ["种草"]
    assert library.review_stats(now=at(0)).reviewed_today == 1  # the log is kept
    with pytest.raises(InvalidInput, match="not in your vocabulary"):
        library.grade("火锅", Grade.GOOD, now=at(30))
    library.restore_words(["火锅"])
    assert library.reviews.card("火锅") == before
    assert queued(library, 30)[0] == "火锅"
    library.delete_words(["火锅"])
    save(library, "火锅")  # saved again: the same card
    assert library.reviews.card("火锅") == before


@pytest.mark.parametrize("word", ["牛", "", "   "])
def test_grading_a_word_not_saved_says_so(library: Library, word: str) -> None:
    save(library, "火锅")
    with pytest.raises(InvalidInput, match="not in your vocabulary"):
        library.grade(word, Grade.GOOD, now=at(0))
    assert library.review_stats(now=at(0)).reviewed_today == 0


def test_times_must_be_timezone_aware(library: Library) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        library.review_queue(now=at(0).replace(tzinfo=None))


def test_undo_puts_the_card_and_status_back(library: Library) -> None:
    save(library, "火锅")
    library.set_status(["火锅"], WordStatus.LEARNING)
    library.grade("火锅", Grade.GOOD, now=at(0))
    library.grade("火锅", Grade.GOOD, now=at(0, minutes=10))
    middle = library.reviews.card("火锅")
    library.grade("火锅", Grade.AGAIN, now=at(3))
    assert library.undo_grade().value == "火锅"
    assert library.reviews.card("火锅") == middle
    library.undo_grade()
    assert library.undo_grade().value == "火锅"
    assert library.reviews.card("火锅").reps == 0
    assert library.vocabulary.status("火锅") is WordStatus.LEARNING  # as set by hand
    assert library.undo_grade().value is None
    assert library.review_stats(now=at(3)).reviewed_today == 0
