"""Pictures decoded for recognition, with Pillow (which RapidOCR needs anyway): the size is read
from the header and refused before any pixel is decoded; animated pictures give their first
frame; CMYK, palette, 16-bit and transparent pictures become RGB on white; EXIF rotation is
applied; the result is scaled to the engine's working width and handed over as BGR."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from companion.errors import InvalidInput

if TYPE_CHECKING:
    import numpy as np

MAX_PIXELS = 60_000_000
"""A long screenshot (1440 × 40,000) fits; a 20,000 × 20,000 decompression bomb does not."""
MAX_SIDE = 60_000
MAX_BYTES = 100 * 1024 * 1024
WORKING_WIDTH = 1280
"""Wider pictures are scaled down to this width before recognition (phone text stays legible)."""


class NotAPicture(InvalidInput):
    """The file is not a picture Companion can read, or it is damaged."""


class PictureTooLarge(InvalidInput):
    """The picture's pixel size is beyond what is decoded (a decompression bomb, or a poster)."""


@dataclass(frozen=True)
class Picture:
    """Decoded pixels (BGR, uint8) and how they relate to the file."""

    name: str
    pixels: np.ndarray
    width: int
    """Width of the file's picture (upright), before scaling."""
    height: int
    scale: float
    """Working pixels per file pixel (≤ 1)."""


def load(source: str | Path | bytes, *, working_width: int = WORKING_WIDTH) -> Picture:
    """Decode a picture file or its bytes for recognition; InvalidInput with one line if not."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    name, data = _read(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise PictureTooLarge(
            f"{name}: the picture is too large to read"
            f" (at most {MAX_PIXELS // 1_000_000} million pixels)"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise NotAPicture(f"{name}: not a picture (or an unsupported kind)") from None
    width, height = image.size
    if width <= 0 or height <= 0:
        raise NotAPicture(f"{name}: the picture has no pixels")
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise PictureTooLarge(
            f"{name}: the picture is too large to read ({width:,} × {height:,} pixels;"
            f" at most {MAX_PIXELS // 1_000_000} million pixels)"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.seek(0)  # an animation: its first frame
            image.load()
            image = ImageOps.exif_transpose(image)
            image = _rgb(image)
    except (OSError, ValueError, SyntaxError, EOFError):
        raise NotAPicture(f"{name}: the picture is damaged or cut short") from None
    upright_w, upright_h = image.size
    scale = min(1.0, working_width / upright_w)
    if scale < 1.0:
        size = (working_width, max(1, round(upright_h * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    import numpy as np

    pixels = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])
    return Picture(name, pixels, upright_w, upright_h, scale)


def _read(source: str | Path | bytes) -> tuple[str, bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = "the picture"
    else:
        path = Path(source)
        name = path.name
        try:
            if path.stat().st_size > MAX_BYTES:
                raise PictureTooLarge(f"{name}: the file is larger than 100 MB")
            data = path.read_bytes()
        except FileNotFoundError:
            raise InvalidInput(f"{name}: no such file") from None
        except IsADirectoryError:
            raise InvalidInput(f"{name}: is a folder, not a picture") from None
        except OSError as exc:
            raise InvalidInput(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise NotAPicture(f"{name}: the file is empty")
    return name, data


def _rgb(image):  # type: ignore[no-untyped-def]
    """Any mode as RGB; transparency laid on white (text on a clear cover stays dark on light)."""
    from PIL import Image

    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")
