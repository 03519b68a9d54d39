"""AnnotatedTextWidget: layout geometry, pinyin and translations, status styling, mouse and
keyboard interaction, painting — on real Documents from the real engine."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from companion.language.annotate import Annotator, Document, Token, TokenKind
from companion.store.models import WordStatus
from companion.ui import text_shaping, theme
from companion.ui.annotated_text import AnnotatedTextWidget, ReaderOptions
from companion.ui.text_shaping import has_emoji_font

POST = (
    "宝子们，今天去银行旁边吃了一家小笼包！太好吃了😋\n"
    "人有点多，要排队二十分钟。但是真的值得[赞R]\n"
    "#上海美食[话题]# @小红薯 ABC 123 https://xhslink.com/a/abc123"
)
LONG_SENTENCE = "我们周末一起去上海的老城区逛街，顺便尝尝当地最有名的生煎包和小笼包，真的特别好吃。"


@pytest.fixture(scope="module")
def annotator(engine_cache: Path) -> Annotator:
    return Annotator(engine_cache)


@pytest.fixture(scope="module")
def doc(annotator: Annotator) -> Document:
    return annotator.annotate(POST)


def make(
    qtbot: QtBot,
    document: Document,
    width: int = 600,
    options: ReaderOptions | None = None,
    statuses: dict[str, WordStatus] | None = None,
) -> AnnotatedTextWidget:
    widget = AnnotatedTextWidget()
    qtbot.addWidget(widget)
    widget.set_theme(theme.LIGHT)
    if options is not None:
        widget.set_options(options)
    widget.set_document(document, statuses)
    widget.resize(width, widget.heightForWidth(width))
    widget.show()
    return widget


def index(document: Document, text: str) -> int:
    return next(i for i, t in enumerate(document.tokens) if t.text == text)


def visible(document: Document) -> list[int]:
    return [i for i, t in enumerate(document.tokens) if t.kind is not TokenKind.SPACE]


def sentence_tokens(document: Document) -> list[list[int]]:
    """Global token indices of each sentence."""
    out, i = [], 0
    for sentence in document.sentences:
        out.append(list(range(i, i + len(sentence.tokens))))
        i += len(sentence.tokens)
    return out


def replace_tokens(document: Document, change: Callable[[Token], Token]) -> Document:
    """document with every token passed through change (offsets and text kept)."""
    paragraphs = tuple(
        replace(
            p,
            sentences=tuple(
                replace(s, tokens=tuple(change(t) for t in s.tokens)) for s in p.sentences
            ),
        )
        for p in document.paragraphs
    )
    return replace(document, paragraphs=paragraphs)


def overlaps(a: QRectF, b: QRectF) -> bool:
    eps = 0.01
    return (
        a.left() < b.right() - eps
        and b.left() < a.right() - eps
        and a.top() < b.bottom() - eps
        and b.top() < a.bottom() - eps
    )


# -- geometry -----------------------------------------------------------------------------


def test_pinyin_sits_above_chinese_words_and_nowhere_else(
    qtbot: QtBot, ui_app, doc: Document
) -> None:
    widget = make(qtbot, doc)
    for i, token in enumerate(doc.tokens):
        pinyin = widget.pinyin_rect(i)
        if token.is_chinese and any(token.syllables):  # not a Latin brand or slang word
            rect = widget.token_rect(i)
            assert pinyin is not None, token.text
            assert pinyin.bottom() <= rect.top() + 0.01, token.text
            assert pinyin.left() < rect.right() and rect.left() < pinyin.right(), token.text
        else:
            assert pinyin is None, token.text
    for text in ("，", "😋", "！", "[赞R]", "@小红薯", "ABC"):
        assert widget.pinyin_rect(index(doc, text)) is None
    assert widget.pinyin_text(index(doc, "银行")) == "yín háng"
    assert widget.pinyin_text(index(doc, "#上海美食[话题]#")) == "shàng hǎi měi shí"
    assert widget.displayed_text(index(doc, "#上海美食[话题]#")) == "#上海美食"
    sticker = index(doc, "[赞R]")
    assert widget.displayed_text(sticker) == ("👍" if has_emoji_font() else "赞")


def test_stickers_show_their_emoji_or_label(
    qtbot: QtBot, ui_app, doc: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    sticker = index(doc, "[赞R]")
    for available, shown in ((True, "👍"), (False, "赞")):
        monkeypatch.setattr(text_shaping, "has_emoji_font", lambda a=available: a)
        widget = make(qtbot, doc)
        assert widget.displayed_text(sticker) == shown
        assert widget.pinyin_rect(sticker) is None
        assert widget.token_rect(sticker).width() > 0


def test_the_sticker_emoji_comes_from_the_token_not_its_gloss(
    qtbot: QtBot, ui_app, annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_shaping, "has_emoji_font", lambda: True)
    document = annotator.annotate("真的值得[赞R]")
    # The gloss is display text in any wording; the widget never reads the emoji out of it.
    reworded = replace_tokens(
        document,
        lambda t: (
            t._replace(info=replace(t.info, definitions=("thumbs up",)))
            if t.kind is TokenKind.STICKER
            else t
        ),
    )
    widget = make(qtbot, reworded)
    assert widget.displayed_text(index(reworded, "[赞R]")) == "👍"


@pytest.mark.parametrize("size", [12, 22, 48])
@pytest.mark.parametrize("width", [220, 400, 900])
def test_nothing_overflows_or_overlaps(
    qtbot: QtBot, ui_app, annotator: Annotator, width: int, size: int
) -> None:
    document = annotator.annotate(POST + "\n" + LONG_SENTENCE)
    widget = make(qtbot, document, width, ReaderOptions(hanzi_size=size))
    for s in range(len(document.sentences)):
        widget.set_translation(s, "A translation long enough to wrap over several lines here.")
    widget.resize(width, widget.heightForWidth(width))
    rects: list[QRectF] = []
    for i in visible(document):
        rect = widget.token_rect(i)
        assert rect.width() > 0 and rect.height() > 0, document.tokens[i].text
        assert rect.left() >= 0 and rect.right() <= width + 0.01, document.tokens[i].text
        assert rect.bottom() <= widget.height(), document.tokens[i].text
        rects.append(rect)
        pinyin = widget.pinyin_rect(i)
        if pinyin is not None:
            assert pinyin.top() >= 0 and pinyin.right() <= width + 0.01
            rects.append(pinyin)
    for s in range(len(document.sentences)):
        translation = widget.translation_rect(s)
        if translation is not None:
            assert translation.right() <= width + 0.01 and translation.bottom() <= widget.height()
            rects.append(translation)
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            assert not overlaps(rects[a], rects[b]), (rects[a], rects[b])


def test_words_are_never_split(qtbot: QtBot, ui_app, annotator: Annotator) -> None:
    document = annotator.annotate(LONG_SENTENCE * 3)
    widget = make(qtbot, document, 260, ReaderOptions(hanzi_size=30))
    line_height = widget.token_rect(0).height()
    tops = set()
    for i, token in enumerate(document.tokens):
        if not token.is_chinese:
            continue
        rect = widget.token_rect(i)
        assert rect.height() == pytest.approx(line_height)  # one line, one rectangle
        assert rect.width() >= 30 * len(token.text) - 0.5, token.text  # every glyph inside
        tops.add(round(rect.top()))
    assert len(tops) > 3  # it did wrap


def test_sentence_blocks_and_paragraphs_start_new_lines(
    qtbot: QtBot, ui_app, annotator: Annotator
) -> None:
    document = annotator.annotate("你好。我很好。\n今天天气不错。")
    assert len(document.paragraphs) == 2 and len(document.sentences) == 3
    widget = make(qtbot, document, 900)
    margin = widget.token_rect(0).left()
    groups = sentence_tokens(document)
    for previous, current in itertools.pairwise(groups):
        first = widget.token_rect(current[0])
        assert first.left() == pytest.approx(margin)
        assert first.top() > max(widget.token_rect(i).bottom() for i in previous)

    widget.set_options(ReaderOptions(show_translation=False))
    # Sentences of one paragraph flow on one line; the next paragraph starts below.
    assert widget.token_rect(groups[1][0]).top() == pytest.approx(widget.token_rect(0).top())
    assert widget.token_rect(groups[1][0]).left() > widget.token_rect(groups[0][-1]).left()
    paragraph_two = widget.token_rect(groups[2][0])
    assert paragraph_two.left() == pytest.approx(margin)
    assert paragraph_two.top() > widget.token_rect(groups[1][-1]).bottom()
    assert all(widget.translation_rect(s) is None for s in range(3))


def test_translations_stream_in_below_their_sentence(qtbot: QtBot, ui_app, doc: Document) -> None:
    widget = make(qtbot, doc, 400)
    groups = sentence_tokens(doc)
    assert widget.translation_rect(0) is None  # pending: a placeholder only
    pending_height = widget.heightForWidth(400)

    widget.set_translation(
        0, "Hey babes, today I went to eat at a xiaolongbao place next to the bank!"
    )
    rect = widget.translation_rect(0)
    assert rect is not None
    last_bottom = max(widget.token_rect(i).bottom() for i in groups[0])
    assert rect.top() >= last_bottom
    assert widget.token_rect(groups[1][0]).top() >= rect.bottom()
    one = widget.heightForWidth(400)
    assert one > pending_height  # two wrapped lines replace a one-line placeholder

    widget.set_translation(
        0,
        "Hey babes, today I went to eat at a xiaolongbao place next to the bank!",
        "bǎo zi men = babes",
    )
    assert widget.heightForWidth(400) > one
    glossed = widget.translation_rect(0)
    assert glossed is not None and glossed.height() > rect.height()

    widget.set_translation(0, None)
    assert widget.translation_rect(0) is None
    assert widget.heightForWidth(400) == pending_height


def test_streaming_translation_grows_the_widget_in_a_scroll_area(
    qtbot: QtBot, ui_app, doc: Document
) -> None:
    area = QScrollArea()
    qtbot.addWidget(area)
    area.setWidgetResizable(True)
    widget = AnnotatedTextWidget()
    widget.set_document(doc)
    area.setWidget(widget)
    area.resize(420, 300)
    area.show()
    qtbot.waitUntil(lambda: widget.width() > 0)
    assert widget.height() >= widget.heightForWidth(widget.width())
    before = widget.height()
    for s in range(len(doc.sentences)):
        widget.set_translation(
            s, "A long English translation that certainly wraps onto two lines at this width."
        )
    qtbot.waitUntil(lambda: widget.height() > before)
    assert widget.height() == widget.heightForWidth(widget.width())


# -- pinyin options -----------------------------------------------------------------------


def test_unknown_mode_hides_pinyin_for_known_and_ignored_words(
    qtbot: QtBot, ui_app, doc: Document
) -> None:
    statuses = {"银行": WordStatus.KNOWN, "今天": WordStatus.LEARNING, "旁边": WordStatus.IGNORED}
    widget = make(qtbot, doc, options=ReaderOptions(pinyin_mode="unknown"), statuses=statuses)
    assert widget.pinyin_rect(index(doc, "银行")) is None
    assert widget.pinyin_rect(index(doc, "旁边")) is None
    assert widget.pinyin_rect(index(doc, "今天")) is not None
    assert widget.pinyin_rect(index(doc, "小笼包")) is not None  # absent means NEW

    widget.set_statuses({})
    assert widget.pinyin_rect(index(doc, "银行")) is not None
    widget.set_options(ReaderOptions(pinyin_mode="off"))
    assert all(widget.pinyin_rect(i) is None for i in range(len(doc.tokens)))


# (text, word, options, pinyin painted over the word)
SANDHI_SHOWN = [
    ("我买了一个包。", "一", ReaderOptions(), "yī"),
    ("我买了一个包。", "一", ReaderOptions(sandhi=True), "yí"),
    ("我买了一个包。", "一", ReaderOptions(sandhi=True, tone_numbers=True), "yi2"),
    ("他不是学生。", "不是", ReaderOptions(sandhi=True), "bú shì"),
    ("我一天没吃饭。", "一", ReaderOptions(sandhi=True), "yì"),
    ("他是第一名。", "第一", ReaderOptions(sandhi=True), "dì yī"),
    ("我買了一個包。", "一", ReaderOptions(sandhi=True, traditional=True), "yí"),
]


@pytest.mark.parametrize(("text", "word", "options", "shown"), SANDHI_SHOWN)
def test_sandhi_is_painted_not_stored(
    qtbot: QtBot,
    ui_app,
    annotator: Annotator,
    text: str,
    word: str,
    options: ReaderOptions,
    shown: str,
) -> None:
    document = annotator.annotate(text)
    widget = make(qtbot, document, options=options)
    i = index(document, word)
    assert widget.pinyin_text(i) == shown
    assert widget.pinyin_rect(i) is not None
    # The tokens, and the word a click looks up, keep the dictionary reading.
    assert widget.tokens()[i] is document.tokens[i]
    with qtbot.waitSignal(widget.word_activated) as activated:
        qtbot.mouseClick(
            widget, Qt.MouseButton.LeftButton, pos=widget.token_rect(i).center().toPoint()
        )
    assert activated.args[0] is document.tokens[i]


def test_turning_sandhi_on_and_off_relays_the_pinyin(
    qtbot: QtBot, ui_app, annotator: Annotator
) -> None:
    document = annotator.annotate("一个人不是")
    widget = make(qtbot, document)
    yi, bushi = index(document, "一"), index(document, "不是")
    assert (widget.pinyin_text(yi), widget.pinyin_text(bushi)) == ("yī", "bù shì")
    widget.set_options(ReaderOptions(sandhi=True))
    assert (widget.pinyin_text(yi), widget.pinyin_text(bushi)) == ("yí", "bú shì")
    widget.set_options(ReaderOptions())
    assert (widget.pinyin_text(yi), widget.pinyin_text(bushi)) == ("yī", "bù shì")


def test_tone_numbers(qtbot: QtBot, ui_app, doc: Document) -> None:
    widget = make(qtbot, doc, options=ReaderOptions(tone_numbers=True))
    assert widget.pinyin_text(index(doc, "银行")) == "yin2 hang2"
    assert widget.pinyin_text(index(doc, "宝子们")) == "bao3 zi5 men5"
    widget.set_options(ReaderOptions())
    assert widget.pinyin_text(index(doc, "银行")) == "yín háng"


def test_traditional_changes_glyphs_not_tokens(qtbot: QtBot, ui_app, doc: Document) -> None:
    widget = make(qtbot, doc)
    bank = index(doc, "银行")
    tokens = list(widget.tokens())
    before = widget.grab().toImage()
    widget.set_options(ReaderOptions(traditional=True))
    assert widget.displayed_text(bank) == "銀行"
    assert widget.displayed_text(index(doc, "小笼包")) == "小籠包"
    assert list(widget.tokens()) == tokens == doc.tokens
    assert widget.document() is doc
    assert widget.pinyin_text(bank) == "yín háng"
    rect = widget.token_rect(bank).toRect()
    after = widget.grab().toImage()
    assert after.copy(rect) != before.copy(rect)


# -- mouse and keyboard ---------------------------------------------------------------------


def centre(widget: AnnotatedTextWidget, i: int) -> QPoint:
    return widget.token_rect(i).center().toPoint()


def test_click_on_a_word_activates_it(qtbot: QtBot, ui_app, doc: Document) -> None:
    widget = make(qtbot, doc)
    bank = index(doc, "银行")
    with qtbot.waitSignal(widget.word_activated) as blocker:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=centre(widget, bank))
    token, sentence = blocker.args
    assert token is doc.tokens[bank]
    assert sentence is doc.sentences[0]
    assert widget.current_token() is doc.tokens[bank]
    with qtbot.assertNotEmitted(widget.word_activated):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=centre(widget, index(doc, "，")))


def test_arrow_keys_move_across_chinese_words(qtbot: QtBot, ui_app, annotator: Annotator) -> None:
    document = annotator.annotate("宝子们，今天去银行！" + LONG_SENTENCE)
    widget = make(qtbot, document, 300)
    words = [i for i, t in enumerate(document.tokens) if t.is_chinese]
    assert widget.current_token() is None
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert widget.current_token() is document.tokens[words[0]]
    qtbot.keyClick(widget, Qt.Key.Key_Right)  # skips the comma
    assert widget.current_token() is document.tokens[words[1]]
    qtbot.keyClick(widget, Qt.Key.Key_Left)
    assert widget.current_token() is document.tokens[words[0]]
    qtbot.keyClick(widget, Qt.Key.Key_End)
    assert widget.current_token() is document.tokens[words[-1]]
    qtbot.keyClick(widget, Qt.Key.Key_Right)  # stays on the last word
    assert widget.current_token() is document.tokens[words[-1]]
    qtbot.keyClick(widget, Qt.Key.Key_Home)
    assert widget.current_token() is document.tokens[words[0]]

    top = widget.token_rect(words[0]).top()
    qtbot.keyClick(widget, Qt.Key.Key_Down)
    below = widget.current_token()
    assert below is not None and below.is_chinese
    assert widget.token_rect(document.tokens.index(below)).top() > top
    qtbot.keyClick(widget, Qt.Key.Key_Up)
    assert widget.token_rect(document.tokens.index(widget.current_token())).top() == top

    with qtbot.waitSignal(widget.word_activated) as blocker:
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert blocker.args[0] is widget.current_token()


def drag(widget: AnnotatedTextWidget, start: QPoint, end: QPoint) -> None:
    """Press, move with the button held, release — as a real drag delivers them."""
    left = Qt.MouseButton.LeftButton
    none = Qt.MouseButton.NoButton
    mods = Qt.KeyboardModifier.NoModifier
    global_start = QPointF(widget.mapToGlobal(start))
    global_end = QPointF(widget.mapToGlobal(end))
    events = [
        (QEvent.Type.MouseButtonPress, QPointF(start), global_start, left, left),
        (QEvent.Type.MouseMove, QPointF(end), global_end, none, left),
        (QEvent.Type.MouseButtonRelease, QPointF(end), global_end, left, none),
    ]
    for kind, pos, global_pos, button, buttons in events:
        QApplication.sendEvent(widget, QMouseEvent(kind, pos, global_pos, button, buttons, mods))


def test_drag_selects_original_text_and_copies(qtbot: QtBot, ui_app, doc: Document) -> None:
    widget = make(qtbot, doc)
    first, last = index(doc, "今天"), index(doc, "小笼包")
    with (
        qtbot.waitSignal(widget.selection_changed) as changed,
        qtbot.assertNotEmitted(widget.word_activated),
    ):
        drag(widget, centre(widget, first), centre(widget, last))
    expected = doc.text[doc.tokens[first].start : doc.tokens[last].end]
    assert expected == "今天去银行旁边吃了一家小笼包"
    assert widget.selected_text() == expected
    assert changed.args == [expected]

    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    qtbot.keyClick(widget, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == expected
    clipboard.clear()
    widget.copy_action.trigger()
    assert clipboard.text() == expected
    assert widget.copy_action.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Copy))

    with qtbot.waitSignal(widget.selection_changed) as cleared:  # a click clears it
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=centre(widget, first))
    assert cleared.args == [""] and widget.selected_text() == ""


def test_hover_reports_words(qtbot: QtBot, ui_app, doc: Document) -> None:
    widget = make(qtbot, doc)
    bank = index(doc, "银行")
    with qtbot.waitSignal(widget.word_hovered) as hovered:
        qtbot.mouseMove(widget, centre(widget, bank))
    assert hovered.args == [doc.tokens[bank]]
    assert widget.cursor().shape() == Qt.CursorShape.PointingHandCursor
    with qtbot.waitSignal(widget.word_hovered) as left:
        qtbot.mouseMove(widget, QPoint(widget.width() - 2, widget.height() - 2))
    assert left.args == [None]


# -- painting -----------------------------------------------------------------------------


def luminance(color: QColor) -> float:
    return 0.299 * color.red() + 0.587 * color.green() + 0.114 * color.blue()


def ink(image: QImage, rect: QRectF, background: QColor, min_contrast: float = 100) -> int:
    """Pixels inside rect far (in luminance) from the background colour."""
    base = luminance(background)
    r = rect.toRect()
    count = 0
    for y in range(r.top(), r.bottom()):
        for x in range(r.left(), r.right()):
            if abs(luminance(image.pixelColor(x, y)) - base) > min_contrast:
                count += 1
    return count


@pytest.mark.parametrize("palette", [theme.LIGHT, theme.DARK], ids=["light", "dark"])
def test_characters_are_painted(qtbot: QtBot, ui_app, doc: Document, palette: theme.Theme) -> None:
    bank = index(doc, "银行")
    widget = make(qtbot, doc, statuses={"银行": WordStatus.KNOWN})
    widget.set_theme(palette)
    image = widget.grab().toImage()
    assert not image.isNull() and image.width() == widget.width()
    surface = QColor(palette.surface)
    assert image.pixelColor(widget.width() - 2, widget.height() - 2) == surface
    rect = widget.token_rect(bank)
    assert ink(image, rect, surface) > 40  # glyph strokes, not tofu-free blankness
    gap = QRectF(rect.right() + 0.5, rect.top(), 1, rect.height())  # before 旁边's box
    assert ink(image, gap, surface) == 0


def test_status_backgrounds(qtbot: QtBot, ui_app, doc: Document) -> None:
    statuses = {"银行": WordStatus.KNOWN, "今天": WordStatus.LEARNING}
    widget = make(qtbot, doc, statuses=statuses)

    def corner(text: str) -> QColor:
        rect = widget.token_rect(index(doc, text))
        image = widget.grab().toImage()
        return image.pixelColor(int(rect.center().x()), int(rect.top()) + 2)

    assert corner("银行") == QColor(theme.LIGHT.surface)
    assert corner("今天") == QColor(theme.LIGHT.learning_bg)
    assert corner("小笼包") == QColor(theme.LIGHT.unknown_bg)
    widget.set_statuses({"小笼包": WordStatus.KNOWN})
    assert corner("小笼包") == QColor(theme.LIGHT.surface)
    assert corner("银行") == QColor(theme.LIGHT.unknown_bg)


def test_empty_and_replaced_documents(
    qtbot: QtBot, ui_app, annotator: Annotator, doc: Document
) -> None:
    widget = make(qtbot, annotator.annotate(""))
    assert widget.heightForWidth(400) > 0
    assert widget.current_token() is None and widget.selected_text() == ""
    widget.grab()
    widget.set_document(doc)
    widget.select_token(index(doc, "银行"))
    assert widget.current_token() is doc.tokens[index(doc, "银行")]
    widget.set_document(annotator.annotate("你好"))
    assert widget.current_token() is None
    assert widget.accessibleName() == "Post text"
    assert widget.sizePolicy().hasHeightForWidth()


def test_click_on_a_topic_looks_up_the_word_under_the_pointer(
    qtbot: QtBot, ui_app, doc: Document
) -> None:
    """#上海美食[话题]# stays one chip; a click on 美食 looks up 美食, on 上海 上海."""
    widget = make(qtbot, doc)
    topic = next(i for i, t in enumerate(doc.tokens) if t.kind is TokenKind.TOPIC)
    rect = widget.token_rect(topic)
    found = []
    for fraction in (0.35, 0.85):  # over 上海, then over 美食 (the chip shows "#上海美食")
        point = QPoint(int(rect.left() + rect.width() * fraction), int(rect.center().y()))
        with qtbot.waitSignal(widget.word_activated) as blocker:
            qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)
        found.append(blocker.args[0].text)
    assert found == ["上海", "美食"]
