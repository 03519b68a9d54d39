"""Render phone screenshots of RedNote-style posts, and text covers, with ground truth, for the
OCR tests and benchmarks (companion/ocr, benchmarks/ocr.py).

    .venv/bin/python tools/make_screenshots.py OUT_DIR [--set dev|test] [--posts N] [--covers N]

A post is laid out on one tall page (picture, title, body, topics, date, comments) and shown
through 1080×2400 phone screens: the status bar, the author bar with its follow button and the
bottom bar (comment box, like/collect/comment counters) are drawn over every screen, and a long
post takes several screens that overlap by a few lines. Fonts, sizes, margins and spacing vary by
post. ``--set dev`` takes its text from the sample posts; ``--set test`` from the separate texts in
tools/screenshot_texts.py, which no tuning ever looks at. ``truth.json`` lists every post (its
screens, title, paragraphs, topics, comments and every text line drawn) and every cover.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools import screenshot_texts  # noqa: E402

W, H = 1080, 2400
STATUS, HEADER, BOTTOM = 96, 150, 150
RED, BLUE, GREY, INK = "#ff2442", "#13386c", "#8a8a8a", "#222222"
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d]+")
_STICKER = re.compile(r"\[[^\[\]\s]{1,6}R\]")
_TAG = re.compile(r"#([^#\s\[]+)\[话题\]#")


def _fonts() -> list[Path]:
    """CJK fonts on this machine: the app's Noto Sans/Serif SC, and WenQuanYi if installed."""
    import pylopdf_fonts_zh_cn

    here = Path(pylopdf_fonts_zh_cn.__file__).parent
    found = [here / "NotoSansSC-Regular.otf", here / "NotoSerifSC-Regular.otf"]
    found += [
        p
        for p in (
            Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
        )
        if p.is_file()
    ]
    return [p for p in found if p.is_file()]


EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")


@dataclass(frozen=True)
class Style:
    font: Path
    body: int  # body text size, px
    title: int
    small: int
    margin: int
    leading: float  # line pitch ÷ size
    bold_title: int  # stroke width of the faux-bold title


@dataclass
class Page:
    """The tall page a post is laid out on, and the text lines drawn on it."""

    image: Image.Image
    lines: list[dict] = field(default_factory=list)
    y: int = 0


def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return _font(str(path), size)


_CACHE: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    if (path, size) not in _CACHE:
        _CACHE[path, size] = ImageFont.truetype(path, size)
    return _CACHE[path, size]


def plain(text: str) -> str:
    """What a reader of the screen sees as text: emoji and stickers left out."""
    return re.sub(r"\s+", " ", _EMOJI.sub("", _STICKER.sub("", text))).strip()


def _runs(text: str) -> list[tuple[str, bool]]:
    out, last = [], 0
    for m in _EMOJI.finditer(text):
        if m.start() > last:
            out.append((text[last : m.start()], False))
        out.append((m.group(0), True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


def width_of(text: str, f: ImageFont.FreeTypeFont) -> float:
    return sum(f.size * 1.1 if emo else f.getlength(run) for run, emo in _runs(text))


def draw_text(
    img: Image.Image,
    xy: tuple[float, float],
    text: str,
    f: ImageFont.FreeTypeFont,
    fill: str,
    stroke: int = 0,
) -> float:
    """Draw text with colour emoji (Noto Color Emoji, scaled); returns the width drawn."""
    draw = ImageDraw.Draw(img)
    x, y = xy
    for run, emo in _runs(text):
        if not emo:
            draw.text((x, y), run, font=f, fill=fill, stroke_width=stroke, stroke_fill=fill)
            x += f.getlength(run)
            continue
        glyph = run.replace("\ufe0f", "").replace("\u200d", "")[:1]
        if EMOJI_FONT.is_file() and glyph:
            tile = Image.new("RGBA", (136, 128), (0, 0, 0, 0))
            ImageDraw.Draw(tile).text(
                (0, 0), glyph, font=_font(str(EMOJI_FONT), 109), embedded_color=True
            )
            side = int(f.size * 1.0)
            tile = tile.resize((side, int(side * 128 / 136)), Image.Resampling.LANCZOS)
            img.paste(tile, (int(x), int(y + f.size * 0.12)), tile)
        x += f.size * 1.1
    return x - xy[0]


def wrap(text: str, f: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Break text into lines no wider than width (anywhere between characters; closing
    punctuation stays on its line)."""
    lines, line = [], ""
    for ch in text:
        if line and width_of(line + ch, f) > width and ch not in "，。！？、；：）」』”,.!?":
            lines.append(line)
            line = ""
        line += ch
    if line:
        lines.append(line)
    return lines


def paragraph(
    page: Page,
    text: str,
    style: Style,
    *,
    size: int,
    fill: str,
    x: int,
    right: int,
    kind: str,
    stroke: int = 0,
    gap: float = 0.5,
) -> None:
    f = font(style.font, size)
    pitch = int(size * style.leading)
    for line in wrap(text, f, right - x):
        width = draw_text(page.image, (x, page.y), line, f, fill, stroke)
        if plain(line):
            page.lines.append(
                {
                    "text": plain(line),
                    "kind": kind,
                    "box": [x, page.y, int(x + width), page.y + size],
                }
            )
        page.y += pitch
    page.y += int(size * gap)


def picture(page: Page, rng: random.Random, height: int, count: int) -> None:
    """A photo-like block (gradient and shapes, no text) and its "1/4" counter."""
    top = tuple(rng.randrange(120, 250) for _ in range(3))
    bottom = tuple(rng.randrange(60, 200) for _ in range(3))
    block = Image.new("RGB", (W, height))
    d = ImageDraw.Draw(block)
    for y in range(height):
        t = y / height
        d.line(
            [(0, y), (W, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    for _ in range(rng.randrange(3, 7)):
        cx, cy, r = rng.randrange(W), rng.randrange(height), rng.randrange(60, 260)
        d.ellipse(
            [cx - r, cy - r, cx + r, cy + r], fill=tuple(rng.randrange(80, 255) for _ in range(3))
        )
    page.image.paste(block, (0, page.y))
    counter = f"1/{count}"
    f = font(_fonts()[0], 30)
    ImageDraw.Draw(page.image).rounded_rectangle(
        [W - 130, page.y + 30, W - 40, page.y + 80], 25, fill="#55555588"
    )
    ImageDraw.Draw(page.image).text((W - 112, page.y + 36), counter, font=f, fill="white")
    page.lines.append(
        {"text": counter, "kind": "chrome", "box": [W - 112, page.y + 36, W - 60, page.y + 70]}
    )
    page.y += height + 30
    for i in range(count):  # carousel dots
        cx = W // 2 + (i - count / 2) * 24
        ImageDraw.Draw(page.image).ellipse(
            [cx, page.y, cx + 12, page.y + 12], fill=RED if i == 0 else "#dddddd"
        )
    page.y += 50


def comment(page: Page, c: dict, style: Style, rng: random.Random, *, reply: bool) -> None:
    m = style.margin + (90 if reply else 0)
    avatar = 56 if reply else 76
    d = ImageDraw.Draw(page.image)
    colour = tuple(rng.randrange(100, 230) for _ in range(3))
    d.ellipse([m, page.y, m + avatar, page.y + avatar], fill=colour)
    x = m + avatar + 22
    small = font(style.font, style.small)
    width = draw_text(page.image, (x, page.y), c["author"], small, GREY)
    page.lines.append(
        {
            "text": plain(c["author"]),
            "kind": "comment_author",
            "box": [x, page.y, int(x + width), page.y + style.small],
        }
    )
    if c.get("is_author"):
        d.rounded_rectangle(
            [x + width + 12, page.y + 2, x + width + 84, page.y + style.small + 2],
            12,
            fill="#f0f0f0",
        )
        d.text(
            (x + width + 22, page.y + 2), "作者", font=font(style.font, style.small - 6), fill=GREY
        )
        page.lines.append({"text": "作者", "kind": "chrome", "box": [0, 0, 0, 0]})
    likes = str(c.get("likes") or "赞")
    lx = W - style.margin - 40
    d.text(
        (lx, page.y + 8),
        "♡",
        font=font(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), 34),
        fill=GREY,
    )
    d.text((lx - 4, page.y + 52), likes, font=small, fill=GREY)
    page.lines.append(
        {"text": likes, "kind": "chrome", "box": [lx, page.y + 52, lx + 40, page.y + 80]}
    )
    page.y += int(style.small * 1.5)
    paragraph(
        page,
        c["text"],
        style,
        size=style.body - 4,
        fill=INK,
        x=x,
        right=lx - 40,
        kind="comment",
        gap=0.1,
    )
    meta = f"{c['date']} {c['place']}  回复"
    draw_text(page.image, (x, page.y), meta, small, GREY)
    page.lines.append(
        {"text": meta, "kind": "chrome", "box": [x, page.y, x + 300, page.y + style.small]}
    )
    page.y += int(style.small * 2.2)


def layout(post: dict, style: Style, rng: random.Random) -> Page:
    """The post on one tall page (white, as long as it needs)."""
    page = Page(Image.new("RGB", (W, 12000), "white"), y=STATUS + HEADER)
    picture(page, rng, rng.choice((1080, 1200, 1350, 1440)), rng.randrange(2, 7))
    right = W - style.margin
    paragraph(
        page,
        post["title"],
        style,
        size=style.title,
        fill=INK,
        x=style.margin,
        right=right,
        kind="title",
        stroke=style.bold_title,
        gap=0.6,
    )
    for para in post["body"]:
        paragraph(
            page,
            para,
            style,
            size=style.body,
            fill=INK,
            x=style.margin,
            right=right,
            kind="body",
            gap=rng.choice((0.2, 0.5, 0.8)),
        )
    if post["tags"]:
        paragraph(
            page,
            " ".join("#" + t for t in post["tags"]),
            style,
            size=style.body,
            fill=BLUE,
            x=style.margin,
            right=right,
            kind="tags",
        )
    meta = (
        f"编辑于 {post['date']} {post['place']}"
        if rng.random() < 0.6
        else f"{post['date']} {post['place']}"
    )
    paragraph(
        page,
        meta,
        style,
        size=style.small,
        fill=GREY,
        x=style.margin,
        right=right,
        kind="chrome",
        gap=0.8,
    )
    d = ImageDraw.Draw(page.image)
    d.line([(style.margin, page.y), (right, page.y)], fill="#eeeeee", width=2)
    page.y += 40
    paragraph(
        page,
        f"共 {post['comments_count']} 条评论",
        style,
        size=style.small,
        fill=INK,
        x=style.margin,
        right=right,
        kind="chrome",
        gap=0.8,
    )
    d.ellipse([style.margin, page.y, style.margin + 64, page.y + 64], fill="#dddddd")
    d.rounded_rectangle([style.margin + 84, page.y, right, page.y + 64], 32, fill="#f5f5f5")
    prompt = rng.choice(("说点什么…", "爱评论的人运气都不差", "让大家听到你的声音"))
    draw_text(
        page.image, (style.margin + 114, page.y + 12), prompt, font(style.font, style.small), GREY
    )
    page.lines.append({"text": prompt, "kind": "chrome", "box": [0, 0, 0, 0]})
    page.y += 110
    for c in post["comments"]:
        comment(page, c, style, rng, reply=bool(c.get("reply")))
    page.y += 120
    page.image = page.image.crop((0, 0, W, max(page.y + BOTTOM, H)))
    return page


def chrome(screen: Image.Image, post: dict, style: Style, rng: random.Random) -> list[dict]:
    """Status bar, author bar and bottom bar over a screen; the text lines they hold."""
    d = ImageDraw.Draw(screen)
    small = font(style.font, 34)
    d.rectangle([0, 0, W, STATUS + HEADER], fill="white")
    clock = f"{rng.randrange(7, 23)}:{rng.randrange(60):02d}"
    d.text((70, 26), clock, font=small, fill="black")
    for i in range(4):  # signal bars, battery
        d.rectangle([820 + i * 14, 56 - i * 9, 830 + i * 14, 62], fill="black")
    d.rounded_rectangle([920, 30, 990, 62], 8, outline="black", width=3)
    battery = str(rng.randrange(20, 100))
    d.text((930, 30), battery, font=font(style.font, 24), fill="black")
    y = STATUS
    d.line([(40, y + 75), (62, y + 52), (40, y + 75), (62, y + 98)], fill="black", width=5)
    d.ellipse([90, y + 40, 160, y + 110], fill=tuple(rng.randrange(100, 230) for _ in range(3)))
    d.text((180, y + 55), post["author"], font=font(style.font, 36), fill=INK)
    follow = random.Random(post["title"]).choice(("关注", "关注", "已关注"))
    fill, ink = (RED, "white") if follow == "关注" else ("white", GREY)
    d.rounded_rectangle(
        [790, y + 45, 950, y + 105], 30, fill=fill, outline=RED if follow == "关注" else GREY
    )
    d.text((870 - len(follow) * 17, y + 55), follow, font=font(style.font, 34), fill=ink)
    d.line([(990, y + 90), (1040, y + 55)], fill="black", width=4)
    top = H - BOTTOM
    d.rectangle([0, top, W, H], fill="white")
    d.line([(0, top), (W, top)], fill="#eeeeee", width=2)
    d.rounded_rectangle([40, top + 35, 470, top + 105], 35, fill="#f5f5f5")
    d.text((80, top + 50), "说点什么...", font=font(style.font, 34), fill=GREY)
    lines = [clock, battery, post["author"], follow, "说点什么..."]
    sym = font(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), 44)
    for x, symbol, count in (
        (520, "♡", post["likes"]),
        (700, "☆", post["collects"]),
        (880, "▢", post["comments_count"]),
    ):
        d.text((x, top + 45), symbol, font=sym, fill=INK)
        label = _count(count)
        d.text((x + 60, top + 50), label, font=font(style.font, 34), fill=INK)
        lines.append(label)
    return [{"text": t, "kind": "chrome", "box": [0, 0, 0, 0]} for t in lines]


def _count(n: int) -> str:
    return f"{n / 10000:.1f}万" if n >= 10000 else str(n)


def screens(
    page: Page, post: dict, style: Style, rng: random.Random
) -> list[tuple[Image.Image, list[dict]]]:
    """Phone screens over the page, each scrolled so it shares a few lines with the last."""
    view = H - STATUS - HEADER - BOTTOM
    out, top = [], 0
    while True:
        shot = page.image.crop((0, top, W, top + H))
        lines = chrome(shot, post, style, rng)
        for line in page.lines:
            y0, y1 = line["box"][1] - top, line["box"][3] - top
            if y0 >= STATUS + HEADER and y1 <= H - BOTTOM and line["box"][2] > 0:
                lines.append({**line, "box": [line["box"][0], y0, line["box"][2], y1]})
        out.append((shot, lines))
        if top + H >= page.image.height:
            return out
        top = min(top + int(view * rng.uniform(0.7, 0.85)), page.image.height - H)


def cover(
    text_lines: list[str], style: Style, rng: random.Random
) -> tuple[Image.Image, list[dict]]:
    """A 1080×1440 text cover: a pale background, two to five lines of large type."""
    img = Image.new("RGB", (1080, 1440), tuple(rng.randrange(200, 256) for _ in range(3)))
    d = ImageDraw.Draw(img)
    for _ in range(rng.randrange(2, 5)):
        cx, cy, r = rng.randrange(1080), rng.randrange(1440), rng.randrange(80, 300)
        d.ellipse(
            [cx - r, cy - r, cx + r, cy + r], fill=tuple(rng.randrange(170, 240) for _ in range(3))
        )
    size = rng.choice((88, 100, 112, 124))
    f = font(style.font, size)
    y = rng.randrange(160, 360)
    lines = []
    ink = rng.choice(("#222222", "#3a2a1a", "#1d3557", "#8b1e3f"))
    for text in text_lines:
        while width_of(text, f) > 1080 - 2 * 80 and size > 40:
            size -= 8
            f = font(style.font, size)
        x = (1080 - width_of(text, f)) / 2 if rng.random() < 0.5 else 80
        if rng.random() < 0.3:
            d.rectangle(
                [x - 10, y + size * 0.55, x + width_of(text, f) + 10, y + size * 1.1],
                fill="#ffe66d",
            )
        width = draw_text(img, (x, y), text, f, ink, stroke=rng.choice((0, 1, 2)))
        lines.append(
            {"text": plain(text), "kind": "title", "box": [int(x), y, int(x + width), y + size]}
        )
        y += int(size * 1.35)
    return img, lines


def styles(rng: random.Random) -> Style:
    body = rng.choice((38, 40, 42, 44, 46, 48))
    return Style(
        font=rng.choice(_fonts()),
        body=body,
        title=body if rng.random() < 0.25 else int(body * rng.uniform(1.1, 1.3)),  # bold only
        small=max(28, body - rng.choice((6, 8, 10))),
        margin=rng.choice((36, 44, 48, 56)),
        leading=rng.uniform(1.45, 1.75),
        bold_title=rng.choice((1, 1, 2)),
    )


def truth_post(post: dict) -> dict:
    return {
        "title": plain(post["title"]),
        "body": [p for p in (plain(b) for b in post["body"]) if p],
        "tags": post["tags"],
        "comments": [
            {"author": plain(c["author"]), "text": plain(c["text"])} for c in post["comments"]
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--set", choices=("dev", "test"), default="dev")
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--covers", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jpeg", action="store_true", help="save screens as JPEG (smaller)")
    args = parser.parse_args(argv)
    rng = random.Random(f"{args.set}-{args.seed}")
    posts = screenshot_texts.posts(args.set, rng)
    args.out.mkdir(parents=True, exist_ok=True)
    truth: dict = {"set": args.set, "posts": [], "covers": []}
    suffix = ".jpg" if args.jpeg else ".png"
    for n in range(args.posts):
        post = posts[n % len(posts)]
        style = styles(rng)
        page = layout(post, style, rng)
        files = []
        all_lines = []
        for k, (shot, lines) in enumerate(screens(page, post, style, rng), start=1):
            name = f"post{n + 1:02d}-{k}{suffix}"
            shot.save(args.out / name, quality=88) if args.jpeg else shot.save(
                args.out / name, optimize=True
            )
            files.append(name)
            all_lines.append(lines)
        truth["posts"].append(
            {
                **truth_post(post),
                "files": files,
                "lines": all_lines,
                "font": style.font.name,
                "size": style.body,
            }
        )
    for n in range(args.covers):
        post = posts[(n * 7 + 3) % len(posts)]
        style = styles(rng)
        img, lines = cover(screenshot_texts.cover_lines(post, rng), style, rng)
        name = f"cover{n + 1:02d}.jpg"
        img.save(args.out / name, quality=88)
        truth["covers"].append({"file": name, "lines": lines, "font": style.font.name})
    (args.out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), "utf-8")
    print(f"{args.posts} posts, {args.covers} covers in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
