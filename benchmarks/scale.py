"""How the views grow with the library: each figure at 1k, 10k, 20k and 100k generated posts,
next to a bare baseline on the same file in the same run.

Libraries come from ``tools.make_library`` (10,000 saved words each), generated once per run
into a temporary folder and shared by every figure. A figure is a function taking the data
dir and returning (ours, baseline) in its unit; to add one, write it and list it in
``FIGURES`` (open, import and export are in scale_writes.py). The bars of issue 14 are
checked at 20,000 posts (GUI memory at 100,000).
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.report import Row
from benchmarks.scale_writes import export_csv, import_notes, open_library
from benchmarks.timing import REPO, best_of, median_in_fresh_process
from benchmarks.ui import _BARE as BARE_WINDOW
from benchmarks.ui import _START as COLD_START

SIZES = (1_000, 10_000, 20_000, 100_000)
BAR_SIZE = 20_000
WORDS = 10_000
TERM = "排队"  # in about one post in eight: a common term
LIST_LIMIT = 10_000  # `posts list`'s default


@contextmanager
def _library(root: Path) -> Iterator[object]:
    from companion.library import Library
    from companion.paths import DataDir

    library = Library(DataDir(root), seed_samples=False)
    try:
        yield library
    finally:
        library.close()


def _bare(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(root / "companion.db")


def first_feed_page(root: Path) -> tuple[float, float]:
    """The feed's first page and its count, as FeedPager reads them (ms), against bare
    sqlite3 reading the same rows and count as tuples."""
    from companion.ui.feed_pager import PAGE

    with _library(root) as lib, _bare(root) as conn:
        ours = best_of(lambda: lib.posts.first_page(limit=PAGE))
        bare = best_of(
            lambda: (
                conn.execute(
                    "SELECT p.id, source, source_id, title, author, likes, published,"
                    " tags, cover, tokens, known_tokens, unknown_words, hsk_mix, d.level"
                    " FROM posts p LEFT JOIN post_cards c ON c.post_id = p.id"
                    " LEFT JOIN post_difficulty d ON d.post_id = p.id"
                    " ORDER BY published IS NULL, published DESC, p.id DESC LIMIT ?",
                    (PAGE,),
                ).fetchall(),
                conn.execute("SELECT count(*) FROM posts").fetchone(),
            )
        )
    return ours * 1000, bare * 1000


def search(root: Path) -> tuple[float, float]:
    """A search for a common term as the feed shows it: first page and count (ms), against a
    LIKE scan of the same text (title, body and comments) finding every match."""
    from companion.ui.feed_pager import PAGE

    like = (
        "SELECT id FROM posts WHERE title LIKE ?1 OR body LIKE ?1"
        " OR id IN (SELECT post_id FROM comments WHERE text LIKE ?1)"
    )
    with _library(root) as lib, _bare(root) as conn:
        count = lib.posts.count_matching(query=TERM)
        found = len(conn.execute(like, (f"%{TERM}%",)).fetchall())
        if found != count:  # the baseline must do the same work
            raise AssertionError(f"LIKE finds {found} posts, search {count}")
        ours = best_of(lambda: lib.posts.first_page(query=TERM, limit=PAGE))
        bare = best_of(lambda: conn.execute(like, (f"%{TERM}%",)).fetchall(), repeat=3)
    return ours * 1000, bare * 1000


_BARE_LIST = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1] + "/companion.db")
rows = conn.execute(
    "SELECT id, source, source_id, title, author, likes, tags, hsk_mix FROM posts p"
    " LEFT JOIN post_cards c ON c.post_id = p.id LEFT JOIN post_difficulty d ON d.post_id = p.id"
    " ORDER BY published IS NULL, published DESC, id DESC LIMIT ?", (int(sys.argv[2]),)
)
json.dump([list(r) for r in rows], sys.stdout, ensure_ascii=False)
"""


def _process_seconds(*args: str, repeat: int = 3) -> float:
    """Median wall time of `python args`, output discarded: the whole process, start-up too."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], stdout=subprocess.DEVNULL, check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def posts_list(root: Path) -> tuple[float, float]:
    """`companion posts list --json` as a user runs it, the whole process (s), against a
    Python process that reads the same rows with sqlite3 and prints them with json.dump."""
    ours = _process_seconds("-m", "companion", "--data-dir", str(root), "posts", "list", "--json")
    bare = _process_seconds("-c", _BARE_LIST, str(root), str(LIST_LIMIT))
    return ours, bare


def cold_start(root: Path) -> tuple[float, float]:
    """The desktop app from nothing to its painted feed (s), against a bare Qt window."""
    return median_in_fresh_process(COLD_START, str(root)), median_in_fresh_process(BARE_WINDOW)


_RSS = """
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from pathlib import Path
from companion.paths import DataDir
from companion.ui.app import create_app
from companion.ui.main_window import MainWindow
app = create_app()
w = MainWindow(DataDir(Path(sys.argv[1])))
w.resize(1280, 860)
w.show()
done = []
w.feed_loaded.connect(lambda: done.append(1))
while not done:
    app.processEvents()
w.runner.wait()  # the engine warmed up, the difficulty pass done
bar = w.feed_page.feed.verticalScrollBar()
for _ in range(10):  # ten screens down, each page of posts listed and its covers decoded
    bar.setValue(bar.value() + w.feed_page.feed.viewport().height())
    for _ in range(5):
        app.processEvents()
        w.runner.wait()
        w.feed_page.feed.wait_for_covers()
    app.processEvents()
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS"))
print(rss / 1024)
w.close()
"""
_BARE_RSS = """
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.show(); app.processEvents()
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS"))
print(rss / 1024)
"""


def gui_memory(root: Path) -> tuple[float, float]:
    """The app's resident memory (MB) once its feed is painted, the engine warmed up and ten
    screens scrolled, against a bare Qt window's."""
    return (
        median_in_fresh_process(_RSS, str(root), repeat=1),
        median_in_fresh_process(_BARE_RSS, repeat=1),
    )


@dataclass(frozen=True)
class Figure:
    name: str  # with {n} for the size
    measure: Callable[[Path], tuple[float, float]]
    baseline: str
    bar: float | None = None  # at bar_size
    unit: str = "ms"
    beat_baseline: bool = False  # must be faster than the baseline at every size
    bar_size: int = BAR_SIZE
    ratio_bar: float | None = None  # at bar_size: at most this many times the baseline


FIGURES = (
    Figure("open the library, {n} posts", open_library, "sqlite3.connect + a query"),
    Figure("first feed page + count, {n} posts", first_feed_page, "bare SELECT"),
    Figure(f"search {TERM}, {{n}} posts", search, "LIKE scan", 1000, beat_baseline=True),
    Figure("posts list --json, {n} posts", posts_list, "sqlite3 + json", 1.5, "s"),
    Figure("cold start to the painted feed, {n} posts", cold_start, "bare Qt window", 1.5, "s"),
    Figure(
        "import 1,000 notes + difficulty into {n} posts",
        import_notes,
        "bare pipeline",
        unit="CPU s",
        ratio_bar=1.5,
    ),
    Figure("export 10,000 words to CSV, {n} posts", export_csv, "SELECT + csv.writer"),
    Figure("GUI memory, {n} posts", gui_memory, "bare Qt window", 350, "MB", bar_size=100_000),
)


def rows(sizes: tuple[int, ...] = SIZES, root: Path | None = None) -> list[Row]:
    """Every figure at every size (libraries generated once, under root or a temp folder)."""
    from tools.make_library import make_library

    with tempfile.TemporaryDirectory() as tmp:
        base = root or Path(tmp)
        libraries = {}
        for n in sizes:
            libraries[n] = base / f"posts-{n}"
            if not (libraries[n] / "companion.db").is_file():
                make_library(libraries[n], n, WORDS).close()
            _warm(libraries[n])
        out = []
        for figure in FIGURES:
            for n in sizes:
                ours, bare = figure.measure(libraries[n])
                ok = None
                target = ""
                if figure.beat_baseline:
                    ok, target = ours < bare, "< baseline"
                if figure.bar is not None and n == figure.bar_size:
                    ok = ours < figure.bar and ok is not False
                    target = f"< {figure.bar:g} {figure.unit}" + (
                        ", < baseline" if figure.beat_baseline else ""
                    )
                if figure.ratio_bar is not None and n == figure.bar_size:
                    ok, target = ours <= figure.ratio_bar * bare, f"<= {figure.ratio_bar:g}x"
                out.append(
                    Row(
                        f"{figure.name.format(n=f'{n:,}')} ({figure.unit})",
                        ours,
                        bare,
                        figure.baseline,
                        target=target,
                        ok=ok,
                    )
                )
        return out


def _warm(root: Path) -> None:
    """Open the library once as the app does (samples seeded, today's backup made), and read
    the file once, so each figure measures a library in use, not a first run."""
    from companion.library import Library
    from companion.paths import DataDir

    Library(DataDir(root)).close()
    with open(root / "companion.db", "rb") as f:
        while f.read(1 << 20):
            pass


def main() -> list[Row]:
    sizes = tuple(int(s) for s in os.environ.get("COMPANION_BENCH_SIZES", "").split(",") if s)
    cache = os.environ.get("COMPANION_BENCH_LIBRARIES")
    return rows(sizes or SIZES, Path(cache) if cache else None)


if __name__ == "__main__":
    from benchmarks.report import format_table

    start = time.perf_counter()
    print(format_table(main()))
    print(f"({time.perf_counter() - start:.0f} s)", file=sys.stderr)
