"""The post feed: waterfall layout, virtualised painting, lazy covers, mouse and keyboard."""

from __future__ import annotations

import ctypes
import itertools
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from companion.store.posts import Difficulty, PostSummary
from companion.ui import cover_cache, theme
from companion.ui import feed as feed_mod
from companion.ui.card_painter import wrap_text
from companion.ui.card_text import text_cover_colors
from companion.ui.feed import FeedWidget
from companion.ui.fonts import load_fonts
from companion.ui.masonry import GAP

COVERS = Path(feed_mod.__file__).resolve().parents[1] / "resources" / "samples" / "covers"
SAMPLE_COVER = COVERS / "sample-food-01.jpg"
TITLES = (
    "上海探店｜这家小笼包我能吃三笼！",
    "早起打卡第30天",
    "北京胡同citywalk路线｜避开人山人海，4小时慢慢逛出老北京味儿",
    "今日份猫片",
    "在大厂卷了五年，我终于学会了“反内卷”｜写给焦虑的打工人",
    "",
)


def make_post(i: int, **changes: object) -> PostSummary:
    post = PostSummary(
        id=i + 1,
        source="xhs",
        source_id=f"n{i}",
        title=TITLES[i % len(TITLES)],
        author=f"小红薯{i}",
        likes=(i * 7919) % 120_000,
        tags=("美食", "探店"),
        difficulty=Difficulty(100, 42, 5, {"3": 0.5}, 3.0) if i % 3 else None,
        cover="",
    )
    return replace(post, **changes)  # type: ignore[arg-type]


def no_cover(_post: PostSummary) -> Path | None:
    return None


@pytest.fixture
def feed(qtbot) -> Iterator[FeedWidget]:  # type: ignore[no-untyped-def]
    load_fonts()
    widget = FeedWidget()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.wait_for_covers()


def wait_idle(qtbot, ms: int = 30) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(ms)


# -- pure helpers ---------------------------------------------------------------------------------


def test_wrap_text_elides_the_last_line(qapp: QApplication) -> None:
    from companion.ui.card_painter import card_font as _font

    font = _font(14)
    lines = wrap_text(
        "北京胡同citywalk路线｜避开人山人海，4小时慢慢逛出老北京味儿" * 3, font, 120, 2
    )
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert wrap_text("短", font, 120, 2) == ["短"]


# -- layout ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "columns"), [(480, 2), (800, 3), (1100, 4), (1400, 5)])
def test_columns_follow_the_widget_width(qtbot, feed: FeedWidget, width: int, columns: int) -> None:  # type: ignore[no-untyped-def]
    feed.set_posts([make_post(i) for i in range(40)], no_cover)
    feed.resize(width, 700)
    wait_idle(qtbot)
    assert feed.column_count() == columns
    card_w = feed.card_rect(0).width()
    assert 180 <= card_w <= 320, card_w


def test_masonry_places_each_card_in_the_shortest_column(qtbot, feed: FeedWidget) -> None:  # type: ignore[no-untyped-def]
    posts = [make_post(i) for i in range(120)]
    feed.set_posts(posts, no_cover)
    feed.resize(1100, 700)
    wait_idle(qtbot)
    n = feed.column_count()
    rects = [feed.card_rect(i) for i in range(len(posts))]
    xs = sorted({r.x() for r in rects})
    assert len(xs) == n
    bottoms = {x: None for x in xs}  # column x -> bottom of its last card so far
    heights = {r.height() for r in rects}
    assert len(heights) > 1  # one- and two-line titles make a real waterfall
    for i, rect in enumerate(rects):
        # the column chosen had the smallest filled height (leftmost on ties)
        filled = {x: (b if b is not None else -1) for x, b in bottoms.items()}
        shortest = min(xs, key=lambda x: (filled[x], x))
        assert rect.x() == shortest, f"card {i} went to x={rect.x()}, shortest was x={shortest}"
        if bottoms[rect.x()] is not None:
            assert rect.top() - bottoms[rect.x()] >= GAP  # vertical gap, no overlap
        bottoms[rect.x()] = rect.bottom() + 1
    for left, right in itertools.pairwise(xs):
        assert right - (left + rects[0].width()) >= GAP  # horizontal gap
    viewport_w = feed.viewport().width()
    assert all(r.left() >= 0 and r.right() < viewport_w for r in rects)
    # the waterfall fills the width: side margins are small and equal-ish
    left_margin = xs[0]
    right_margin = viewport_w - (xs[-1] + rects[0].width())
    assert abs(left_margin - right_margin) <= 2
    assert left_margin <= 3 * GAP


def test_ten_thousand_posts_paint_only_visible_cards(qtbot, feed: FeedWidget) -> None:  # type: ignore[no-untyped-def]
    posts = [make_post(i) for i in range(10_000)]
    started = time.perf_counter()
    feed.set_posts(posts, no_cover)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"set_posts took {elapsed:.2f}s"
    bar = feed.verticalScrollBar()
    assert bar.maximum() > 100 * feed.viewport().height()
    assert bar.pageStep() == feed.viewport().height()
    bar.setValue(bar.maximum() // 2)
    feed.viewport().repaint()
    painted = set(feed.last_painted)
    view = feed.viewport().rect().adjusted(0, -12, 0, 12)
    expected = {i for i in range(len(posts)) if feed.card_rect(i).intersects(view)}
    assert painted == expected
    assert 0 < feed.last_painted_count < 40
    assert min(painted) > 1000  # really the middle of the feed


def test_wheel_scrolls(qtbot, feed: FeedWidget) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    feed.set_posts([make_post(i) for i in range(300)], no_cover)
    wait_idle(qtbot)
    centre = QPointF(feed.viewport().rect().center())
    event = QWheelEvent(
        centre,
        QPointF(feed.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(feed.viewport(), event)
    assert feed.verticalScrollBar().value() > 0


def test_resize_keeps_the_first_visible_card_in_view(qtbot, feed: FeedWidget) -> None:  # type: ignore[no-untyped-def]
    feed.set_posts([make_post(i) for i in range(3000)], no_cover)
    feed.resize(1400, 700)
    wait_idle(qtbot)
    feed.verticalScrollBar().setValue(40_000)
    anchor = min(i for i in range(3000) if feed.card_rect(i).intersects(feed.viewport().rect()))
    feed.resize(800, 700)
    wait_idle(qtbot)
    assert feed.column_count() == 3
    assert feed.card_rect(anchor).intersects(feed.viewport().rect())


# -- mouse and keyboard --------------------------------------------------------------------------


def test_click_activates_the_post(qtbot, feed: FeedWidget) -> None:  # type: ignore[no-untyped-def]
    feed.set_posts([make_post(i) for i in range(30)], no_cover)
    wait_idle(qtbot)
    target = 4
    with qtbot.waitSignal(feed.post_activated, timeout=1000) as blocker:
        qtbot.mouseClick(
            feed.viewport(), Qt.MouseButton.LeftButton, pos=feed.card_rect(target).center()
        )
    assert blocker.args == [feed.posts()[target].id]
    assert feed.current_index() == target
    # a click in the gutter between cards activates nothing
    first = feed.card_rect(0)
    gutter = QPoint(first.right() + GAP // 2 + 1, first.center().y())
    with qtbot.assertNotEmitted(feed.post_activated):
        qtbot.mouseClick(feed.viewport(), Qt.MouseButton.LeftButton, pos=gutter)


def test_hover_shows_a_pointing_hand(qtbot, feed: FeedWidget) -> None:  # type: ignore[no-untyped-def]
    feed.set_posts([make_post(i) for i in range(30)], no_cover)
    wait_idle(qtbot)
    qtbot.mouseMove(feed.viewport(), feed.card_rect(1).center())
    qtbot.waitUntil(lambda: feed.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor)


def test_keyboard_navigation_and_enter(qtbot, feed: FeedWidget) -> None:  # type: ignore[no-untyped-def]
    feed.set_posts([make_post(i) for i in range(200)], no_cover)
    feed.resize(1100, 600)
    wait_idle(qtbot)
    feed.setFocus()
    assert feed.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert feed.current_index() is None
    qtbot.keyClick(feed, Qt.Key.Key_Down)  # the first key press picks the first card
    assert feed.current_index() == 0

    def column(i: int) -> int:
        return feed.card_rect(i).x()

    def centre_y(i: int) -> float:
        r = feed.card_rect(i)
        return r.top() + r.height() / 2

    # right: the card in the next column nearest vertically
    start = 0
    qtbot.keyClick(feed, Qt.Key.Key_Right)
    right = feed.current_index()
    assert right is not None and column(right) > column(start)
    candidates = [i for i in range(200) if column(i) == column(right)]
    nearest = min(candidates, key=lambda i: abs(centre_y(i) - centre_y(start)))
    assert right == nearest
    # down: the next card in the same column
    qtbot.keyClick(feed, Qt.Key.Key_Down)
    down = feed.current_index()
    below = sorted(
        (i for i in candidates if feed.card_rect(i).top() > feed.card_rect(right).top()),
        key=lambda i: feed.card_rect(i).top(),
    )
    assert down == below[0]
    qtbot.keyClick(feed, Qt.Key.Key_Up)
    assert feed.current_index() == right
    qtbot.keyClick(feed, Qt.Key.Key_Left)
    assert feed.current_index() == start
    qtbot.keyClick(feed, Qt.Key.Key_Left)  # no column further left: stays
    assert feed.current_index() == start
    qtbot.keyClick(feed, Qt.Key.Key_Up)  # top of the column: stays
    assert feed.current_index() == start

    # walking down a column scrolls the current card into view
    for _ in range(12):
        qtbot.keyClick(feed, Qt.Key.Key_Down)
    current = feed.current_index()
    assert current is not None and current > 20
    assert feed.viewport().rect().contains(feed.card_rect(current))
    assert feed.verticalScrollBar().value() > 0

    with qtbot.waitSignal(feed.post_activated, timeout=1000) as blocker:
        qtbot.keyClick(feed, Qt.Key.Key_Return)
    assert blocker.args == [feed.posts()[current].id]
    with qtbot.waitSignal(feed.post_activated, timeout=1000):
        qtbot.keyClick(feed, Qt.Key.Key_Enter)

    qtbot.keyClick(feed, Qt.Key.Key_End)
    assert feed.current_index() == 199
    assert feed.viewport().rect().contains(feed.card_rect(199))
    qtbot.keyClick(feed, Qt.Key.Key_Home)
    assert feed.current_index() == 0


# -- covers ---------------------------------------------------------------------------------------


def test_covers_load_off_the_ui_thread(
    qtbot, feed: FeedWidget, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    assert SAMPLE_COVER.is_file()
    threads: list[int] = []
    decode = cover_cache.decode_cover

    def spy(*args: object) -> tuple[QImage | None, float]:
        threads.append(threading.get_ident())
        return decode(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cover_cache, "decode_cover", spy)
    posts = [make_post(i, cover=f"images/x/{i}.jpg") for i in range(12)]
    feed.set_posts(posts, lambda _p: SAMPLE_COVER)
    assert not feed.is_cover_loaded(0)  # nothing is read synchronously
    qtbot.waitUntil(lambda: feed.is_cover_loaded(0), timeout=5000)
    assert threads and threading.get_ident() not in threads
    assert feed.loads_started >= 1
    # every card shares one file: it is decoded once, not once per card
    qtbot.waitUntil(lambda: all(feed.is_cover_loaded(i) for i in feed.visible_indices()))
    assert feed.loads_started == 1


def test_landscape_cover_reshapes_its_card(qtbot, feed: FeedWidget, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wide = QImage(800, 300, QImage.Format.Format_RGB32)
    wide.fill(QColor("#3a7"))
    path = tmp_path / "wide.png"
    assert wide.save(str(path))
    feed.set_posts([make_post(0, cover="images/wide.png", title="")], lambda _p: path)
    before = feed.card_rect(0).height()
    qtbot.waitUntil(lambda: feed.is_cover_loaded(0), timeout=5000)
    qtbot.waitUntil(lambda: feed.card_rect(0).height() < before)
    width = feed.card_rect(0).width()
    # 8:3 is clamped to 4:3 landscape: the cover lost a 3:4 portrait's height minus 4:3's
    assert before - feed.card_rect(0).height() == round(width * 4 / 3) - round(width * 3 / 4)


def test_remote_and_missing_covers_fall_back_to_text_covers(
    qtbot, feed: FeedWidget, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    posts = [
        make_post(0, cover="https://sns-img.example.com/cover.jpg"),
        make_post(1, cover="images/missing.jpg"),
        make_post(2, cover=""),
    ]

    def naive(post: PostSummary) -> Path | None:  # would hand a URL through unchecked
        if post.cover.startswith("http"):
            return Path(post.cover)
        return tmp_path / post.cover if post.cover else None

    feed.set_posts(posts, naive)
    qtbot.waitUntil(lambda: feed.cover_state(1) == "failed", timeout=5000)
    assert feed.cover_state(0) == "text"
    assert feed.cover_state(2) == "text"
    assert feed.loads_started == 1  # only the local (missing) file was tried; no URL
    image = feed.grab().toImage()
    rect = feed.card_rect(0)
    bg, _ink = text_cover_colors(posts[0].id, dark=False)
    corner = image.pixelColor(rect.left() + rect.width() - 20, rect.top() + 60)
    assert corner.name() == bg  # the pastel text cover, not a placeholder or an image


@pytest.mark.parametrize("name", ["light", "dark"])
def test_grab_renders_in_both_themes(qtbot, feed: FeedWidget, name: str) -> None:  # type: ignore[no-untyped-def]
    t = theme.THEMES[name]
    feed.set_theme(t)
    posts = [make_post(i, cover="c.jpg" if i % 2 else "") for i in range(20)]
    feed.set_posts(posts, lambda p: SAMPLE_COVER if p.cover else None)
    qtbot.waitUntil(lambda: feed.is_cover_loaded(1), timeout=5000)
    image = feed.grab().toImage()
    assert not image.isNull() and image.width() >= 800
    rect = feed.card_rect(0)
    gutter = image.pixelColor(rect.right() + GAP // 2 + 1, rect.center().y())
    assert gutter.name() == t.window
    body = image.pixelColor(rect.left() + 14, rect.bottom() - 3)
    assert body.name() == t.surface
    colours = {image.pixelColor(x, y).rgb() for x in range(0, 800, 7) for y in range(0, 600, 7)}
    assert len(colours) > 50  # covers, text and badges, not a blank fill


class PaintCounter(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_set_theme_and_accessibility(qtbot, feed: FeedWidget) -> None:  # type: ignore[no-untyped-def]
    assert feed.accessibleName() == "Post feed"
    feed.set_posts([make_post(i) for i in range(6)], no_cover)
    counter = PaintCounter()
    feed.viewport().installEventFilter(counter)
    for t in (theme.DARK, theme.LIGHT, theme.DARK):
        wait_idle(qtbot)
        counter.paints = 0
        feed.set_theme(t)
        qtbot.waitUntil(lambda: counter.paints > 0, timeout=2000)  # repaints by itself
        image = feed.grab().toImage()
        rect = feed.card_rect(0)
        gutter = image.pixelColor(rect.right() + GAP // 2 + 1, rect.center().y())
        body = image.pixelColor(rect.left() + 6, rect.bottom() - 3)
        assert (gutter.name(), body.name()) == (t.window, t.surface)
        # The text under the cover is drawn in this theme's ink (the other theme's would not
        # show: dark ink on the dark surface).
        inks = {
            image.pixelColor(x, y).name()
            for x in range(int(rect.left()), int(rect.right()))
            for y in range(int(rect.bottom()) - 70, int(rect.bottom()))
        }
        assert any(close(ink, t.text, 12) for ink in inks)
    feed.viewport().removeEventFilter(counter)
    feed.set_posts([], no_cover)
    assert feed.posts() == []
    assert feed.current_index() is None
    assert feed.verticalScrollBar().maximum() == 0


def close(a: str, b: str, tolerance: int = 24) -> bool:
    """Two colours within tolerance on every channel."""
    ca, cb = QColor(a), QColor(b)
    return all(
        abs(x - y) <= tolerance for x, y in zip(ca.getRgb()[:3], cb.getRgb()[:3], strict=True)
    )


def make_sample_posts(count: int) -> tuple[list[PostSummary], Callable[[PostSummary], Path | None]]:
    files = sorted(COVERS.glob("*.jpg"))
    posts = [make_post(i, cover=files[i % len(files)].name) for i in range(count)]
    return posts, lambda p: COVERS / p.cover


def test_scrolling_through_real_covers_keeps_the_cache_bounded(qtbot, feed: FeedWidget) -> None:  # type: ignore[no-untyped-def]
    posts, cover = make_sample_posts(400)
    feed.set_posts(posts, cover)
    bar = feed.verticalScrollBar()
    for value in range(0, bar.maximum(), feed.viewport().height()):
        bar.setValue(value)
        qtbot.wait(5)
    bar.setValue(bar.maximum())
    last = max(feed.visible_indices())
    qtbot.waitUntil(lambda: feed.is_cover_loaded(last), timeout=5000)
    assert feed.loads_started <= 40  # 32 files, each decoded once (maybe again after a resize)


def none_refs_lost(action: Callable[[], object], times: int) -> int:
    """How many references to None disappear over `times` runs of action (after a warm-up run,
    so caches it fills do not count)."""
    action()
    before = sys.getrefcount(None)
    for _ in range(times):
        action()
    return before - sys.getrefcount(None)


IMMORTAL_NONE = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: nothing to leak"
)


@IMMORTAL_NONE
def test_the_probe_sees_a_binding_that_drops_none() -> None:
    """The check below would catch the PySide6 6.12 bug: a binding dropping one reference to
    None per call, imitated here with the C API (and given back afterwards)."""
    decref, incref = ctypes.pythonapi.Py_DecRef, ctypes.pythonapi.Py_IncRef
    decref.argtypes = incref.argtypes = [ctypes.py_object]
    try:
        lost = none_refs_lost(lambda: decref(None), 500)
    finally:
        for _ in range(501):
            incref(None)
    assert lost >= 500


@IMMORTAL_NONE
def test_painting_the_feed_keeps_none_alive(qtbot, feed: FeedWidget) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12 on Python 3.11 dropped a reference to None on every void call; a feed paint
    makes hundreds of them, so the interpreter aborted ("none_dealloc") after a few scrolls."""
    posts, cover = make_sample_posts(60)
    feed.set_posts(posts, cover)
    qtbot.waitUntil(lambda: feed.is_cover_loaded(0), timeout=5000)
    feed.viewport().repaint()
    assert feed.last_painted_count >= 6  # each card: fills, paths, pens, text, about 20 calls
    lost = none_refs_lost(feed.viewport().repaint, 30)
    assert lost < 100, f"{lost} references to None lost over 30 paints"
