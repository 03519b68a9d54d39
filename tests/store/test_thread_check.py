"""The threading rule's debug check: SQL on a library's connection from another thread is caught."""

from __future__ import annotations

import threading

from companion.library import Library
from companion.store import thread_check


def test_sql_from_another_thread_is_recorded(library: Library) -> None:
    library.posts.count()
    assert thread_check.take() == []

    def query() -> None:
        library.db.conn.execute("SELECT count(*) FROM posts").fetchone()

    worker = threading.Thread(target=query, name="not-the-db-thread")
    worker.start()
    worker.join()
    (found,) = thread_check.take()
    assert found.thread == "not-the-db-thread"
    assert found.owner == threading.current_thread().name
    assert "FROM posts" in found.sql


def test_the_engine_is_built_without_sql_on_any_thread(library: Library) -> None:
    """The learner's merges and splits are read when the library opens; building the engine
    later, on a worker thread, runs no SQL there."""
    library.merge_words("小红薯们")
    reopened = Library(library.data, seed_samples=False)
    built: list[object] = []
    worker = threading.Thread(target=lambda: built.append(reopened.engine))
    worker.start()
    worker.join()
    assert thread_check.take() == []
    assert "小红薯们" in [t.text for t in reopened.engine.annotate("小红薯们好").tokens]
    reopened.close()
