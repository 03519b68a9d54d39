"""The reader's typesetting as pure geometry over widths: no Qt here, so it is tested directly.

``text_shaping`` measures every token into a ``Shape`` (widths from Qt's font metrics); this
module does everything that follows from the widths alone:

- ruby cells: a Chinese word's characters each get a cell ``max(glyph, pinyin + pad)`` wide,
  with the glyph and its syllable centred in it, so a syllable never overlaps its neighbour;
- spacing rules: a small gap between words; closing punctuation (，。！) hugs the word before
  it and opening brackets the word after; space tokens give their own (wider) gap;
- line breaking inside blocks (a sentence and its translation, or a paragraph): words never
  split; a newline space ends a line; a closing mark that would start a line pulls the word
  before it down with it, or hangs in its own blank when only its ink fits; a word wider than
  the line is scaled down (Chinese, stickers) or elided (anything else);
- stacking blocks by prefix sums, and hit testing (which line, which token is under a point).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

__all__ = [
    "Block",
    "Cell",
    "Layout",
    "Shape",
    "Spacing",
    "Style",
    "break_lines",
    "build_blocks",
    "line_at",
    "nearest_token",
    "punctuation_gaps",
    "ruby_cells",
    "stack",
    "token_at",
    "vertical_neighbour",
]


class Style(IntEnum):
    """How a shape is drawn (and whether it takes part in hit testing)."""

    SPACE = 0
    WORD = 1  # a Chinese word (status background, pinyin)
    TOPIC = 2  # a #topic chip
    PLAIN = 3  # punctuation, numbers, Latin text
    LINK = 4  # URL or @mention
    LABEL = 5  # a sticker shown as a small text chip
    EMOJI = 6


SCALABLE = frozenset((Style.WORD, Style.TOPIC, Style.LABEL))
"""Styles shrunk to fit a line narrower than they are; the others are elided."""

OPENING = frozenset("([{（［｛「『《〈“‘【〔")
"""Punctuation that opens: it keeps the gap before it and hugs the word after it."""


def punctuation_gaps(display: str) -> tuple[bool, bool]:
    """(gap before, gap after) of a punctuation token: an opening bracket hugs what follows
    it, anything else (，。！」) hugs what precedes it."""
    opening = display[:1] in OPENING
    return opening, not opening


@dataclass(frozen=True, slots=True)
class Cell:
    """A run of glyphs inside a token, with the pinyin syllable centred over it (if any)."""

    x: float
    glyphs: str
    pinyin: str = ""
    pinyin_x: float = 0.0
    tone: int = 4  # index into a tone palette: 0-3 tones 1-4, 4 neutral


@dataclass(frozen=True, slots=True)
class Shape:
    """A token measured for display: style, natural width, display text and glyph cells."""

    style: Style
    width: float
    text: str = ""
    cells: tuple[Cell, ...] = ()
    newline: bool = False
    gap_before: bool = True
    gap_after: bool = True
    has_pinyin: bool = False
    min_width: float = 0.0  # closing punctuation may shed its trailing blank at a line end


def tone_index(syllable: str) -> int:
    """The tone palette index of a tone-number syllable: 0-3 for tones 1-4, 4 for neutral."""
    last = syllable[-1:] if syllable else ""
    return int(last) - 1 if last in ("1", "2", "3", "4") else 4


def ruby_cells(
    display: str,
    syllables: Sequence[str],
    shown: Sequence[str],
    *,
    left: float,
    glyph_w: Callable[[str], float],
    pinyin_w: Callable[[str], float],
    syllable_pad: float,
) -> tuple[tuple[Cell, ...], float]:
    """Cells of a Chinese word and the x where it ends. syllables has one tone-number syllable
    per character ('' for none); shown is what is written for each non-empty one. A character
    with a syllable gets a cell max(glyph, pinyin + pad) wide with both centred in it;
    characters without one are set as a run at their natural width."""
    cells: list[Cell] = []
    x = left
    run = ""
    reading = iter(zip((s for s in syllables if s), shown, strict=True))
    for i, char in enumerate(display):
        syllable = syllables[i] if i < len(syllables) else ""
        if not syllable:
            run += char
            continue
        if run:
            cells.append(Cell(x, run))
            x += glyph_w(run)
            run = ""
        numbered, written = next(reading)
        char_w = glyph_w(char)
        written_w = pinyin_w(written)
        cell_w = max(char_w, written_w + syllable_pad)
        cells.append(
            Cell(
                x + (cell_w - char_w) / 2,
                char,
                written,
                x + (cell_w - written_w) / 2,
                tone_index(numbered),
            )
        )
        x += cell_w
    if run:
        cells.append(Cell(x, run))
        x += glyph_w(run)
    return tuple(cells), x


# -- blocks and lines -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Spacing:
    """The typesetter's vertical and horizontal distances, in pixels."""

    margin: float
    word_gap: float
    line_h: float
    line_gap: float
    translation_gap: float
    gloss_gap: float
    block_gap: float
    paragraph_gap: float

    def avail(self, width: int) -> float:
        """The width lines may fill in a widget width wide."""
        return max(40.0, width - 2 * self.margin)


@dataclass(slots=True)
class Block:
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

    def translation_top(self, spacing: Spacing) -> float:
        """Where the translation starts, from the block top."""
        return self.tokens_h + (spacing.translation_gap if self.tokens_h else 0.0)

    def finish_height(self, spacing: Spacing) -> None:
        """Set height from the lines and the measured translation and gloss."""
        extra = self.translation_h + (spacing.gloss_gap + self.gloss_h if self.gloss_h else 0.0)
        self.height = self.translation_top(spacing) + extra if extra else self.tokens_h


@dataclass(slots=True)
class Layout:
    """Positions for one widget width; block tops are prefix sums of block heights."""

    width: int
    blocks: list[Block]
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


def build_blocks(
    sentence_range: Sequence[tuple[int, int]],
    paragraph_of_sentence: Sequence[int],
    *,
    per_sentence: bool,
) -> tuple[list[Block], list[int]]:
    """The blocks (one per sentence, or one per paragraph) and each sentence's block index."""
    blocks: list[Block] = []
    sentence_block: list[int] = []
    if per_sentence:
        last_paragraph = -1
        for s_index, (a, b) in enumerate(sentence_range):
            paragraph = paragraph_of_sentence[s_index]
            sentence_block.append(len(blocks))
            blocks.append(Block(a, b, s_index, paragraph != last_paragraph))
            last_paragraph = paragraph
        return blocks, sentence_block
    by_paragraph: dict[int, list[int]] = {}
    for s_index, paragraph in enumerate(paragraph_of_sentence):
        by_paragraph.setdefault(paragraph, []).append(s_index)
        sentence_block.append(len(by_paragraph) - 1)
    for members in by_paragraph.values():
        a = sentence_range[members[0]][0]
        b = sentence_range[members[-1]][1]
        blocks.append(Block(a, b, -1, True))
    return blocks, sentence_block


Elide = Callable[[Shape, float], tuple[str, float]]
"""(shape, available width) → (the elided text, its width): for non-scalable wide shapes."""


@dataclass(slots=True)
class _Line:
    """The line being filled while breaking one block."""

    line: int
    start: int
    rel: float = 0.0
    x: float = 0.0
    last: Shape | None = None  # the last visible shape on the current line
    last_index: int = -1
    pending: float = 0.0  # the gap a space token asks for before the next shape


def break_lines(
    width: int, shapes: Sequence[Shape], specs: Sequence[Block], spacing: Spacing, elide: Elide
) -> Layout:
    """Place every shape on lines of at most width - 2·margin; words never split. Blocks are
    copies of specs with their lines set (tokens_h); translations are measured afterwards."""
    n = len(shapes)
    blocks = [Block(s.first_token, s.end_token, s.sentence, s.new_paragraph) for s in specs]
    layout = Layout(width, blocks, [spacing.margin] * n, [0.0] * n, [0] * n)
    avail = spacing.avail(width)
    for b_index in range(len(blocks)):
        _break_block(layout, b_index, shapes, avail, spacing, elide)
    return layout


def _break_block(
    layout: Layout,
    b_index: int,
    shapes: Sequence[Shape],
    avail: float,
    spacing: Spacing,
    elide: Elide,
) -> None:
    block = layout.blocks[b_index]
    block.first_line = len(layout.line_first)
    cur = _Line(len(layout.line_first), block.first_token)
    for i in range(block.first_token, block.end_token):
        shape = shapes[i]
        layout.tok_line[i] = cur.line
        if shape.style == Style.SPACE:
            _place_space(layout, b_index, cur, i, shape, spacing)
        else:
            _place_shape(layout, b_index, cur, i, shapes, avail, spacing, elide)
    line_first, line_block = layout.line_first, layout.line_block
    if cur.last is not None:
        _close_line(layout, b_index, cur, block.end_token, spacing)
    elif line_first and line_block[-1] == b_index:
        layout.line_end[-1] = block.end_token  # trailing spaces belong to the last line
    tok_line = layout.tok_line
    for i in range(block.first_token, block.end_token):  # spaces after the last line
        if tok_line[i] >= len(line_first):
            tok_line[i] = max(0, len(line_first) - 1)
    block.end_line = len(line_first)
    lines = block.end_line - block.first_line
    block.tokens_h = lines * spacing.line_h + max(0, lines - 1) * spacing.line_gap


def _close_line(layout: Layout, b_index: int, cur: _Line, end: int, spacing: Spacing) -> None:
    """End the current line at token end (exclusive) and start the next one."""
    layout.line_block.append(b_index)
    layout.line_rel.append(cur.rel)
    layout.line_first.append(cur.start)
    layout.line_end.append(end)
    cur.rel += spacing.line_h + spacing.line_gap
    cur.line += 1


def _place_space(
    layout: Layout, b_index: int, cur: _Line, i: int, shape: Shape, spacing: Spacing
) -> None:
    """A space: ends the line if it holds a newline, else asks for its gap before the next."""
    layout.tok_x[i] = spacing.margin + cur.x
    if cur.last is None:
        return
    if shape.newline:
        _close_line(layout, b_index, cur, i + 1, spacing)
        cur.start, cur.x, cur.last, cur.pending = i + 1, 0.0, None, 0.0
    else:
        cur.pending = max(cur.pending, shape.width)


def _place_shape(
    layout: Layout,
    b_index: int,
    cur: _Line,
    i: int,
    shapes: Sequence[Shape],
    avail: float,
    spacing: Spacing,
    elide: Elide,
) -> None:
    """Put shape i after the last one, on a new line if it does not fit."""
    shape = shapes[i]
    tok_x, tok_w = layout.tok_x, layout.tok_w
    w = shape.width
    last = cur.last
    if last is None:
        gap = 0.0
    elif cur.pending:
        gap = cur.pending
    else:
        gap = spacing.word_gap if (last.gap_after and shape.gap_before) else 0.0
    if (
        shape.min_width
        and last is not None
        and cur.x + gap + w > avail >= (cur.x + gap + shape.min_width)
    ):
        w = avail - cur.x - gap  # hang the punctuation mark in its own blank
    elif last is not None and cur.x + gap + w > avail:
        # Break; keep a closing punctuation mark with the word before it.
        j = cur.last_index
        carry = (
            not shape.gap_before
            and not cur.pending
            and j > cur.start
            and shapes[j].style != Style.SPACE
            and tok_x[j] > spacing.margin
            and tok_w[j] + w <= avail
        )
        cut = j if carry else i
        _close_line(layout, b_index, cur, cut, spacing)
        cur.start, cur.x, cur.pending, gap = cut, 0.0, 0.0, 0.0
        if carry:
            tok_x[j] = spacing.margin
            layout.tok_line[j] = cur.line
            cur.x = tok_w[j]
        else:
            cur.last = None
    if w > avail:
        w = _squeeze(layout, i, shape, avail, elide)
    tok_x[i] = spacing.margin + cur.x + gap
    tok_w[i] = w
    layout.tok_line[i] = cur.line
    cur.x += gap + w
    cur.last, cur.last_index, cur.pending = shape, i, 0.0


def _squeeze(layout: Layout, index: int, shape: Shape, avail: float, elide: Elide) -> float:
    """A token wider than the line: Chinese shrinks to fit, anything else is elided."""
    if shape.style in SCALABLE:
        layout.scale[index] = avail / shape.width
        return avail
    text, width = elide(shape, avail)
    layout.elided[index] = text
    return min(avail, width)


def stack(layout: Layout, spacing: Spacing) -> None:
    """Set every block's top (and the layout's height) from the block heights."""
    tops = layout.block_top
    tops.clear()
    y = spacing.margin
    previous_visible = False
    for block in layout.blocks:
        if block.height and previous_visible:
            y += spacing.paragraph_gap if block.new_paragraph else spacing.block_gap
        tops.append(y)
        if block.height:
            y += block.height
            previous_visible = True
    layout.height = y + spacing.margin


# -- hit testing ------------------------------------------------------------------------------


def line_at(layout: Layout, y: float, line_h: float, *, nearest: bool) -> int | None:
    """The line whose band (pinyin and characters) contains y; with nearest, the closest line
    of the block at y instead of None."""
    if not layout.line_block:
        return None
    tops = layout.block_top
    b = max(0, bisect.bisect_right(tops, y) - 1)
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
        if y <= top + line_h:
            return line
    return block.end_line - 1 if nearest else None


def _visible_on(layout: Layout, shapes: Sequence[Shape], line: int) -> list[int]:
    return [
        i
        for i in range(layout.line_first[line], layout.line_end[line])
        if shapes[i].style != Style.SPACE and layout.tok_line[i] == line
    ]


def token_at(
    layout: Layout, shapes: Sequence[Shape], x: float, y: float, line_h: float
) -> int | None:
    """The non-space token whose column (pinyin band + characters) contains (x, y)."""
    line = line_at(layout, y, line_h, nearest=False)
    if line is None:
        return None
    for i in _visible_on(layout, shapes, line):
        if layout.tok_x[i] <= x <= layout.tok_x[i] + layout.tok_w[i]:
            return i
    return None


def nearest_token(
    layout: Layout, shapes: Sequence[Shape], x: float, y: float, line_h: float
) -> int | None:
    """The non-space token nearest to (x, y) (for drag selection)."""
    line = line_at(layout, y, line_h, nearest=True)
    if line is None:
        return None
    best, best_d = None, float("inf")
    for i in _visible_on(layout, shapes, line):
        left, right = layout.tok_x[i], layout.tok_x[i] + layout.tok_w[i]
        d = 0.0 if left <= x <= right else min(abs(x - left), abs(x - right))
        if d < best_d:
            best, best_d = i, d
    return best


def vertical_neighbour(
    layout: Layout, words: Callable[[int], bool], current: int, direction: int
) -> int | None:
    """The word (words(i) true) on the nearest line above (-1) or below (1) current whose
    centre is closest to current's."""
    centre = layout.tok_x[current] + layout.tok_w[current] / 2
    line = layout.tok_line[current] + direction
    while 0 <= line < len(layout.line_first):
        found = [
            i
            for i in range(layout.line_first[line], layout.line_end[line])
            if words(i) and layout.tok_line[i] == line
        ]
        if found:
            return min(found, key=lambda i: abs(layout.tok_x[i] + layout.tok_w[i] / 2 - centre))
        line += direction
    return None


def characters_before(shape: Shape, dx: float) -> int:
    """How many characters of shape lie left of the cell under dx (measured from its left)."""
    offset = 0
    for cell, nxt in zip(shape.cells, (*shape.cells[1:], None), strict=True):
        if nxt is None or dx < nxt.x:
            break
        offset += len(cell.glyphs)
    return offset
