"""The sizes every view decodes an image at: a gallery row's height, a cover's box."""

from __future__ import annotations

import pytest

from companion.importers.images import MAX_DECODED_SIDE, Decode, cover, fit_height


@pytest.mark.parametrize(
    ("size", "target", "rotated", "decode"),
    [
        ((800, 600), 200, False, Decode(267, 200)),
        ((600, 800), 200, False, Decode(150, 200)),
        ((800, 600), 200, True, Decode(200, 150)),  # stored on its side: upright 150 × 200
        ((100, 100), 400, False, Decode(400, 400)),  # small images grow to the row
        ((100_000, 100), 200, False, Decode(MAX_DECODED_SIDE, 10)),  # a panorama is held
        ((5000, 1), 200, False, Decode(MAX_DECODED_SIDE, 2)),  # a strip grows to the cap
        ((0, 600), 200, False, None),  # size unknown: not an image Qt can read
        ((800, -1), 200, False, None),
        ((800, 600), 0, False, None),
    ],
)
def test_fit_height(
    size: tuple[int, int], target: int, rotated: bool, decode: Decode | None
) -> None:
    assert fit_height(*size, target, rotated=rotated) == decode


@pytest.mark.parametrize(
    ("size", "box", "rotated", "decode"),
    [
        ((1000, 500), (200, 300), False, Decode(600, 300, (200, 0, 200, 300))),
        ((500, 1000), (200, 300), True, Decode(300, 600, (200, 0, 200, 300))),
        ((500, 1000), (200, 300), False, Decode(200, 400, (0, 50, 200, 300))),
        ((400, 600), (200, 300), False, Decode(200, 300, (0, 0, 200, 300))),  # same shape
        ((1, 1), (200, 300), False, Decode(300, 300, (50, 0, 200, 300))),
        ((400, 600), (0, 0), False, Decode(1, 2, (0, 0, 1, 1))),  # an empty box is one pixel
        ((0, 0), (200, 300), False, None),
    ],
)
def test_cover(
    size: tuple[int, int], box: tuple[int, int], rotated: bool, decode: Decode | None
) -> None:
    assert cover(*size, box, rotated=rotated) == decode
