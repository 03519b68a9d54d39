"""`companion review due | grade | stats`: the Review page's twin on the command line, JSON for
scripts and readable lines for people, one clear line and exit 1 for bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from companion.cli import main
from companion.library import Library
from companion.paths import DataDir
from tests.review.helpers import at, save


@pytest.fixture
def home(library: Library) -> DataDir:
    """Three saved words, none reviewed yet."""
    save(library, "火锅", sentence="周末去吃火锅。")
    save(library, "种草", "拔草")
    return library.data


def run(home: DataDir, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(home.root), "review", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_due_json(home: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(home, capsys, "due", "--json", "--at", at(0).isoformat())
    assert code == 0
    cards = json.loads(out)
    assert [c["word"] for c in cards] == ["火锅", "种草", "拔草"]
    assert cards[0] == {
        "word": "火锅",
        "pinyin": "火锅-pinyin",
        "meaning": "火锅-meaning",
        "sentence": "周末去吃火锅。",
        "due": cards[0]["due"],
        "state": "new",
    }
    assert dt.datetime.fromisoformat(cards[0]["due"]).tzinfo is not None
    code, out, _err = run(home, capsys, "due", "--json", "--limit", "1")
    assert [c["word"] for c in json.loads(out)] == ["火锅"]


def test_grading_prints_the_next_due_time_and_moves_the_card(
    home: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(home, capsys, "grade", "火锅", "good", "--at", at(0).isoformat())
    assert (code, err) == (0, "")
    assert out == "火锅: good; next due 2026-03-02 09:10 (in 10 minutes)\n"
    code, out, _err = run(home, capsys, "grade", "种草", "EASY", "--at", at(0).isoformat())
    assert out.startswith("种草: easy; next due 2026-03-") and "(in " in out and "days)" in out
    code, out, _err = run(home, capsys, "due", "--json", "--at", at(0, minutes=11).isoformat())
    states = {c["word"]: c["state"] for c in json.loads(out)}
    assert states == {"火锅": "learning", "拔草": "new"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["grade", "牛", "good"],
            "companion: error: 牛 is not in your vocabulary: save it first\n",
        ),
        (
            ["grade", "火锅", "meh"],
            "companion: error: unknown grade 'meh'; expected one of: again|hard|good|easy\n",
        ),
        (["grade", "火锅", "good", "--at", "tomorrow"], "is not a time like"),
        (["due", "--limit", "-1"], "companion: error: --limit must be 0 or more\n"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    home: DataDir, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(home, capsys, *args)
    assert (code, out) == (1, "")
    assert message in err and err.count("\n") == 1
    _code, out, _err = run(home, capsys, "stats", "--json")
    assert json.loads(out)["reviewed_today"] == 0  # nothing was graded


def test_stats_json_and_human(home: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    for word, grade in [("火锅", "again"), ("种草", "good"), ("拔草", "easy")]:
        run(home, capsys, "grade", word, grade, "--at", at(0).isoformat())
    code, out, _err = run(home, capsys, "stats", "--json", "--at", at(0, hours=1).isoformat())
    assert code == 0
    assert json.loads(out) == {
        "due": 2,  # 火锅 and 种草 are in their learning steps
        "reviewed_today": 3,
        "retention": pytest.approx(2 / 3),
        "streak": 1,
        "known": 0,
    }
    code, out, _err = run(home, capsys, "stats", "--at", at(0, hours=1).isoformat())
    assert out.splitlines() == [
        "due now         2",
        "reviewed today  3",
        "retention       67% (last 30 days: reviews not graded again)",
        "streak          1 day",
        "known words     0",
    ]


def test_due_for_people(home: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    run(home, capsys, "grade", "种草", "good", "--at", at(0).isoformat())
    _code, out, _err = run(home, capsys, "due", "--at", at(0, minutes=30).isoformat())
    assert out.splitlines() == [
        "3 cards to review",
        "种草  种草-pinyin  种草-meaning",
        "    我今天学了种草这个词。",
        "    learning, due 2026-03-02 09:10 (20 minutes ago)",
        "火锅  火锅-pinyin  火锅-meaning",
        "    周末去吃火锅。",
        "    new",
        "拔草  拔草-pinyin  拔草-meaning",
        "    我今天学了拔草这个词。",
        "    new",
    ]
    for word in ("种草", "火锅", "拔草"):
        run(home, capsys, "grade", word, "easy", "--at", at(0, minutes=30).isoformat())
    _code, out, _err = run(home, capsys, "due", "--at", at(0, minutes=31).isoformat())
    assert out == "nothing to review now\n"
