"""The ``companion`` command line: the scriptable twin of the app's core actions.

Exit codes: 0 ok, 1 error (one line on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from typing import TextIO

from companion import __version__
from companion.errors import CompanionError, InvalidInput
from companion.paths import DataDir, resolve_data_dir
from companion.textio import decode_text

log = logging.getLogger(__name__)


def _read_text(value: str | None, stdin: TextIO) -> str:
    """TEXT argument, or all of stdin for '-' or no argument."""
    if value is not None and value != "-":
        return value
    buffer = getattr(stdin, "buffer", None)
    if buffer is not None:
        return decode_text(buffer.read(), source="standard input")
    return stdin.read()


def _print_json(payload: object, out: TextIO) -> None:
    json.dump(payload, out, ensure_ascii=False, indent=None, separators=(",", ":"))
    out.write("\n")


# -- commands -----------------------------------------------------------------------------


def cmd_annotate(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from companion.language.annotate import Annotator
    from companion.language.hsk import label

    text = _read_text(args.text, sys.stdin)
    if not text.strip():
        raise InvalidInput("nothing to annotate: the text is empty")
    annotator = Annotator(data.ensure().cache, sandhi=args.sandhi)
    document = annotator.annotate(text)
    if args.json:
        _print_json(document.to_json(), out)
        return 0
    for sentence in document.sentences:
        out.write(sentence.text.strip() + "\n")
        for token in sentence.words:
            parts = [f"  {token.text}", token.pinyin_numbers if args.numbers else token.pinyin]
            if token.hsk is not None:
                parts.append(f"HSK {label(token.hsk)}")
            if token.definitions:
                parts.append("; ".join(token.definitions[:3]))
            if token.slang is not None:
                parts.append(f"[slang] {token.slang.summary()}")
            out.write("  ".join(parts) + "\n")
        out.write("\n")
    if document.tags:
        out.write("tags: " + ", ".join(document.tags) + "\n")
    return 0


def cmd_app(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    """Start the desktop app (until the UI lands, explain what the CLI offers)."""
    try:
        from companion.ui.app import run  # type: ignore[import-not-found]
    except ImportError:
        build_parser().print_help(out)
        out.write("\nThe desktop app is not part of this build yet; the commands above work.\n")
        return 0
    return int(run(data))


# -- parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description="Read Chinese lifestyle posts with pinyin, a dictionary and translations.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where the database, models and caches live (default: $COMPANION_HOME or the "
        "platform's user data folder)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    annotate = commands.add_parser(
        "annotate",
        help="segment text and add pinyin, senses, HSK levels and slang",
        description="Segment Chinese text and annotate every word with context-aware pinyin, "
        "CC-CEDICT senses, its HSK level and RedNote slang explanations.",
    )
    annotate.add_argument(
        "text", nargs="?", metavar="TEXT", help="the text, or - (default) for stdin"
    )
    annotate.add_argument("--json", action="store_true", help="print one JSON object (see docs)")
    annotate.add_argument(
        "--numbers", action="store_true", help="show pinyin with tone numbers (text output)"
    )
    annotate.add_argument(
        "--sandhi", action="store_true", help="show tone sandhi for 一 and 不 (yí ge, bú shì)"
    )
    annotate.set_defaults(handler=cmd_annotate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``companion`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler = getattr(args, "handler", cmd_app)
    try:
        data = resolve_data_dir(args.data_dir)
        return handler(args, data, sys.stdout)
    except CompanionError as exc:
        print(f"companion: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
