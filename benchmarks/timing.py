"""How benchmarks time things: best of several runs in-process, median of fresh processes."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Fastest wall time of fn over repeat runs (seconds): the least noisy estimate."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def median_in_fresh_process(code: str, *args: str, repeat: int = 3) -> float:
    """Median of a number that `python -c code args` prints last, each run a new process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    samples = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
        samples.append(float(out.strip().splitlines()[-1]))
    return statistics.median(samples)
