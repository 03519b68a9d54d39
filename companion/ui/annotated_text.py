"""The reading surface: a custom-painted widget showing a Document with pinyin over every word,
tone colours, word-status highlights, selection and a translation under every sentence.

Qt's rich text has no ruby annotations, so the widget typesets the text itself in two stages:

1. *Shaping* (width-independent, cached per token text): every token becomes a ``_Shape`` — its
   display text (optionally traditional), its width and, for Chinese words, one cell per
   character whose width is ``max(hanzi, pinyin)`` so a syllable never overlaps its neighbour.
2. *Line breaking* (per widget width, cached for a few widths): shapes are placed on lines inside
   blocks (a sentence plus its translation, or a whole paragraph when translations are off).
   Blocks are stacked by prefix sums, so a streamed-in translation only re-measures one block.

Painting walks only the blocks and lines that intersect the exposed rectangle.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFocusEvent,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QApplication, QScrollArea, QSizePolicy, QToolTip, QWidget

from companion.language.annotate import Document, Sentence, Token, TokenKind
from companion.language.pinyin import tone_marks
from companion.language.sandhi import tokens_with_sandhi
from companion.language.script import to_traditional
from companion.store.models import WordStatus
from companion.ui import theme as themes
from companion.ui.fonts import load_fonts
from companion.ui.gloss_line import GlossLayout, caps_font, layout_gloss, paint_gloss, tooltip_for
from companion.ui.labels import plain_tooltip

__all__ = ["AnnotatedTextWidget", "ReaderOptions"]


@dataclass(frozen=True)
class ReaderOptions:
    """How the reader shows a post; every widget option in one immutable value."""

    pinyin_mode: Literal["all", "unknown", "off"] = "all"
    """'unknown': pinyin only over words whose status is NEW or LEARNING."""
    tone_numbers: bool = False
    """Pinyin as 'yin2 hang2' instead of 'yín háng'."""
    tone_colors: Literal["pleco", "alt", "off"] = "pleco"
    show_translation: bool = True
    hanzi_size: float = 22.0
    """Pixel size of the Chinese characters; pinyin is ~45% of it, translations ~60%."""
    traditional: bool = False
    """Display characters converted with OpenCC s2t; tokens and offsets are unchanged."""
    sandhi: bool = False
    """Pinyin as spoken, with the tone changes of 一 and 不 (yí gè, bú shì); the tokens keep
    their dictionary reading, which is what the learner saves and exports."""


# -- shaping ----------------------------------------------------------------------------------

# Shape styles.
_SPACE, _WORD, _TOPIC, _PLAIN, _LINK, _LABEL, _EMOJI = range(7)
_OPENING = frozenset("([{（［｛「『《〈“‘【〔")
_CLOSING_KINDS = (TokenKind.PUNCTUATION,)


@dataclass(frozen=True, slots=True)
class _Cell:
    """A run of glyphs inside a token, with the pinyin syllable centred over it (if any)."""

    x: float
    glyphs: str
    pinyin: str = ""
    pinyin_x: float = 0.0
    tone: int = 4  # index into a tone palette: 0-3 tones 1-4, 4 neutral


@dataclass(frozen=True, slots=True)
class _Shape:
    """A token measured for display: style, natural width, display text and glyph cells."""

    style: int
    width: float
    text: str = ""
    cells: tuple[_Cell, ...] = ()
    newline: bool = False
    gap_before: bool = True
    gap_after: bool = True
    has_pinyin: bool = False
    min_width: float = 0.0  # closing punctuation may shed its trailing blank at a line end


def _font(family: str, pixels: int, *, italic: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(1, pixels))
    font.setItalic(italic)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


_tone_marks = cache(tone_marks)  # 'yin2' -> 'yín'; there are only ~1,500 syllables


def _tone_index(syllable: str) -> int:
    last = syllable[-1:] if syllable else ""
    return int(last) - 1 if last in ("1", "2", "3", "4") else 4


def _sticker_emoji(token: Token) -> str:
    """The emoji of a sticker token ('' if we know none for it)."""
    sticker = token.info.sticker
    return sticker.emoji if sticker is not None else ""


@cache
def _has_emoji_font() -> bool:
    """Whether the system has a colour emoji font (without one, stickers show their label)."""
    return any("emoji" in family.lower() for family in QFontDatabase.families())


def _sticker_label(text: str) -> str:
    """'[笑哭R]' -> '笑哭', '[赞]' -> '赞'."""
    label = text.strip("[]")
    return label[:-1] if label.endswith("R") and len(label) > 1 else label


def _topic_display(text: str) -> str:
    """'#上海美食[话题]#' -> '#上海美食'; '#探店#' -> '#探店'; a prefix of the token text."""
    cut = text.find("[话题]")
    if cut > 0:
        return text[:cut]
    if len(text) > 1 and text.endswith("#"):
        return text[:-1]
    return text


class _Typesetter:
    """Fonts, vertical metrics and shape caches for one set of ReaderOptions."""

    def __init__(self, options: ReaderOptions) -> None:
        family = load_fonts()
        h = max(8, round(options.hanzi_size))
        p = max(9, round(h * 0.45))
        self.options = options
        self.size = h
        self.hanzi = _font(family, h)
        self.pinyin = _font(family, p)
        self.translation = _font(family, max(11, round(h * 0.6)), italic=True)
        self.gloss = _font(family, max(10, round(h * 0.5)))
        self.gloss_caps = caps_font(self.gloss)
        self._gloss_layouts: dict[tuple[str, int], GlossLayout] = {}
        self.label = _font(family, max(9, round(h * 0.6)))
        self.hfm = QFontMetricsF(self.hanzi)
        self.pfm = QFontMetricsF(self.pinyin)
        self.tfm = QFontMetricsF(self.translation)
        self.gfm = QFontMetricsF(self.gloss)
        self.lfm = QFontMetricsF(self.label)

        # The character box: CJK ink plus a little padding; backgrounds fill exactly this box.
        cjk = self.hfm.tightBoundingRect("国鬱")
        pad = max(2.0, 0.12 * h)
        self.box_ascent = -cjk.top() + pad  # baseline offset from the box top
        self.box_h = self.box_ascent + cjk.bottom() + pad
        # Pinyin band: tone marks over tall letters down to descenders, then a small gap.
        if options.pinyin_mode == "off":
            self.band = 0.0
            self.pinyin_ascent = 0.0
        else:
            top = self.pfm.tightBoundingRect("ǘǚǜǎÁlhd").top()
            bottom = self.pfm.tightBoundingRect("gjpqy").bottom()
            self.pinyin_ascent = -top + 1.0
            self.band = self.pinyin_ascent + bottom + max(1.0, 0.14 * h)
        self.line_h = self.band + self.box_h
        self.line_gap = max(4.0, 0.3 * h)
        self.margin = 10.0
        self.word_gap = max(2.0, round(0.16 * h))
        self.space_gap = max(4.0, round(0.3 * h))
        self.syllable_pad = max(3.0, 0.45 * p)
        self.chip_pad = max(4.0, round(0.28 * h))
        self.radius = max(3.0, 0.2 * h)
        self.translation_gap = max(3.0, 0.2 * h)
        self.gloss_gap = max(1.0, 0.08 * h)
        self.block_gap = max(8.0, 0.7 * h)
        self.paragraph_gap = max(12.0, 1.0 * h)
        self.placeholder_h = self.tfm.height()

        self._hanzi_w: dict[str, float] = {}
        self._pinyin_w: dict[str, float] = {}
        self._shapes: dict[tuple[Any, ...], _Shape] = {}
        self._wrap: dict[tuple[str, int, bool], float] = {}

    # -- measurement caches -------------------------------------------------------------

    def hanzi_w(self, text: str) -> float:
        width = self._hanzi_w.get(text)
        if width is None:
            width = self._hanzi_w[text] = self.hfm.horizontalAdvance(text)
        return width

    def pinyin_w(self, text: str) -> float:
        width = self._pinyin_w.get(text)
        if width is None:
            width = self._pinyin_w[text] = self.pfm.horizontalAdvance(text)
        return width

    def wrapped_height(self, text: str, width: float, *, gloss: bool = False) -> float:
        """Height of text word-wrapped to width in the translation (or gloss) font."""
        key = (text, int(width), gloss)
        height = self._wrap.get(key)
        if height is None:
            fm = self.gfm if gloss else self.tfm
            rect = fm.boundingRect(QRectF(0, 0, int(width), 1e7), _WRAP_FLAGS, text)
            height = self._wrap[key] = max(rect.height(), fm.height())
        return height

    def gloss_layout(self, gloss: str, width: float) -> GlossLayout:
        """The gloss line laid out to width: labels in small caps, pieces with their rects."""
        key = (gloss, int(width))
        found = self._gloss_layouts.get(key)
        if found is None:
            if len(self._gloss_layouts) > 4096:
                self._gloss_layouts.clear()
            found = self._gloss_layouts[key] = layout_gloss(
                gloss, int(width), self.gloss, self.gloss_caps
            )
        return found

    # -- shapes -------------------------------------------------------------------------

    def shape(self, token: Token, show_pinyin: bool) -> _Shape:
        key = (token.text, token.kind, token.info.syllables, show_pinyin)
        found = self._shapes.get(key)
        if found is None:
            found = self._shapes[key] = self._make_shape(token, show_pinyin)
        return found

    def _display(self, text: str) -> str:
        return to_traditional(text) if self.options.traditional else text

    def _make_shape(self, token: Token, show_pinyin: bool) -> _Shape:
        kind = token.kind
        text = token.text
        if kind is TokenKind.SPACE:
            return _Shape(_SPACE, self.space_gap, newline="\n" in text)
        if token.is_chinese:
            style = _TOPIC if kind is TokenKind.TOPIC else _WORD
            shown = _topic_display(text) if style == _TOPIC else text
            return self._chinese_shape(token, self._display(shown), style, show_pinyin)
        if kind is TokenKind.STICKER:
            emoji = _sticker_emoji(token)
            if emoji and _has_emoji_font():
                return _Shape(_EMOJI, self.hanzi_w(emoji), emoji, (_Cell(0.0, emoji),))
            label = self._display(_sticker_label(text))
            width = self.lfm.horizontalAdvance(label) + 2 * self.chip_pad * 0.7
            return _Shape(_LABEL, width, label, (_Cell(self.chip_pad * 0.7, label),))
        if kind is TokenKind.TOPIC:  # a topic without Chinese: still a chip
            shown = _topic_display(text)
            width = self.hanzi_w(shown) + 2 * self.chip_pad
            return _Shape(_TOPIC, width, shown, (_Cell(self.chip_pad, shown),))
        display = self._display(text)
        style = {
            TokenKind.URL: _LINK,
            TokenKind.MENTION: _LINK,
            TokenKind.EMOJI: _EMOJI,
        }.get(kind, _PLAIN)
        gap_before = gap_after = True
        width = self.hanzi_w(display)
        min_width = 0.0
        if kind in _CLOSING_KINDS:
            opening = display[:1] in _OPENING
            gap_before, gap_after = opening, not opening
            if not opening:
                ink = self.hfm.tightBoundingRect(display).right() + 1.0
                min_width = min(width, max(ink, 1.0))
        cell = _Cell(0.0, display)
        return _Shape(
            style, width, display, (cell,), False, gap_before, gap_after, min_width=min_width
        )

    def _chinese_shape(self, token: Token, display: str, style: int, show_pinyin: bool) -> _Shape:
        pad = self.chip_pad if style == _TOPIC else 0.0
        if not show_pinyin:
            width = self.hanzi_w(display) + 2 * pad
            return _Shape(style, width, display, (_Cell(pad, display),))
        syllables = token.syllables
        voiced = [s for s in syllables if s]
        if self.options.tone_numbers:
            readings = [s.replace("u:", "ü").replace("v", "ü") for s in voiced]
        else:  # what token.pinyin spells, one syllable at a time, memoised
            readings = [_tone_marks(s) for s in voiced]
        cells: list[_Cell] = []
        x = pad
        run = ""
        reading = iter(zip(voiced, readings, strict=True))
        for i, char in enumerate(display):
            syllable = syllables[i] if i < len(syllables) else ""
            if not syllable:
                run += char
                continue
            if run:
                cells.append(_Cell(x, run))
                x += self.hanzi_w(run)
                run = ""
            numbered, shown = next(reading)
            glyph_w = self.hanzi_w(char)
            pinyin_w = self.pinyin_w(shown)
            cell_w = max(glyph_w, pinyin_w + self.syllable_pad)
            cells.append(
                _Cell(
                    x + (cell_w - glyph_w) / 2,
                    char,
                    shown,
                    x + (cell_w - pinyin_w) / 2,
                    _tone_index(numbered),
                )
            )
            x += cell_w
        if run:
            cells.append(_Cell(x, run))
            x += self.hanzi_w(run)
        # Latin slang and brands (yyds, Dior) are words without syllables: no pinyin band.
        return _Shape(style, x + pad, display, tuple(cells), has_pinyin=bool(voiced))


_WRAP_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
    Qt.TextFlag.TextWordWrap
)


# -- line breaking ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """A sentence (with its translation) or, without translations, a whole paragraph."""

    first_token: int
    end_token: int
    sentence: int  # sentence index in block mode, -1 in inline mode
    new_paragraph: bool
    first_line: int = 0
    end_line: int = 0
    tokens_h: float = 0.0
    translation: str | None = None
    gloss: str | None = None
    placeholder: bool = False
    translation_h: float = 0.0
    gloss_h: float = 0.0
    height: float = 0.0


@dataclass(slots=True)
class _Layout:
    """Positions for one widget width; block tops are prefix sums of block heights."""

    width: int
    blocks: list[_Block]
    tok_x: list[float]
    tok_w: list[float]
    tok_line: list[int]
    line_block: list[int] = field(default_factory=list)
    line_rel: list[float] = field(default_factory=list)
    line_first: list[int] = field(default_factory=list)
    line_end: list[int] = field(default_factory=list)
    block_top: list[float] = field(default_factory=list)
    height: float = 0.0
    elided: dict[int, str] = field(default_factory=dict)
    scale: dict[int, float] = field(default_factory=dict)

    def line_top(self, line: int) -> float:
        return self.block_top[self.line_block[line]] + self.line_rel[line]


# -- the widget -------------------------------------------------------------------------------


class AnnotatedTextWidget(QWidget):
    """A Document with pinyin above each word and a translation below each sentence."""

    word_activated = Signal(object, object)  # (Token, Sentence): click or Enter on a word
    word_hovered = Signal(object)  # Token or None
    selection_changed = Signal(str)  # selected text, original characters

    _LAYOUT_CACHE = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Post text")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

        self._options = ReaderOptions()
        self._theme = themes.current()
        self._colors: dict[str, QColor] = {}
        self._set_colors()
        self._ts = _Typesetter(self._options)
        self._document: Document | None = None
        self._tokens: list[Token] = []
        self._sentences: list[Sentence] = []
        self._token_sentence: list[int] = []
        self._sentence_range: list[tuple[int, int]] = []
        self._paragraph_of_sentence: list[int] = []
        self._chinese: list[int] = []
        self._statuses: dict[str, WordStatus] = {}
        self._translations: dict[int, tuple[str | None, str | None]] = {}
        self._shapes: list[_Shape] = []
        self._blocks_spec: list[_Block] = []
        self._sentence_block: list[int] = []
        self._layouts: OrderedDict[int, _Layout] = OrderedDict()

        self._current: int | None = None
        self._hover: int | None = None
        self._selection: tuple[int, int] | None = None  # (anchor, end) token indices
        self._press_pos: QPointF | None = None
        self._press_token: int | None = None
        self._dragging = False

        self.copy_action = QAction("Copy", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy)
        self.addAction(self.copy_action)

    # -- public API ---------------------------------------------------------------------

    def set_document(
        self, document: Document, statuses: Mapping[str, WordStatus] | None = None
    ) -> None:
        """Show a ready-made Document (never segmented here); statuses map word text → status
        (None keeps the current ones). Sentences that carry a translation show it at once."""
        had_selection = bool(self.selected_text())
        self._document = document
        self._sentences = document.sentences
        self._tokens = []
        self._token_sentence = []
        self._sentence_range = []
        self._paragraph_of_sentence = []
        for p_index, paragraph in enumerate(document.paragraphs):
            for sentence in paragraph.sentences:
                s_index = len(self._sentence_range)
                first = len(self._tokens)
                self._tokens.extend(sentence.tokens)
                self._token_sentence.extend([s_index] * len(sentence.tokens))
                self._sentence_range.append((first, len(self._tokens)))
                self._paragraph_of_sentence.append(p_index)
        self._chinese = [i for i, t in enumerate(self._tokens) if t.is_chinese]
        self._translations = {
            i: (s.translation, None) for i, s in enumerate(self._sentences) if s.translation
        }
        if statuses is not None:
            self._statuses = dict(statuses)
        self._current = self._hover = self._selection = None
        self._press_pos = self._press_token = None
        self._dragging = False
        self._rebuild(shapes=True, blocks=True)
        if had_selection:
            self.selection_changed.emit("")

    def document(self) -> Document | None:
        return self._document

    def set_translation(
        self, sentence_index: int, translation: str | None, gloss: str | None = None
    ) -> None:
        """Set (or clear, with None) one sentence's translation; re-measures only its block."""
        if not 0 <= sentence_index < len(self._sentences):
            raise IndexError(f"sentence index {sentence_index} out of range")
        value = (translation or None, gloss or None)
        if self._translations.get(sentence_index, (None, None)) == value:
            return
        if value == (None, None):
            self._translations.pop(sentence_index, None)
        else:
            self._translations[sentence_index] = value
        if self._options.show_translation:
            block = self._sentence_block[sentence_index]
            self._apply_translation(self._blocks_spec[block])
            for layout in self._layouts.values():
                self._measure_translation(layout, block)
                self._stack(layout)
            self.updateGeometry()
            self.update()

    def set_statuses(self, statuses: Mapping[str, WordStatus]) -> None:
        """Word text → status; words absent are NEW."""
        self._statuses = dict(statuses)
        if self._options.pinyin_mode == "unknown":
            self._rebuild(shapes=True)
        else:
            self.update()

    def set_options(self, options: ReaderOptions) -> None:
        old = self._options
        if options == old:
            return
        self._options = options
        fonts = (
            options.hanzi_size != old.hanzi_size
            or options.tone_numbers != old.tone_numbers
            or options.traditional != old.traditional
            or (options.pinyin_mode == "off") != (old.pinyin_mode == "off")
        )
        if fonts:
            self._ts = _Typesetter(options)
        else:
            self._ts.options = options
        shapes = fonts or options.pinyin_mode != old.pinyin_mode or options.sandhi != old.sandhi
        blocks = options.show_translation != old.show_translation
        if shapes or blocks:
            self._rebuild(shapes=shapes, blocks=blocks)
        else:
            self.update()

    def options(self) -> ReaderOptions:
        return self._options

    def set_theme(self, theme: themes.Theme) -> None:
        self._theme = theme
        self._set_colors()
        self.update()

    def current_token(self) -> Token | None:
        """The keyboard focus word."""
        return self._tokens[self._current] if self._current is not None else None

    def current_index(self) -> int | None:
        return self._current

    def select_token(self, token_index: int) -> None:
        """Make a token the keyboard focus word and scroll it into view."""
        if not 0 <= token_index < len(self._tokens):
            raise IndexError(f"token index {token_index} out of range")
        self._set_current(token_index)

    def token_rect(self, token_index: int) -> QRectF:
        """Where a token's characters are painted (the character box), in widget coordinates."""
        layout = self._layout()
        if not layout.line_block or not 0 <= token_index < len(self._tokens):
            return QRectF()
        line = min(layout.tok_line[token_index], len(layout.line_block) - 1)
        top = layout.line_top(line) + self._ts.band
        x, w = layout.tok_x[token_index], layout.tok_w[token_index]
        return self._box(layout, token_index, x, w, top)

    def pinyin_rect(self, token_index: int) -> QRectF | None:
        """Where a token's pinyin is painted, or None if it shows none."""
        if not 0 <= token_index < len(self._tokens) or not self._shapes:
            return None
        if not self._shapes[token_index].has_pinyin:
            return None
        layout = self._layout()
        line = layout.tok_line[token_index]
        ts = self._ts
        scale = layout.scale.get(token_index, 1.0)
        x, w = layout.tok_x[token_index], layout.tok_w[token_index]
        top = layout.line_top(line)
        if scale != 1.0:  # shrunk around the middle of the character box
            mid = top + ts.band + ts.box_h / 2
            return QRectF(x, mid - (mid - top) * scale, w, ts.band * scale)
        return QRectF(x, top, w, ts.band)

    def pinyin_text(self, token_index: int) -> str | None:
        """The pinyin shown over a token ('yín háng' or 'yin2 hang2'), None if none is shown."""
        if not 0 <= token_index < len(self._shapes) or not self._shapes[token_index].has_pinyin:
            return None
        return " ".join(c.pinyin for c in self._shapes[token_index].cells if c.pinyin)

    def displayed_text(self, token_index: int) -> str:
        """The characters painted for a token: traditional, a topic's '#name', a sticker's emoji."""
        shape = self._shapes[token_index]
        return "" if shape.style == _SPACE else "".join(c.glyphs for c in shape.cells)

    def translation_rect(self, sentence_index: int) -> QRectF | None:
        """Where a sentence's translation (and gloss) is painted; None if none is shown."""
        if not self._options.show_translation or not 0 <= sentence_index < len(self._sentences):
            return None
        layout = self._layout()
        block = layout.blocks[self._sentence_block[sentence_index]]
        if block.translation is None and block.gloss is None:
            return None
        top = layout.block_top[self._sentence_block[sentence_index]] + self._translation_top(block)
        ts = self._ts
        height = block.translation_h + (ts.gloss_gap + block.gloss_h if block.gloss_h else 0.0)
        return QRectF(ts.margin, top, self._avail(layout.width), height)

    def selected_text(self) -> str:
        if self._selection is None or self._document is None:
            return ""
        a, b = sorted(self._selection)
        return self._document.text[self._tokens[a].start : self._tokens[b].end].strip()

    def clear_selection(self) -> None:
        if self._selection is not None:
            self._selection = None
            self.update()
            self.selection_changed.emit("")

    def copy(self) -> None:
        """Copy the selection (original characters) to the clipboard."""
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    # -- size hints ---------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self._layout(width if width > 0 else 640)
        return int(layout.height + 0.999)

    def sizeHint(self) -> QSize:
        return QSize(640, self.heightForWidth(640))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, int(self._ts.line_h + 2 * self._ts.margin))

    # -- building -----------------------------------------------------------------------

    def _set_colors(self) -> None:
        t = self._theme
        names = (
            "surface text text_muted accent accent_text unknown_bg learning_bg hover_bg "
            "selection_bg translation border surface_alt"
        )
        self._colors = {name: QColor(getattr(t, name)) for name in names.split()}
        chip = QColor(t.accent)
        chip.setAlphaF(0.10)
        self._colors["chip"] = chip
        placeholder = QColor(t.text_muted)
        placeholder.setAlphaF(0.55)
        self._colors["placeholder"] = placeholder
        self._tone_palettes = {
            "pleco": [QColor(c) for c in t.tones],
            "alt": [QColor(c) for c in t.tones_alt],
            "off": [QColor(t.text_muted)] * 5,
        }

    def _shows_pinyin(self, token: Token) -> bool:
        mode = self._options.pinyin_mode
        if mode == "off" or not token.is_chinese:
            return False
        if mode == "unknown":
            status = self._statuses.get(token.text, WordStatus.NEW)
            return status in (WordStatus.NEW, WordStatus.LEARNING)
        return True

    def _rebuild(self, *, shapes: bool = False, blocks: bool = False) -> None:
        if shapes:
            shape = self._ts.shape
            show = self._shows_pinyin
            shown = self._spoken_tokens() if self._options.sandhi else self._tokens
            self._shapes = [shape(s, show(t)) for s, t in zip(shown, self._tokens, strict=True)]
        if blocks:
            self._build_blocks()
        self._layouts.clear()
        self.updateGeometry()
        self.update()

    def _spoken_tokens(self) -> list[Token]:
        """The tokens as painted with sandhi on: spoken syllables, sentence by sentence."""
        tokens = self._tokens
        spoken: list[Token] = []
        for a, b in self._sentence_range:
            spoken.extend(tokens_with_sandhi(tokens[a:b]))
        return spoken

    def _build_blocks(self) -> None:
        specs: list[_Block] = []
        self._sentence_block = []
        if self._options.show_translation:
            last_paragraph = -1
            for s_index, (a, b) in enumerate(self._sentence_range):
                paragraph = self._paragraph_of_sentence[s_index]
                self._sentence_block.append(len(specs))
                block = _Block(a, b, s_index, paragraph != last_paragraph)
                self._apply_translation(block)
                specs.append(block)
                last_paragraph = paragraph
        else:
            by_paragraph: dict[int, list[int]] = {}
            for s_index, paragraph in enumerate(self._paragraph_of_sentence):
                by_paragraph.setdefault(paragraph, []).append(s_index)
                self._sentence_block.append(len(by_paragraph) - 1)
            for members in by_paragraph.values():
                a = self._sentence_range[members[0]][0]
                b = self._sentence_range[members[-1]][1]
                specs.append(_Block(a, b, -1, True))
        self._blocks_spec = specs

    def _apply_translation(self, block: _Block) -> None:
        translation, gloss = self._translations.get(block.sentence, (None, None))
        block.translation, block.gloss = translation, gloss
        block.placeholder = (
            translation is None
            and gloss is None
            and any(self._tokens[i].is_chinese for i in range(block.first_token, block.end_token))
        )

    def _avail(self, width: int) -> float:
        return max(40.0, width - 2 * self._ts.margin)

    def _layout(self, width: int | None = None) -> _Layout:
        width = int(self.width() if width is None else width)
        layout = self._layouts.get(width)
        if layout is None:
            layout = self._layouts[width] = self._break_lines(width)
            while len(self._layouts) > self._LAYOUT_CACHE:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(width)
        return layout

    def _break_lines(self, width: int) -> _Layout:
        """Place every shape on lines of at most width - 2·margin; words never split."""
        ts = self._ts
        shapes = self._shapes
        n = len(shapes)
        avail = self._avail(width)
        step = ts.line_h + ts.line_gap
        blocks = [
            _Block(s.first_token, s.end_token, s.sentence, s.new_paragraph)
            for s in self._blocks_spec
        ]
        layout = _Layout(width, blocks, [ts.margin] * n, [0.0] * n, [0] * n)
        tok_x, tok_w, tok_line = layout.tok_x, layout.tok_w, layout.tok_line
        line_block, line_rel = layout.line_block, layout.line_rel
        line_first, line_end = layout.line_first, layout.line_end
        word_gap = ts.word_gap
        margin = ts.margin

        for b_index, block in enumerate(blocks):
            block.first_line = len(line_first)
            rel = 0.0
            x = 0.0
            start = block.first_token
            last: _Shape | None = None  # the last visible shape on the current line
            last_index = -1
            pending = 0.0
            line = len(line_first)
            for i in range(block.first_token, block.end_token):
                shape = shapes[i]
                tok_line[i] = line
                if shape.style == _SPACE:
                    tok_x[i] = margin + x
                    if last is None:
                        continue
                    if shape.newline:
                        line_block.append(b_index)
                        line_rel.append(rel)
                        line_first.append(start)
                        line_end.append(i + 1)
                        rel += step
                        line += 1
                        start, x, last, pending = i + 1, 0.0, None, 0.0
                    else:
                        pending = max(pending, shape.width)
                    continue
                w = shape.width
                if last is None:
                    gap = 0.0
                elif pending:
                    gap = pending
                else:
                    gap = word_gap if (last.gap_after and shape.gap_before) else 0.0
                if (
                    shape.min_width
                    and last is not None
                    and x + gap + w > avail >= (x + gap + shape.min_width)
                ):
                    w = avail - x - gap  # hang the punctuation mark in its own blank
                elif last is not None and x + gap + w > avail:
                    # Break; keep a closing punctuation mark with the word before it.
                    carry = (
                        not shape.gap_before
                        and not pending
                        and last_index > start
                        and shapes[last_index].style != _SPACE
                        and tok_x[last_index] > margin
                        and tok_w[last_index] + w <= avail
                    )
                    cut = last_index if carry else i
                    line_block.append(b_index)
                    line_rel.append(rel)
                    line_first.append(start)
                    line_end.append(cut)
                    rel += step
                    line += 1
                    start, x, pending = cut, 0.0, 0.0
                    if carry:
                        tok_x[last_index] = margin
                        tok_line[last_index] = line
                        x = tok_w[last_index]
                        gap = 0.0
                    else:
                        last, gap = None, 0.0
                if w > avail:
                    w = self._squeeze(layout, i, shape, avail)
                tok_x[i] = margin + x + gap
                tok_w[i] = w
                tok_line[i] = line
                x += gap + w
                last, last_index, pending = shape, i, 0.0
            if last is not None:
                line_block.append(b_index)
                line_rel.append(rel)
                line_first.append(start)
                line_end.append(block.end_token)
                rel += step
            elif line_first and line_block[-1] == b_index:
                line_end[-1] = block.end_token  # trailing spaces belong to the last line
            for i in range(block.first_token, block.end_token):  # spaces after the last line
                if tok_line[i] >= len(line_first):
                    tok_line[i] = max(0, len(line_first) - 1)
            block.end_line = len(line_first)
            lines = block.end_line - block.first_line
            block.tokens_h = lines * ts.line_h + max(0, lines - 1) * ts.line_gap
            self._measure_translation(layout, b_index)
        self._stack(layout)
        return layout

    def _squeeze(self, layout: _Layout, index: int, shape: _Shape, avail: float) -> float:
        """A token wider than the line: Chinese shrinks to fit, anything else is elided."""
        if shape.style in (_WORD, _TOPIC, _LABEL):
            layout.scale[index] = avail / shape.width
            return avail
        mode = Qt.TextElideMode.ElideMiddle if shape.style == _LINK else Qt.TextElideMode.ElideRight
        elided = self._ts.hfm.elidedText(shape.text, mode, avail)
        layout.elided[index] = elided
        return min(avail, self._ts.hanzi_w(elided))

    def _measure_translation(self, layout: _Layout, b_index: int) -> None:
        """Copy block b_index's translation from the spec and measure the block's height."""
        ts = self._ts
        block, spec = layout.blocks[b_index], self._blocks_spec[b_index]
        block.translation, block.gloss, block.placeholder = (
            spec.translation,
            spec.gloss,
            spec.placeholder,
        )
        block.translation_h = block.gloss_h = 0.0
        if block.sentence >= 0:
            avail = self._avail(layout.width)
            if block.translation:
                block.translation_h = ts.wrapped_height(block.translation, avail)
            elif block.placeholder:
                block.translation_h = ts.placeholder_h
            if block.gloss:
                block.gloss_h = ts.gloss_layout(block.gloss, avail).height
        extra = block.translation_h + (ts.gloss_gap + block.gloss_h if block.gloss_h else 0.0)
        block.height = self._translation_top(block) + extra if extra else block.tokens_h

    def _translation_top(self, block: _Block) -> float:
        return block.tokens_h + (self._ts.translation_gap if block.tokens_h else 0.0)

    def _stack(self, layout: _Layout) -> None:
        ts = self._ts
        tops = layout.block_top
        tops.clear()
        y = ts.margin
        previous_visible = False
        for block in layout.blocks:
            if block.height and previous_visible:
                y += ts.paragraph_gap if block.new_paragraph else ts.block_gap
            tops.append(y)
            if block.height:
                y += block.height
                previous_visible = True
        layout.height = y + ts.margin

    # -- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._colors["surface"])
        if not self._tokens and not self._sentences:
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        layout = self._layout()
        clip = QRectF(event.rect())
        y0, y1 = clip.top(), clip.bottom()
        tops = layout.block_top
        b = max(0, bisect.bisect_right(tops, y0) - 1)
        while b < len(layout.blocks) and tops[b] <= y1:
            block = layout.blocks[b]
            if tops[b] + block.height >= y0:
                self._paint_block(painter, layout, b, block, y0, y1)
            b += 1
        painter.end()

    def _paint_block(
        self, painter: QPainter, layout: _Layout, b: int, block: _Block, y0: float, y1: float
    ) -> None:
        ts = self._ts
        top = layout.block_top[b]
        for line in range(block.first_line, block.end_line):
            line_top = top + layout.line_rel[line]
            if line_top <= y1 and line_top + ts.line_h >= y0:
                self._paint_line(painter, layout, line, line_top)
        if block.translation_h or block.gloss_h:
            y = top + self._translation_top(block)
            avail = self._avail(layout.width)
            if y <= y1 and y + block.translation_h + block.gloss_h + ts.gloss_gap >= y0:
                self._paint_translation(painter, block, y, avail)

    def _paint_translation(self, painter: QPainter, block: _Block, y: float, avail: float) -> None:
        ts = self._ts
        painter.setFont(ts.translation)
        if block.translation:
            painter.setPen(self._colors["translation"])
            painter.drawText(
                QRectF(ts.margin, y, avail, block.translation_h + 2), _WRAP_FLAGS, block.translation
            )
        elif block.placeholder:
            painter.setPen(self._colors["placeholder"])
            painter.drawText(QRectF(ts.margin, y, avail, ts.placeholder_h), _WRAP_FLAGS, "…")
        if block.gloss:
            gy = y + block.translation_h + ts.gloss_gap
            paint_gloss(
                painter,
                ts.gloss_layout(block.gloss, avail),
                QPointF(ts.margin, gy),
                ts.gloss,
                ts.gloss_caps,
                self._colors["text_muted"],
            )

    def _paint_line(self, painter: QPainter, layout: _Layout, line: int, top: float) -> None:
        ts = self._ts
        colors = self._colors
        shapes = self._shapes
        tokens = self._tokens
        first, end = layout.line_first[line], layout.line_end[line]
        tok_x, tok_w = layout.tok_x, layout.tok_w
        box_top = top + ts.band
        baseline = box_top + ts.box_ascent
        radius = ts.radius
        painter.setPen(Qt.PenStyle.NoPen)

        # Selection: one band from the first to the last selected token of this line.
        a, z = sorted(self._selection) if self._selection is not None else (-1, -2)
        if self._selection is not None:
            lo, hi = max(a, first), min(z, end - 1)
            visible = [i for i in range(lo, hi + 1) if shapes[i].style != _SPACE]
            if visible:
                left = tok_x[visible[0]]
                right = tok_x[visible[-1]] + tok_w[visible[-1]]
                painter.setBrush(colors["selection_bg"])
                painter.drawRoundedRect(
                    QRectF(left - 1, top, right - left + 2, ts.line_h), radius / 2, radius / 2
                )

        # Backgrounds: status, hover, chips.
        statuses = self._statuses
        for i in range(first, end):
            shape = shapes[i]
            style = shape.style
            if style in (_SPACE, _PLAIN, _LINK, _EMOJI):
                continue
            rect = self._box(layout, i, tok_x[i], tok_w[i], box_top)
            color: QColor | None = None
            if i == self._hover:
                color = colors["hover_bg"]
            elif a <= i <= z:
                continue  # the selection band shows through
            elif style == _WORD:
                status = statuses.get(tokens[i].text, WordStatus.NEW)
                if status == WordStatus.NEW:
                    color = colors["unknown_bg"]
                elif status == WordStatus.LEARNING:
                    color = colors["learning_bg"]
            elif style == _TOPIC:
                color = colors["chip"]
            elif style == _LABEL:
                color = colors["surface_alt"]
            if color is not None:
                painter.setBrush(color)
                r = radius * (rect.height() / ts.box_h)
                painter.drawRoundedRect(rect, r, r)

        # Characters.
        painter.setFont(ts.hanzi)
        pen_color = None
        for i in range(first, end):
            shape = shapes[i]
            style = shape.style
            if style in (_SPACE, _LABEL):
                continue
            color = colors["accent"] if style in (_TOPIC, _LINK) else colors["text"]
            if color is not pen_color:
                painter.setPen(color)
                pen_color = color
            x = tok_x[i]
            scale = layout.scale.get(i)
            if scale is not None:
                painter.save()
                self._scale_around(painter, x, box_top, scale)
                for cell in shape.cells:
                    painter.drawText(QPointF(cell.x, ts.box_ascent), cell.glyphs)
                painter.restore()
                continue
            if i in layout.elided:
                painter.drawText(QPointF(x, baseline), layout.elided[i])
                continue
            for cell in shape.cells:
                painter.drawText(QPointF(x + cell.x, baseline), cell.glyphs)

        # Sticker labels (small chips).
        labels = [i for i in range(first, end) if shapes[i].style == _LABEL]
        if labels:
            painter.setFont(ts.label)
            painter.setPen(colors["text_muted"])
            label_base = box_top + ts.box_h / 2 + (ts.lfm.ascent() - ts.lfm.descent()) / 2
            for i in labels:
                cell = shapes[i].cells[0]
                scale = layout.scale.get(i)
                if scale is not None:
                    painter.save()
                    self._scale_around(painter, tok_x[i], box_top, scale)
                    painter.drawText(QPointF(cell.x, label_base - box_top), cell.glyphs)
                    painter.restore()
                else:
                    painter.drawText(QPointF(tok_x[i] + cell.x, label_base), cell.glyphs)

        # Pinyin, coloured by tone.
        if ts.band:
            palette = self._tone_palettes[self._options.tone_colors]
            painter.setFont(ts.pinyin)
            pinyin_base = top + ts.pinyin_ascent
            for i in range(first, end):
                shape = shapes[i]
                if not shape.has_pinyin:
                    continue
                x = tok_x[i]
                scale = layout.scale.get(i)
                if scale is not None:
                    painter.save()
                    self._scale_around(painter, x, box_top, scale)
                    x, base = 0.0, -ts.band + ts.pinyin_ascent
                else:
                    base = pinyin_base
                for cell in shape.cells:
                    if cell.pinyin:
                        painter.setPen(palette[cell.tone])
                        painter.drawText(QPointF(x + cell.pinyin_x, base), cell.pinyin)
                if scale is not None:
                    painter.restore()

        # Keyboard focus outline.
        current = self._current
        if current is not None and first <= current < end and self.hasFocus():
            rect = self._box(layout, current, tok_x[current], tok_w[current], box_top)
            pen = QPen(colors["accent"], 2.0)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), radius, radius)

    def _box(self, layout: _Layout, i: int, x: float, w: float, box_top: float) -> QRectF:
        """The painted character box of token i (shrunk if the token is scaled to fit)."""
        ts = self._ts
        scale = layout.scale.get(i)
        if scale is None:
            return QRectF(x, box_top, w, ts.box_h)
        h = ts.box_h * scale
        return QRectF(x, box_top + (ts.box_h - h) / 2, w, h)

    def _scale_around(self, painter: QPainter, x: float, box_top: float, scale: float) -> None:
        """Map token-local coordinates (origin: token left, box top) into a shrunk token."""
        ts = self._ts
        mid = ts.box_h / 2
        painter.translate(x, box_top + mid)
        painter.scale(scale, scale)
        painter.translate(0, -mid)

    # -- hit testing --------------------------------------------------------------------

    def _line_at(self, layout: _Layout, y: float, *, nearest: bool) -> int | None:
        if not layout.line_block:
            return None
        tops = layout.block_top
        b = max(0, bisect.bisect_right(tops, y) - 1)
        ts = self._ts
        # Blocks without lines (whitespace-only sentences) are skipped backwards.
        while b > 0 and layout.blocks[b].first_line == layout.blocks[b].end_line:
            b -= 1
        block = layout.blocks[b]
        if block.first_line == block.end_line:
            return 0 if nearest else None
        for line in range(block.first_line, block.end_line):
            top = tops[b] + layout.line_rel[line]
            if y < top:
                return line if nearest else None
            if y <= top + ts.line_h:
                return line
        return block.end_line - 1 if nearest else None

    def _token_at(self, pos: QPointF) -> int | None:
        """The non-space token whose column (pinyin band + characters) contains pos."""
        layout = self._layout()
        line = self._line_at(layout, pos.y(), nearest=False)
        if line is None:
            return None
        x = pos.x()
        for i in range(layout.line_first[line], layout.line_end[line]):
            if self._shapes[i].style == _SPACE or layout.tok_line[i] != line:
                continue
            if layout.tok_x[i] <= x <= layout.tok_x[i] + layout.tok_w[i]:
                return i
        return None

    def gloss_label_at(self, pos: QPointF) -> str | None:
        """The Leipzig label (CL, PASS …) of the gloss line under pos, if any."""
        layout = self._layout()
        b = bisect.bisect_right(layout.block_top, pos.y()) - 1
        if not 0 <= b < len(layout.blocks) or not layout.blocks[b].gloss:
            return None
        block = layout.blocks[b]
        ts = self._ts
        top = layout.block_top[b] + self._translation_top(block) + block.translation_h
        top += ts.gloss_gap
        gloss = ts.gloss_layout(block.gloss or "", self._avail(layout.width))
        return gloss.label_at(pos.x() - ts.margin, pos.y() - top)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            label = self.gloss_label_at(QPointF(event.pos()))
            if label is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), plain_tooltip(tooltip_for(label)), self)
            return True
        return super().event(event)

    def _nearest_token(self, pos: QPointF) -> int | None:
        """The non-space token nearest to pos (for drag selection)."""
        layout = self._layout()
        line = self._line_at(layout, pos.y(), nearest=True)
        if line is None:
            return None
        x = pos.x()
        best, best_d = None, float("inf")
        for i in range(layout.line_first[line], layout.line_end[line]):
            if self._shapes[i].style == _SPACE or layout.tok_line[i] != line:
                continue
            left, right = layout.tok_x[i], layout.tok_x[i] + layout.tok_w[i]
            d = 0.0 if left <= x <= right else min(abs(x - left), abs(x - right))
            if d < best_d:
                best, best_d = i, d
        return best

    # -- mouse --------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position()
        self._press_pos = pos
        self._press_token = self._token_at(pos)
        self._dragging = False
        self.clear_selection()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press_pos is not None and event.buttons() & Qt.MouseButton.LeftButton:
            distance = (pos - self._press_pos).manhattanLength()
            if self._dragging or distance >= QApplication.startDragDistance():
                self._drag_to(pos)
            return
        self._hover_at(pos)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            super().mouseReleaseEvent(event)
            return
        pos = event.position()
        pressed, dragging = self._press_token, self._dragging
        self._press_pos = self._press_token = None
        self._dragging = False
        clicked = not dragging and pressed is not None and self._token_at(pos) == pressed
        if clicked and pressed is not None and self._tokens[pressed].is_chinese:
            self._set_current(pressed, scroll=False)
            self._activate(pressed, pos.x())
        self._hover_at(pos)

    def _drag_to(self, pos: QPointF) -> None:
        assert self._press_pos is not None
        anchor = self._nearest_token(self._press_pos)
        end = self._nearest_token(pos)
        if anchor is None or end is None:
            return
        self._dragging = True
        before = self.selected_text()
        self._selection = (anchor, end)
        self.update()
        text = self.selected_text()
        if text != before:
            self.selection_changed.emit(text)

    def _hover_at(self, pos: QPointF) -> None:
        index = self._token_at(pos)
        if index is not None and not self._tokens[index].is_chinese:
            index = None
        if index != self._hover:
            self._hover = index
            if index is None:
                self.unsetCursor()
            else:
                self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.update()
            self.word_hovered.emit(self._tokens[index] if index is not None else None)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.unsetCursor()
            self.update()
            self.word_hovered.emit(None)
        super().leaveEvent(event)

    # -- keyboard -----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        key = event.key()
        target: int | None
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._current is not None and self._tokens[self._current].is_chinese:
                self._activate(self._current)
            return
        if key == Qt.Key.Key_Escape and self._selection is not None:
            self.clear_selection()
            return
        chinese = self._chinese
        if not chinese or key not in _NAVIGATION_KEYS:
            super().keyPressEvent(event)
            return
        current = self._current
        if key == Qt.Key.Key_Home:
            target = chinese[0]
        elif key == Qt.Key.Key_End:
            target = chinese[-1]
        elif current is None:
            target = chinese[-1] if key in (Qt.Key.Key_Left, Qt.Key.Key_Up) else chinese[0]
        elif key == Qt.Key.Key_Right:
            k = bisect.bisect_right(chinese, current)
            target = chinese[k] if k < len(chinese) else current
        elif key == Qt.Key.Key_Left:
            k = bisect.bisect_left(chinese, current) - 1
            target = chinese[k] if k >= 0 else current
        else:
            target = self._vertical(current, -1 if key == Qt.Key.Key_Up else 1)
        if target is not None:
            self._set_current(target)
        event.accept()

    def _vertical(self, current: int, direction: int) -> int | None:
        """The Chinese word on the nearest line above/below whose centre is closest."""
        layout = self._layout()
        centre = layout.tok_x[current] + layout.tok_w[current] / 2
        line = layout.tok_line[current] + direction
        while 0 <= line < len(layout.line_first):
            words = [
                i
                for i in range(layout.line_first[line], layout.line_end[line])
                if self._tokens[i].is_chinese and layout.tok_line[i] == line
            ]
            if words:
                return min(words, key=lambda i: abs(layout.tok_x[i] + layout.tok_w[i] / 2 - centre))
            line += direction
        return None

    def _set_current(self, index: int, *, scroll: bool = True) -> None:
        self._current = index
        self.update()
        if scroll:
            self._ensure_visible(self.token_rect(index))

    def _ensure_visible(self, rect: QRectF) -> None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is None or parent.widget() is None:
            return
        point = self.mapTo(parent.widget(), rect.center().toPoint())
        parent.ensureVisible(point.x(), point.y(), int(rect.width()), int(rect.height() * 2))

    def _activate(self, index: int, x: float | None = None) -> None:
        """Look up token index, or the word of a topic under x (#上海美食 → 美食)."""
        token = self._tokens[index]
        if x is not None and token.info.parts:
            token = self._part_at(index, x - self._layout().tok_x[index]) or token
        self.word_activated.emit(token, self._sentences[self._token_sentence[index]])

    def _part_at(self, index: int, dx: float) -> Token | None:
        """The inner word of topic token index under dx, measured from the token's left."""
        token = self._tokens[index]
        shape = self._shapes[index]
        offset = 0
        for cell, nxt in zip(shape.cells, (*shape.cells[1:], None), strict=True):
            if nxt is None or dx < nxt.x:
                break
            offset += len(cell.glyphs)
        at = token.start + offset
        return next((p for p in token.info.parts if p.start <= at < p.end), None)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def sentence_of(self, token_index: int) -> Sentence:
        return self._sentences[self._token_sentence[token_index]]

    def tokens(self) -> Sequence[Token]:
        """document.tokens, in the order token indices refer to."""
        return self._tokens


_NAVIGATION_KEYS = frozenset(
    (
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
    )
)
