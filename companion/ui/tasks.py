"""Background work for the UI: a small task runner over QThreadPool with result signals.

``runner.run(fn, *args, on_success=..., on_failure=..., on_progress=...)`` runs fn on a worker
thread and calls the callbacks on the UI thread. Jobs that touch the database go to a pool of
exactly one thread (``database=True``), so SQLite work is serialised; everything else
(segmentation, translation, model loading) shares the general pool. The runner keeps a Python
reference to every job until it finishes, so no result is lost to garbage collection.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from companion.progress import Progress

log = logging.getLogger(__name__)

ProgressFn = Progress


def adopt_thread_hooks() -> None:
    """Give a thread that Python's threading did not start (a Qt pool thread) the trace and
    profile functions threading hands its own threads, so coverage (concurrency = thread),
    debuggers and profilers see the work run on it. Call first thing in a QRunnable's run."""
    trace, profile = threading.gettrace(), threading.getprofile()
    if trace is not None and sys.gettrace() is None:
        sys.settrace(trace)
    if profile is not None and sys.getprofile() is None:
        sys.setprofile(profile)


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object, str)
    progressed = Signal(int, object, object)  # done, total or None, message or payload


def _done_already(*_args: Any) -> None:
    raise RuntimeError("this job has finished")


class Job(QRunnable):
    """One unit of background work; emits its outcome through signals on the UI thread."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], wants_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.args = args
        self.wants_progress = wants_progress
        self.signals = _Signals()
        self.cancelled = False

    def progress(self, done: int, total: int | None, message: object) -> None:
        """Report progress; raises Cancelled once cancel() was called (the job unwinds)."""
        if self.cancelled:
            from companion.errors import Cancelled

            raise Cancelled("cancelled")
        self.signals.progressed.emit(done, total, message)

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report."""
        self.cancelled = True

    def release(self) -> None:
        """Drop the work, its arguments and its callbacks once the UI has the outcome. Qt
        keeps a runnable that is not auto-deleted for the pool's life, and with it everything
        its callbacks reach: in a long session every post opened, in tests whole windows."""
        self.fn = _done_already
        self.args = ()
        self.signals.deleteLater()

    def run(self) -> None:
        adopt_thread_hooks()
        try:
            args = (*self.args, self.progress) if self.wants_progress else self.args
            result = self.fn(*args)
        except BaseException as exc:  # reported to the UI, never lost in a thread
            if not isinstance(exc, Exception):
                raise
            log.debug("background job failed", exc_info=True)
            self.signals.failed.emit(exc, traceback.format_exc())
            return
        self.signals.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs jobs off the UI thread; reports running work for the status bar."""

    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self.database_pool = QThreadPool(self)
        self.database_pool.setMaxThreadCount(1)
        # One database thread for the runner's life: the library's connection belongs to the
        # thread that opened it (companion/store/thread_check.py), and an idle pool thread would
        # otherwise expire after 30 s and come back as another.
        self.database_pool.setExpiryTimeout(-1)
        self._jobs: set[Job] = set()

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception, str], None] | None = None,
        on_progress: Callable[[int, int | None, Any], None] | None = None,
        database: bool = False,
    ) -> Job:
        """Run fn(*args[, progress]) in the background; callbacks run on the UI thread."""
        job = Job(fn, args, wants_progress=on_progress is not None)
        self._jobs.add(job)
        if on_success is not None:
            job.signals.succeeded.connect(on_success)
        if on_failure is not None:
            job.signals.failed.connect(on_failure)
        else:
            job.signals.failed.connect(self._log_failure)
        if on_progress is not None:
            job.signals.progressed.connect(on_progress)
        job.signals.succeeded.connect(lambda _r, j=job: self._done(j))
        job.signals.failed.connect(lambda _e, _t, j=job: self._done(j))
        (self.database_pool if database else self.pool).start(job)
        self.busy_changed.emit(len(self._jobs))
        return job

    def _done(self, job: Job) -> None:
        self._jobs.discard(job)
        job.release()  # connected last: every callback has run
        self.busy_changed.emit(len(self._jobs))

    @Slot(object, str)
    def _log_failure(self, error: Exception, trace: str) -> None:
        log.error("background job failed: %s\n%s", error, trace)

    @property
    def busy(self) -> int:
        return len(self._jobs)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until all jobs are done (tests and shutdown only).

        The database thread is waited for with a last job, not QThreadPool.waitForDone, which
        would end the thread: the library's connection belongs to the thread that opened it."""
        drained = threading.Event()
        self.database_pool.start(QRunnable.create(drained.set))
        return self.pool.waitForDone(msecs) and drained.wait(msecs / 1000)
