"""The learner's library as one service: database, posts, vocabulary, imports, difficulty.

The CLI and the UI both go through this class (the UI from its database thread). It is the one
writer: it owns every write and its transaction (one per imported file, one per vocabulary or
status change), and every write returns what it changed (``OpChanges``, alone or with its
value in an ``OpResult`` or a report). The word operations live in ``library_words.py``,
imports in ``library_imports.py``.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from companion.changes import OpChanges, OpResult
from companion.errors import Cancelled
from companion.failures import not_writable, read_only
from companion.library_image_text import ImageTextOps
from companion.library_imports import WAITING, FileResult, ImportOps, ImportReport
from companion.library_review import ReviewOps
from companion.library_words import BULK, WordOps
from companion.paths import DataDir
from companion.progress import Progress
from companion.resources import resource_path
from companion.store import backups, difficulty
from companion.store.connection import Database
from companion.store.database import (
    check_database,
    check_due,
    close_database,
    open_database,
    write_transaction,
)
from companion.store.exports import ExportLog
from companion.store.image_text import ImageTextStore
from companion.store.meta import MetaStore
from companion.store.models import Image
from companion.store.posts import PostStore
from companion.store.segmentation import SegmentationStore
from companion.store.translation_cache import TranslationCache
from companion.store.vocabulary import VocabularyStore
from companion.translation.models import ModelInfo, ModelStore
from companion.translation.translator import ArgosTranslator

if TYPE_CHECKING:
    from companion.language.annotate import Annotator

log = logging.getLogger(__name__)

SAMPLES = "samples/posts.json"
__all__ = ["BULK", "WAITING", "FileResult", "ImportReport", "Library"]


MEASURE_BATCH = 500
"""Posts measured per transaction: each commit of a large library rewrites the index pages
it touched, so fewer, larger ones cost less (200 made an import into 100,000 posts 1.3-1.7x
the bare pipeline); 500 posts still hold the write lock for well under a second."""


def _no_progress(done: int, total: int | None, message: str) -> None:
    pass


class Library(ImportOps, WordOps, ReviewOps, ImageTextOps):
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
        self.image_text = ImageTextStore(self.db)
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
        from companion.language.annotate import Annotator  # 0.3 s of imports: not at start-up

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
            difficulty.store_many_counts(self.db, counts)  # and their difficulty
        return OpChanges(difficulty=True)
