"""Plain text and Markdown posts: pasted text, .txt files (first line is the title) and .md files
(first heading is the title; ``![alt](file)`` images beside the file are attached).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from companion.errors import InvalidInput
from companion.importers import build
from companion.importers import images as image_files
from companion.importers.errors import ImportFormatError
from companion.importers.limits import MAX_TITLE
from companion.store.models import Image, Post
from companion.textio import decode_text

MAX_BYTES = 16 * 1024 * 1024
IMAGE_SUFFIXES = image_files.SUFFIXES
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def text_id(text: str) -> str:
    """A stable id for pasted text: the same text pasted again updates the same post."""
    return hashlib.sha256(text.strip().encode("utf-8", "surrogatepass")).hexdigest()[:16]


def from_text(
    text: str, *, source: str = "paste", source_id: str | None = None, title: str | None = None
) -> Post:
    """A post from plain text: the first non-empty line is the title unless one is given."""
    if not text.strip():
        raise InvalidInput("there is no text to import")
    lines = text.strip("\n").splitlines()
    if title is None:
        while lines and not lines[0].strip():
            lines.pop(0)
        title = lines.pop(0).strip() if len(lines) > 1 else lines[0].strip()[:40]
    body = "\n".join(lines).strip("\n")
    source_id = source_id or text_id(text)
    return build.post(
        source=source, source_id=source_id, title=title[:MAX_TITLE], body=body, tags=()
    )


def _read(path: Path) -> str:
    if path.stat().st_size > MAX_BYTES:
        raise ImportFormatError(path, "file is larger than 16 MB; is it really one post?")
    try:
        return decode_text(path.read_bytes(), source=path.name)
    except InvalidInput as exc:
        raise ImportFormatError(path, str(exc).removeprefix(path.name + " ")) from exc


def _file_id(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _images_beside(path: Path) -> tuple[Image, ...]:
    """Images named like the text file (post.jpg, post-2.png) or inside a folder named like it."""
    found = [
        p
        for p in path.parent.glob(f"{glob_escape(path.stem)}*")
        if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
    ]
    folder = path.with_suffix("")
    if folder.is_dir():
        found += [p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()]
    return tuple(Image(local_path=str(p.resolve())) for p in image_files.sort_naturally(found))


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def read_text_file(path: Path) -> Post:
    """A .txt file as one post (first line = title), with images beside it."""
    text = _read(path)
    if not text.strip():
        raise ImportFormatError(path, "the file is empty")
    post = from_text(text, source="file", source_id=_file_id(path))
    return replace(post, images=_images_beside(path))


def read_markdown(path: Path, *, roots: tuple[Path, ...] = ()) -> Post:
    """A Markdown file as one post: the first heading is the title; images are attached.

    An image reference counts only for an image file in the file's folder or under roots.
    """
    text = _read(path)
    if not text.strip():
        raise ImportFormatError(path, "the file is empty")
    lines = text.splitlines()
    title = None
    for index, line in enumerate(lines):
        match = _HEADING_RE.match(line)
        if match:
            title = match.group(1).strip()
            del lines[index]
            break
        if line.strip():
            break
    images = []
    for ref in _IMAGE_RE.findall(text):
        if image_files.is_remote(ref):
            images.append(Image(url=ref))
        elif _allowed(path.parent / ref, (path.parent, *roots)):
            images.append(Image(local_path=str((path.parent / ref).resolve())))
    body = _IMAGE_RE.sub("", "\n".join(lines)).strip("\n")
    post = from_text(body or (title or ""), source="file", source_id=_file_id(path), title=title)
    return replace(post, images=tuple(images) or _images_beside(path))


def _allowed(image: Path, roots: tuple[Path, ...]) -> bool:
    if not image.is_file() or not image_files.inside(image, roots):
        return False
    return image_files.kind(image) is not None
