"""The real OCR engine on pictures drawn at test time, and on every kind of bad input."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from companion.errors import InvalidInput
from companion.ocr import engine
from companion.ocr.engine import NoTextFound, OcrLine, recognize
from companion.ocr.images import NotAPicture, PictureTooLarge
from tests.ocr.pictures import animated_gif, encoded, huge_png, text_picture

COVER = ["周末去海边散步", "风很大但很舒服", "晚饭吃了海鲜面"]


def test_a_cover_reads_exactly_in_order(ocr_engine: object, tmp_path: Path) -> None:
    path = tmp_path / "cover.png"
    text_picture(COVER, size=(600, 400)).save(path)
    result = recognize(path)
    assert [line.text for line in result.lines] == COVER
    assert (result.width, result.height) == (600, 400)
    first = result.lines[0]
    assert 30 <= first.box[0] < 60 and first.box[2] > first.box[0] and first.confidence > 0.9
    assert all(a.box[1] < b.box[1] for a, b in pairwise(result.lines))


def test_bytes_and_a_large_picture_give_boxes_in_the_files_pixels(ocr_engine: object) -> None:
    image = text_picture(COVER[:1], size=(600, 200), font_size=44).resize((2400, 800))
    result = recognize(encoded(image, "JPEG", quality=90))
    assert [line.text for line in result.lines] == COVER[:1]
    x0, y0, x1, _ = result.lines[0].box
    assert 120 <= x0 <= 200 and 120 <= y0 <= 200 and x1 > 1200  # 4× the drawn position


@pytest.mark.parametrize(
    ("name", "data", "error", "message"),
    [
        ("notes.png", "这不是图片".encode(), NotAPicture, "not a picture"),
        ("empty.png", b"", NotAPicture, "the file is empty"),
        (
            "cut.png",
            encoded(text_picture(COVER), "PNG")[:3000],
            NotAPicture,
            "damaged or cut short",
        ),
        (
            "cut.jpg",
            encoded(text_picture(COVER), "JPEG")[:2000],
            NotAPicture,
            "damaged or cut short",
        ),
        ("bomb.png", huge_png(), PictureTooLarge, "too large to read"),
        ("wide.png", huge_png(70_000, 10), PictureTooLarge, "70,000 × 10 pixels"),
        ("blank.png", encoded(text_picture([]), "PNG"), NoTextFound, "no text found"),
    ],
)
def test_bad_input_is_one_clear_line(
    ocr_engine: object, tmp_path: Path, name: str, data: bytes, error: type, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        recognize(path)
    assert isinstance(caught.value, InvalidInput)
    text = str(caught.value)
    assert message in text and "\n" not in text and text.startswith(name)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anim.gif", animated_gif(COVER[:1], ["另一帧的文字"])),
        ("cmyk.jpg", encoded(text_picture(COVER[:1], mode="CMYK"), "JPEG", quality=95)),
        ("grey.png", encoded(text_picture(COVER[:1], mode="L"), "PNG")),
        ("clear.png", encoded(text_picture(COVER[:1], mode="RGBA"), "PNG")),
        (
            "dark.webp",
            encoded(text_picture(COVER[:1], background="#1e1e1e", ink="#f0f0f0"), "WEBP"),
        ),
    ],
)
def test_other_kinds_of_picture(ocr_engine: object, tmp_path: Path, name: str, data: bytes) -> None:
    """An animation gives its first frame; CMYK, grey, transparent and dark pictures read."""
    path = tmp_path / name
    path.write_bytes(data)
    assert [line.text for line in recognize(path).lines] == COVER[:1]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    for path, message in ((tmp_path / "gone.png", "no such file"), (tmp_path, "is a folder")):
        with pytest.raises(InvalidInput, match=message):
            recognize(path)


@pytest.mark.parametrize("height", [100, 1920, 1921, 2400, 3000, 5000, 12_345])
def test_strips_cover_the_picture_and_hold_every_line_whole(height: int) -> None:
    strips = engine.strips(height)
    assert strips[0][2] == 0 and strips[-1][3] == height
    for (_, _, _, keep_to), (_, _, keep_from, _) in pairwise(strips):
        assert keep_to == keep_from  # kept bands tile the picture
    for top, bottom, keep_from, keep_to in strips:
        assert bottom - top <= engine.STRIP + engine.OVERLAP
        # a line up to OVERLAP/2 high, centred in the kept band, lies inside the strip
        assert keep_from - engine.OVERLAP // 4 >= top or top == 0
        assert keep_to + engine.OVERLAP // 4 <= bottom or bottom == height


def test_reading_order_rows_left_to_right() -> None:
    def line(text: str, x: int, y: int, h: int = 40) -> OcrLine:
        return OcrLine(text, (x, y, x + 100, y + h), 1.0)

    lines = [line("右", 500, 102), line("下", 40, 200), line("左", 40, 100), line("中", 260, 96)]
    assert [ln.text for ln in engine.reading_order(lines)] == ["左", "中", "右", "下"]
