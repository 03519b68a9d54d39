"""One OCR engine for the whole session (loading it takes about a second)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def ocr_engine() -> object:
    from companion.ocr import engine

    return engine.engine()
