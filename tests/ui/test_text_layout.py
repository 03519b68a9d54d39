"""The reader's typesetting geometry (text_layout), tested over plain widths: no Qt, no
QApplication. Widths are made up so every expected position can be worked out by hand."""

from __future__ import annotations

import subprocess
import sys

import pytest

from companion.ui.text_layout import (
    Block,
    Cell,
    Layout,
    Shape,
    Spacing,
    Style,
    break_lines,
    build_blocks,
    characters_before,
    line_at,
    nearest_token,
    punctuation_gaps,
    ruby_cells,
    stack,
    token_at,
    vertical_neighbour,
)

SPACING = Spacing(
    margin=10.0,
    word_gap=4.0,
    line_h=30.0,
    line_gap=6.0,
    translation_gap=3.0,
    gloss_gap=1.0,
    block_gap=8.0,
    paragraph_gap=12.0,
)
WIDTH = 120  # avail = 120 - 2 × margin = 100


def word(width: float) -> Shape:
    return Shape(Style.WORD, width, has_pinyin=True)


def plain(width: float) -> Shape:
    return Shape(Style.PLAIN, width, "x" * int(width))


def closing(width: float, ink: float) -> Shape:
    """A closing punctuation mark (，。！): no gap before it; its ink may hang at a line end."""
    return Shape(Style.PLAIN, width, "，", gap_before=False, min_width=ink)


def space(width: float = 8.0, *, newline: bool = False) -> Shape:
    return Shape(Style.SPACE, width, newline=newline)


def elide(shape: Shape, avail: float) -> tuple[str, float]:
    """A stand-in for Qt's elidedText: keep what fits at one pixel per character, then '…'."""
    keep = int(avail) - 1
    return shape.text[:keep] + "…", float(keep + 1)


def lay_out(shapes: list[Shape], blocks: list[Block] | None = None) -> Layout:
    specs = blocks or [Block(0, len(shapes), 0, True)]
    layout = break_lines(WIDTH, shapes, specs, SPACING, elide)
    for block in layout.blocks:
        block.finish_height(SPACING)
    stack(layout, SPACING)
    return layout


def lines(layout: Layout) -> list[tuple[int, int]]:
    return list(zip(layout.line_first, layout.line_end, strict=True))


# -- ruby cells -------------------------------------------------------------------------------


def glyph_w(text: str) -> float:
    return 20.0 * len(text)  # every character 20 px


def pinyin_w(text: str) -> float:
    return 7.0 * len(text)  # every pinyin letter 7 px


# (text, syllables, shown, left, expected cells, expected end x); syllable pad 3 px
RUBY = [
    pytest.param(
        "银行",
        ("yin2", "hang2"),
        ("yín", "háng"),
        0.0,
        # 'yín' 21 + 3 > 20: a 24 px cell; 'háng' 28 + 3: a 31 px cell; both centred
        (Cell(2.0, "银", "yín", 1.5, 1), Cell(29.5, "行", "háng", 25.5, 1)),
        55.0,
        id="pinyin wider than the glyph widens the cell",
    ),
    pytest.param(
        "你",
        ("ni3",),
        ("nǐ",),
        0.0,
        (Cell(0.0, "你", "nǐ", 3.0, 2),),  # 14 + 3 < 20: the glyph's own width
        20.0,
        id="narrow pinyin is centred over the glyph",
    ),
    pytest.param(
        "卡拉OK",
        ("ka3", "la1", "", ""),
        ("kǎ", "lā"),
        0.0,
        (Cell(0.0, "卡", "kǎ", 3.0, 2), Cell(20.0, "拉", "lā", 23.0, 0), Cell(40.0, "OK")),
        80.0,
        id="characters without syllables are one run at natural width",
    ),
    pytest.param(
        "了",
        ("le5",),
        ("le",),
        5.0,
        (Cell(5.0, "了", "le", 8.0, 4),),  # a topic chip's padding shifts everything
        25.0,
        id="left padding and the neutral tone",
    ),
]


@pytest.mark.parametrize(("text", "syllables", "shown", "left", "cells", "end"), RUBY)
def test_ruby_cells(
    text: str,
    syllables: tuple[str, ...],
    shown: tuple[str, ...],
    left: float,
    cells: tuple[Cell, ...],
    end: float,
) -> None:
    got, x = ruby_cells(
        text, syllables, shown, left=left, glyph_w=glyph_w, pinyin_w=pinyin_w, syllable_pad=3.0
    )
    assert got == cells
    assert x == end


@pytest.mark.parametrize(
    ("mark", "gaps"),
    [
        ("，", (False, True)),
        ("。", (False, True)),
        ("」", (False, True)),
        ("）", (False, True)),
        ("（", (True, False)),
        ("「", (True, False)),
        ("《", (True, False)),
        ("“", (True, False)),
    ],
)
def test_closing_marks_hug_the_word_before_opening_ones_the_word_after(
    mark: str, gaps: tuple[bool, bool]
) -> None:
    assert punctuation_gaps(mark) == gaps


# -- line breaking ----------------------------------------------------------------------------

# (shapes, lines as (first, end) token ranges, x of every token)
BREAKING = [
    pytest.param(
        [word(30), word(30), word(30)],
        [(0, 3)],
        [10, 44, 78],
        id="words fit with a word gap between them",
    ),
    pytest.param(
        [word(40), word(40), word(40)],
        [(0, 2), (2, 3)],
        [10, 54, 10],
        id="a word that does not fit starts the next line",
    ),
    pytest.param(
        [word(30), space(8), word(30)],
        [(0, 3)],
        [10, 40, 48],
        id="a space token gives its own gap instead of the word gap",
    ),
    pytest.param(
        [word(30), space(newline=True), word(30)],
        [(0, 2), (2, 3)],
        [10, 40, 10],
        id="a line break ends the line",
    ),
    pytest.param(
        [space(8), word(30)],
        [(0, 2)],
        [10, 10],
        id="spaces at the start of a line take no room",
    ),
    pytest.param(
        [word(45), word(45), closing(12, 5)],
        [(0, 3)],
        [10, 59, 104],
        id="a closing mark whose ink fits hangs in its own blank",
    ),
    pytest.param(
        [word(45), word(45), closing(12, 12)],
        [(0, 1), (1, 3)],
        [10, 10, 55],
        id="a closing mark never starts a line: the word before it comes along",
    ),
    pytest.param(
        [word(95), closing(12, 12)],
        [(0, 1), (1, 2)],
        [10, 10],
        id="the first word of a line stays where it is",
    ),
    pytest.param(
        [word(30), plain(20), word(30)],
        [(0, 3)],
        [10, 44, 68],
        id="Latin text and Chinese words are spaced alike",
    ),
]


@pytest.mark.parametrize(("shapes", "expected_lines", "xs"), BREAKING)
def test_line_breaking(
    shapes: list[Shape], expected_lines: list[tuple[int, int]], xs: list[float]
) -> None:
    layout = lay_out(shapes)
    assert lines(layout) == expected_lines
    assert layout.tok_x == xs
    for i, shape in enumerate(shapes):  # nothing visible runs past the line
        if shape.style != Style.SPACE:
            assert layout.tok_x[i] + layout.tok_w[i] <= WIDTH - SPACING.margin + 1e-9
    for line, (first, end) in enumerate(expected_lines):
        assert all(layout.tok_line[i] == line for i in range(first, end))


def test_hanging_mark_is_narrowed_to_the_blank_left() -> None:
    layout = lay_out([word(45), word(45), closing(12, 5)])
    assert layout.tok_w[2] == 100 - 94  # the line's blank after the second word


@pytest.mark.parametrize(
    ("shape", "scaled", "elided"),
    [
        (word(250), 100 / 250, None),
        (Shape(Style.TOPIC, 200), 0.5, None),
        (Shape(Style.LABEL, 400), 0.25, None),
        (plain(300), None, "x" * 99 + "…"),
        (Shape(Style.LINK, 300, "h" * 300), None, "h" * 99 + "…"),
    ],
)
def test_a_token_wider_than_the_line_is_scaled_or_elided(
    shape: Shape, scaled: float | None, elided: str | None
) -> None:
    layout = lay_out([word(30), shape])
    assert lines(layout) == [(0, 1), (1, 2)]  # alone on its line, never split
    assert layout.tok_w[1] == 100
    assert layout.scale.get(1) == scaled
    assert layout.elided.get(1) == elided


def test_blocks_start_new_lines_and_stack_with_gaps() -> None:
    shapes = [word(60), word(60), word(30), word(30)]
    blocks = [Block(0, 2, 0, True), Block(2, 3, 1, False), Block(3, 4, 2, True)]
    layout = lay_out(shapes, blocks)
    assert lines(layout) == [(0, 1), (1, 2), (2, 3), (3, 4)]
    first, second, third = layout.blocks
    assert (first.first_line, first.end_line) == (0, 2)
    assert first.tokens_h == 2 * 30 + 6  # two lines and one line gap
    assert second.tokens_h == third.tokens_h == 30
    # A sentence of the same paragraph follows after the block gap, a new paragraph after
    # the paragraph gap.
    assert layout.block_top == [10, 10 + 66 + 8, 10 + 66 + 8 + 30 + 12]
    assert layout.height == layout.block_top[-1] + 30 + 10
    assert layout.line_top(1) == 10 + 36


def test_a_translation_adds_to_its_block_only() -> None:
    layout = lay_out([word(30), word(30)], [Block(0, 1, 0, True), Block(1, 2, 1, False)])
    block = layout.blocks[0]
    block.translation_h, block.gloss_h = 20.0, 10.0
    block.finish_height(SPACING)
    stack(layout, SPACING)
    assert block.translation_top(SPACING) == 30 + 3
    assert block.height == 30 + 3 + 20 + 1 + 10
    assert layout.block_top[1] == 10 + block.height + 8


@pytest.mark.parametrize(
    ("per_sentence", "blocks", "sentence_block"),
    [
        (True, [(0, 3, 0, True), (3, 5, 1, False), (5, 9, 2, True)], [0, 1, 2]),
        (False, [(0, 5, -1, True), (5, 9, -1, True)], [0, 0, 1]),
    ],
)
def test_blocks_are_sentences_with_translations_else_paragraphs(
    per_sentence: bool, blocks: list[tuple[int, int, int, bool]], sentence_block: list[int]
) -> None:
    got, by_sentence = build_blocks([(0, 3), (3, 5), (5, 9)], [0, 0, 1], per_sentence=per_sentence)
    assert [(b.first_token, b.end_token, b.sentence, b.new_paragraph) for b in got] == blocks
    assert by_sentence == sentence_block


# -- hit testing ------------------------------------------------------------------------------


@pytest.fixture
def two_lines() -> tuple[list[Shape], Layout]:
    """Words 0 and 2 on line 0 (y 10-40) with a space between; words 3 and 4 on line 1
    (y 46-76)."""
    shapes = [word(40), space(8), word(40), word(40), word(20)]
    return shapes, lay_out(shapes)


@pytest.mark.parametrize(
    ("x", "y", "token"),
    [
        (20, 20, 0),
        (50, 20, 0),  # word 0 is x 10-50, word 2 x 58-98
        (55, 20, None),  # the space between them
        (70, 20, 2),
        (20, 60, 3),
        (60, 60, 4),
        (20, 42, None),  # between the lines
        (20, 200, None),
    ],
)
def test_token_at(two_lines: tuple[list[Shape], Layout], x: float, y: float, token: int) -> None:
    shapes, layout = two_lines
    assert token_at(layout, shapes, x, y, SPACING.line_h) == token


@pytest.mark.parametrize(
    ("x", "y", "token"),
    [(55, 20, 2), (0, 20, 0), (500, 20, 2), (20, 42, 3), (20, 200, 3), (100, 60, 4)],
)
def test_nearest_token_for_drag_selection(
    two_lines: tuple[list[Shape], Layout], x: float, y: float, token: int
) -> None:
    shapes, layout = two_lines
    assert nearest_token(layout, shapes, x, y, SPACING.line_h) == token


def test_line_at_and_vertical_neighbours(two_lines: tuple[list[Shape], Layout]) -> None:
    _shapes, layout = two_lines
    assert lines(layout) == [(0, 3), (3, 5)]
    assert line_at(layout, 20, SPACING.line_h, nearest=False) == 0
    assert line_at(layout, 42, SPACING.line_h, nearest=False) is None
    assert line_at(layout, 42, SPACING.line_h, nearest=True) == 1
    words = {0, 2, 3, 4}.__contains__
    assert vertical_neighbour(layout, words, 2, 1) == 4  # centre 78: word 4 (54-74) is closer
    assert vertical_neighbour(layout, words, 3, -1) == 0
    assert vertical_neighbour(layout, words, 0, -1) is None


@pytest.mark.parametrize(("dx", "before"), [(0, 0), (19, 0), (20, 1), (45, 2), (500, 2)])
def test_characters_before_a_point_in_a_token(dx: float, before: int) -> None:
    shape = Shape(Style.TOPIC, 60, "#美食", (Cell(0, "#"), Cell(20, "美"), Cell(40, "食")))
    assert characters_before(shape, dx) == before


def test_the_geometry_needs_no_qt() -> None:
    probe = (
        "import sys, companion.ui.text_layout;"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
