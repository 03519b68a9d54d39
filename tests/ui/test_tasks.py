"""The task runner's worker threads: work runs off the UI thread, on the pool it asks for, and
the threads carry threading's trace hook, so coverage measures what runs there."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from types import FrameType
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from companion.ui.tasks import TaskRunner


def work(x: int) -> int:
    return x * 2


@pytest.fixture
def runner(qapp: object) -> Iterator[TaskRunner]:
    runner = TaskRunner()  # its own pools: threads that start inside the test
    yield runner
    runner.wait()
    runner.deleteLater()


@pytest.mark.parametrize("database", [False, True], ids=["general pool", "database thread"])
def test_worker_threads_are_traced(qtbot: QtBot, runner: TaskRunner, database: bool) -> None:
    seen: list[int] = []

    def tracer(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code is work.__code__:
            seen.append(threading.get_ident())

    previous = threading.gettrace()
    threading.settrace(tracer)  # what coverage does with concurrency = thread
    try:
        with qtbot.waitSignal(runner.busy_changed, timeout=5000, check_params_cb=lambda n: n == 0):
            runner.run(work, 21, database=database)
        runner.wait()
    finally:
        threading.settrace(previous)  # type: ignore[arg-type]
    assert len(seen) == 1 and seen[0] != threading.get_ident(), seen


@pytest.mark.parametrize("database", [False, True], ids=["general pool", "database thread"])
def test_results_come_back_on_the_ui_thread(
    qtbot: QtBot, runner: TaskRunner, database: bool
) -> None:
    results: list[tuple[int, int]] = []
    with qtbot.waitSignal(runner.busy_changed, timeout=5000, check_params_cb=lambda n: n == 0):
        runner.run(
            work,
            21,
            on_success=lambda r: results.append((r, threading.get_ident())),
            database=database,
        )
    assert results == [(42, threading.get_ident())]


class Held:
    """Something a job and its callbacks reach (in the app: a window, a post, a library)."""


@pytest.mark.parametrize("fails", [False, True], ids=["succeeded", "failed"])
def test_a_finished_job_lets_go_of_what_it_reached(
    qtbot: QtBot, runner: TaskRunner, fails: bool
) -> None:
    """Qt keeps every runnable it ran; once its outcome is delivered, the job's work and
    callbacks are dropped, so what they reach is freed (before, every window, post and
    library a job had touched lived as long as the process)."""
    held = Held()
    alive = weakref.ref(held)
    outcomes: list[object] = []

    def job(item: Held) -> Held:
        if fails:
            raise ValueError("no")
        return item

    runner.run(
        job,
        held,
        on_success=lambda result: outcomes.append(type(result)),
        on_failure=lambda error, _trace: outcomes.append(type(error)),
    )
    del held
    qtbot.waitUntil(lambda: runner.busy == 0, timeout=5000)
    assert outcomes == [ValueError if fails else Held]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert alive() is None
