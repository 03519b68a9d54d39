"""Shared fixtures: one data dir per test session, so CC-CEDICT and jieba's cache build once."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.paths import DataDir


@pytest.fixture(scope="session")
def session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    """A data dir shared by the session's engine tests (its cache is built on first use)."""
    return DataDir(tmp_path_factory.mktemp("companion-home")).ensure()


@pytest.fixture(scope="session")
def engine_cache(session_data_dir: DataDir) -> Path:
    return session_data_dir.cache
