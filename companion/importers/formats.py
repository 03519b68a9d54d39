"""Which importer reads a file: by ``--format`` or detected from its name and first record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from companion.importers import companion_json, mediacrawler, plaintext, xhs_downloader
from companion.importers.errors import ImportFormatError
from companion.importers.mediacrawler import NoteComments
from companion.importers.streams import first_record
from companion.store.models import Post

FORMATS = ("auto", "json", "mediacrawler", "xhs-downloader", "markdown", "text")
IMPORTABLE_SUFFIXES = (".json", ".jsonl", ".csv", ".db", ".sqlite", ".md", ".markdown", ".txt")


def detect_format(path: Path) -> str:
    """The format of path, or ImportFormatError saying why it is not importable."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix == ".txt":
        return "text"
    if suffix in (".db", ".sqlite", ".sqlite3"):
        if xhs_downloader.is_explore_db(path):
            return "xhs-downloader"
        raise ImportFormatError(path, "not an XHS-Downloader database (no explore_data table)")
    if suffix in (".json", ".jsonl", ".csv"):
        record = first_record(path)
        if record is None:
            raise ImportFormatError(path, "the file has no records")
        if companion_json.looks_like(record):
            return "json"
        if mediacrawler.is_note(record) or mediacrawler.is_comment(record):
            return "mediacrawler"
        raise ImportFormatError(
            path, "not a format Companion knows (a Companion post file or a MediaCrawler export)"
        )
    raise ImportFormatError(path, f"cannot import {suffix or 'files without an extension'}")


def read_file(path: Path, fmt: str = "auto") -> Iterator[Post | NoteComments]:
    """Posts (and comment groups) of one file in the given or detected format."""
    if not path.is_file():
        raise ImportFormatError(path, "no such file")
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt == "json":
        return companion_json.read(path)
    if fmt == "mediacrawler":
        return mediacrawler.read(path)
    if fmt == "xhs-downloader":
        return xhs_downloader.read(path)
    if fmt == "markdown":
        return iter([plaintext.read_markdown(path)])
    if fmt == "text":
        return iter([plaintext.read_text_file(path)])
    raise ImportFormatError(path, f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def expand(paths: list[Path]) -> list[Path]:
    """Files to import: files as given, folders searched recursively for importable files.

    Within a folder, notes files come before comments files so comments find their notes.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = [
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in IMPORTABLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            files += sorted(found, key=lambda p: ("comment" in p.name.lower(), str(p)))
        else:
            files.append(path)
    return files
