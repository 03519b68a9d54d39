"""Engine fixtures: real jieba, real pypinyin/g2pM, real CC-CEDICT compiled into SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.language.annotate import Annotator
from companion.language.dictionary import Dictionary


@pytest.fixture(scope="session")
def annotator(engine_cache: Path) -> Annotator:
    engine = Annotator(engine_cache)
    engine.warm_up()
    return engine


@pytest.fixture(scope="session")
def dictionary(annotator: Annotator) -> Dictionary:
    return annotator.dictionary
