"""The CLI's review commands: ``companion review due | grade | stats``, the Review page's twin."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING, TextIO

from companion.errors import InvalidInput
from companion.paths import DataDir

if TYPE_CHECKING:
    from companion.library import Library
    from companion.review.model import ReviewCard


def _library(data: DataDir) -> Library:
    from companion.library import Library

    return Library(data, seed_samples=False)


def _at(text: str | None) -> dt.datetime | None:
    """--at as a timezone-aware time (a time without a zone is local)."""
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--at {text!r} is not a time like 2026-12-02T09:30") from None
    return moment if moment.tzinfo is not None else moment.astimezone()


def when(moment: dt.datetime, now: dt.datetime) -> str:
    """A due time for people: local time, with how far off it is."""
    local = f"{moment.astimezone(now.tzinfo):%Y-%m-%d %H:%M}"
    seconds = (moment - now).total_seconds()
    if abs(seconds) < 60:
        return f"{local} (now)"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if abs(seconds) >= size:
            count = round(abs(seconds) / size)
            span = f"{count} {unit}{'s' if count != 1 else ''}"
            return f"{local} (in {span})" if seconds > 0 else f"{local} ({span} ago)"
    raise AssertionError("unreachable")


def _print_json(payload: object, out: TextIO) -> None:
    json.dump(payload, out, ensure_ascii=False, separators=(",", ":"))
    out.write("\n")


def _card_line(card: ReviewCard, now: dt.datetime) -> str:
    from companion.review.model import CardState

    line = f"{card.word}  {card.pinyin}  {card.meaning}"
    if card.sentence:
        line += f"\n    {card.sentence}"
    if card.state is CardState.NEW:
        return f"{line}\n    new"
    return f"{line}\n    {card.state.value}, due {when(card.due, now)}"


def cmd_review_due(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    if args.limit is not None and args.limit < 0:
        raise InvalidInput("--limit must be 0 or more")
    now = _at(args.at) or dt.datetime.now(dt.UTC).astimezone()
    with _library(data) as library:
        cards = library.review_queue(args.limit, now)
        total = library.due_count(now) if not args.json else 0
    if args.json:
        _print_json([c.to_json() for c in cards], out)
        return 0
    if not cards:
        out.write("nothing to review now\n")
        return 0
    out.write(f"{total:,} card{'s' if total != 1 else ''} to review\n")
    for card in cards:
        out.write(_card_line(card, now) + "\n")
    return 0


def cmd_review_grade(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    from companion.review.model import Grade

    try:
        grade = Grade.parse(args.grade)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    now = _at(args.at) or dt.datetime.now(dt.UTC).astimezone()
    with _library(data) as library:
        result = library.grade(args.word, grade, now)
    out.write(f"{result.card.word}: {grade.name.lower()}; next due {when(result.next_due, now)}\n")
    return 0


def cmd_review_stats(args: argparse.Namespace, data: DataDir, out: TextIO) -> int:
    now = _at(args.at) or dt.datetime.now(dt.UTC).astimezone()
    with _library(data) as library:
        stats = library.review_stats(now)
    if args.json:
        _print_json(stats.to_json(), out)
        return 0
    retention = "no reviews yet" if stats.retention is None else f"{stats.retention:.0%}"
    days = f"{stats.streak} day{'s' if stats.streak != 1 else ''}"
    out.write(
        f"due now         {stats.due:,}\n"
        f"reviewed today  {stats.reviewed_today:,}\n"
        f"retention       {retention} (last 30 days: reviews not graded again)\n"
        f"streak          {days}\n"
        f"known words     {stats.known:,}\n"
    )
    return 0


def add_review(commands: argparse._SubParsersAction) -> None:
    review = commands.add_parser(
        "review",
        help="review saved words (spaced repetition)",
        description="Review your saved words in the sentences you saved them from, scheduled "
        "by FSRS (the scheduler Anki uses). A word becomes known once its card is stable "
        "for three weeks.",
    )
    sub = review.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    at = {"metavar": "TIME", "help": "as if it were TIME (ISO 8601, e.g. 2026-12-02T09:30)"}
    due = sub.add_parser(
        "due",
        help="the cards to review now",
        description="The cards due now, most overdue first, then today's new cards (as many "
        "as the daily new-card limit in Settings allows).",
    )
    due.add_argument("--json", action="store_true", help="print a JSON array")
    due.add_argument("--limit", type=int, metavar="N", help="at most N cards")
    due.add_argument("--at", **at)
    due.set_defaults(handler=cmd_review_due)
    grade = sub.add_parser(
        "grade",
        help="grade a card: again, hard, good or easy",
        description="Grade how well you recalled a saved word; prints when it is due next.",
    )
    grade.add_argument("word", help="the saved word")
    grade.add_argument("grade", metavar="GRADE", help="again, hard, good or easy (or 1–4)")
    grade.add_argument("--at", **at)
    grade.set_defaults(handler=cmd_review_grade)
    stats = sub.add_parser(
        "stats",
        help="due, reviewed today, retention, streak, known words",
        description="Your review figures. Retention is the share of the last 30 days' "
        "reviews not graded again; the streak counts days in a row with reviews, up to today "
        "or yesterday.",
    )
    stats.add_argument("--json", action="store_true", help="print a JSON object")
    stats.add_argument("--at", **at)
    stats.set_defaults(handler=cmd_review_stats)
