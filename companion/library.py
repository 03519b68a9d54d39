"""The learner's library as one service: database, posts, vocabulary, imports, difficulty.

The CLI and the UI both go through this class (the UI from its database thread). It is the one
writer: it owns every write and its transaction (one per imported file, one per vocabulary or
status change), and every write returns what it changed (``OpChanges``, alone or with its
value in an ``OpResult`` or a report). The word operations live in ``library_words.py``.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from companion.changes import OpChanges, OpResult
from companion.errors import Cancelled
from companion.failures import not_writable, read_only
from companion.importers import images as image_files
from companion.importers import plaintext
from companion.importers.errors import ImportFormatError
from companion.importers.formats import expand, read_file, skip_reason
from companion.importers.limits import MAX_COMMENTS, bound_comments, bound_post
from companion.importers.mediacrawler import NoteComments
from companion.importers.staged import Staged
from companion.language.annotate import Annotator
from companion.library_words import BULK, WordOps
from companion.paths import DataDir
from companion.progress import Progress
from companion.resources import resource_path
from companion.store import backups, difficulty
from companion.store.database import (
    check_database,
    check_due,
    close_database,
    open_database,
    write_transaction,
)
from companion.store.exports import ExportLog
from companion.store.image_copies import ImageCopies
from companion.store.import_backup import BackupBeforeImport
from companion.store.meta import MetaStore
from companion.store.models import Image, Post
from companion.store.posts import PostStore
from companion.store.segmentation import SegmentationStore
from companion.store.translation_cache import TranslationCache
from companion.store.vocabulary import VocabularyStore
from companion.translation.models import ModelInfo, ModelStore
from companion.translation.translator import ArgosTranslator

log = logging.getLogger(__name__)

SAMPLES = "samples/posts.json"
MAX_NOTES = 20
WAITING = "Waiting for the other import to finish…"
"""The progress message while another process holds the write lock (the import waits)."""
__all__ = ["BULK", "WAITING", "FileResult", "ImportReport", "Library"]


MEASURE_BATCH = 200
"""Posts measured per transaction."""


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


class Library(WordOps):
    """Everything the learner reads and saves, in the data dir's companion.db.

    Use it as a context manager (or call close) so its connections are closed on every path."""

    def __init__(self, data: DataDir, *, seed_samples: bool = True) -> None:
        self.data = data.ensure()
        self.db = open_database(data.database, data.backups)
        self.posts = PostStore(self.db)
        self.vocabulary = VocabularyStore(self.db)
        self.segmentation = SegmentationStore(self.db)
        self.exports = ExportLog(self.db)
        self.meta = MetaStore(self.db)
        self._engine: Annotator | None = None
        self._engine_lock = threading.Lock()
        self._translator: ArgosTranslator | None = None
        self._translator_lock = threading.Lock()
        self._cache_conn: sqlite3.Connection | None = None
        try:
            # The learner's merges and splits, read now (on the database thread): the engine
            # is built later on whichever thread first needs it, with no SQL there.
            self._fixes = self.segmentation.fixes()
            if seed_samples and self.meta.get("samples_seeded") is None:
                self.seed_samples()
        except BaseException:
            close_database(self.db)  # a damaged page read here: closed, the marker kept
            raise

    def close(self) -> None:
        close_database(self.db)
        if self._cache_conn is not None:
            self._cache_conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- engine -----------------------------------------------------------------------------

    @property
    def engine(self) -> Annotator:
        """The text engine with the learner's own segmentation fixes (built on first use,
        once, whichever thread asks first)."""
        with self._engine_lock:
            if self._engine is None:
                self._engine = self._build_engine()
        return self._engine

    def _build_engine(self) -> Annotator:
        fixes = self._fixes
        return Annotator(
            self.data.cache,
            user_words=list(fixes.merges),
            user_splits=[list(parts) for parts in fixes.splits],
        )

    # -- translation ------------------------------------------------------------------------

    @property
    def models(self) -> ModelStore:
        return ModelStore(self.data.argos_packages)

    @property
    def translator(self) -> ArgosTranslator:
        """The sentence translator, its cache in this database (created on first use, once,
        whichever thread asks first)."""
        with self._translator_lock:
            if self._translator is None:
                # Its own connection: translation runs on worker threads, and sharing the
                # library's connection would let a cache write commit another thread's open
                # transaction.
                conn = sqlite3.connect(self.data.database, timeout=5, check_same_thread=False)
                conn.execute("PRAGMA busy_timeout = 5000")
                self._cache_conn = conn
                self._translator = ArgosTranslator(self.models, TranslationCache(Database(conn)))
        return self._translator

    def install_model(self, path: Path, progress: Progress = _no_progress) -> OpResult[ModelInfo]:
        """Install a model file; translations cached from a model it replaces are dropped."""
        model = self.models.install_file(path, progress)
        self.translator.forget(model)
        return OpResult(model, OpChanges(models=True))

    def install_model_online(
        self, from_code: str, to_code: str, progress: Progress = _no_progress
    ) -> OpResult[ModelInfo]:
        model = self.models.install_online(from_code, to_code, progress)
        self.translator.forget(model)
        return OpResult(model, OpChanges(models=True))

    def remove_model(self, from_code: str, to_code: str) -> OpResult[ModelInfo]:
        model = self.models.remove(from_code, to_code)
        self.translator.forget(model)
        return OpResult(model, OpChanges(models=True))

    # -- importing --------------------------------------------------------------------------

    def seed_samples(self) -> OpChanges:
        """Import the bundled sample corpus (first run)."""
        path = resource_path(SAMPLES)
        if not path.is_file():
            log.warning("no sample corpus at %s", path)
            return OpChanges()
        report = self.import_paths([path], fmt="json", source="sample", index=False, backup=False)
        if report.errors:
            log.error("the sample corpus did not import: %s", report.errors)
            return report.changes
        with write_transaction(self.db):
            self.meta.set("samples_seeded", "1")
        self.index_posts(report.post_ids)
        return report.changes

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
        files = expand([Path(p) for p in paths])
        report = ImportReport()
        backed_up = not backup
        before = BackupBeforeImport(self.data.database, self._copy_before_import)
        try:
            for number, (path, root) in enumerate(files):
                backed_up = self._import_file(
                    path, root, number, len(files), fmt, source, progress, report, before, backed_up
                )
        finally:
            before.close()
        progress(len(files), len(files), "Imported")
        if index:
            self.index_posts(report.post_ids, progress=progress, wait=True)
        return report

    def _import_file(
        self,
        path: Path,
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
        """Import one file whole or not at all; returns whether the backup has been taken."""
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
                for count, item in enumerate(read_file(path, fmt, root=root), start=1):
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
                    for count, item in enumerate(staged, start=1):
                        if count % 500 == 0:  # also where a cancel request is honoured
                            progress(number, total, f"Importing {path.name}: {count:,}")
                        self._save_item(item, result, report)
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

    def _save_item(
        self, item: Post | NoteComments, result: FileResult, report: ImportReport
    ) -> None:
        """Save one prepared item inside the file's write transaction."""
        if isinstance(item, NoteComments):
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
            return
        post_id, created = self.posts.save(item)
        result.comments += len(item.comments)
        report.post_ids.append(post_id)
        if created:
            result.added += 1
        else:
            result.updated += 1

    def backup(
        self,
        kind: str = "manual",
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        *,
        paced: bool = False,
    ) -> Path:
        """Write a backup of the library now (SQLite's online backup API); returns its path.

        It reads through a connection of its own, so inside a write transaction (before the
        first change) it copies exactly the committed state the change starts from, a
        read-only database is refused before any backup is written, and it may run on any
        thread (paced and cancellable in the background). A backup guarding a change is also
        kept as the day's daily one when that is due (no second copy)."""
        blocked = not_writable(self.data.database)
        if blocked is not None:
            raise read_only(blocked)
        made = self._copy(kind, progress, cancelled, paced=paced)
        if kind.startswith("before-") and not backups.backed_up_today(self.data.backups):
            backups.keep_as(made, "daily")
        return made

    def _copy(
        self,
        kind: str,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
        *,
        paced: bool,
    ) -> Path:
        source = sqlite3.connect(self.data.database, timeout=5)
        try:
            return backups.backup_database(
                source, self.data.backups, kind, paced=paced, progress=progress, cancelled=cancelled
            )
        finally:
            source.close()

    def _copy_before_import(self, source: sqlite3.Connection) -> Path:
        """The before-import backup, read through the import's own connection while the file
        is read (store/import_backup.py); also kept as the day's daily one when that is due."""
        blocked = not_writable(self.data.database)
        if blocked is not None:
            raise read_only(blocked)
        made = backups.backup_database(source, self.data.backups, "before-import")
        if not backups.backed_up_today(self.data.backups):
            backups.keep_as(made, "daily")
        return made

    def check(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
    ) -> int:
        """The full integrity check, table by table, on a connection of its own (any thread);
        returns how many tables were checked. Damage raises CorruptDatabase."""
        return check_database(self.data.database, self.data.backups, progress, cancelled).tables

    def upkeep(self, cancelled: Callable[[], bool] | None = None) -> list[str]:
        """What the app runs in the background once its window is up: the daily backup
        (paced) if due, then the weekly full check if due; returns what it did. Only
        connections of its own: run it on the general pool, never blocking the database
        thread. Stops quietly when cancelled (the app closing)."""
        done: list[str] = []
        try:
            if not backups.backed_up_today(self.data.backups):
                # A copy needs only to read: a read-only library is backed up all the same.
                self._copy("daily", None, cancelled, paced=True)
                done.append("backup")
            if check_due(self.data.database):
                self.check(cancelled=cancelled)
                done.append("check")
        except Cancelled:
            log.info("background upkeep cancelled after %s", done or "nothing")
        return done

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

    def image_path(self, image: Image) -> Path | None:
        """The local file of an image, if it has one."""
        if not image.local_path:
            return None
        path = Path(image.local_path)
        return path if path.is_absolute() else self.data.root / path

    # -- difficulty -------------------------------------------------------------------------

    def index_posts(
        self,
        post_ids: Iterable[int] | None = None,
        progress: Progress = _no_progress,
        *,
        wait: bool = False,
    ) -> int:
        """Count the words of posts (all not yet counted when None) and compute difficulty.

        Each batch commits on its own, so an interrupted run leaves the rest for
        ``unmeasured_posts`` to find at the next start."""
        ids = sorted(set(post_ids)) if post_ids is not None else self.unmeasured_posts()
        if not ids:
            return 0
        for start in range(0, len(ids), MEASURE_BATCH):
            progress(start, len(ids), "Measuring difficulty")
            counts = self.measure_texts(self.post_texts(ids[start : start + MEASURE_BATCH]))

            def waiting(start: int = start) -> None:
                progress(start, len(ids), WAITING)

            self.store_word_counts(counts, waiting if wait else None)
        progress(len(ids), len(ids), "Measured difficulty")
        return len(ids)

    def unmeasured_posts(self) -> list[int]:
        """Posts without difficulty yet (an import was interrupted while measuring them)."""
        return difficulty.unindexed_posts(self.db)

    def post_texts(self, post_ids: Sequence[int]) -> list[tuple[int, str]]:
        """(id, text to count words in) for posts; database work."""
        return self.posts.texts_for_words(list(post_ids), difficulty.MAX_MEASURED)

    def measure_texts(self, texts: Sequence[tuple[int, str]]) -> list[tuple[int, Counter[str]]]:
        """Count the words of post texts: CPU work without the database, so the app runs it on
        its general pool (touch ``engine`` on the database thread first: building it reads
        the learner's segmentation fixes)."""
        segmenter = self.engine.segmenter
        return [(post_id, difficulty.count_words(text, segmenter)) for post_id, text in texts]

    def store_word_counts(
        self,
        counts: Sequence[tuple[int, Counter[str]]],
        waiting: Callable[[], None] | None = None,
    ) -> OpChanges:
        """Save word counts made by ``difficulty.count_words`` and the posts' difficulty."""
        if not counts:
            return OpChanges()
        with write_transaction(self.db, waiting):
            difficulty.store_many_counts(self.db, counts)
            difficulty.refresh(self.db, [post_id for post_id, _ in counts])
        return OpChanges(difficulty=True)


def _text_size(post: Post) -> int:
    """About how many characters of text a post holds (what staging it costs in memory)."""
    return len(post.title) + len(post.body) + sum(len(c.text) for c in post.comments) + 200


def _safe(name: str) -> str:
    """A path component made from an id: letters, digits, - and _ only."""
    cleaned = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:80]
    return cleaned or "_"
