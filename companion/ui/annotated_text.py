"""The reading surface: a custom-painted widget showing a Document with pinyin over every word,
tone colours, word-status highlights, selection and a translation under every sentence.

Qt's rich text has no ruby annotations, so the widget typesets the text itself, in modules a
change usually touches one of:

- ``text_shaping``: fonts and Qt font metrics; every token becomes a ``Shape`` (display text,
  optionally traditional; one ruby cell per character of a Chinese word), cached per token;
- ``text_layout``: pure geometry over those widths, no Qt: ruby cell widths, spacing and line
  breaking inside blocks (a sentence plus its translation, or a paragraph), blocks stacked by
  prefix sums so a streamed-in translation re-measures one block; hit testing;
- ``text_painting``: paints only the blocks and lines that intersect the exposed rectangle;
- ``text_input``: hover, click, drag selection, keyboard focus word.

This module holds the document, the options and the caches, and forwards Qt's events.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from companion.language.document import Document, Sentence, Token
from companion.language.sandhi import tokens_with_sandhi
from companion.store.models import WordStatus
from companion.ui import theme as themes
from companion.ui.clipboard_copy import copy_text
from companion.ui.text_input import TextInput
from companion.ui.text_layout import Block, Layout, Shape, Style, break_lines, build_blocks, stack
from companion.ui.text_painting import PaintState, paint_text, theme_colors, token_box
from companion.ui.text_shaping import ReaderOptions, Typesetter

__all__ = ["AnnotatedTextWidget", "ReaderOptions"]


class AnnotatedTextWidget(QWidget):
    """A Document with pinyin above each word and a translation below each sentence."""

    word_activated = Signal(object, object)  # (Token, Sentence): click or Enter on a word
    word_hovered = Signal(object)  # Token or None
    selection_changed = Signal(str)  # selected text, original characters
    key_help = (  # the keys TextInput.key reads, for the shortcut sheet (ui/shortcuts.py)
        ((Qt.Key.Key_Left, Qt.Key.Key_Right), "The word before or after"),
        ((Qt.Key.Key_Up, Qt.Key.Key_Down), "The word above or below"),
        ((Qt.Key.Key_Home, Qt.Key.Key_End), "The first or the last word"),
        ((Qt.Key.Key_Return,), "Look up the word"),
        ((Qt.Key.Key_Escape,), "Clear the selection"),
    )

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
        self._colors = theme_colors(self._theme)
        self._ts = Typesetter(self._options)
        self._document: Document | None = None
        self._tokens: list[Token] = []
        self._sentences: list[Sentence] = []
        self._token_sentence: list[int] = []
        self._sentence_range: list[tuple[int, int]] = []
        self._paragraph_of_sentence: list[int] = []
        self._chinese: list[int] = []
        self._statuses: dict[str, WordStatus] = {}
        self._saved: frozenset[str] = frozenset()
        self._translations: dict[int, tuple[str | None, str | None]] = {}
        self._shapes: list[Shape] = []
        self._blocks_spec: list[Block] = []
        self._sentence_block: list[int] = []
        self._layouts: OrderedDict[int, Layout] = OrderedDict()
        self._input = TextInput(self)

        self.copy_action = QAction("Copy", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.setWhatsThis("Copy the selected text")
        self.copy_action.triggered.connect(self.copy)
        self.addAction(self.copy_action)

    # -- public API ---------------------------------------------------------------------

    def set_document(
        self,
        document: Document,
        statuses: Mapping[str, WordStatus] | None = None,
        saved: Iterable[str] | None = None,
    ) -> None:
        """Show a ready-made Document (never segmented here); statuses map word text → status
        and saved are the words saved to study (None keeps the current ones). Sentences that
        carry a translation show it at once."""
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
        if saved is not None:
            self._saved = frozenset(saved)
        self._input.reset()
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
                stack(layout, self._ts.spacing)
            self.updateGeometry()
            self.update()

    def set_statuses(self, statuses: Mapping[str, WordStatus]) -> None:
        """Word text → status; words absent are NEW."""
        self._statuses = dict(statuses)
        if self._options.pinyin_mode == "unknown":
            self._rebuild(shapes=True)
        else:
            self.update()

    def set_saved(self, saved: Iterable[str]) -> None:
        """The words saved to study (highlighted as saved, whatever their status)."""
        self._saved = frozenset(saved)
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
            self._ts = Typesetter(options)
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
        self._colors = theme_colors(theme)
        self.update()

    def current_token(self) -> Token | None:
        """The keyboard focus word."""
        current = self._input.current
        return self._tokens[current] if current is not None else None

    def current_index(self) -> int | None:
        return self._input.current

    def select_token(self, token_index: int) -> None:
        """Make a token the keyboard focus word and scroll it into view."""
        if not 0 <= token_index < len(self._tokens):
            raise IndexError(f"token index {token_index} out of range")
        self._input.set_current(token_index)

    def token_rect(self, token_index: int) -> QRectF:
        """Where a token's characters are painted (the character box), in widget coordinates."""
        layout = self._layout()
        if not layout.line_block or not 0 <= token_index < len(self._tokens):
            return QRectF()
        line = min(layout.tok_line[token_index], len(layout.line_block) - 1)
        top = layout.line_top(line) + self._ts.band
        x, w = layout.tok_x[token_index], layout.tok_w[token_index]
        return token_box(self._ts, layout, token_index, x, w, top)

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
        return "" if shape.style == Style.SPACE else "".join(c.glyphs for c in shape.cells)

    def translation_rect(self, sentence_index: int) -> QRectF | None:
        """Where a sentence's translation (and gloss) is painted; None if none is shown."""
        if not self._options.show_translation or not 0 <= sentence_index < len(self._sentences):
            return None
        layout = self._layout()
        block = layout.blocks[self._sentence_block[sentence_index]]
        if block.translation is None and block.gloss is None:
            return None
        ts = self._ts
        top = layout.block_top[self._sentence_block[sentence_index]]
        top += block.translation_top(ts.spacing)
        height = block.translation_h + (ts.gloss_gap + block.gloss_h if block.gloss_h else 0.0)
        return QRectF(ts.margin, top, ts.spacing.avail(layout.width), height)

    def selected_text(self) -> str:
        selection = self._input.selection
        if selection is None or self._document is None:
            return ""
        a, b = sorted(selection)
        return self._document.text[self._tokens[a].start : self._tokens[b].end].strip()

    def select_range(self, first: int, last: int) -> None:
        """Select tokens first..last (a line read in a picture), focus the first, show it."""
        if not (0 <= first < len(self._tokens) and 0 <= last < len(self._tokens)):
            raise IndexError(f"token range {first}..{last} out of range")
        self._input.selection = (first, last)
        self._input.set_current(first)
        self.selection_changed.emit(self.selected_text())

    def clear_selection(self) -> None:
        if self._input.selection is not None:
            self._input.selection = None
            self.update()
            self.selection_changed.emit("")

    def copy(self) -> None:
        """Copy the selection (original characters) to the clipboard."""
        text = self.selected_text()
        if text:
            copy_text(text)  # marked: the clipboard reader skips the app's own copies

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

    # -- what the input handler and the painter read ------------------------------------

    def tokens(self) -> Sequence[Token]:
        """document.tokens, in the order token indices refer to."""
        return self._tokens

    def sentence_of(self, token_index: int) -> Sentence:
        return self._sentences[self._token_sentence[token_index]]

    def shapes(self) -> Sequence[Shape]:
        """Each token as measured for display (same indices as tokens())."""
        return self._shapes

    def chinese_indices(self) -> list[int]:
        """Indices of the tokens a learner can look up, in order."""
        return self._chinese

    def typesetter(self) -> Typesetter:
        return self._ts

    def current_layout(self) -> Layout:
        """The layout for the widget's current width."""
        return self._layout()

    # -- building -----------------------------------------------------------------------

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
            self._blocks_spec, self._sentence_block = build_blocks(
                self._sentence_range,
                self._paragraph_of_sentence,
                per_sentence=self._options.show_translation,
            )
            if self._options.show_translation:
                for block in self._blocks_spec:
                    self._apply_translation(block)
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

    def _apply_translation(self, block: Block) -> None:
        translation, gloss = self._translations.get(block.sentence, (None, None))
        block.translation, block.gloss = translation, gloss
        block.placeholder = (
            translation is None
            and gloss is None
            and any(self._tokens[i].is_chinese for i in range(block.first_token, block.end_token))
        )

    def _layout(self, width: int | None = None) -> Layout:
        width = int(self.width() if width is None else width)
        layout = self._layouts.get(width)
        if layout is None:
            layout = self._layouts[width] = self._break_lines(width)
            while len(self._layouts) > self._LAYOUT_CACHE:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(width)
        return layout

    def _break_lines(self, width: int) -> Layout:
        ts = self._ts
        layout = break_lines(width, self._shapes, self._blocks_spec, ts.spacing, ts.elide)
        for b_index in range(len(layout.blocks)):
            self._measure_translation(layout, b_index)
        stack(layout, ts.spacing)
        return layout

    def _measure_translation(self, layout: Layout, b_index: int) -> None:
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
            avail = ts.spacing.avail(layout.width)
            if block.translation:
                block.translation_h = ts.wrapped_height(block.translation, avail)
            elif block.placeholder:
                block.translation_h = ts.placeholder_h
            if block.gloss:
                block.gloss_h = ts.gloss_layout(block.gloss, avail).height
        block.finish_height(ts.spacing)

    # -- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._colors.named["surface"])
        if not self._tokens and not self._sentences:
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        selection = self._input.selection
        state = PaintState(
            ts=self._ts,
            colors=self._colors.named,
            palette=self._colors.tones[self._options.tone_colors],
            layout=self._layout(),
            shapes=self._shapes,
            tokens=self._tokens,
            statuses=self._statuses,
            hover=self._input.hover,
            selection=None if selection is None else (min(selection), max(selection)),
            focus=self._input.current if self.hasFocus() else None,
            saved=self._saved,
        )
        paint_text(painter, state, QRectF(event.rect()))
        painter.end()

    # -- events (handled by TextInput) --------------------------------------------------

    def gloss_label_at(self, pos: QPointF) -> str | None:
        """The Leipzig label (CL, PASS …) of the gloss line under pos, if any."""
        layout = self._layout()
        b = bisect.bisect_right(layout.block_top, pos.y()) - 1
        if not 0 <= b < len(layout.blocks) or not layout.blocks[b].gloss:
            return None
        block = layout.blocks[b]
        ts = self._ts
        top = layout.block_top[b] + block.translation_top(ts.spacing) + block.translation_h
        top += ts.gloss_gap
        gloss = ts.gloss_layout(block.gloss or "", ts.spacing.avail(layout.width))
        return gloss.label_at(pos.x() - ts.margin, pos.y() - top)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            self._input.tooltip(event)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._input.press(event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._input.move(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self._input.release(event):
            super().mouseReleaseEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._input.leave()
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._input.key(event):
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)
