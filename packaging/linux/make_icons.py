#!/usr/bin/env python3
"""Draw Companion's app icon: a red rounded square with a white 伴 ("companion") in strokes.

    python packaging/linux/make_icons.py      # needs Pillow (the "dev" extra)

Writes icons/hicolor/scalable/apps/companion.svg and the 48, 128 and 256 px PNGs from the same
stroke geometry, so the bitmaps and the vector icon always match, plus the Windows .ico and
macOS .icns that packaging/pyinstaller/companion.spec uses. The character is drawn as
round-capped strokes rather than set in a font, so the SVG needs no font to render; its shape
follows Noto Sans SC's 伴. Re-run after changing the geometry and commit the results.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

HERE = Path(__file__).resolve().parent
ICONS = HERE / "icons" / "hicolor"
PYINSTALLER = HERE.parent / "pyinstaller"
SIZES = (48, 128, 256)

CANVAS = 256
MARGIN = 8  # transparent border, as icon themes expect
RADIUS = 56
RED = "#e0323c"
WHITE = "#ffffff"
STROKE = 19

# 伴 on the 256 grid: 亻 on the left, 半 (two dots, two bars, one stem) on the right.
STROKES: tuple[tuple[tuple[float, float], ...], ...] = (
    ((100, 50), (60, 130)),  # 亻 falling stroke
    ((82, 98), (82, 208)),  # 亻 stem
    ((130, 64), (142, 88)),  # 半 left dot
    ((202, 62), (188, 88)),  # 半 right dot
    ((120, 112), (210, 112)),  # 半 upper bar
    ((110, 154), (220, 154)),  # 半 lower bar
    ((165, 46), (165, 212)),  # 半 stem
)


def svg() -> str:
    """The scalable icon as SVG text."""
    size = CANVAS - 2 * MARGIN
    paths = "\n".join(
        '    <path d="M ' + " L ".join(f"{x:g} {y:g}" for x, y in stroke) + '"/>'
        for stroke in STROKES
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{CANVAS}" height="{CANVAS}" \
viewBox="0 0 {CANVAS} {CANVAS}">
  <title>Companion</title>
  <rect x="{MARGIN}" y="{MARGIN}" width="{size}" height="{size}" rx="{RADIUS}" ry="{RADIUS}" \
fill="{RED}"/>
  <g fill="none" stroke="{WHITE}" stroke-width="{STROKE}" stroke-linecap="round" \
stroke-linejoin="round">
{paths}
  </g>
</svg>
"""


def render(size: int) -> Image.Image:
    """The icon at size x size pixels (drawn 4x larger, then downsampled)."""
    from PIL import Image, ImageDraw

    scale = 4 * size / CANVAS
    big = round(CANVAS * scale)
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    lo, hi = MARGIN * scale, (CANVAS - MARGIN) * scale
    draw.rounded_rectangle((lo, lo, hi, hi), radius=RADIUS * scale, fill=RED)
    width = STROKE * scale
    for stroke in STROKES:
        points = [(x * scale, y * scale) for x, y in stroke]
        draw.line(points, fill=WHITE, width=round(width))
        for x, y in points:  # round caps
            r = width / 2
            draw.ellipse((x - r, y - r, x + r, y + r), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> int:
    scalable = ICONS / "scalable" / "apps" / "companion.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_text(svg(), encoding="utf-8")
    print(scalable)
    for size in SIZES:
        target = ICONS / f"{size}x{size}" / "apps" / "companion.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        render(size).save(target, optimize=True)
        print(target)
    PYINSTALLER.mkdir(parents=True, exist_ok=True)
    ico = PYINSTALLER / "companion.ico"
    render(256).save(
        ico, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
    )
    print(ico)
    icns = PYINSTALLER / "companion.icns"
    render(512).save(icns)
    print(icns)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
