"""Which importer reads a file: by ``--format`` or detected from its name and first record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from companion.importers import companion_json, images, mediacrawler, plaintext, xhs_downloader
from companion.importers.errors import ImportFormatError
from companion.importers.mediacrawler import NoteComments
from companion.importers.streams import first_record
from companion.store.models import Post

FORMATS = ("auto", "json", "mediacrawler", "xhs-downloader", "markdown", "text", "screenshot")
IMPORTABLE_SUFFIXES = (".json", ".jsonl", ".csv", ".db", ".sqlite", ".md", ".markdown", ".txt")
SCREENSHOT_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
"""Pictures given by name (never those found in a folder: an export's images) are screenshots."""


def detect_format(path: Path) -> str:
    """The format of path, or ImportFormatError saying why it is not importable."""
    suffix = path.suffix.lower()
    if suffix in SCREENSHOT_SUFFIXES:
        return "screenshot"
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix == ".txt":
        return "text"
    if suffix in (".db", ".sqlite", ".sqlite3"):
        if xhs_downloader.is_explore_db(path):
            return "xhs-downloader"
        if mediacrawler.is_database(path):
            return "mediacrawler"
        raise ImportFormatError(
            path, "not an XHS-Downloader or MediaCrawler database (no explore_data or xhs_note)"
        )
    if suffix in (".json", ".jsonl", ".csv"):
        record = first_record(path)
        if record is None:
            raise ImportFormatError(path, "the file has no records")
        if companion_json.looks_like(record):
            return "json"
        if mediacrawler.is_note(record) or mediacrawler.is_comment(record):
            return "mediacrawler"
        if suffix == ".json" and xhs_downloader.is_record(record):
            return "xhs-downloader"
        raise ImportFormatError(
            path,
            "not a format Companion knows (a Companion post file, a MediaCrawler export"
            " or an XHS-Downloader note)",
        )
    raise ImportFormatError(path, f"cannot import {suffix or 'files without an extension'}")


def skip_reason(path: Path) -> str | None:
    """Why a file found in an export folder is left alone (a tool's own bookkeeping)."""
    try:
        return xhs_downloader.skip_reason(path)
    except OSError:
        return None


def read_file(
    path: Path, fmt: str = "auto", *, root: Path | None = None, more: tuple[Path, ...] = ()
) -> Iterator[Post | NoteComments]:
    """Posts (and comment groups) of one file in the given or detected format.

    Files a post file names by path (its images) must lie in the file's folder or under
    ``root``, the folder the user chose to import. ``more``: the screenshots given after a
    screenshot, read with it (several screens of one post become one post).
    """
    if not path.is_file():
        raise ImportFormatError(path, "no such file")
    if fmt == "auto":
        fmt = detect_format(path)
    roots = tuple(r for r in (path.parent, root) if r is not None)
    if fmt == "json":
        return companion_json.read(path, roots=roots)
    if fmt == "mediacrawler":
        return mediacrawler.read(path)
    if fmt == "xhs-downloader":
        return xhs_downloader.read(path)
    if fmt == "markdown":
        return iter([plaintext.read_markdown(path, roots=roots)])
    if fmt == "text":
        return iter([plaintext.read_text_file(path)])
    if fmt == "screenshot":
        from companion.ocr import screenshot

        return screenshot.read([path, *more])
    raise ImportFormatError(path, f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def expand(paths: list[Path]) -> list[tuple[Path, Path | None]]:
    """Files to import, each with the folder it was found in (None for a file given itself):
    folders are searched recursively for importable files.

    Within a folder, notes files come before comments files so comments find their notes
    (comments read first are kept until their notes arrive, whatever the order).
    """
    files: list[tuple[Path, Path | None]] = []
    for path in paths:
        if path.is_dir():
            found = [
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in IMPORTABLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            found.sort(key=lambda p: ("comment" in p.name.lower(), *_folder_and_name(p)))
            files += [(p, path) for p in found]
        else:
            files.append((path, None))
    return files


def with_screens(
    files: list[tuple[Path, Path | None]], fmt: str = "auto"
) -> list[tuple[Path, Path | None, tuple[Path, ...]]]:
    """Files to import, each with its folder and the screenshots read with it: a run of
    screenshots given by name is read as one unit (the screens of one post, or of several
    posts in order), all or nothing."""
    units: list[tuple[Path, Path | None, tuple[Path, ...]]] = []
    for path, root in files:
        shot = root is None and _is_screenshot(path, fmt)
        if shot and units and units[-1][1] is None and _is_screenshot(units[-1][0], fmt):
            first, _, more = units[-1]
            units[-1] = (first, None, (*more, path))
        else:
            units.append((path, root, ()))
    return units


def _is_screenshot(path: Path, fmt: str) -> bool:
    return fmt == "screenshot" or (fmt == "auto" and path.suffix.lower() in SCREENSHOT_SUFFIXES)


def _folder_and_name(path: Path) -> tuple[str, tuple[object, ...]]:
    return str(path.parent), images.natural_key(path)
