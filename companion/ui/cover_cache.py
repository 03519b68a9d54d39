"""Feed covers: decoded off the UI thread, kept in a least-recently-used cache bounded in memory.

A decode reads the file (ui/image_decode.py) scaled straight to the card's device pixels (a 4,000 px
photo never exists in memory at full size), centre-crops it to the clamped cover shape and rounds
its top corners, all on a QThreadPool with QImage only. The UI thread turns results into pixmaps
and keeps at most CACHE_SIZE of them and at most CACHE_BYTES of pixels, dropping the least
recently shown first. Remote addresses never get here (see FeedModel.cover_key); a file that
cannot be read is remembered as failed until the feed is refreshed.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, QRectF, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPixmap

from companion.importers import images
from companion.ui.image_decode import read_image, stored_size
from companion.ui.masonry import PORTRAIT, clamp_aspect
from companion.ui.tasks import adopt_thread_hooks

CACHE_SIZE = 300  # decoded cover pixmaps kept ...
CACHE_BYTES = 128 * 1024 * 1024  # ... and pixel bytes (about 100 covers on a 2x screen)
MAX_IN_FLIGHT = 6


def top_rounded_path(rect: QRectF, radius: float) -> QPainterPath:
    """A rectangle with its top two corners rounded (a cover's shape)."""
    path = QPainterPath()
    path.moveTo(rect.left(), rect.bottom())
    path.lineTo(rect.left(), rect.top() + radius)
    path.arcTo(QRectF(rect.left(), rect.top(), 2 * radius, 2 * radius), 180, -90)
    path.lineTo(rect.right() - radius, rect.top())
    path.arcTo(QRectF(rect.right() - 2 * radius, rect.top(), 2 * radius, 2 * radius), 90, -90)
    path.lineTo(rect.right(), rect.bottom())
    path.closeSubpath()
    return path


def decode_cover(path: str, width_px: int, radius_px: float) -> tuple[QImage | None, float]:
    """Read an image scaled to width_px device pixels, centre-cropped to the clamped aspect,
    with its top corners rounded off. Safe off the UI thread (QImage only)."""
    found = stored_size(path)
    if found is None:
        return None, PORTRAIT
    iw, ih = images.upright(*found)
    aspect = clamp_aspect(ih / iw)
    tw = max(1, width_px)
    th = max(1, round(tw * aspect))
    image = read_image(path, lambda w, h, rotated: images.cover(w, h, (tw, th), rotated=rotated))
    if image is None:
        return None, PORTRAIT
    out = QImage(tw, th, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillPath(top_rounded_path(QRectF(0, 0, tw, th), radius_px), QColor("white"))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.drawImage(0, 0, image)
    painter.end()
    return out, aspect


class _CoverSignals(QObject):
    loaded = Signal(str, object, float)  # key, QImage or None, clamped aspect


class _CoverJob(QRunnable):
    def __init__(
        self, key: str, width_px: int, radius_px: float, dpr: float, signals: _CoverSignals
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the cache holds it until its result arrives
        self.key, self.width_px, self.radius_px, self.dpr = key, width_px, radius_px, dpr
        self.signals = signals

    def run(self) -> None:
        adopt_thread_hooks()  # coverage and debuggers see the decode
        try:
            image, aspect = decode_cover(self.key, self.width_px, self.radius_px)
        except Exception:  # a broken file must never kill the worker or lose the signal
            image, aspect = None, PORTRAIT
        self.signals.loaded.emit(self.key, image, aspect)


def _pixmap_bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8)


class CoverCache(QObject):
    """Cover pixmaps by file path: requested, decoded on a pool, kept within a memory budget."""

    finished = Signal(str, float, bool)  # file, clamped aspect, decoded (False: unreadable)

    def __init__(
        self,
        parent: QObject | None = None,
        max_count: int = CACHE_SIZE,
        max_bytes: int = CACHE_BYTES,
    ) -> None:
        super().__init__(parent)
        self.max_count, self.max_bytes = max_count, max_bytes
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._bytes = 0
        self._failed: set[str] = set()
        self._jobs: dict[str, _CoverJob] = {}
        self.loads_started = 0
        self._signals = _CoverSignals()
        self._signals.loaded.connect(self._on_loaded)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(2, min(4, QThreadPool.globalInstance().maxThreadCount())))

    def pixmap(self, key: str | None) -> QPixmap | None:
        return self._pixmaps.get(key) if key else None

    def state(self, key: str) -> str:
        """'loaded', 'failed', 'loading' or 'pending' (not requested yet)."""
        if key in self._pixmaps:
            return "loaded"
        if key in self._failed:
            return "failed"
        return "loading" if key in self._jobs else "pending"

    def failed(self, key: str) -> bool:
        return key in self._failed

    @property
    def free_slots(self) -> int:
        return MAX_IN_FLIGHT - len(self._jobs)

    @property
    def bytes_used(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._pixmaps)

    def needs(self, key: str, width_px: int) -> bool:
        """Whether key should be (re)decoded for width_px: not loading, not failed, and not
        cached at about that width. A cached cover counts as just shown (kept longer)."""
        if key in self._jobs or key in self._failed:
            return False
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            return True
        self._pixmaps.move_to_end(key)
        return abs(pixmap.width() - width_px) > max(2, width_px // 12)

    def request(self, key: str, width_px: int, radius_px: float, dpr: float) -> None:
        """Start decoding file key at width_px device pixels (device pixel ratio dpr)."""
        job = _CoverJob(key, width_px, radius_px, dpr, self._signals)
        self._jobs[key] = job
        self.loads_started += 1
        self._pool.start(job)

    def forget_failures(self) -> None:
        """Try unreadable files again (a missing file may have arrived since)."""
        self._failed.clear()

    def wait(self, msecs: int = 5_000) -> bool:
        """Block until queued decodes finish (tests and shutdown)."""
        return self._pool.waitForDone(msecs)

    def _on_loaded(self, key: str, image: QImage | None, aspect: float) -> None:
        job = self._jobs.pop(key, None)
        ok = image is not None and not image.isNull()
        if not ok:
            self._failed.add(key)
        else:
            assert image is not None
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(job.dpr if job else 1.0)
            self._store(key, pixmap)
        self.finished.emit(key, aspect, ok)

    def _store(self, key: str, pixmap: QPixmap) -> None:
        old = self._pixmaps.pop(key, None)
        if old is not None:
            self._bytes -= _pixmap_bytes(old)
        self._pixmaps[key] = pixmap
        self._bytes += _pixmap_bytes(pixmap)
        while len(self._pixmaps) > 1 and (
            len(self._pixmaps) > self.max_count or self._bytes > self.max_bytes
        ):
            _key, dropped = self._pixmaps.popitem(last=False)
            self._bytes -= _pixmap_bytes(dropped)
