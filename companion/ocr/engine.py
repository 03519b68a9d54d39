"""Text in pictures, offline: RapidOCR's PP-OCRv6 models (shipped inside the ``rapidocr`` wheel)
on ONNX Runtime.

``recognize(path_or_bytes)`` decodes the picture itself (``companion.ocr.images``: size checked
from the header before any pixel is decoded), scales it to a working size, and reads it in
horizontal strips so that memory stays bounded however long a screenshot is. The engine is loaded
once, on first use, and calls are serialised by a lock (RapidOCR keeps per-call state).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.errors import InvalidInput, ResourceMissing
from companion.ocr.images import Picture, load

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

DETECT_WIDTH = 600
"""Text is found on a copy at most this wide (the detector's cost grows with its area); each
line is then read from the full-size pixels."""
STRIP = 1100
"""Height of one detection strip, in detection pixels (memory grows with the strip's area:
about 240 MB for 600 × 1340; a 1080 × 2400 screenshot is one strip)."""
OVERLAP = 240
"""Strips overlap by this much; a line up to half of it high lies whole inside one strip."""
MIN_CONFIDENCE = 0.5
EMOJI_CONFIDENCE = 0.97
"""A character read less surely than this, over a colour picture, is an emoji misread."""


class NoTextFound(InvalidInput):
    """The picture was read and holds no text."""


@dataclass(frozen=True)
class OcrLine:
    """One line of text and where it stands in the picture (pixels of the original file)."""

    text: str
    box: tuple[int, int, int, int]
    """x0, y0, x1, y1."""
    confidence: float

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]

    @property
    def centre_y(self) -> float:
        return (self.box[1] + self.box[3]) / 2


@dataclass(frozen=True)
class OcrResult:
    """The lines of a picture in reading order (top to bottom, left to right within a row)."""

    lines: tuple[OcrLine, ...]
    width: int = 0
    height: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


_lock = threading.Lock()
_engine: Any = None


def _models() -> dict[str, str]:
    try:
        import rapidocr
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ResourceMissing(f"the OCR engine is not installed ({exc})") from None
    folder = Path(rapidocr.__file__).parent / "models"
    files = {
        "Det.model_path": folder / "PP-OCRv6_det_small.onnx",
        "Rec.model_path": folder / "PP-OCRv6_rec_small.onnx",
        "Cls.model_path": folder / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    }
    missing = [p.name for p in files.values() if not p.is_file()]
    if missing:
        raise ResourceMissing(f"the OCR models are missing: {', '.join(missing)}")
    return {key: str(path) for key, path in files.items()}


def engine() -> Any:
    """The RapidOCR engine, created on first use (about a second); models are named by path so
    RapidOCR never looks for a download."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                _engine = _create()
    return _engine


def _create() -> Any:
    params = _models()
    from rapidocr import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    params.update(
        {
            "Global.log_level": "warning",
            "Global.use_cls": False,  # screenshots and covers are upright
            "Global.text_score": MIN_CONFIDENCE,
            # we scale for detection ourselves (DETECT_WIDTH); the detector keeps what it gets
            "Det.limit_type": "max",
            "Det.limit_side_len": 100_000,
            # one line at a time: batches pad every line to the longest and need more memory
            # (six lines: +250 MB) for no gain in speed on a CPU
            "Rec.rec_batch_num": 1,
        }
    )
    from rapidocr.inference_engine.onnxruntime.main import OrtInferSession

    ocr = RapidOCR(params=params)
    make_options = OrtInferSession._init_sess_opts
    OrtInferSession._init_sess_opts = staticmethod(lambda cfg: _quiet(make_options(cfg)))
    try:  # both stages once, now, rather than inside the first call
        ocr._load_det_model()
        ocr._load_rec_model()
    finally:
        OrtInferSession._init_sess_opts = staticmethod(make_options)
    return ocr


def _quiet(options: Any) -> Any:
    """ONNX Runtime's threads sleep between tasks instead of spinning: on a shared 2-core
    machine spinning costs about a third more CPU for the same work (and slows the UI)."""
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return options


def recognize(source: str | Path | bytes) -> OcrResult:
    """The text of a picture (a path or the file's bytes) in reading order.

    Raises InvalidInput (not a picture, damaged, too large) or NoTextFound, each with a
    one-line message."""
    return read_picture(load(source))


def read_picture(picture: Picture) -> OcrResult:
    """The text of a decoded picture (``companion.ocr.images.load``) in reading order."""
    lines = read_array(picture.pixels, scale=picture.scale)
    if not lines:
        raise NoTextFound(f"{picture.name}: no text found")
    return OcrResult(reading_order(lines), picture.width, picture.height)


def read_array(pixels: np.ndarray, *, scale: float = 1.0) -> list[OcrLine]:
    """Lines of a BGR array: text found on a smaller copy, strip by strip (memory stays bounded),
    each line then read from the full-size pixels. Boxes are divided by scale (back to the
    file's pixels)."""
    import cv2
    import numpy as np
    from rapidocr.ch_ppocr_rec import TextRecInput
    from rapidocr.utils.process_img import get_rotate_crop_image

    ocr = engine()
    height, width = pixels.shape[:2]
    shrink = min(1.0, DETECT_WIDTH / width)
    small = pixels
    if shrink < 1.0:
        size = (max(1, round(width * shrink)), max(1, round(height * shrink)))
        small = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    quads: list[np.ndarray] = []
    for top, bottom, keep_from, keep_to in strips(small.shape[0]):
        with _lock:
            found = ocr.text_det(small[top:bottom])
        for quad in found.boxes if found.boxes is not None else ():
            quad = quad.astype(np.float32) + np.array([0, top], dtype=np.float32)
            if keep_from <= (quad[:, 1].min() + quad[:, 1].max()) / 2 < keep_to:
                quads.append(quad / shrink)
    if not quads:
        return []
    crops = [get_rotate_crop_image(pixels, _clip(q, width, height)) for q in quads]
    with _lock:
        read = ocr.text_rec(TextRecInput(img=crops, return_word_box=True))
    lines = []
    for quad, crop, text, score, words in zip(
        quads, crops, read.txts or (), read.scores, read.word_results, strict=False
    ):
        text = _without_emoji(text, words, crop)
        if score < MIN_CONFIDENCE or not text.strip():
            continue
        xs, ys = quad[:, 0], quad[:, 1]
        box = tuple(round(float(v) / scale) for v in (xs.min(), ys.min(), xs.max(), ys.max()))
        lines.append(OcrLine(text.strip(), box, round(float(score), 4)))  # type: ignore[arg-type]
    return lines


def _without_emoji(text: str, words: Any, crop: np.ndarray) -> str:
    """The line without the characters the recogniser made of emoji: a colour picture where a
    glyph stands (text is one colour on its background), read with less than full confidence."""
    import cv2
    import numpy as np

    chars = [c for group in getattr(words, "words", None) or () for c in group]
    cols = [c for group in getattr(words, "word_cols", None) or () for c in group]
    confs = list(getattr(words, "confs", None) or ())
    total = float(getattr(words, "line_txt_len", 0) or 0)
    if not chars or len(chars) != len(cols) or total <= 0 or "".join(chars) != text:
        return text
    if len(confs) != len(chars):
        confs = [0.0] * len(chars)
    h, w = crop.shape[:2]
    hsv = cv2.cvtColor(crop, cv2.COLOR_BGR2HSV)
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY).astype(np.int16)
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    background = int(np.median(border))  # around the text, whatever fills the middle
    kept = []
    for char, col, conf in zip(chars, cols, confs, strict=True):
        if conf < EMOJI_CONFIDENCE:
            x = col / total * w
            x0, x1 = max(0, int(x - h * 0.5)), min(w, int(x + h * 0.5) + 1)
            cell, ink = hsv[:, x0:x1], np.abs(grey[:, x0:x1] - background) > 40
            colourful = (cell[..., 1] > 45) & (cell[..., 2] > 130)  # pastel emoji too
            if ink.sum() and colourful.sum() > 0.4 * ink.sum():
                continue
        kept.append(char)
    return "".join(kept)


def _clip(quad: np.ndarray, width: int, height: int) -> np.ndarray:
    quad = quad.copy()
    quad[:, 0] = quad[:, 0].clip(0, width - 1)
    quad[:, 1] = quad[:, 1].clip(0, height - 1)
    return quad


def strips(height: int) -> list[tuple[int, int, int, int]]:
    """(top, bottom, keep_from, keep_to) per strip: a line belongs to the strip whose kept band
    holds its centre, which is always a strip that holds the whole line."""
    if height <= STRIP + OVERLAP:
        return [(0, height, 0, height)]
    step = STRIP - OVERLAP
    tops = [*range(0, height - STRIP, step), height - STRIP]
    out = []
    for i, top in enumerate(tops):
        bottom = top + STRIP
        keep_from = 0 if i == 0 else max(top + OVERLAP // 2, out[-1][3])
        keep_to = height if i == len(tops) - 1 else bottom - OVERLAP // 2
        out.append((top, bottom, keep_from, keep_to))
    return out


def reading_order(lines: list[OcrLine]) -> tuple[OcrLine, ...]:
    """Top to bottom; lines whose vertical extents mostly overlap form a row, read left to right."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.centre_y, ln.box[0])):
        if rows and _same_row(rows[-1], line):
            rows[-1].append(line)
        else:
            rows.append([line])
    return tuple(ln for row in rows for ln in sorted(row, key=lambda ln: ln.box[0]))


def _same_row(row: list[OcrLine], line: OcrLine) -> bool:
    top = min(ln.box[1] for ln in row)
    bottom = max(ln.box[3] for ln in row)
    overlap = min(bottom, line.box[3]) - max(top, line.box[1])
    return overlap > 0.6 * min(line.height, bottom - top)
