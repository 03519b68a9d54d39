"""The ``export`` and ``screenshot`` commands: flashcards written from the vocabulary, and a view
of the app rendered offscreen to a PNG."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from companion.cli_speech import add_audio_option
from companion.errors import InvalidInput
from companion.paths import DataDir
from companion.wording import counted


def cmd_export(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from companion.cli import _library as open_library
    from companion.cli import _progress_bar as progress_bar
    from companion.store.models import WordStatus

    try:
        statuses = [WordStatus.parse(s) for s in args.status or ()]
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    with open_library(data) as library:
        result = library.export(
            args.format,
            Path(args.output),
            deck=args.deck,
            only_new=args.only_new,
            statuses=statuses,
            tag=args.tag or "",
            card_tags=args.card_tag or (),
            sentence_cards=not args.no_sentence_cards,
            progress=progress_bar(args),
            audio=args.audio,
        )
    out.write(f"exported {counted(result.count, 'word')} to {result.path}\n")
    return 0


def cmd_screenshot(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from companion.ui.screenshot import screenshot

    path = screenshot(
        data,
        args.view,
        Path(args.output),
        post=args.post,
        word=args.word,
        size=args.size,
        theme=args.theme,
    )
    out.write(f"{path}\n")
    return 0


def add_export(commands: argparse._SubParsersAction) -> None:
    from companion.cli import _add_tag_filter as add_tag_filter

    export = commands.add_parser(
        "export",
        help="export your vocabulary as flashcards",
        description="Export saved words as an Anki deck (.apkg, no Anki needed), CSV (a .tsv "
        "file is ready for Anki's own text import) or Pleco flashcard text. Exporting again "
        "updates the same notes in Anki instead of duplicating them.",
    )
    export.add_argument("format", choices=("anki", "csv", "pleco"), help="the file format")
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    export.add_argument("--deck", default="Companion", help="Anki deck name (default Companion)")
    export.add_argument(
        "--only-new",
        action="store_true",
        help="only words added since the last export of this format and deck",
    )
    export.add_argument(
        "--status",
        action="append",
        help="only words with this status (repeatable: new, learning, known)",
    )
    add_tag_filter(export, "words")
    export.add_argument(
        "--card-tag",
        action="append",
        metavar="TAG",
        help="add this Anki tag to every card, besides the word's own tags (repeatable)",
    )
    export.add_argument(
        "--no-sentence-cards", action="store_true", help="Anki: no fill-the-gap Sentence cards"
    )
    add_audio_option(export)
    export.set_defaults(handler=cmd_export)


def add_screenshot(commands: argparse._SubParsersAction) -> None:
    from companion.ui.screenshot import VIEWS  # the module imports Qt only when it renders

    shot = commands.add_parser(
        "screenshot",
        help="render a view of the app to a PNG (offscreen)",
        description="Render one view of the app offscreen to a PNG, for docs and tests.",
    )
    shot.add_argument(
        "view",
        choices=VIEWS,
        help="which view (review: the Review page's card, revealed; stats: its progress charts)",
    )
    shot.add_argument("-o", "--output", required=True, metavar="FILE.png", help="PNG to write")
    shot.add_argument("--post", type=int, help="post id for reader/lookup (default: the first)")
    shot.add_argument("--word", help="word for lookup (default: the post's first word)")
    shot.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")
    shot.add_argument("--theme", choices=("light", "dark"), default="light", help="colour theme")
    shot.set_defaults(handler=cmd_screenshot)
