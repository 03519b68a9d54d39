"""The `companion models` commands: list, install (from a file or online) and remove translation
models; the work is the Library's."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from companion.errors import InvalidInput
from companion.paths import DataDir
from companion.progress import Progress

if TYPE_CHECKING:
    from companion.library import Library


def _library(data: DataDir) -> Library:
    from companion.cli import _library as open_library

    return open_library(data)


def _print_json(payload: object, out: TextIO) -> None:
    from companion.cli import _print_json as print_json

    print_json(payload, out)


def _progress_bar(args: argparse.Namespace) -> Progress:
    """The CLI's progress line on stderr (defined in cli.py, which imports this module)."""
    from companion.cli import _progress_bar as progress_bar

    return progress_bar(args)


def cmd_models_list(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from companion.translation.models import ModelStore

    models = ModelStore(data.argos_packages).installed()
    if args.json:
        _print_json(
            [
                {
                    "from": m.from_code,
                    "to": m.to_code,
                    "version": m.version,
                    "name": m.name,
                    "path": str(m.path),
                }
                for m in models
            ],
            out,
        )
        return 0
    if not models:
        out.write("no translation models installed (see `companion models install --help`)\n")
    for m in models:
        out.write(f"{m.from_code} → {m.to_code}  version {m.version}  {m.name}\n")
    return 0


def cmd_models_install(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from pathlib import Path

    if len(args.source) != (2 if args.online else 1):
        raise InvalidInput(
            "with --online give the two language codes, e.g. `zh en`"
            if args.online
            else "give one .argosmodel file (or --online FROM TO)"
        )
    with _library(data) as library:
        if args.online:
            done = library.install_model_online(*args.source, progress=_progress_bar(args))
        else:
            done = library.install_model(Path(args.source[0]), progress=_progress_bar(args))
    model = done.value
    out.write(f"installed {model.from_code} → {model.to_code} (version {model.version})\n")
    return 0


def cmd_models_remove(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    with _library(data) as library:
        model = library.remove_model(args.from_code, args.to_code).value
    out.write(f"removed {model.from_code} → {model.to_code}\n")
    return 0


def add_models(commands: argparse._SubParsersAction) -> None:
    models = commands.add_parser(
        "models",
        help="install, list and remove translation models",
        description="Offline translation models (Argos packages).",
    )
    sub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="list installed models", description="Installed models.")
    lst.add_argument("--json", action="store_true", help="print a JSON array")
    lst.set_defaults(handler=cmd_models_list)
    install = sub.add_parser(
        "install",
        help="install a model from a file, or download one with --online",
        description="Install an Argos .argosmodel file (zh→en, or en→zh), or with --online "
        "download the newest one for FROM TO from the Argos package index.",
    )
    install.add_argument(
        "source",
        nargs="+",
        metavar="FILE | FROM TO",
        help="a .argosmodel file, or two language codes with --online",
    )
    install.add_argument(
        "--online",
        action="store_true",
        help="download from the Argos package index (needs the internet)",
    )
    install.set_defaults(handler=cmd_models_install)
    remove = sub.add_parser(
        "remove",
        help="remove an installed model",
        description="Remove the installed model of a language pair.",
    )
    remove.add_argument("from_code", metavar="FROM", help="source language code, e.g. zh")
    remove.add_argument("to_code", metavar="TO", help="target language code, e.g. en")
    remove.set_defaults(handler=cmd_models_remove)
