"""Draw RedNote-style text covers for the sample posts and list them in posts.json.

Run from the repository root: ``.venv/bin/python tools/make_covers.py``. Each post in
``companion/resources/samples/posts.json`` gets ``covers/<source_id>.jpg`` (600×800, a pastel
background by category, the title in large type, a "category · level" chip and "@author"),
and its ``images`` field becomes ``["covers/<source_id>.jpg"]``. Lines break between words
(jieba's dictionary plus Companion's slang list). The output depends only on the posts, the
font, slang.tsv, jieba and Pillow, so reruns give the same files.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import jieba
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
POSTS = ROOT / "companion" / "resources" / "samples" / "posts.json"
SLANG = ROOT / "companion" / "resources" / "slang.tsv"
EXTRA_WORDS = ("颜值", "好物", "柯基", "猫主子", "小笼包", "胶囊衣橱")  # missing from jieba

WIDTH, HEIGHT = 600, 800
SCALE = 2  # draw at 2× and downsample, so shapes get anti-aliased edges
MARGIN = 56
MAX_LINES = 5
TITLE_SIZES = range(68, 37, -2)  # largest first
LINE_HEIGHT = 1.34  # × font size
JPEG_QUALITY = 85

CATEGORY_NAMES = {
    "food": "美食",
    "travel": "旅行",
    "pets": "萌宠",
    "fashion": "穿搭",
    "beauty": "美妆",
    "shopping": "好物",
    "study": "学习",
    "work": "职场",
    "parenting": "育儿",
}
LEVEL_NAMES = {"beginner": "入门", "intermediate": "进阶", "advanced": "高阶"}


@dataclass(frozen=True)
class Palette:
    """Colours of one category's cover."""

    top: str  # background gradient, top
    bottom: str  # background gradient, bottom
    shape: str  # decorative circles
    accent: str  # highlighter stripe and avatar
    ink: str  # title
    soft_ink: str  # chip text and author


PALETTES = {
    "food": Palette("#FFF1E8", "#FFD9C4", "#FFC9AD", "#FFA47E", "#3A2419", "#8A4E33"),
    "travel": Palette("#EAF5FF", "#CBE5FA", "#B5D9F7", "#7FC0F2", "#172C40", "#3C6A91"),
    "pets": Palette("#EAFAF2", "#C8EEDC", "#B0E5CC", "#74D1A7", "#15342A", "#2F7358"),
    "fashion": Palette("#F5F0FF", "#E0D4F8", "#D2C2F3", "#B598EC", "#2A1F40", "#66509A"),
    "beauty": Palette("#FFF0F5", "#FBD3E1", "#F8BFD3", "#F48FB3", "#3D1A28", "#A04468"),
    "shopping": Palette("#FFFCE6", "#FCF0AE", "#F8E68A", "#F4D23E", "#3A3210", "#8A7412"),
    "study": Palette("#F3F9EA", "#DCEDC6", "#CBE4AE", "#A6D477", "#223317", "#4E7530"),
    "work": Palette("#EFF3F7", "#D5DEE9", "#C3CFDD", "#98AECA", "#1E2836", "#4B5E78"),
    "parenting": Palette("#FFF5E8", "#FFDFBA", "#FFD19E", "#FFB35F", "#3B2610", "#94591C"),
}

# Characters the cover may show: Latin, CJK and their punctuation. Everything else (emoji,
# dingbats, variation selectors, zero-width joiners, astral characters) is dropped.
_ALLOWED = re.compile(
    "[\u0020-\u007e\u00a0-\u00ff\u2010-\u2027\u2030-\u205e\u3000-\u303f\u3040-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uffee]"
)
_LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.%-]*[A-Za-z0-9%]|[A-Za-z0-9]")
# Kinsoku: never start a line with a closing mark, never end one with an opening mark.
_NO_LINE_START = set("，。、；：！？）」』】》〉”’…—～·,.;:!?)]}%")
_NO_LINE_END = set("（「『【《〈“‘([{")
_BREAK = "｜"
_QUOTED = re.compile("“[^”]{1,6}”|「[^」]{1,6}」|《[^》]{1,8}》")  # kept on one line
_PARTICLES = set("的了地得着过吗呢吧啊")  # a line should not start with these
_CLAUSE_END = set("，。！？：；,!?:;")


def clean_title(title: str) -> str:
    """The title without emoji and other characters the font cannot draw."""
    kept = "".join(ch for ch in title if _ALLOWED.fullmatch(ch))
    kept = re.sub(r"\s*\|\s*", _BREAK, kept)
    kept = re.sub(rf"\s*{_BREAK}\s*", _BREAK, kept)
    return re.sub(r"\s+", " ", kept).strip(" " + _BREAK)


def drop_missing(text: str, font: ImageFont.FreeTypeFont) -> str:
    """text without characters the font has no glyph for (they would show as tofu boxes)."""
    missing = font.getmask("\u0e01")  # Thai ko kai: not in Noto Sans SC, so drawn as .notdef
    notdef = (missing.size, bytes(missing))

    def has_glyph(ch: str) -> bool:
        mask = font.getmask(ch)
        return ch.isspace() or (mask.size, bytes(mask)) != notdef

    return "".join(ch for ch in text if has_glyph(ch))


def key_phrase(text: str) -> tuple[int, int] | None:
    """The span to mark with a highlighter: a short ｜-segment or opening clause."""
    candidates: list[tuple[int, int]] = []
    start = 0
    for segment in text.split(_BREAK):
        candidates.append((start, start + len(segment)))
        start += len(segment) + 1
    for seg_start, seg_end in list(candidates):
        for i in range(seg_start, seg_end):
            if text[i] in _CLAUSE_END:
                candidates.append((seg_start, i))
                break
    for span in candidates:
        if 2 <= span[1] - span[0] <= 10:
            return span
    return None


@functools.cache
def _jieba() -> jieba.Tokenizer:
    """jieba with Companion's slang glossary and a few cover words kept whole."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with SLANG.open(encoding="utf-8") as lines:
        slang = [line.split("\t", 1)[0] for line in list(lines)[1:]]
    for word in [*slang, *EXTRA_WORDS]:
        if word.strip():
            tokenizer.add_word(word.strip(), 2_000_000)
    return tokenizer


def word_starts(text: str) -> set[int]:
    """Offsets in text where a word starts, by jieba's dictionary (no HMM guesses)."""
    starts, offset = set(), 0
    for word in _jieba().cut(text, HMM=False):
        starts.add(offset)
        offset += len(word)
    return starts


@functools.cache
def tokens(text: str, start: int, end: int, words: bool) -> tuple[tuple[int, int], ...]:
    """Unbreakable spans of text[start:end]: words (or characters), glued punctuation.

    Latin words are never split; a number keeps the character after it ("12件");
    closing punctuation sticks to what precedes it, opening punctuation to what follows.
    """
    starts = {start + i for i in word_starts(text[start:end])} if words else None
    quoted = {k for q in _QUOTED.finditer(text, start, end) for k in range(q.start() + 1, q.end())}
    merged: list[tuple[int, int]] = []
    i = start
    while i < end:
        match = _LATIN_WORD.match(text, i, end)
        j = match.end() if match else i + 1
        ch = text[i]
        prev = text[merged[-1][0] : merged[-1][1]] if merged else ""
        glue = merged and (
            ch in _NO_LINE_START
            or ch == " "
            or prev[-1] in _NO_LINE_END
            or (prev.isdigit() and j == i + 1 and _is_han(ch))
            or (starts is not None and i not in starts)
            or i in quoted
        )
        if glue:
            merged[-1] = (merged[-1][0], j)
        else:
            merged.append((i, j))
        i = j
    return tuple(merged)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def wrap(
    text: str,
    start: int,
    end: int,
    font: ImageFont.FreeTypeFont,
    width: float,
    words: bool,
    key: tuple[int, int] | None = None,
) -> list[tuple[int, int]] | None:
    """Line spans of text[start:end] within width: fewest lines, then even lengths.

    A small dynamic program over the break points: each line costs its squared slack, a
    break after a comma is cheaper, one inside the key phrase, before a particle (的, 了…)
    or leaving a lone character dearer. None if some token is wider than a line.
    """
    toks = tokens(text, start, end, words)
    n = len(toks)
    if n == 0:
        return []
    inf = float("inf")
    best: list[tuple[float, int]] = [(0.0, -1)] + [(inf, -1)] * n  # (cost, previous break)
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            span = _strip_span(text, (toks[i][0], toks[j - 1][1]))
            line = text[span[0] : span[1]]
            line_width = ink_width(font, line)
            if line_width > width:
                if i == j - 1:
                    return None
                break
            cost = best[i][0] + 1000 + 100 * ((width - line_width) / width) ** 2
            if j < n and line[-1] in _CLAUSE_END:
                cost -= 15
            if key and j < n and key[0] < span[1] < key[1]:
                cost += 20
            if len(line) == 1:
                cost += 40
            if i > 0 and line[0] in _PARTICLES:
                cost += 30
            if cost < best[j][0]:
                best[j] = (cost, i)
    lines, j = [], n
    while j > 0:
        i = best[j][1]
        lines.append(_strip_span(text, (toks[i][0], toks[j - 1][1])))
        j = i
    return lines[::-1]


def ink_width(font: ImageFont.FreeTypeFont, line: str) -> float:
    """How wide line's ink is, leaving out the blank half-em of a trailing "，" or leading "“".

    Those blanks may sit outside the margin; lead_in shifts a leading "“" left to match.
    """
    if not line:
        return 0.0
    mask, offset = font.getmask2(line[-1])
    box = mask.getbbox()
    last = offset[0] + box[2] if box else 0
    return font.getlength(line[:-1]) + last - lead_in(font, line)


def lead_in(font: ImageFont.FreeTypeFont, line: str) -> float:
    """Blank space before the ink of an opening mark starting line (0 for anything else)."""
    if not line or line[0] not in _NO_LINE_END:
        return 0.0
    mask, offset = font.getmask2(line[0])
    box = mask.getbbox()
    return float(offset[0] + box[0]) if box else 0.0


def _strip_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


@dataclass(frozen=True)
class TitleLayout:
    """Where the title's lines go: the text they index into, font size and line spans."""

    text: str
    size: int
    lines: list[tuple[int, int]]


def layout_title(title: str, font_path: Path, width: float, height: float) -> TitleLayout:
    """The best title layout of at most MAX_LINES lines that fits width × height.

    Preferred, in order: ｜ starting a new line, breaks between words only, a large font.
    """
    if not title:
        return TitleLayout(title, TITLE_SIZES[0], [])
    key = key_phrase(title)
    for split in (True, False):
        for words in (True, False):
            for size in TITLE_SIZES:
                lines = _lines(title, font_path, size, width, split, words, key)
                rows = len(lines) if lines else MAX_LINES + 1
                if rows <= MAX_LINES and rows * size * LINE_HEIGHT * SCALE <= height:
                    return TitleLayout(title, size, lines or [])
    # Nothing fits: the smallest size, any character may end a line (even inside a word that
    # is wider than the cover), and the title is cut after MAX_LINES lines with an ellipsis.
    size = TITLE_SIZES[-1]
    font = ImageFont.truetype(str(font_path), size * SCALE)
    usable = width - 2 * _stroke(size) * SCALE
    lines, start = [], 0
    for i in range(2, len(title) + 1):
        if i - 1 > start and ink_width(font, title[start:i]) > usable:
            lines.append(_strip_span(title, (start, i - 1)))
            start = i - 1
    lines.append(_strip_span(title, (start, len(title))))
    if len(lines) <= MAX_LINES:
        return TitleLayout(title, size, lines)
    start, end = lines[MAX_LINES - 1]
    while end > start + 1 and ink_width(font, title[start:end] + "…") > usable:
        end -= 1
    return TitleLayout(title[:end] + "…", size, [*lines[: MAX_LINES - 1], (start, end + 1)])


def _lines(
    title: str,
    font_path: Path,
    size: int,
    width: float,
    split: bool,
    words: bool,
    key: tuple[int, int] | None,
) -> list[tuple[int, int]] | None:
    """title's line spans at size, or None if some word is wider than a line."""
    font = ImageFont.truetype(str(font_path), size * SCALE)
    usable = width - 2 * _stroke(size) * SCALE
    lines: list[tuple[int, int]] = []
    start = 0
    for part in title.split(_BREAK) if split else [title]:
        wrapped = wrap(title, start, start + len(part), font, usable, words, key)
        if wrapped is None:
            return None
        lines.extend(wrapped)
        start += len(part) + 1
    return lines


def _stroke(size: int) -> int:
    return 2 if size >= 52 else 1


def _gradient(top: str, bottom: str, size: tuple[int, int]) -> Image.Image:
    """A vertical linear gradient from top to bottom."""
    column = Image.new("RGB", (1, 256))
    t, b = (
        Image.new("RGB", (1, 1), top).getpixel((0, 0)),
        Image.new("RGB", (1, 1), bottom).getpixel((0, 0)),
    )
    for y in range(256):
        column.putpixel((0, y), tuple(round(t[c] + (b[c] - t[c]) * y / 255) for c in range(3)))
    return column.resize(size, Image.Resampling.BILINEAR)


def _circle(x: float, y: float, r: float) -> tuple[float, float, float, float]:
    return x - r, y - r, x + r, y + r


def _rgba(colour: str, alpha: int) -> tuple[int, int, int, int]:
    r, g, b = Image.new("RGB", (1, 1), colour).getpixel((0, 0))
    return r, g, b, alpha


def _seed(text: str) -> int:
    """A small stable number from text (Python's hash() is salted per run)."""
    return sum((i + 1) * ord(ch) for i, ch in enumerate(text))


def draw_cover(post: dict, font_path: Path) -> Image.Image:
    """The cover of one post, as an RGB image of WIDTH × HEIGHT."""
    palette = PALETTES.get(post.get("category", ""), PALETTES["work"])
    s = SCALE
    w, h, m = WIDTH * s, HEIGHT * s, MARGIN * s
    image = _gradient(palette.top, palette.bottom, (w, h)).convert("RGBA")

    # Decorative shapes: a big soft circle off the top-right corner, a smaller one at the
    # lower left, and a few dots; their placement varies a little from post to post.
    shapes = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(shapes)
    seed = _seed(post.get("source_id", ""))
    r1 = (150 + seed % 40) * s
    cx1, cy1 = w - (40 + seed % 50) * s, (30 + seed % 40) * s
    d.ellipse(_circle(cx1, cy1, r1), fill=_rgba(palette.shape, 150))
    r2 = (90 + seed % 30) * s
    cx2, cy2 = (10 + seed % 30) * s, h - (190 + seed % 50) * s
    d.ellipse(_circle(cx2, cy2, r2), fill=_rgba(palette.shape, 110))
    for k in range(3):
        rd = (7 - 2 * k) * s
        dx, dy = w - m - (k * 26) * s, h - m - 22 * s
        d.ellipse(_circle(dx, dy, rd), fill=_rgba(palette.accent, 200))
    image = Image.alpha_composite(image, shapes)
    draw = ImageDraw.Draw(image)

    # Chip: "美食 · 入门".
    chip_font = ImageFont.truetype(str(font_path), 24 * s)
    category = CATEGORY_NAMES.get(post.get("category", ""), post.get("category", ""))
    level = LEVEL_NAMES.get(post.get("level", ""), post.get("level", ""))
    chip_text = " · ".join(part for part in (category, level) if part)
    chip_text = drop_missing(clean_title(chip_text), chip_font)
    chip_w = chip_font.getlength(chip_text) + 2 * 20 * s
    chip_h = 44 * s
    chip_top = m
    if chip_text:
        draw.rounded_rectangle(
            (m, chip_top, m + chip_w, chip_top + chip_h), radius=chip_h // 2, fill="#FFFFFF"
        )
        draw.text(
            (m + 20 * s, chip_top + chip_h / 2),
            chip_text,
            font=chip_font,
            fill=palette.soft_ink,
            anchor="lm",
            stroke_width=s // 2,
            stroke_fill=palette.soft_ink,
        )

    # Author: a ringed avatar dot with the first character, then "@nickname".
    author = drop_missing(clean_title(post.get("author", "")), chip_font) or "小红薯"
    avatar_r = 22 * s
    ax, ay = m + avatar_r, h - m - avatar_r
    draw.ellipse(_circle(ax, ay, avatar_r), fill=palette.accent)
    draw.ellipse(_circle(ax, ay, avatar_r - 3 * s), fill="#FFFFFF")
    initial_font = ImageFont.truetype(str(font_path), 20 * s)
    draw.text(
        (ax, ay),
        author[0],
        font=initial_font,
        fill=palette.soft_ink,
        anchor="mm",
        stroke_width=s // 2,
        stroke_fill=palette.soft_ink,
    )
    author_font = ImageFont.truetype(str(font_path), 24 * s)
    draw.text(
        (ax + avatar_r + 14 * s, ay),
        f"@{author}",
        font=author_font,
        fill=palette.soft_ink,
        anchor="lm",
    )

    # Title, vertically centred (a little high) between the chip and the author row.
    area_top = chip_top + chip_h + 40 * s
    area_bottom = ay - avatar_r - 48 * s
    title = drop_missing(clean_title(post.get("title", "")), chip_font)
    layout = layout_title(title, font_path, w - 2 * m, area_bottom - area_top)
    size = layout.size * s
    font = ImageFont.truetype(str(font_path), size)
    stroke = _stroke(layout.size) * s
    line_h = size * LINE_HEIGHT
    block_h = len(layout.lines) * line_h
    top = area_top + max(0, (area_bottom - area_top - block_h) * 0.42)
    text = layout.text
    key = key_phrase(text)

    marks = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    mark_draw = ImageDraw.Draw(marks)
    baselines = []
    for i, (start, end) in enumerate(layout.lines):
        baseline = top + i * line_h + size * 0.98
        baselines.append(baseline)
        if key is None:
            continue
        lo, hi = max(start, key[0]), min(end, key[1])
        while hi > lo and text[hi - 1] in _CLAUSE_END | {" ", _BREAK}:
            hi -= 1
        if hi - lo < (2 if key[1] - key[0] > hi - lo else 1):
            continue  # no lone highlighted character left over from the previous line
        x = m + stroke - lead_in(font, text[start:end])
        x0 = x + font.getlength(text[start:lo]) + lead_in(font, text[lo:hi]) - 6 * s
        x1 = x + font.getlength(text[start:hi]) + 6 * s
        mark_draw.rounded_rectangle(
            (x0, baseline - size * 0.40, x1, baseline + size * 0.10),
            radius=8 * s,
            fill=_rgba(palette.accent, 170),
        )
    image = Image.alpha_composite(image, marks)
    draw = ImageDraw.Draw(image)
    for (start, end), baseline in zip(layout.lines, baselines, strict=True):
        draw.text(
            (m + stroke - lead_in(font, text[start:end]), baseline),
            text[start:end],
            font=font,
            fill=palette.ink,
            anchor="ls",
            stroke_width=stroke,
            stroke_fill=palette.ink,
        )

    return image.convert("RGB").resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def update_posts(posts_path: Path, font_path: Path) -> list[Path]:
    """Write every post's cover next to posts_path and point its "images" at it."""
    text = posts_path.read_text(encoding="utf-8")
    data = json.loads(text)
    covers = posts_path.parent / "covers"
    covers.mkdir(exist_ok=True)
    written = []
    for index, post in enumerate(data["posts"]):
        name = f"covers/{post['source_id']}.jpg"
        target = posts_path.parent / name
        draw_cover(post, font_path).save(
            target, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
        )
        written.append(target)
        data["posts"][index] = _with_images(post, [name])
    out = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if out != text:
        posts_path.write_text(out, encoding="utf-8")
    return written


def _with_images(post: dict, images: list[str]) -> dict:
    """post with "images" set, placed right after "tags" (or at the end without tags)."""
    rest = {k: v for k, v in post.items() if k != "images"}
    if "tags" not in rest:
        return {**rest, "images": images}
    result: dict = {}
    for key, value in rest.items():
        result[key] = value
        if key == "tags":
            result["images"] = images
    return result


def default_font() -> Path:
    """Noto Sans SC from the pylopdf_fonts_zh_cn package."""
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.sans_path())


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=Path, default=POSTS, help="posts.json to update")
    parser.add_argument("--font", type=Path, help="CJK font file (default: Noto Sans SC)")
    args = parser.parse_args(argv)
    written = update_posts(args.posts, args.font or default_font())
    total = sum(path.stat().st_size for path in written)
    print(f"wrote {len(written)} covers, {total / 1024:.0f} KB in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
