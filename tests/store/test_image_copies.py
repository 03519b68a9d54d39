"""Images copied by an import: a failed or cancelled import never costs the library its images."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.errors import Cancelled
from companion.library import Library
from tests.importers import exports
from tests.importers.exports import media_bytes


def export(folder: Path, posts: dict[int, str], *, cut_short: bool = False) -> Path:
    """A MediaCrawler JSONL export of notes {n: picture tag} with their downloaded pictures
    (images/<note_id>/0.jpg, as MediaCrawler saves them); cut_short adds a line broken off,
    as an interrupted crawl leaves it."""
    notes = []
    for n, tag in posts.items():
        note = exports.note(n)
        pictures = folder / "images" / note["note_id"]
        pictures.mkdir(parents=True, exist_ok=True)
        (pictures / "0.jpg").write_bytes(media_bytes("jpeg", tag))
        notes.append(note)
    path = exports.write_jsonl(folder / "notes.jsonl", notes)
    if cut_short:
        with path.open("a", encoding="utf-8") as out:
            out.write('{"note_id": "broken", "title": \n')
    return path


def image_files(library: Library) -> list[Path]:
    return sorted(p for p in library.data.images.rglob("*") if p.is_file())


def referenced(library: Library) -> list[Path]:
    rows = library.db.conn.execute("SELECT local_path FROM images ORDER BY post_id, position")
    return [library.data.root / r[0] for r in rows if r[0]]


def test_a_failed_reimport_keeps_the_images_the_library_points_at(
    library: Library, tmp_path: Path
) -> None:
    library.import_paths([export(tmp_path / "first", {1: "old"})])
    (live,) = referenced(library)
    before = live.read_bytes()
    # The same post with a new picture, then the file breaks off: nothing of it is kept.
    broken = export(tmp_path / "second", {1: "new", 2: "two"}, cut_short=True)
    report = library.import_paths([broken])
    assert report.errors
    assert referenced(library) == [live]
    assert live.read_bytes() == before
    assert image_files(library) == [live]


def test_a_cancelled_import_leaves_no_copies_behind(library: Library, tmp_path: Path) -> None:
    posts = {n: f"p{n}" for n in range(600)}

    def progress(done: int, total: int | None, message: str) -> None:
        if message.endswith(": 500"):
            raise Cancelled("stopped by the learner")

    with pytest.raises(Cancelled):
        library.import_paths([export(tmp_path / "many", posts)], progress=progress)
    assert referenced(library) == []
    assert image_files(library) == []


def test_a_reimport_with_a_new_picture_replaces_the_old_copy(
    library: Library, tmp_path: Path
) -> None:
    library.import_paths([export(tmp_path / "first", {1: "old"})])
    (old,) = referenced(library)
    library.import_paths([export(tmp_path / "second", {1: "new"})])
    (new,) = referenced(library)
    assert new != old and new.read_bytes() == media_bytes("jpeg", "new")
    assert image_files(library) == [new]
