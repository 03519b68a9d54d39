"""Cold start: the window's modules load nothing the first painted feed does not need (the
engine, sqlite-utils, numpy, OCR, flashcards), so the feed is up in well under 1.5 s."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("rjieba", "pypinyin", "sqlite_utils", "numpy", "genanki", "rapidocr", "cv2", "fsrs_rs")


def test_the_main_window_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from companion.ui.app import create_app\n"
        "from companion.ui.main_window import MainWindow\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "[]"
