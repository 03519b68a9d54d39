"""The CLI's library upkeep: ``companion db …`` (backups, the full check), the progress lines
every library command prints (including the wait for another import), and finishing difficulty
an interrupted import left unmeasured."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from companion.errors import InvalidInput
from companion.paths import DataDir
from companion.progress import Progress

if TYPE_CHECKING:
    from companion.library import Library


def measured_library(data: DataDir, verbose: bool) -> Library:
    """The library with every post's difficulty measured: an import killed while measuring
    leaves some unmeasured, and the commands that show or sort by difficulty finish them.
    Use it as a context manager: it is closed on every path, this one's failures included."""
    from companion.library import Library

    library = Library(data)
    try:
        missing = library.unmeasured_posts()
        if missing:
            print(
                f"companion: measuring the difficulty of {len(missing):,} posts "
                "(an earlier import stopped before it finished)…",
                file=sys.stderr,
                flush=True,
            )
            library.index_posts(missing, progress=progress_lines(verbose), wait=True)
    except BaseException:
        library.close()
        raise
    return library


def progress_lines(verbose: bool) -> Progress:
    """Progress lines with --verbose; the wait for another import is always said, once."""
    from companion.library import WAITING

    waiting = [False]

    def report(done: int, total: int | None, message: str) -> None:
        if message == WAITING:
            if not waiting[0]:
                print(
                    "companion: waiting for the other import to finish… (Ctrl+C to stop)",
                    file=sys.stderr,
                    flush=True,
                )
            waiting[0] = True
            return
        waiting[0] = False
        if verbose:
            print(f"{message} {done}/{total if total is not None else '?'}", file=sys.stderr)

    return report


def _choose(choice: str | None, data: DataDir) -> Path:
    """A backup path, a number from `db restore --list`, or the newest good backup."""
    from companion.store import backups

    if choice is None:
        backup = backups.newest_good_backup(data.backups)
        if backup is None:
            raise InvalidInput(f"there is no good backup in {data.backups}")
        return backup
    if choice.isdigit():
        found = backups.backups_of(data.backups)
        number = int(choice)
        if not 1 <= number <= len(found):
            raise InvalidInput(
                f"there is no backup number {number} (see `companion db restore --list`)"
            )
        return found[number - 1].path
    path = Path(choice).expanduser()
    if not path.is_file():
        raise InvalidInput(f"there is no backup file {path}")
    return path


def cmd_db_restore(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from companion.store import backups
    from companion.store.database import restore_backup

    if args.list:
        found = backups.backups_of(data.backups)
        if not found:
            out.write(f"no backups in {data.backups}\n")
        for number, backup in enumerate(found, start=1):
            health = "" if backups.is_healthy(backup.path) else "  [damaged]"
            out.write(f"{number:>3}  {backup.describe()}  {backup.path.name}{health}\n")
        return 0
    backup = _choose(args.backup, data)
    made = backups.info(backup).describe()
    kept = restore_backup(backup, data.database)
    line = f"restored {backup} ({made}); changes made since then are not in the library"
    if kept is not None:
        line += f"; the replaced file was kept as {kept.name}"
    out.write(line + "\n")
    return 0


def percent_lines(what: str) -> Progress:
    """Progress on stderr for the explicit db commands: a line per tenth, or one line
    rewritten in place on a terminal."""
    shown = [-1]
    live = sys.stderr.isatty()

    def report(done: int, total: int | None, message: str) -> None:
        if not total:
            return
        tenth = done * 10 // total
        if live:
            end = "\n" if done >= total else ""
            print(f"\rcompanion: {what}… {done * 100 // total}%", end=end, file=sys.stderr)
        elif tenth > shown[0]:
            print(f"companion: {what}… {tenth * 10}%", file=sys.stderr, flush=True)
        shown[0] = tenth

    return report


def cmd_db_backup(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from companion.library import Library

    with Library(data, seed_samples=False) as library:
        path = library.backup("manual", progress=percent_lines("backing up"))
    out.write(f"backed up the library to {path}\n")
    return 0


def cmd_db_check(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    """The full integrity check, table by table; it reads the file on a connection of its own
    (it never opens the library, so it can look at one that no longer opens)."""
    from companion.store.database import check_database

    if not data.database.exists():
        out.write(f"there is no library in {data.root} yet\n")
        return 0
    result = check_database(data.database, data.backups, percent_lines("checking"))
    out.write(f"the library is sound ({result.tables} tables checked)\n")
    return 0


def add_db(commands: argparse._SubParsersAction) -> None:
    db = commands.add_parser(
        "db",
        help="backups (list, make, restore) and the full check",
        description="Backups of the library. One is made each day (in the background once "
        "the app is up, or with the first import or bulk change of the day), before every "
        "database upgrade, before every import and before every bulk change (several statuses "
        "at once, marking a post known, deleting words); the last few of each kind are kept in "
        "the data folder's backups/. The app checks the whole library in the background once "
        "a week; `db check` does it now.",
    )
    sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    restore = sub.add_parser(
        "restore",
        help="replace the database with a backup",
        description="Replace companion.db with a backup (the newest good one by default). "
        "The replaced file and its -wal are kept beside it as companion.db.damaged-<time>.",
    )
    restore.add_argument(
        "backup",
        nargs="?",
        metavar="BACKUP",
        help="a backup file, or its number in --list (default: the newest good backup)",
    )
    restore.add_argument(
        "--list", action="store_true", help="list the backups, newest first, with their age"
    )
    restore.set_defaults(handler=cmd_db_restore)
    backup = sub.add_parser(
        "backup", help="back up the library now", description="Write a backup now."
    )
    backup.set_defaults(handler=cmd_db_backup)
    check = sub.add_parser(
        "check",
        help="check the whole library for damage now",
        description="Run SQLite's full integrity check on every table and index, with "
        "progress. Damage is reported with the newest good backup to restore.",
    )
    check.set_defaults(handler=cmd_db_check)
