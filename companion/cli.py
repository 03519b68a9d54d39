"""The ``companion`` command line: the scriptable twin of the app's core actions.

Exit codes: 0 ok, 1 error (one line on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

from companion import __version__
from companion.cli_library import add_db, measured_library, progress_lines
from companion.cli_models import add_models
from companion.cli_ocr import add_ocr
from companion.errors import CompanionError, InvalidInput, ResourceMissing
from companion.paths import DataDir, resolve_data_dir
from companion.progress import Progress
from companion.textio import decode_text
from companion.wording import counted

if TYPE_CHECKING:
    from companion.language.annotate import Document
    from companion.library import Library

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
    """Annotate with the learner's merges and splits, as translate and the app do."""
    from companion.language.annotate import Annotator

    text = _read_text(args.text, sys.stdin)
    if not text.strip():
        raise InvalidInput("nothing to annotate: the text is empty")
    if not data.database.exists():  # no library yet, so no merges or splits to honour
        return _print_document(Annotator(data.ensure().cache).annotate(text), args, out)
    with _library(data, seed_samples=False) as library:
        return _print_document(library.engine.annotate(text), args, out)


def _print_document(document: Document, args: argparse.Namespace, out: TextIO) -> int:
    from companion.language import hsk

    if args.sandhi:  # a display option: applied to what is printed, never to the annotation
        from companion.language.sandhi import document_with_sandhi

        document = document_with_sandhi(document)
    if args.json:  # streamed: the same text as _print_json(document.to_json(), out)
        document.write_json(out)
        out.write("\n")
        return 0
    for sentence in document.sentences:
        out.write(sentence.text.strip() + "\n")
        for token in sentence.words:
            parts = [f"  {token.text}", token.pinyin_numbers if args.numbers else token.pinyin]
            if token.hsk is not None:
                parts.append(hsk.tag(token.hsk))
            slang_meaning = token.slang.meaning if token.slang is not None else None
            senses = [d for d in token.definitions if d != slang_meaning]
            if senses:
                parts.append("; ".join(senses[:3]))
            if token.slang is not None:
                parts.append(f"[slang] {token.slang.summary()}")
            if token.info.name is not None:
                parts.append(f"[{token.info.name.note}]")
            if token.info.parts:
                parts.append("words: " + " · ".join(p.text for p in token.info.parts))
            out.write("  ".join(parts) + "\n")
        out.write("\n")
    if document.tags:
        out.write("tags: " + ", ".join(document.tags) + "\n")
    return 0


def _library(data: DataDir, *, seed_samples: bool = True) -> Library:
    """The library, to be used as a context manager so it is closed on every path."""
    from companion.library import Library

    return Library(data, seed_samples=seed_samples)


def cmd_posts_import(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from pathlib import Path

    with measured_library(data, args.verbose) as library:
        report = library.import_paths(
            [Path(p) for p in args.paths], fmt=args.format, progress=progress_lines(args.verbose)
        )
    for result in report.files:
        if result.error:
            print(f"companion: error: {result.error}", file=sys.stderr)
            continue
        if result.skipped:
            out.write(f"{result.path}: skipped: {result.skipped}\n")
            continue
        line = f"{result.path}: {result.added} added, {result.updated} updated"
        if result.comments:
            line += f", {counted(result.comments, 'comment')}"
        if result.orphan_comments:
            waiting = counted(result.orphan_comments, "comment")
            line += f", {waiting} kept until their notes are imported"
        out.write(line + "\n")
        for note in result.notes:
            out.write(f"  note: {note}\n")
    if not report.files:
        raise InvalidInput("no importable files found")
    return 1 if report.errors else 0


def cmd_posts_list(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    """Rows are written as they are read from the database, so the first appear at once and
    memory stays flat; with --json they form one JSON array, as before."""
    with measured_library(data, args.verbose) as library:
        posts = library.posts.iter(
            query=args.search or "", tag=args.tag or "", order=args.sort, limit=args.limit
        )
        if args.json:
            _stream_json_array((p.to_json() for p in posts), out)
            return 0
        for post in posts:
            known = f"{post.difficulty.known_share:.0%} known" if post.difficulty else ""
            out.write(f"{post.id:>5}  {post.title}  — {post.author}  ♥{post.likes}  {known}\n")
    return 0


def _stream_json_array(items: Iterable[object], out: TextIO) -> None:
    """The bytes ``_print_json(list(items))`` would write, item by item."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    out.write("[")
    for n, item in enumerate(items):
        out.write(("," if n else "") + encode(item))
    out.write("]\n")


def cmd_posts_show(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    with _library(data) as library:
        stored = library.posts.get(args.id)
    if stored is None:
        raise InvalidInput(f"there is no post {args.id}")
    if args.json:
        _print_json(stored.to_json(), out)
        return 0
    post = stored.post
    tags = " ".join("#" + t for t in post.tags)
    out.write(f"{post.title}\n{post.author}  ♥{post.likes}  {tags}\n\n")
    out.write(post.body.rstrip() + "\n")
    if stored.comments:
        out.write("\nComments\n")
        for c in stored.comments:
            indent = "    " if c.parent_id else "  "
            out.write(f"{indent}{c.comment.author}: {c.comment.text}\n")
    return 0


def cmd_vocab_add(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    with _library(data) as library:
        entry = library.add_word(
            args.word, post_id=args.post, sentence=args.sentence, tags=args.tag or ()
        ).value
    out.write(f"added {entry.word}  {entry.pinyin}  {entry.definition}\n")
    return 0


def cmd_vocab_list(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from companion.store.models import WordStatus

    try:
        statuses = [WordStatus.parse(s) for s in args.status or ()]
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    with _library(data) as library:
        entries = library.vocabulary.list(
            query=args.search or "",
            statuses=statuses,
            tag=args.tag or "",
            order=args.sort,
            with_contexts=True,
        )
    if args.json:
        _print_json([e.to_json() for e in entries], out)
        return 0
    for e in entries:
        out.write(f"{e.word}\t{e.pinyin}\t{e.status.name.lower()}\t{e.definition}\n")
    return 0


def cmd_vocab_set_status(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from companion.store.models import WordStatus

    try:
        status = WordStatus.parse(args.status)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    with _library(data) as library:
        changed = library.set_status(args.words, status).value
    out.write(f"{len(changed)} word(s) now {status.name.lower()}\n")
    return 0


def _progress_bar(args: argparse.Namespace) -> Progress:
    """Progress on stderr when it is a terminal (or with --verbose)."""
    show = args.verbose or sys.stderr.isatty()
    last = [-1]

    def report(done: int, total: int | None, message: str) -> None:
        if not show:
            return
        percent = int(done * 100 / total) if total else -1
        if percent != last[0]:
            last[0] = percent
            shown = f"{percent:3d}%" if total else f"{done:,} bytes"
            print(f"\r{message}: {shown}", end="", file=sys.stderr, flush=True)
            if total and done >= total:
                print(file=sys.stderr)

    return report


def cmd_translate(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from companion.translation.gloss import gloss

    text = _read_text(args.text, sys.stdin)
    if not text.strip():
        raise InvalidInput("nothing to translate: the text is empty")
    with _library(data) as library:
        translator = library.translator
        if not args.gloss:
            translator.model(args.from_code, args.to_code)  # fail fast, before any work
        sentences = [s for s in library.engine.annotate(text).sentences if s.text.strip()]
        translations: list[str | None] = [None] * len(sentences)
        if translator.available(args.from_code, args.to_code):
            translations = list(
                translator.translate([s.text for s in sentences], args.from_code, args.to_code)
            )
    glosses = [gloss(s) for s in sentences]
    if args.json:
        _print_json(
            {
                "sentences": [
                    {"text": s.text, "start": s.start, "end": s.end, "translation": t, "gloss": g}
                    for s, t, g in zip(sentences, translations, glosses, strict=True)
                ]
            },
            out,
        )
        return 0
    for sentence, translation, word_gloss in zip(sentences, translations, glosses, strict=True):
        out.write(sentence.text.strip() + "\n")
        if translation is not None:
            out.write(f"  {translation}\n")
        if args.gloss and word_gloss:
            out.write(f"  gloss: {word_gloss}\n")
    return 0


def cmd_export(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from pathlib import Path

    from companion.store.models import WordStatus

    try:
        statuses = [WordStatus.parse(s) for s in args.status or ()]
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    with _library(data) as library:
        result = library.export(
            args.format,
            Path(args.output),
            deck=args.deck,
            only_new=args.only_new,
            statuses=statuses,
            tag=args.tag or "",
            card_tags=args.card_tag or (),
            sentence_cards=not args.no_sentence_cards,
            progress=_progress_bar(args),
        )
    out.write(f"exported {counted(result.count, 'word')} to {result.path}\n")
    return 0


def cmd_app(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    """Start the desktop app."""
    import os

    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display and not os.environ.get("QT_QPA_PLATFORM"):
        raise ResourceMissing(
            "no display to open a window on: start Companion from a desktop session "
            "(the command-line commands work anywhere: companion --help)"
        )
    from companion.system_libs import check_window_libraries

    check_window_libraries()  # before Qt, which would abort the process instead
    try:
        from companion.ui.app import run
    except ImportError as exc:
        raise ResourceMissing(
            f"the desktop app needs PySide6 and its system libraries ({exc}); "
            "the command-line commands still work (companion --help)"
        ) from exc
    return int(run(data))


def cmd_screenshot(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from pathlib import Path

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
    _add_text_input(annotate)
    annotate.add_argument(
        "--numbers", action="store_true", help="show pinyin with tone numbers (text output)"
    )
    annotate.add_argument(
        "--sandhi", action="store_true", help="show tone sandhi for 一 and 不 (yí ge, bú shì)"
    )
    annotate.set_defaults(handler=cmd_annotate)

    translate = commands.add_parser(
        "translate",
        help="translate text sentence by sentence (offline model)",
        description="Translate each sentence with the installed Argos model. Every sentence also "
        "gets a word-by-word dictionary gloss (in --json); --gloss shows it, and works without "
        "a model.",
    )
    _add_text_input(translate)
    translate.add_argument("--from", dest="from_code", default="zh", help="source language")
    translate.add_argument("--to", dest="to_code", default="en", help="target language")
    translate.add_argument(
        "--gloss", action="store_true", help="show the dictionary gloss (no model needed)"
    )
    translate.set_defaults(handler=cmd_translate)

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
    _add_tag_filter(export, "words")
    export.add_argument(
        "--card-tag",
        action="append",
        metavar="TAG",
        help="add this Anki tag to every card, besides the word's own tags (repeatable)",
    )
    export.add_argument(
        "--no-sentence-cards", action="store_true", help="Anki: no fill-the-gap Sentence cards"
    )
    export.set_defaults(handler=cmd_export)

    shot = commands.add_parser(
        "screenshot",
        help="render a view of the app to a PNG (offscreen)",
        description="Render one view of the app offscreen to a PNG, for docs and tests.",
    )
    from companion.ui.screenshot import VIEWS  # no Qt at import

    shot.add_argument("view", choices=VIEWS, help="which view")
    shot.add_argument("-o", "--output", required=True, metavar="FILE.png", help="PNG to write")
    shot.add_argument("--post", type=int, help="post id for reader/lookup (default: the first)")
    shot.add_argument("--word", help="word for lookup (default: the post's first word)")
    shot.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")
    shot.add_argument("--theme", choices=("light", "dark"), default="light", help="colour theme")
    shot.set_defaults(handler=cmd_screenshot)

    add_models(commands)
    add_ocr(commands)
    _add_posts(commands)
    _add_vocab(commands)
    add_db(commands)
    return parser


def _add_text_input(parser: argparse.ArgumentParser) -> None:
    """TEXT (or stdin) and --json, shared by the commands that read text."""
    parser.add_argument(
        "text", nargs="?", metavar="TEXT", help="the text, or - (default) for stdin"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object (see docs)")


def _add_tag_filter(parser: argparse.ArgumentParser, what: str) -> None:
    """--tag TAG: the same meaning wherever it selects (a post's topic tag, a word's tag)."""
    parser.add_argument("--tag", metavar="TAG", help=f"only {what} with this tag")


def _add_posts(commands: argparse._SubParsersAction) -> None:
    from companion.importers.formats import FORMATS

    posts = commands.add_parser(
        "posts", help="import, list and show posts", description="The posts library."
    )
    sub = posts.add_subparsers(dest="posts_command", metavar="ACTION", required=True)
    imp = sub.add_parser(
        "import",
        help="import posts from files or folders",
        description="Import posts: Companion JSON, MediaCrawler JSON/JSONL/CSV, XHS-Downloader "
        "ExploreData.db, Markdown or text files, or folders of them, or phone screenshots of "
        "a post (PNG/JPEG/WebP; several screens of one post in order). Each file imports whole "
        "or not at all; importing again updates instead of duplicating.",
    )
    imp.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    imp.add_argument(
        "--format", choices=FORMATS, default="auto", help="the files' format (default: detect)"
    )
    imp.set_defaults(handler=cmd_posts_import)
    lst = sub.add_parser("list", help="list posts", description="List posts in the library.")
    lst.add_argument("--json", action="store_true", help="print a JSON array")
    lst.add_argument("--search", help="only posts containing this text")
    _add_tag_filter(lst, "posts")
    lst.add_argument(
        "--sort",
        choices=("newest", "readable", "popular"),
        default="newest",
        help="order (readable: most known words first)",
    )
    lst.add_argument("--limit", type=int, default=10_000, help="at most this many posts")
    lst.set_defaults(handler=cmd_posts_list)
    show = sub.add_parser("show", help="show one post", description="Show one post and comments.")
    show.add_argument("id", type=int, help="the post's id (see posts list)")
    show.add_argument("--json", action="store_true", help="print a JSON object")
    show.set_defaults(handler=cmd_posts_show)


def _add_vocab(commands: argparse._SubParsersAction) -> None:
    vocab = commands.add_parser(
        "vocab", help="your vocabulary", description="Saved words and word statuses."
    )
    sub = vocab.add_subparsers(dest="vocab_command", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add",
        help="save a word",
        description="Save a word with its pinyin, senses and context sentence.",
    )
    add.add_argument("word", help="the word, in Chinese characters")
    add.add_argument("--post", type=int, help="the post it comes from")
    add.add_argument("--sentence", help="the sentence it appears in")
    add.add_argument(
        "--tag",
        action="append",
        help="tag the word with this tag (repeatable); list and export select words by it",
    )
    add.set_defaults(handler=cmd_vocab_add)
    lst = sub.add_parser("list", help="list saved words", description="List saved words.")
    lst.add_argument("--json", action="store_true", help="print a JSON array")
    lst.add_argument("--search", help="match word, pinyin, definition or notes")
    lst.add_argument("--status", action="append", help="only this status (repeatable)")
    _add_tag_filter(lst, "words")
    lst.add_argument(
        "--sort",
        choices=("added", "word", "pinyin", "hsk", "status"),
        default="added",
        help="order",
    )
    lst.set_defaults(handler=cmd_vocab_list)
    status = sub.add_parser(
        "set-status",
        help="mark words new, learning, known or ignored",
        description="Set the status of one or more words.",
    )
    status.add_argument("words", nargs="+", metavar="WORD", help="the words")
    status.add_argument("status", metavar="STATUS", help="new, learning, known or ignored")
    status.set_defaults(handler=cmd_vocab_set_status)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``companion`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler = getattr(args, "handler", cmd_app)
    data: DataDir | None = None
    try:
        data = resolve_data_dir(args.data_dir)
        return handler(args, data, sys.stdout)
    except CompanionError as exc:
        print(f"companion: error: {exc}", file=sys.stderr)
        return 1
    except (sqlite3.Error, OSError) as exc:
        if isinstance(exc, BrokenPipeError):
            return 0
        from companion.failures import explain

        known = explain(exc, data.root if data is not None else None)
        if known is None:
            log.info("unexpected error", exc_info=True)
            print(
                f"companion: error: unexpected error ({exc}); this is a bug "
                "(run with --verbose for the details)",
                file=sys.stderr,
            )
        else:
            print(f"companion: error: {known}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
