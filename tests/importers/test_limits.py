"""Any input stays within time and memory: huge records are cut or refused, deep nesting is
refused in one line, and the difficulty measure is bounded whatever a post holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.importers import limits
from companion.language.segment import Segmenter
from companion.library import Library
from companion.paths import DataDir
from companion.store import difficulty
from companion.store.models import Comment, Image, Post
from tests.importers import exports

# The real CLI in a child process that reports its own peak resident memory on exit: VmHWM,
# the high-water mark of this process image; ru_maxrss would also count the memory of the
# forked test process before exec (Linux carries it over), elsewhere it is the fallback.
CHILD = (
    "import re, resource, sys\n"
    "from pathlib import Path\n"
    "from companion.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "status = Path('/proc/self/status')\n"
    "found = re.search(r'VmHWM:\\s+(\\d+) kB', status.read_text()) if status.exists() else None\n"
    "peak = int(found.group(1)) if found else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print('MAXRSS', peak, file=sys.stderr)\n"
    "sys.exit(code)\n"
)
MAX_SECONDS = 10
MAX_RSS_KB = 500 * 1024


def _import_in_child(data: DataDir, path: Path) -> tuple[int, str, str, float, int]:
    """(exit code, stdout, stderr, seconds, peak RSS in KB) of `companion posts import path`."""
    env = {k: v for k, v in os.environ.items() if k != "COMPANION_HOME"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "--data-dir", str(data.root), "posts", "import", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    seconds = time.monotonic() - start
    lines = done.stderr.splitlines()
    rss = int(next(line for line in lines if line.startswith("MAXRSS")).split()[1])
    errors = "\n".join(line for line in lines if not line.startswith("MAXRSS"))
    return done.returncode, done.stdout, errors, seconds, rss


def _record(size: int, text: str = "A") -> dict[str, str]:
    return {"note_id": "b1", "title": "t", "desc": text * (size // len(text.encode()))}


def _write(path: Path, record: dict[str, str]) -> Path:
    if path.suffix == ".jsonl":
        return exports.write_jsonl(path, [record])
    if path.suffix == ".csv":
        return exports.write_csv(path, [record])
    path.write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "size", "text", "outcome"),
    [
        ("two-mb.jsonl", 2_000_000, "A", "kept the first 100,000"),
        ("two-mb.json", 2_000_000, "好", "kept the first 100,000"),
        ("five-mb.csv", 5_000_000, "A", "kept the first 100,000"),
        ("over-16-mb.jsonl", 17_000_000, "A", "line 1: the line is longer than 16 MB"),
        ("over-16-mb.csv", 17_000_000, "A", "line 2: a line is longer than 16 MB"),
        pytest.param(
            "hundred-mb.json",
            100_000_000,
            "好",
            "record 1: a single value is larger than 16 MB",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_one_huge_record_is_cut_or_refused_quickly_in_bounded_memory(
    data_dir: DataDir, tmp_path: Path, name: str, size: int, text: str, outcome: str
) -> None:
    path = _write(tmp_path / name, _record(size, text))
    code, out, err, seconds, rss = _import_in_child(data_dir, path)
    assert outcome in out + err
    assert "Traceback" not in err and len(err.splitlines()) <= 1
    assert code == (0 if "kept" in outcome else 1)
    assert seconds < MAX_SECONDS, f"{seconds:.1f} s"
    assert rss < MAX_RSS_KB, f"peak {rss // 1024} MB"


def test_a_record_of_a_million_small_values_is_refused(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "wide.json"
    path.write_text(
        '[{"note_id": "a", "title": "t", "x": [' + ",".join(["1"] * 1_100_000) + "]}]",
        encoding="utf-8",
    )
    (error,) = library.import_paths([path]).errors
    assert "record 1: the record is larger than 32 MB or holds over a million values" in error


DEPTH = 100_000


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("deep.json", "[" * DEPTH + "]" * DEPTH, "record 1"),
        (
            "objects.json",
            "[" + '{"note_id": "a", "x": ' * DEPTH + "1" + "}" * DEPTH + "]",
            "record 1",
        ),
        ("deep.jsonl", '{"note_id": "a", "desc": ' + "[" * DEPTH + "]" * DEPTH + "}\n", "line 1"),
        (
            "companion.json",
            '{"format": "companion-posts", "version": 1, "posts": [{"source_id": "a", "body": '
            + '{"a": ' * DEPTH
            + "1"
            + "}" * DEPTH
            + "}]}",
            "record 1",
        ),
        ("api.json", '{"message": "ok", "data": ' + "[" * DEPTH + "]" * DEPTH + "}", ""),
    ],
)
def test_deep_nesting_is_refused_in_one_line(
    library: Library, tmp_path: Path, name: str, content: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (error,) = library.import_paths([path]).errors
    assert error.startswith(name) and where in error and "nested deeper than 32 levels" in error
    assert library.posts.count() == 0


def test_every_text_field_is_held_to_its_limit(library: Library, tmp_path: Path) -> None:
    long_comment = "评论" * 6_000
    notes = exports.write_jsonl(
        tmp_path / "notes.jsonl",
        [exports.note(1, title="标题" * 300, desc="正文" * 60_000, nickname="名" * 2_000)],
    )
    note_id = exports.note(1)["note_id"]
    comments = exports.write_jsonl(
        tmp_path / "search_comments.jsonl", [exports.comment(1, note_id, content=long_comment)]
    )
    report = library.import_paths([notes, comments])
    assert report.errors == []
    assert report.files[0].notes == [
        f"post {note_id}: the title has 600 characters; kept the first 200",
        f"post {note_id}: the body has 120,000 characters; kept the first 100,000",
    ]
    stored = library.posts.get(library.posts.list()[0].id)
    assert stored is not None
    assert (len(stored.post.title), len(stored.post.body), len(stored.post.author)) == (
        200,
        100_000,
        500,
    )
    assert stored.comments[0].comment.text == long_comment[:10_000]


def test_measuring_difficulty_is_bounded(engine_cache: Path) -> None:
    segmenter = Segmenter(engine_cache)
    segmenter.cut("预热")
    start = time.monotonic()
    counts = difficulty.count_words("你好" * 100_000 + "A" * 2_000_000, segmenter)
    assert time.monotonic() - start < 3
    assert counts == {"你好": difficulty.MAX_MEASURED // 2}


def test_difficulty_reads_only_the_start_of_a_post_with_huge_comments(library: Library) -> None:
    post = Post(
        source="test",
        source_id="many",
        title="好多评论",
        body="正文",
        comments=tuple(Comment(source_id=str(n), text="好吃" * 5_000) for n in range(100)),
    )
    post_id, _ = library.posts.save(post)
    text = library.posts.text_for_words(post_id, difficulty.MAX_MEASURED)
    assert len(text) == difficulty.MAX_MEASURED


def test_a_post_keeps_a_bounded_number_of_comments(library: Library, tmp_path: Path) -> None:
    from companion.importers.limits import MAX_COMMENTS

    note = exports.note(1)
    note_id = note["note_id"]
    exports.write_jsonl(tmp_path / "search_contents.jsonl", [note])
    comments = exports.write_jsonl(
        tmp_path / "search_comments.jsonl",
        [exports.comment(n, note_id) for n in range(MAX_COMMENTS + 500)],
    )
    report = library.import_paths([tmp_path])
    assert report.files[1].comments == MAX_COMMENTS
    assert report.files[1].notes == [
        f"post {note_id}: 500 comments left out (a post keeps at most {MAX_COMMENTS:,})"
    ]
    again = library.import_paths([comments])  # the same comments again only update
    assert again.files[0].comments == MAX_COMMENTS and again.files[0].notes == [
        f"post {note_id}: 500 comments left out (a post keeps at most {MAX_COMMENTS:,})"
    ]
    stored = library.posts.get(library.posts.list()[0].id)
    assert stored is not None and len(stored.comments) == MAX_COMMENTS


_JUST_OVER = [
    ("title", "题" * (limits.MAX_TITLE + 1)),
    ("body", "文" * (limits.MAX_BODY + 1)),
    ("author", "a" * (limits.MAX_FIELD + 1)),
    ("location", "上" * (limits.MAX_FIELD + 1)),
    ("category", "c" * (limits.MAX_FIELD + 1)),
    ("url", "u" * (4 * limits.MAX_FIELD + 1)),
    ("tags", ("t" * (limits.MAX_FIELD + 1),)),
    ("tags", tuple(f"t{n}" for n in range(limits.MAX_TAGS + 1))),
    ("images", tuple(Image(url=f"u{n}") for n in range(limits.MAX_IMAGES + 1))),
    ("comments", (Comment(source_id="c", text="评" * (limits.MAX_COMMENT + 1)),)),
    ("translations", {"x" * (limits.MAX_COMMENT + 1): "y"}),
]


@pytest.mark.parametrize(("name", "value"), _JUST_OVER)
def test_a_field_one_over_its_limit_is_cut(name: str, value: object) -> None:
    post = Post(**{"source": "xhs", "source_id": "p1", "title": "", "body": "", name: value})
    bounded, _notes = limits.bound_post(post)
    assert bounded != post or getattr(bounded, name) != value


def test_a_post_within_every_limit_is_kept_as_it_is() -> None:
    post = Post(
        source="xhs",
        source_id="p1",
        title="题" * limits.MAX_TITLE,
        body="文" * limits.MAX_BODY,
        tags=tuple(f"t{n}" for n in range(limits.MAX_TAGS)),
        comments=(Comment(source_id="c", text="评" * limits.MAX_COMMENT),),
    )
    assert limits.bound_post(post) == (post, [])
