"""The Library's imports: files and folders read, bounded and saved whole or not at all, their
images copied, and pasted text saved as a post.

A mixin of ``Library`` (library.py). Each file is read and its images copied before the write
lock is taken (``Staged``, ``ImageCopies``); the before-import backup is copied while it is read."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from companion.changes import OpChanges, OpResult
from companion.importers import images as image_files
from companion.importers import plaintext
from companion.importers.errors import ImportFormatError
from companion.importers.formats import expand, read_file, skip_reason, with_screens
from companion.importers.limits import MAX_COMMENTS, bound_comments, bound_post
from companion.importers.mediacrawler import NoteComments
from companion.importers.staged import Staged
from companion.progress import Progress
from companion.store.database import write_transaction
from companion.store.image_copies import ImageCopies
from companion.store.import_backup import BackupBeforeImport
from companion.store.models import Image, Post

if TYPE_CHECKING:
    from companion.paths import DataDir
    from companion.store.connection import Database
    from companion.store.posts import PostStore

log = logging.getLogger(__name__)

SAVE_BATCH = 500
"""Posts saved with one statement per table (and where progress and a cancel are handled)."""

MAX_NOTES = 20
WAITING = "Waiting for the other import to finish…"
"""The progress message while another process holds the write lock (the import waits)."""


def _no_progress(done: int, total: int | None, message: str) -> None:
    pass


@dataclass
class FileResult:
    """What one file brought in, or why it was refused (then nothing from it was saved)."""

    path: Path
    added: int = 0
    updated: int = 0
    comments: int = 0
    orphan_comments: int = 0
    """Comments whose note is not in the library yet: kept, and attached when it arrives."""
    error: str | None = None
    skipped: str | None = None
    """Why the file was left alone (an export tool's own bookkeeping file), if it was."""
    notes: list[str] = field(default_factory=list)
    """What was changed on the way in: text cut to a limit, an image left out."""

    def note(self, message: str) -> None:
        """Add a note; a file with hundreds of them reports the first few and a count."""
        if len(self.notes) < MAX_NOTES:
            self.notes.append(message)
        elif len(self.notes) == MAX_NOTES:
            self.notes.append("… and more like these")


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)
    post_ids: list[int] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def errors(self) -> list[str]:
        return [f.error for f in self.files if f.error]

    @property
    def notes(self) -> list[str]:
        """Everything else the learner should hear about: files skipped, text cut, images
        left out, comments kept until their notes arrive."""
        lines = []
        for f in self.files:
            if f.skipped:
                lines.append(f"{f.path.name}: skipped: {f.skipped}")
            lines += [f"{f.path.name}: {note}" for note in f.notes]
            if f.orphan_comments:
                lines.append(
                    f"{f.path.name}: {f.orphan_comments} comments kept until their notes"
                    " are imported"
                )
        return lines

    @property
    def changes(self) -> OpChanges:
        """What the import changed: posts (and their difficulty) when anything came in."""
        came = any(f.added or f.updated or f.comments for f in self.files)
        return OpChanges(posts=came, difficulty=came)


class ImportOps:
    """Importing files and pasted text (mixed into Library)."""

    if TYPE_CHECKING:
        db: Database
        data: DataDir
        posts: PostStore

        def index_posts(
            self,
            post_ids: Iterable[int] | None = None,
            progress: Progress = _no_progress,
            *,
            wait: bool = False,
        ) -> int: ...

        def _copy_before_import(self, source: sqlite3.Connection) -> Path: ...

    def import_paths(
        self,
        paths: Sequence[Path],
        *,
        fmt: str = "auto",
        source: str | None = None,
        progress: Progress = _no_progress,
        index: bool = True,
        backup: bool = True,
    ) -> ImportReport:
        """Import files and folders; each file is all-or-nothing, the others go on.

        The library is backed up first. While another process imports, this waits (reporting
        WAITING through progress, which may raise Cancelled) instead of giving up."""
        files = with_screens(expand([Path(p) for p in paths]), fmt)
        report = ImportReport()
        backed_up = not backup
        before = BackupBeforeImport(self.data.database, self._copy_before_import)
        try:
            for number, (path, root, more) in enumerate(files):
                backed_up = self._import_file(
                    (path, *more),
                    root,
                    number,
                    len(files),
                    fmt,
                    source,
                    progress,
                    report,
                    before,
                    backed_up,
                )
        finally:
            before.close()
        progress(len(files), len(files), "Imported")
        if index:
            self.index_posts(report.post_ids, progress=progress, wait=True)
        return report

    def _import_file(
        self,
        paths: tuple[Path, ...],
        root: Path | None,
        number: int,
        total: int,
        fmt: str,
        source: str | None,
        progress: Progress,
        report: ImportReport,
        before: BackupBeforeImport,
        backed_up: bool,
    ) -> bool:
        """Import one file (or screenshots read together) whole or not at all; returns whether
        the backup has been taken."""
        path, more = paths[0], paths[1:]
        progress(number, total, f"Importing {path.name}")
        result = FileResult(path)
        if fmt == "auto" and (reason := skip_reason(path)):
            result.skipped = reason
            report.files.append(result)
            return backed_up
        copies = ImageCopies(self.data.images)

        def waiting(number: int = number) -> None:
            progress(number, total, WAITING)

        try:
            if not backed_up:
                before.start()  # copied while the file is read
            with copies, Staged[Post | NoteComments]() as staged:
                # CPU and disk work first, without the lock: read, bound, copy images.
                items = read_file(path, fmt, root=root, more=more)
                for count, item in enumerate(items, start=1):
                    if count % 500 == 0:  # also where a cancel request is honoured
                        progress(number, total, f"Reading {path.name}: {count:,}")
                    if isinstance(item, NoteComments):
                        staged.add(item, sum(len(c.text) for c in item.comments))
                    else:
                        item = self._prepare(item, source, copies, result)
                        staged.add(item, _text_size(item))
                with (
                    write_transaction(self.db, waiting),
                    self.posts.text_index_deferred(),
                ):
                    if not backed_up:  # confirmed under the lock: exactly the state imported onto
                        progress(number, total, "Backing up your library")
                        before.confirm()
                        backed_up = True
                    batch: list[Post] = []  # posts in a row, saved together
                    for count, item in enumerate(staged, start=1):
                        if count % SAVE_BATCH == 0:  # also where a cancel request is honoured
                            self._save_posts(batch, result, report)
                            batch = []
                            progress(number, total, f"Importing {path.name}: {count:,}")
                        if isinstance(item, Post):
                            batch.append(item)
                        else:
                            self._save_posts(batch, result, report)
                            batch = []
                            self._save_comments(item, result, report)
                    self._save_posts(batch, result, report)
                copies.committed(self._referenced_images(copies.folders))
        except ImportFormatError as exc:
            result = FileResult(path, error=str(exc))
        except RecursionError:  # a reader's limits should make this impossible
            result = FileResult(path, error=f"{path.name}: data nested too deeply")
        report.files.append(result)
        return backed_up

    def _prepare(
        self, post: Post, source: str | None, copies: ImageCopies, result: FileResult
    ) -> Post:
        """A post as it is saved: its source set, its size bounded, its images copied."""
        if source is not None:
            post = Post(**{**post.__dict__, "source": source})
        post, notes = bound_post(post)
        for message in notes:
            result.note(message)
        return self._copy_images(post, copies, result)

    def _save_comments(self, item: NoteComments, result: FileResult, report: ImportReport) -> None:
        """Save one note's comments inside the file's write transaction."""
        have = self.posts.comment_totals("xhs", item.note_id)
        comments = bound_comments(item.comments, have)
        if len(comments) < len(item.comments):
            result.note(
                f"post {item.note_id[:80]}: "
                f"{len(item.comments) - len(comments):,} comments left out"
                f" (a post keeps at most {MAX_COMMENTS:,})"
            )
        post_id = self.posts.add_comments("xhs", item.note_id, comments)
        if post_id is None:
            result.orphan_comments += len(comments)
        else:
            result.comments += len(comments)
            report.post_ids.append(post_id)

    def _save_posts(self, posts: list[Post], result: FileResult, report: ImportReport) -> None:
        """Save prepared posts inside the file's write transaction."""
        for post, (post_id, created) in zip(posts, self.posts.save_many(posts), strict=True):
            result.comments += len(post.comments)
            report.post_ids.append(post_id)
            if created:
                result.added += 1
            else:
                result.updated += 1

    def import_text(self, text: str, *, title: str | None = None) -> OpResult[int]:
        """Save pasted text as a post (pasting the same text again updates it); the value is
        its id."""
        post, _ = bound_post(plaintext.from_text(text, title=title))
        with write_transaction(self.db):
            post_id, _ = self.posts.save(post)
        self.index_posts([post_id])
        return OpResult(post_id, OpChanges(posts=True, difficulty=True))

    def _referenced_images(self, folders: Iterable[Path]) -> dict[Path, set[str]]:
        """For each images folder, the file names that some post points at."""
        root = self.data.root
        return {f: self.posts.image_files_in(f.relative_to(root).as_posix()) for f in folders}

    def _copy_images(self, post: Post, copies: ImageCopies, result: FileResult) -> Post:
        """Copy a post's local images into the data dir, so the library outlives the export
        (staged and undone with the import: ``ImageCopies``); a file that is not an image by
        its content is left out, with a note."""
        if not any(i.local_path for i in post.images):
            return post
        folder = Path(_safe(post.source)) / _safe(post.source_id)
        images = []
        for image in post.images:
            if not image.local_path:
                images.append(image)
                continue
            source = Path(image.local_path)
            kind = image_files.kind(source)
            if kind is None:
                result.note(f"post {post.source_id[:80]}: {source.name} is not an image; left out")
                if image.url:
                    images.append(Image(url=image.url))
                continue
            try:
                target = copies.copy(source, folder, kind)
            except OSError as exc:
                log.warning("could not copy image %s: %s", source, exc)
                images.append(Image(url=image.url))
                continue
            images.append(Image(url=image.url, local_path=str(target.relative_to(self.data.root))))
        return Post(**{**post.__dict__, "images": tuple(images)})


def _text_size(post: Post) -> int:
    """About how many characters of text a post holds (what staging it costs in memory)."""
    return len(post.title) + len(post.body) + sum(len(c.text) for c in post.comments) + 200


def _safe(name: str) -> str:
    """A path component made from an id: letters, digits, - and _ only."""
    cleaned = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:80]
    return cleaned or "_"
