"""The one place Qt decodes an image file: scaled while reading, turned upright, cropped.

What size to decode at is decided without Qt in ``companion/importers/images.py`` (a gallery
row's height, a cover's box); this reads the file at that size with QImageReader, so a 4,000 px
photo never exists in memory at full size. QImage only: safe off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader

from companion.importers.images import Decode

Plan = Callable[[int, int, bool], Decode | None]
"""(stored width, stored height, stored on its side) -> how to decode, or None to give up."""


def read_image(path: str, plan: Plan) -> QImage | None:
    """The image at path decoded as plan says, upright; None if it cannot be read."""
    opened = _open(path)
    if opened is None:
        return None
    reader, size = opened
    decode = plan(*size)
    if decode is None:
        return None
    reader.setScaledSize(QSize(decode.width, decode.height))
    image = reader.read()
    if image.isNull():
        return None
    if decode.crop is not None:
        x, y, w, h = decode.crop
        if (image.width(), image.height()) != (w, h):
            image = image.copy(x, y, w, h)
    return image


def stored_size(path: str) -> tuple[int, int, bool] | None:
    """(width, height, stored on its side) of an image file, without decoding it."""
    opened = _open(path)
    return None if opened is None else opened[1]


def _open(path: str) -> tuple[QImageReader, tuple[int, int, bool]] | None:
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        return None
    rotated = bool(reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90)
    return reader, (size.width(), size.height(), rotated)
