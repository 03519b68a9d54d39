"""The review values: grades parsed as the command line and keys 1–4 give them, the cloze and
the JSON a card prints as."""

from __future__ import annotations

import pytest

from companion.review.model import CardState, Grade, ReviewCard
from tests.review.helpers import T0


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("again", Grade.AGAIN),
        ("Hard", Grade.HARD),
        (" GOOD ", Grade.GOOD),
        ("easy", Grade.EASY),
        ("1", Grade.AGAIN),
        ("4", Grade.EASY),
    ],
)
def test_grades_parse(text: str, grade: Grade) -> None:
    assert Grade.parse(text) is grade


@pytest.mark.parametrize("text", ["", "0", "5", "ok", "good!", "-1"])
def test_other_grades_are_refused_in_one_line(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected one of: again\|hard\|good\|easy"):
        Grade.parse(text)


@pytest.mark.parametrize(
    ("sentence", "span", "cloze"),
    [
        ("今天去吃火锅了！", (4, 6), "今天去吃＿＿了！"),
        ("火锅", (0, 2), "＿＿"),
        ("没有这个词。", None, "没有这个词。"),
        ("", None, ""),
    ],
)
def test_the_cloze_blanks_the_word(sentence: str, span: tuple[int, int] | None, cloze: str) -> None:
    card = ReviewCard("火锅", "huǒguō", "hotpot", sentence, 3, T0, CardState.NEW, span)
    assert card.cloze == cloze


def test_a_card_as_json() -> None:
    card = ReviewCard("火锅", "huǒguō", "hotpot", "吃火锅", None, T0, CardState.REVIEW, (1, 3))
    assert card.to_json() == {
        "word": "火锅",
        "pinyin": "huǒguō",
        "meaning": "hotpot",
        "sentence": "吃火锅",
        "due": "2026-03-02T09:00:00+00:00",
        "state": "review",
    }
