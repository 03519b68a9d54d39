"""Phone screenshots of RedNote posts as posts: each file recognised, its chrome and any text
lying on a picture left out (``layout``), consecutive screens of one post joined, and the
screenshots kept as the post's images. ``companion posts import shot.png [more.png …]`` and the
app's paste and drop come here through ``companion.importers.formats``."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from companion.errors import InvalidInput
from companion.importers import build
from companion.importers.errors import ImportFormatError
from companion.importers.limits import MAX_TITLE
from companion.ocr import layout
from companion.ocr.engine import NoTextFound, OcrResult, read_picture
from companion.ocr.images import Picture, load
from companion.store.models import Comment, Image, Post

SOURCE = "screenshot"
SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
PICTURE_DISTANCE = 48
"""A line whose surroundings differ this much (0–255 per channel) from the page lies on a
picture (a photo, a sticker), not on the page."""


@dataclass(frozen=True)
class ReadScreen:
    path: Path
    screen: layout.Screen
    digest: str
    result: OcrResult


def read_screen(path: Path) -> ReadScreen:
    """One screenshot: its content lines and author, the file's digest (the post's id)."""
    try:
        picture = load(path)
        result = read_picture(picture)
    except NoTextFound:
        raise ImportFormatError(path, "no text found in the picture") from None
    except InvalidInput as exc:
        raise ImportFormatError(path, str(exc).removeprefix(f"{path.name}: ")) from None
    screen = layout.split_chrome(
        result, on_picture=on_picture(picture, result), weights=ink(picture, result)
    )
    if not screen.content:
        raise ImportFormatError(path, "no post text found in the screenshot")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return ReadScreen(path, screen, digest, result)


def on_picture(picture: Picture, result: OcrResult) -> list[bool]:
    """For each line, whether it lies on a picture rather than on the page's background."""
    import numpy as np

    pixels = picture.pixels
    h, w = pixels.shape[:2]
    rings = []
    for line in result.lines:
        x0, y0, x1, y1 = (round(v * picture.scale) for v in line.box)
        pad = max(3, (y1 - y0) // 4)
        top, bottom = max(0, y0 - pad), min(h, y1 + pad)
        left, right = max(0, x0 - pad), min(w, x1 + pad)
        ring = np.concatenate(
            [
                pixels[top:bottom, left : left + 2].reshape(-1, 3),
                pixels[top:bottom, max(left, right - 2) : right].reshape(-1, 3),
                pixels[top : top + 2, left:right].reshape(-1, 3),
                pixels[max(top, bottom - 2) : bottom, left:right].reshape(-1, 3),
            ]
        )
        rings.append(np.median(ring, axis=0) if len(ring) else np.zeros(3))
    if not rings:
        return []
    page = np.median(np.array(rings), axis=0)
    return [bool(np.abs(r - page).max() > PICTURE_DISTANCE) for r in rings]


def ink(picture: Picture, result: OcrResult) -> list[float]:
    """For each line, the share of its box that is dark-or-light ink of no colour (bold type
    has more; emoji and coloured pictures do not count)."""
    import cv2
    import numpy as np

    out = []
    for line in result.lines:
        x0, y0, x1, y1 = (round(v * picture.scale) for v in line.box)
        box = picture.pixels[max(0, y0) : y1, max(0, x0) : x1]
        if not box.size:
            out.append(0.0)
            continue
        grey = cv2.cvtColor(box, cv2.COLOR_BGR2GRAY).astype(np.int16)
        saturation = cv2.cvtColor(box, cv2.COLOR_BGR2HSV)[..., 1]
        ink_pixels = (np.abs(grey - int(np.median(grey))) > 80) & (saturation < 80)
        out.append(float(ink_pixels.mean()))
    return out


def read(paths: Sequence[Path]) -> Iterator[Post]:
    """Posts from screenshots given in order: a screen that repeats the end of the one before,
    or that starts without a title, continues its post."""
    group: list[ReadScreen] = []
    for path in paths:
        screen = read_screen(path)
        if group and not _continues(group, screen):
            yield to_post(group)
            group = []
        group.append(screen)
    if group:
        yield to_post(group)


def _continues(group: list[ReadScreen], screen: ReadScreen) -> bool:
    before = [p.text for p in layout.join_screens([s.screen for s in group])]
    if layout._overlap(before, [ln.text for ln in screen.screen.content])[1]:
        return True
    alone = layout.parse([screen.screen])
    starts = bool(alone.paragraphs) and alone.title != alone.paragraphs[0][:40]
    return not starts


def to_post(group: Sequence[ReadScreen]) -> Post:
    """The post several screens of one post show; the screenshots are its images."""
    shot = layout.parse([s.screen for s in group])
    comments = []
    parent = None
    for number, c in enumerate(shot.comments, start=1):
        source_id = f"c{number}"
        comments.append(
            Comment(source_id, c.text, author=c.author, parent_id=parent if c.reply else None)
        )
        if not c.reply:
            parent = source_id
    return build.post(
        source=SOURCE,
        source_id=group[0].digest,
        title=shot.title[:MAX_TITLE],
        body=shot.body,
        author=shot.author,
        tags=shot.tags,
        comments_count=shot.comments_count or len(comments),
        images=tuple(Image(local_path=str(s.path.resolve())) for s in group),
        comments=tuple(comments),
    )


def is_screenshot(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES
