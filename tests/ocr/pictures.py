"""Pictures drawn at test time (nothing binary committed): text in the app's Noto Sans SC, and
files that are damaged or hostile in the ways the OCR must refuse."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pylopdf_fonts_zh_cn
from PIL import Image, ImageDraw, ImageFont

FONT = Path(pylopdf_fonts_zh_cn.__file__).parent / "NotoSansSC-Regular.otf"


def text_picture(
    lines: list[str],
    *,
    size: tuple[int, int] = (600, 400),
    font_size: int = 44,
    mode: str = "RGB",
    background: str = "white",
    ink: str = "black",
) -> Image.Image:
    """Lines of text, one under the other, on a plain background."""
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), font_size)
    y = 40
    for line in lines:
        draw.text((40, y), line, font=font, fill=ink)
        y += int(font_size * 1.6)
    return image.convert(mode) if mode != "RGB" else image


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A few hundred bytes that claim width × height pixels (a decompression bomb's header)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 4)  # a few rows; the rest is missing
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


def animated_gif(first: list[str], second: list[str]) -> bytes:
    frames = [text_picture(first).convert("P"), text_picture(second).convert("P")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=500, loop=0)
    return out.getvalue()
