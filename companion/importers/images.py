"""Local image files an import may bring in: checked by content, and only from allowed folders.

An export names its images by path, so an import file could name any file the user can read
(``~/.ssh/id_rsa``); only a file whose first bytes are an image format's signature, and that
lies (symbolic links resolved) inside a folder the import may read, is ever copied.
"""

from __future__ import annotations

import os
import re
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
