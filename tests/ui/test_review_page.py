"""The Review page driven like a learner would, in the real window on a real library: Space
reveals, keys 1–4 grade and the next card shows, the sidebar's due count follows grades, saves
and the daily new-card limit, the link opens the post, translation on demand, the empty and
finished states, and the progress charts."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from companion.library import Library
from companion.paths import DataDir
from companion.review.model import CardState, DayCount, Grade, ReviewCard
from companion.ui.app import create_app
from companion.ui.main_window import MainWindow
from companion.ui.review_card import interval_text
from companion.ui.review_page import NO_MODEL_NOTE, ReviewPage, next_review_text
from tools.make_review_history import sample_words

TIMEOUT = 30_000
WORDS = 3


@pytest.fixture(scope="module")
def saved_library(tmp_path_factory: pytest.TempPathFactory, engine_cache: Path) -> Path:
    """A library with the sample posts and three words saved from them (built once; each test
    gets a copy of its database file)."""
    data = DataDir(tmp_path_factory.mktemp("review-template")).ensure()
    for item in engine_cache.iterdir():
        if item.is_file() and not item.name.startswith("."):
            shutil.copy(item, data.cache / item.name)
    with Library(data) as library:
        for word, post_id in sample_words(library, WORDS):
            library.add_word(word, post_id=post_id)
    return data.database


def open_window(qtbot: QtBot, data: DataDir) -> MainWindow:
    create_app()
    win = MainWindow(data)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.library is not None, timeout=TIMEOUT)
    return win


@pytest.fixture
def window(qtbot: QtBot, data_dir: DataDir, saved_library: Path) -> Iterator[MainWindow]:
    """The window on the Review page, its first card on screen."""
    shutil.copy(saved_library, data_dir.database)
    win = open_window(qtbot, data_dir)
    win.show_page("review")
    qtbot.waitUntil(lambda: win.review.state == "card", timeout=TIMEOUT)
    yield win
    win.runner.wait()


def ask(qtbot: QtBot, window: MainWindow, fn: Callable[[Library], Any]) -> Any:
    """fn(library) on the database thread, as the window runs it; its result."""
    found: list[Any] = []
    window.db(fn, on_success=found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=TIMEOUT)
    return found[0]


def key(qtbot: QtBot, page: ReviewPage, k: Qt.Key) -> None:
    qtbot.keyClick(page, k)


def due_in_sidebar(window: MainWindow) -> str:
    return window.nav_buttons["review"].text()


def test_space_reveals_and_each_key_grades(qtbot: QtBot, window: MainWindow) -> None:
    page, view = window.review, window.review.card_view
    first = page.current
    assert first is not None and first.state is CardState.NEW
    assert due_in_sidebar(window).endswith(f"Review   {WORDS}")
    assert "＿" in view.sentence.text() and first.word not in view.sentence.text()
    assert not view.answer.isVisible() and view.reveal_button.isVisible()

    key(qtbot, page, Qt.Key.Key_3)  # grades do nothing before the answer is shown
    assert page.current == first and page.reviewed == 0

    key(qtbot, page, Qt.Key.Key_Space)
    assert view.revealed and view.answer.isVisible() and view.grade_row.isVisible()
    assert view.word.text() == first.word and view.pinyin.text() == first.pinyin
    assert first.word in view.sentence.text()

    with qtbot.waitSignal(page.card_shown, timeout=TIMEOUT) as shown:
        key(qtbot, page, Qt.Key.Key_1)  # Again
    second = shown.args[0]
    assert isinstance(second, ReviewCard) and second.word != first.word
    assert not view.revealed and not view.answer.isVisible()
    after = ask(qtbot, window, lambda lib: lib.review_card(first.word))
    assert after.reps == 1 and after.state is CardState.LEARNING
    last = ask(qtbot, window, lambda lib: lib.reviews.last_entry()[1])
    assert (last.word, last.grade) == (first.word, int(Grade.AGAIN))
    qtbot.waitUntil(
        lambda: due_in_sidebar(window).endswith(f"Review   {WORDS - 1}"), timeout=TIMEOUT
    )


def test_each_grade_button_says_when_the_card_comes_back(qtbot: QtBot, window: MainWindow) -> None:
    page, view = window.review, window.review.card_view
    buttons = view.grade_buttons
    qtbot.waitUntil(lambda: "·" in buttons[Grade.GOOD].text(), timeout=TIMEOUT)
    key(qtbot, page, Qt.Key.Key_Space)
    # A new card: Again brings it back in a minute, Good in ten, Easy in days.
    assert buttons[Grade.AGAIN].text() == "Again · 1m   1"
    assert buttons[Grade.GOOD].text() == "Good · 10m   3"
    assert buttons[Grade.EASY].text().endswith("d   4")
    assert "next review 10m" in buttons[Grade.GOOD].toolTip()
    with qtbot.waitSignal(page.card_shown, timeout=TIMEOUT):
        key(qtbot, page, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: buttons[Grade.GOOD].text() == "Good · 10m   3", timeout=TIMEOUT)


@pytest.mark.parametrize(
    ("later", "text"),
    [
        (timedelta(seconds=20), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=12, hours=3), "12d"),
        (timedelta(days=75), "2mo"),
        (timedelta(days=365 * 2), "2y"),
        (timedelta(days=548), "1.5y"),
        (timedelta(seconds=-5), "1m"),  # a clock set back: never a negative interval
    ],
)
def test_interval_text(later: timedelta, text: str) -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert interval_text(now, now + later) == text


@pytest.mark.parametrize("grade", list(Grade))
def test_the_grade_keys_save_their_grade(qtbot: QtBot, window: MainWindow, grade: Grade) -> None:
    page = window.review
    word = page.current.word  # type: ignore[union-attr]
    key(qtbot, page, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.changed, timeout=TIMEOUT):
        key(qtbot, page, Qt.Key(Qt.Key.Key_0 + grade.value))
    last = ask(qtbot, window, lambda lib: lib.reviews.last_entry()[1])
    assert (last.word, last.grade) == (word, int(grade))


def test_buttons_grade_too(qtbot: QtBot, window: MainWindow) -> None:
    page, view = window.review, window.review.card_view
    word = page.current.word  # type: ignore[union-attr]
    qtbot.mouseClick(view.reveal_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.changed, timeout=TIMEOUT):
        qtbot.mouseClick(view.grade_buttons[Grade.EASY], Qt.MouseButton.LeftButton)
    last = ask(qtbot, window, lambda lib: lib.reviews.last_entry()[1])
    assert (last.word, last.grade) == (word, int(Grade.EASY))


def test_undo_brings_the_card_back(qtbot: QtBot, window: MainWindow) -> None:
    page = window.review
    first = page.current
    assert first is not None and not page.undo_button.isVisible()
    key(qtbot, page, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.changed, timeout=TIMEOUT):
        key(qtbot, page, Qt.Key.Key_4)
    assert page.current != first and page.undo_button.isVisible()
    with qtbot.waitSignal(page.card_shown, timeout=TIMEOUT) as shown:
        qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown.args[0].word == first.word and shown.args[0].state is CardState.NEW
    assert not page.undo_button.isVisible() and page.reviewed == 0
    assert ask(qtbot, window, lambda lib: lib.reviews.last_entry()) is None
    qtbot.waitUntil(lambda: due_in_sidebar(window).endswith(f"Review   {WORDS}"), timeout=TIMEOUT)
    seen = set()
    for _ in range(WORDS):  # the undone card is not shown twice
        seen.add(page.current.word)  # type: ignore[union-attr]
        key(qtbot, page, Qt.Key.Key_Space)
        key(qtbot, page, Qt.Key.Key_4)
    assert len(seen) == WORDS
    qtbot.waitUntil(lambda: page.state == "done", timeout=TIMEOUT)


def test_all_done_when_every_card_is_graded(qtbot: QtBot, window: MainWindow) -> None:
    page = window.review
    seen = []
    for _ in range(WORDS):
        assert page.state == "card"
        seen.append(page.current.word)  # type: ignore[union-attr]
        key(qtbot, page, Qt.Key.Key_Space)
        key(qtbot, page, Qt.Key.Key_4)  # Easy: not due again today
    assert len(set(seen)) == WORDS
    qtbot.waitUntil(lambda: page.state == "done", timeout=TIMEOUT)
    body = page.done.property("body")
    qtbot.waitUntil(lambda: "Next review" in body.text(), timeout=TIMEOUT)
    assert f"You reviewed {WORDS} cards" in body.text()
    qtbot.waitUntil(lambda: due_in_sidebar(window) == "🔁  Review", timeout=TIMEOUT)
    assert ask(qtbot, window, lambda lib: lib.due_count()) == 0


def test_cards_falling_due_bring_the_finished_page_back(qtbot: QtBot, window: MainWindow) -> None:
    page = window.review
    for _ in range(WORDS):
        key(qtbot, page, Qt.Key.Key_Space)
        key(qtbot, page, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: page.state == "done" and window.runner.busy == 0, timeout=TIMEOUT)
    word = ask(qtbot, window, lambda lib: lib.reviews.last_entry()[1].word)
    # One card due again with nothing written from this window (as the CLI would do it).
    assert ask(qtbot, window, lambda lib: lib.undo_grade().value) == word
    qtbot.wait(200)
    assert page.state == "done"
    page.tick()  # what the timer does every few minutes
    qtbot.waitUntil(lambda: page.state == "card", timeout=TIMEOUT)
    assert page.current is not None and page.current.word == word
    assert due_in_sidebar(window).endswith("Review   1")


def test_the_link_opens_the_post(qtbot: QtBot, window: MainWindow) -> None:
    card = window.review.current
    assert card is not None and card.post_id is not None
    link = window.review.card_view.post_link
    assert link.isVisible()
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.reader
    qtbot.waitUntil(
        lambda: window.reader.post is not None and window.reader.post.stored.id == card.post_id,
        timeout=TIMEOUT,
    )
    window.show_page("review")  # and back: the same card, still waiting
    qtbot.waitUntil(lambda: window.runner.busy == 0, timeout=TIMEOUT)
    assert window.review.current == card


def test_translation_as_saved_with_the_word(qtbot: QtBot, window: MainWindow) -> None:
    page, view = window.review, window.review.card_view
    card = page.current
    assert card is not None and card.translation  # the sample post's own translation
    assert not view.translation.isVisible()
    key(qtbot, page, Qt.Key.Key_T)
    assert view.translation.isVisible() and view.translation.text()
    assert view.translation.text() in card.translation  # (emoji dropped without a font)
    assert not view.translation_note.isVisible()


def test_translation_without_a_model_is_a_gloss(qtbot: QtBot, data_dir: DataDir) -> None:
    with Library(data_dir, seed_samples=False) as library:
        library.add_word("银行", sentence="我明天去银行取钱。")
    win = open_window(qtbot, data_dir)
    win.show_page("review")
    page, view = win.review, win.review.card_view
    qtbot.waitUntil(lambda: page.state == "card", timeout=TIMEOUT)
    assert page.current is not None and page.current.translation is None
    assert not page.card_view.post_link.isVisible()  # saved without a post: no link
    key(qtbot, page, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: view.translation.text().startswith("gloss: "), timeout=TIMEOUT)
    assert "bank" in view.translation.text()
    assert view.translation_note.text() == NO_MODEL_NOTE
    assert not view.translate_button.isEnabled()
    win.runner.wait()


def test_saving_a_word_elsewhere_raises_the_due_count(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page("feed")
    post_id = window.review.current.post_id  # type: ignore[union-attr]
    window.db(lambda lib: lib.add_word("朋友", post_id=post_id))
    qtbot.waitUntil(
        lambda: due_in_sidebar(window).endswith(f"Review   {WORDS + 1}"), timeout=TIMEOUT
    )


def test_the_daily_new_card_limit_applies_at_once(qtbot: QtBot, window: MainWindow) -> None:
    settings = window.settings_page
    window.show_page("settings")
    settings.new_cards.setValue(1)
    assert window.settings.new_cards_per_day == 1
    qtbot.waitUntil(lambda: due_in_sidebar(window).endswith("Review   1"), timeout=TIMEOUT)
    window.show_page("review")
    page = window.review
    qtbot.waitUntil(lambda: page.due == 1 and window.runner.busy == 0, timeout=TIMEOUT)
    key(qtbot, page, Qt.Key.Key_Space)
    key(qtbot, page, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: page.state == "done", timeout=TIMEOUT)


def test_no_saved_words_says_how_to_save_one(qtbot: QtBot, data_dir: DataDir) -> None:
    Library(data_dir, seed_samples=False).close()
    win = open_window(qtbot, data_dir)
    win.show_page("review")
    page = win.review
    qtbot.waitUntil(lambda: page.state == "empty", timeout=TIMEOUT)
    body = page.empty.findChildren(type(page.counter))
    assert any("press Add" in label.text() for label in body)
    assert due_in_sidebar(win) == "🔁  Review"
    key(qtbot, page, Qt.Key.Key_Space)  # nothing to reveal: nothing happens
    go = next(b for b in page.empty.findChildren(QPushButton) if b.text() == "Go to the feed")
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    assert win.stack.currentWidget() is win.feed_page
    win.runner.wait()


def test_progress_charts_show_the_reviews(qtbot: QtBot, window: MainWindow) -> None:
    page = window.review
    key(qtbot, page, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.changed, timeout=TIMEOUT):
        key(qtbot, page, Qt.Key.Key_3)
    qtbot.mouseClick(page.progress_tab, Qt.MouseButton.LeftButton)
    progress = page.progress
    qtbot.waitUntil(
        lambda: progress.stats is not None and progress.stats.reviewed_today == 1,
        timeout=TIMEOUT,
    )
    assert [t.value.text() for t in progress.tiles][:2] == [str(WORDS - 1), "1"]
    chart = progress.reviews
    today = chart.chart_layout().marks[-1]
    assert today.value == 1
    qtbot.mouseMove(chart, QPoint(int(today.anchor[0]), int(today.anchor[1]) + 2))
    qtbot.waitUntil(lambda: chart.hovered is not None, timeout=TIMEOUT)
    assert chart.hovered_label() is not None and chart.hovered_label().endswith(": 1 review")
    key(qtbot, page, Qt.Key.Key_Space)  # keys belong to the Review tab only
    assert not page.card_view.revealed


NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC).astimezone()


def day(offset: int, value: int) -> DayCount:
    return DayCount((NOW + timedelta(days=offset)).date(), value)


@pytest.mark.parametrize(
    ("soonest", "forecast", "text"),
    [
        (NOW + timedelta(seconds=20), (), "Next review in a minute."),
        (NOW + timedelta(minutes=10), (), "Next review in 10 minutes."),
        (NOW + timedelta(minutes=1), (), "Next review in 1 minute."),
        (None, (day(0, 0), day(1, 4)), "Next review tomorrow."),
        (None, (day(0, 3), day(1, 0), day(2, 0), day(3, 2)), "Next review in 3 days."),
        (NOW - timedelta(minutes=5), (day(0, 0), day(1, 1)), "Next review tomorrow."),
        (None, (day(0, 0), day(1, 0)), "Nothing else is scheduled yet."),
    ],
)
def test_the_finished_page_says_when_the_next_review_is(
    soonest: datetime | None, forecast: tuple[DayCount, ...], text: str
) -> None:
    assert next_review_text(NOW, soonest, forecast) == text


def test_the_word_and_sentence_speak_once_speech_is_there(qtbot: QtBot, window: MainWindow) -> None:
    """Runs once companion.ui.speech (the speech branch) is merged: until then the slot is empty."""
    pytest.importorskip("companion.ui.speech")
    page, view = window.review, window.review.card_view
    card = page.current
    assert card is not None and view.speak_word is not None and view.speak_sentence is not None
    assert not view.speak_sentence.isVisible()  # it would say the hidden word
    key(qtbot, page, Qt.Key.Key_Space)
    assert view.speak_word.isVisible() and view.speak_sentence.isVisible()
    assert view.speak_word.text_provider() == card.word
    assert view.speak_sentence.text_provider() == card.sentence
