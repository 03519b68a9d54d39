"""The `companion ocr IMAGE [--json]` command: the text of a picture, in reading order."""

from __future__ import annotations

import argparse
from typing import TextIO

from companion.paths import DataDir


def cmd_ocr(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    """Print the picture's lines (or one JSON object); errors (not a picture, no text) are
    CompanionErrors, which the CLI prints as one line and exits 1."""
    from companion.cli import _print_json
    from companion.ocr.engine import recognize

    result = recognize(args.image)
    if args.json:
        _print_json(
            {
                "lines": [
                    {"text": ln.text, "box": list(ln.box), "confidence": ln.confidence}
                    for ln in result.lines
                ]
            },
            out,
        )
        return 0
    for line in result.lines:
        out.write(line.text + "\n")
    return 0


def add_ocr(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "ocr",
        help="read the text in a picture (offline)",
        description="Recognise the Chinese (and other) text in a picture file: a cover, a post "
        "image or a screenshot. Lines are printed top to bottom. With --json: "
        '{"lines": [{"text", "box": [x0, y0, x1, y1], "confidence"}]}, boxes in the '
        "file's pixels. Exits 1 with one line for a file that is not a picture or has no text.",
    )
    parser.add_argument("image", metavar="IMAGE", help="a PNG, JPEG, WebP, GIF or BMP file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=cmd_ocr)
