"""The Qt binding in use does not leak references to None (PySide6 6.12.0 on Python 3.11 did:
the interpreter aborted after a few thousand void calls)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF


def test_void_calls_keep_none_alive() -> None:
    probe = QRectF()
    before = sys.getrefcount(None)
    for _ in range(10_000):
        probe.translate(0.0, 0.0)
    assert sys.getrefcount(None) >= before - 100
