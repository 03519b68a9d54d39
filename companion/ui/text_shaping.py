"""Shaping for the reader: fonts and Qt font metrics turn each token into a ``Shape``.

Shapes are width-independent and cached per token text and reading; ``text_layout`` then
breaks them into lines for a given width. Everything that asks Qt how wide text is lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from companion.language.document import Token, TokenKind
from companion.language.script import to_traditional
from companion.language.spelling import tone_marks
from companion.ui.emoji_font import has_emoji_font  # the one policy, shared with the feed
from companion.ui.fonts import load_fonts
from companion.ui.gloss_line import GlossLayout, caps_font, layout_gloss
from companion.ui.text_layout import Cell, Shape, Spacing, Style, punctuation_gaps, ruby_cells

__all__ = ["WRAP_FLAGS", "ReaderOptions", "Typesetter", "has_emoji_font"]


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


WRAP_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
    Qt.TextFlag.TextWordWrap
)
_CLOSING_KINDS = (TokenKind.PUNCTUATION,)
_PLAIN_STYLES = {
    TokenKind.URL: Style.LINK,
    TokenKind.MENTION: Style.LINK,
    TokenKind.EMOJI: Style.EMOJI,
}


def _font(family: str, pixels: int, *, italic: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(1, pixels))
    font.setItalic(italic)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


_tone_marks = cache(tone_marks)  # 'yin2' -> 'yín'; there are only ~1,500 syllables


def _sticker_emoji(token: Token) -> str:
    """The emoji of a sticker token ('' if we know none for it)."""
    sticker = token.info.sticker
    return sticker.emoji if sticker is not None else ""


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


class Typesetter:
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
        self._vertical_metrics(options, h)
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
        self.spacing = Spacing(
            self.margin,
            self.word_gap,
            self.line_h,
            self.line_gap,
            self.translation_gap,
            self.gloss_gap,
            self.block_gap,
            self.paragraph_gap,
        )
        self._hanzi_w: dict[str, float] = {}
        self._pinyin_w: dict[str, float] = {}
        self._shapes: dict[tuple[Any, ...], Shape] = {}
        self._wrap: dict[tuple[str, int, bool], float] = {}

    def _vertical_metrics(self, options: ReaderOptions, h: int) -> None:
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
            rect = fm.boundingRect(QRectF(0, 0, int(width), 1e7), WRAP_FLAGS, text)
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

    def elide(self, shape: Shape, avail: float) -> tuple[str, float]:
        """A link or plain text wider than the line, elided (a link in the middle)."""
        mode = (
            Qt.TextElideMode.ElideMiddle
            if shape.style == Style.LINK
            else Qt.TextElideMode.ElideRight
        )
        elided = self.hfm.elidedText(shape.text, mode, avail)
        return elided, self.hanzi_w(elided)

    # -- shapes -------------------------------------------------------------------------

    def shape(self, token: Token, show_pinyin: bool) -> Shape:
        """token measured; token's syllables are the ones shown (sandhi applied or not)."""
        key = (token.text, token.kind, token.info.syllables, show_pinyin)
        found = self._shapes.get(key)
        if found is None:
            found = self._shapes[key] = self._make_shape(token, show_pinyin)
        return found

    def _display(self, text: str) -> str:
        return to_traditional(text) if self.options.traditional else text

    def _make_shape(self, token: Token, show_pinyin: bool) -> Shape:
        kind = token.kind
        text = token.text
        if kind is TokenKind.SPACE:
            return Shape(Style.SPACE, self.space_gap, newline="\n" in text)
        if token.is_chinese:
            style = Style.TOPIC if kind is TokenKind.TOPIC else Style.WORD
            shown = _topic_display(text) if style == Style.TOPIC else text
            return self._chinese_shape(token, self._display(shown), style, show_pinyin)
        if kind is TokenKind.STICKER:
            return self._sticker_shape(token)
        if kind is TokenKind.TOPIC:  # a topic without Chinese: still a chip
            shown = _topic_display(text)
            width = self.hanzi_w(shown) + 2 * self.chip_pad
            return Shape(Style.TOPIC, width, shown, (Cell(self.chip_pad, shown),))
        display = self._display(text)
        style = _PLAIN_STYLES.get(kind, Style.PLAIN)
        gap_before = gap_after = True
        width = self.hanzi_w(display)
        min_width = 0.0
        if kind in _CLOSING_KINDS:
            gap_before, gap_after = punctuation_gaps(display)
            if gap_after:  # a closing mark may hang its blank past the line end
                ink = self.hfm.tightBoundingRect(display).right() + 1.0
                min_width = min(width, max(ink, 1.0))
        cell = Cell(0.0, display)
        return Shape(
            style, width, display, (cell,), False, gap_before, gap_after, min_width=min_width
        )

    def _sticker_shape(self, token: Token) -> Shape:
        """A sticker: its emoji when a colour emoji font can draw it, else its label as a chip."""
        emoji = _sticker_emoji(token)
        if emoji and has_emoji_font():
            return Shape(Style.EMOJI, self.hanzi_w(emoji), emoji, (Cell(0.0, emoji),))
        label = self._display(_sticker_label(token.text))
        width = self.lfm.horizontalAdvance(label) + 2 * self.chip_pad * 0.7
        return Shape(Style.LABEL, width, label, (Cell(self.chip_pad * 0.7, label),))

    def _chinese_shape(self, token: Token, display: str, style: Style, show_pinyin: bool) -> Shape:
        pad = self.chip_pad if style == Style.TOPIC else 0.0
        if not show_pinyin:
            width = self.hanzi_w(display) + 2 * pad
            return Shape(style, width, display, (Cell(pad, display),))
        syllables = token.syllables
        voiced = [s for s in syllables if s]
        if self.options.tone_numbers:
            readings = [s.replace("u:", "ü").replace("v", "ü") for s in voiced]
        else:  # what token.pinyin spells, one syllable at a time, memoised
            readings = [_tone_marks(s) for s in voiced]
        cells, x = ruby_cells(
            display,
            syllables,
            readings,
            left=pad,
            glyph_w=self.hanzi_w,
            pinyin_w=self.pinyin_w,
            syllable_pad=self.syllable_pad,
        )
        # Latin slang and brands (yyds, Dior) are words without syllables: no pinyin band.
        return Shape(style, x + pad, display, cells, has_pinyin=bool(voiced))
