"""Reading the text in post images through the Library: each picture once, wrapped lines joined
into paragraphs, each line's words found from a point on the picture."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.library import Library
from companion.library_image_text import annotate_image_texts, beside, joins
from companion.store.image_text import TextLine, TextState
from tests.image_posts import write_posts


def _line(text: str, x0: int, y0: int, x1: int, y1: int) -> TextLine:
    return TextLine(text, (x0, y0, x1, y1), 0.99)


@pytest.mark.parametrize(
    ("above", "below", "joined"),
    [
        (_line("上海探店", 43, 235, 346, 324), _line("这家小笼包", 47, 326, 407, 414), True),
        (_line("上海探店！", 43, 235, 346, 324), _line("这家小笼包", 47, 326, 407, 414), False),
        (_line("美食·入门", 70, 60, 213, 97), _line("上海探店", 43, 235, 346, 324), False),
        (_line("标题", 40, 100, 200, 140), _line("小字说明", 40, 142, 200, 160), False),
        (_line("左栏", 0, 100, 100, 130), _line("右栏", 300, 132, 400, 162), False),
    ],
)
def test_wrapped_lines_join(above: TextLine, below: TextLine, joined: bool) -> None:
    assert joins(above, below) is joined


def test_a_name_beside_its_avatar_is_on_the_same_row() -> None:
    assert beside(_line("爱", 61, 708, 94, 739), _line("@爱吃的小满", 109, 705, 261, 741))
    assert not beside(_line("爱", 61, 708, 94, 739), _line("下一行", 61, 760, 200, 790))


@pytest.fixture
def cover_posts(library: Library, tmp_path: Path) -> list[int]:
    """Two posts showing the same cover, and one with a damaged picture."""
    path = write_posts(
        tmp_path / "export", {"a": ["cover.jpg"], "b": ["cover.jpg"], "c": ["broken.jpg"]}
    )
    report = library.import_paths([path])
    assert not report.errors
    return sorted(report.post_ids)


def test_each_picture_is_read_once(library: Library, cover_posts: list[int]) -> None:
    first, second, broken = cover_posts
    assert library.read_images() == 2  # the cover once, the damaged file once
    assert library.read_images() == 0
    assert library.images_to_read() == []
    texts = library.post_image_texts(second)
    assert [t.text.state for t in texts] == [TextState.READ]
    assert "上海探店" in [line.text for line in texts[0].text.lines]
    assert library.post_image_texts(first)[0].text == texts[0].text
    [damaged] = library.post_image_texts(broken)
    assert damaged.text.state is TextState.FAILED and damaged.text.message


def test_a_line_clicked_on_the_picture_gives_its_words(
    library: Library, cover_posts: list[int]
) -> None:
    library.read_images(cover_posts[:1])
    [doc] = annotate_image_texts(library.engine, library.post_image_texts(cover_posts[0]))
    texts = [line.text for line in library.post_image_texts(cover_posts[0])[0].text.lines]
    line = texts.index("上海探店")
    x0, y0, x1, y1 = doc.boxes[line]
    assert doc.line_at((x0 + x1) / 2, (y0 + y1) / 2) == line
    assert doc.line_at(5, doc.height - 5) is None  # a corner without text
    words = [doc.document.tokens[i].text for i in doc.tokens_of_line(line)]
    assert "".join(words) == "上海探店"
    # the cover's three big lines are one sentence in the reader
    sentence = next(s for s in doc.document.sentences if "探店" in s.text)
    assert sentence.text.strip() == "上海探店这家小笼包我能吃三笼！"
