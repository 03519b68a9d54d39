"""Local image files: which an import may bring in, and at what size each is decoded for display.

An export names its images by path, so an import file could name any file the user can read
(``~/.ssh/id_rsa``); only a file whose first bytes are an image format's signature, and that
lies (symbolic links resolved) inside a folder the import may read, is ever copied.

Decoding itself is the UI's (Qt's image reader, which also turns photos upright by their EXIF
orientation); the sizes it decodes at are decided here, once, for every view: a gallery row of
one height (:func:`fit_height`) and a cover that fills its box (:func:`cover`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePath

SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".heic", ".heif", ".bmp")
VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".mkv", ".flv", ".avi", ".webm")
_HEAD = 32
_FTYP_IMAGES = (b"avif", b"avis", b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1")
_NUMBER_RE = re.compile(r"(\d+)")
# scheme://… (two letters at least, so C://x stays a Windows path) or a protocol-relative //host/…;
# a path object folds the double slash (Path("https://x") is https:/x), hence the second form
_REMOTE_RE = re.compile(r"(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+):)?//")
_FOLDED_REMOTE_RE = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+):/|//")


def is_remote(ref: str | os.PathLike[str] | None) -> bool:
    """True if an image reference names something on the network (``https://…``, any other
    ``scheme://…`` but ``file://``, or ``//host/…``) rather than a file on this computer.
    Remote references are kept as addresses, never downloaded or opened."""
    if not ref:
        return False
    if isinstance(ref, PurePath):
        match = _FOLDED_REMOTE_RE.match(ref.as_posix())
    else:
        match = _REMOTE_RE.match(os.fspath(ref))
    return match is not None and (match.group("scheme") or "").lower() != "file"


def kind(path: Path) -> str | None:
    """The image format of a file by its signature ('jpeg', 'png', …), or None if it is not one."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD)
    except OSError:
        return None
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in _FTYP_IMAGES:
        return "avif" if head[8:12] in (b"avif", b"avis") else "heic"
    if head[:2] == b"BM" and len(head) >= 26:
        return "bmp"
    return None


def inside(path: Path, roots: tuple[Path, ...]) -> bool:
    """True if path (links resolved) is in one of roots or below it."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return any(real.is_relative_to(root.resolve()) for root in roots)


def natural_key(path: Path) -> tuple[object, ...]:
    """Sort key that orders numbers by value: 2.jpg before 10.jpg, a_2 before a_10."""
    parts = _NUMBER_RE.split(path.name)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def sort_naturally(paths: list[Path]) -> list[Path]:
    """Paths by folder, then by name with numbers compared as numbers."""
    return sorted(set(paths), key=lambda p: (str(p.parent), natural_key(p)))


MAX_DECODED_SIDE = 10_000
"""Longest side an image is decoded at, whatever the view asks for (a panorama in a gallery)."""


@dataclass(frozen=True)
class Decode:
    """How to decode an image for a view: the size to ask the decoder for, in the file's stored
    orientation (before it is turned upright), and the part of the upright result to keep."""

    width: int
    height: int
    crop: tuple[int, int, int, int] | None = None
    """x, y, width, height in the upright decoded image; None to keep all of it."""


def upright(width: int, height: int, rotated: bool) -> tuple[int, int]:
    """The size of a stored image once turned upright (a quarter turn swaps the sides)."""
    return (height, width) if rotated else (width, height)


def fit_height(width: int, height: int, target: int, *, rotated: bool = False) -> Decode | None:
    """Decode an image ``target`` pixels high once upright, its aspect kept (None if the file's
    size is unknown). The longer side is held to MAX_DECODED_SIDE."""
    if width <= 0 or height <= 0 or target <= 0:
        return None
    w, h = upright(width, height, rotated)
    scale = min(target / h, MAX_DECODED_SIDE / w)
    sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
    return Decode(*upright(sw, sh, rotated))


def cover(width: int, height: int, box: tuple[int, int], *, rotated: bool = False) -> Decode | None:
    """Decode an image just large enough to cover ``box`` (width, height) once upright, and
    crop its centre to the box (None if the file's size is unknown)."""
    bw, bh = max(1, box[0]), max(1, box[1])
    if width <= 0 or height <= 0:
        return None
    w, h = upright(width, height, rotated)
    scale = max(bw / w, bh / h)
    sw, sh = max(bw, round(w * scale)), max(bh, round(h * scale))
    return Decode(*upright(sw, sh, rotated), crop=((sw - bw) // 2, (sh - bh) // 2, bw, bh))
