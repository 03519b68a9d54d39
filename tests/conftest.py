"""Shared fixtures: one engine cache per session (CC-CEDICT and jieba build once), and a fresh
library on a real SQLite file in a temp data dir for each test that needs one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.language.dictionary import Dictionary
from companion.language.segment import Segmenter
from companion.library import Library
from companion.paths import DataDir
from companion.store import thread_check

# The threading rule is checked in every test: SQL on a library's connection only on the thread
# that opened it (companion/store/thread_check.py).
os.environ[thread_check.ENV] = "1"


@pytest.fixture(autouse=True)
def _sql_stays_on_its_thread() -> Iterator[None]:
    thread_check.take()
    yield
    found = thread_check.take()
    assert not found, f"SQL off the database thread: {found[:3]}"


@pytest.fixture(scope="session")
def session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    """A data dir shared by the session's engine tests."""
    return DataDir(tmp_path_factory.mktemp("companion-home")).ensure()


@pytest.fixture(scope="session")
def engine_cache(session_data_dir: DataDir) -> Path:
    """The session data dir's cache with CC-CEDICT compiled and jieba's model cached."""
    cache = session_data_dir.cache
    Dictionary(cache).warm_up()
    Segmenter(cache).warm_up()
    return cache


@pytest.fixture
def data_dir(tmp_path_factory: pytest.TempPathFactory, engine_cache: Path) -> DataDir:
    """A fresh data dir (outside tmp_path) whose cache links to the session's engine cache."""
    data = DataDir(tmp_path_factory.mktemp("home")).ensure()
    for item in engine_cache.iterdir():
        if item.is_file() and not item.name.startswith("."):
            try:
                os.link(item, data.cache / item.name)
            except OSError:
                shutil.copy(item, data.cache / item.name)
    return data


@pytest.fixture
def library(data_dir: DataDir) -> Iterator[Library]:
    """A library without the sample corpus, on a real SQLite file."""
    lib = Library(data_dir, seed_samples=False)
    yield lib
    lib.close()
