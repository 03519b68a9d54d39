"""Feed covers: decoded off the UI thread into a cache bounded in count and in bytes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

import companion
from companion.ui import cover_cache
from companion.ui.cover_cache import CoverCache

COVERS = sorted(
    (Path(companion.__file__).parent / "resources" / "samples" / "covers").glob("*.jpg")
)


def load_all(qtbot, cache: CoverCache, keys: list[str], width_px: int = 240) -> list[tuple]:  # type: ignore[no-untyped-def]
    results: list[tuple] = []
    cache.finished.connect(lambda *args: results.append(args))
    for key in keys:
        qtbot.waitUntil(lambda: cache.free_slots > 0, timeout=5000)
        cache.request(key, width_px, 12.0, 1.0)
    qtbot.waitUntil(lambda: len(results) == len(keys), timeout=10_000)
    return results


@pytest.mark.parametrize(
    ("max_count", "max_bytes", "kept"),
    [
        (300, 128 * 2**20, 12),  # the defaults hold a screenful easily
        (5, 128 * 2**20, 5),  # the count bound
        (300, 3 * 240 * 320 * 4, 3),  # the byte bound: three 240x320 ARGB covers
        (300, 1, 1),  # the newest cover stays even when it alone is over budget
    ],
)
def test_the_cache_stays_within_its_bounds(
    qtbot, ui_app: QApplication, max_count: int, max_bytes: int, kept: int
) -> None:  # type: ignore[no-untyped-def]
    cache = CoverCache(max_count=max_count, max_bytes=max_bytes)
    keys = [str(p) for p in COVERS[:12]]
    results = load_all(qtbot, cache, keys)
    assert all(ok for _key, _aspect, ok in results)
    assert len(cache) == kept
    assert cache.bytes_used <= max(max_bytes, 240 * 320 * 4)
    newest = results[-1][0]
    assert cache.state(newest) == "loaded"  # the least recently used ones went first
    assert cache.pixmap(newest) is not None and cache.pixmap(newest).width() == 240


def test_decoding_runs_off_the_ui_thread_and_bad_files_fail_once(
    qtbot, ui_app: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    threads: list[int] = []
    decode = cover_cache.decode_cover

    def spy(*args: object) -> object:
        threads.append(threading.get_ident())
        return decode(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cover_cache, "decode_cover", spy)
    broken = tmp_path / "broken.jpg"
    broken.write_text("not an image at all")
    cache = CoverCache()
    keys = [str(COVERS[0]), str(broken), str(tmp_path / "missing.jpg")]
    results = {key: ok for key, _aspect, ok in load_all(qtbot, cache, keys)}
    assert results == {keys[0]: True, keys[1]: False, keys[2]: False}
    assert threads and threading.get_ident() not in threads
    assert [cache.state(k) for k in keys] == ["loaded", "failed", "failed"]
    assert not cache.needs(keys[1], 240)  # a failed file is not retried ...
    assert not cache.needs(keys[0], 240)  # ... nor a cover cached at about that width
    assert cache.needs(keys[0], 480)  # a much wider card wants a sharper cover
    cache.forget_failures()
    assert cache.needs(keys[1], 240)  # ... until the feed is refreshed
    assert cache.loads_started == 3
