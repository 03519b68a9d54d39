"""The Library as the one writer: the learner's merges and splits persist and are honoured by
every reader of the library (a new Library, `companion annotate`), and every write reports
what it changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from companion.changes import OpChanges, OpResult
from companion.cli import main
from companion.errors import InvalidInput
from companion.library import Library
from companion.paths import DataDir
from companion.store.models import WordStatus

MERGE_TEXT = "我们去吃火锅店的麻辣烫。"
SPLIT_TEXT = "这个打工人太难了"


def words(library: Library, text: str) -> list[str]:
    return [t.text for t in library.engine.annotate(text).tokens]


def annotate_cli(data: DataDir, text: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["--data-dir", str(data.root), "annotate", "--json", text]) == 0
    document = json.loads(capsys.readouterr().out)
    return [t["text"] for s in document["sentences"] for t in s["tokens"]]


@pytest.mark.parametrize(
    ("fix", "text", "before", "after"),
    [
        (lambda lib: lib.merge_words("火锅店"), MERGE_TEXT, ["火锅", "店"], ["火锅店"]),
        (
            lambda lib: lib.split_word("打工人", ["打工", "人"]),
            SPLIT_TEXT,
            ["打工人"],
            ["打工", "人"],
        ),
        (lambda lib: lib.split_word("火锅店"), MERGE_TEXT, ["火锅", "店"], ["火", "锅", "店"]),
    ],
    ids=["merge", "split", "split-into-characters"],
)
def test_a_fix_persists_and_every_reader_honours_it(
    data_dir: DataDir,
    capsys: pytest.CaptureFixture[str],
    fix: Callable[[Library], object],
    text: str,
    before: list[str],
    after: list[str],
) -> None:
    def has(found: list[str], run: list[str]) -> bool:
        return any(found[i : i + len(run)] == run for i in range(len(found)))

    with Library(data_dir, seed_samples=False) as library:
        assert has(words(library, text), before)
        assert fix(library).changes.segmentation  # type: ignore[attr-defined]
        assert has(words(library, text), after)  # at once, in the same library
    with Library(data_dir, seed_samples=False) as reopened:
        assert has(words(reopened, text), after)  # saved, not only in memory
    assert has(annotate_cli(data_dir, text, capsys), after)


def test_the_newest_fix_of_a_word_wins(data_dir: DataDir) -> None:
    with Library(data_dir, seed_samples=False) as library:
        library.merge_words("火锅店")
        library.split_word("火锅店", ["火锅", "店"])
    with Library(data_dir, seed_samples=False) as reopened:
        assert reopened.segmentation.fixes().merges == ()
        assert "火锅店" not in words(reopened, MERGE_TEXT)


@pytest.mark.parametrize(
    ("fix", "message"),
    [
        (lambda lib: lib.merge_words("火"), "at least two characters"),
        (lambda lib: lib.split_word("打工人", ["打", "人"]), "does not make"),
        (lambda lib: lib.split_word("人", None), "does not make"),
    ],
)
def test_a_fix_that_makes_no_sense_is_refused_and_nothing_is_saved(
    library: Library, fix: Callable[[Library], object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        fix(library)
    assert library.segmentation.fixes().merges == ()
    assert library.segmentation.fixes().splits == ()


def test_annotate_without_a_library_creates_none(
    tmp_path: Path, engine_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = DataDir(tmp_path / "home")
    data.ensure()
    for item in engine_cache.iterdir():
        if item.is_file() and not item.name.startswith("."):
            (data.cache / item.name).symlink_to(item)
    assert "火锅" in annotate_cli(data, MERGE_TEXT, capsys)
    assert not data.database.exists()


def _post(library: Library) -> int:
    return library.import_text("周末探店\n我们去吃火锅店的麻辣烫。").value


WRITES: list[tuple[str, Callable[[Library], object], OpChanges]] = [
    (
        "import_text",
        lambda lib: lib.import_text("周末探店\n火锅"),
        OpChanges(posts=True, difficulty=True),
    ),
    ("add_word", lambda lib: lib.add_word("火锅"), OpChanges(vocabulary=True)),
    (
        "edit_word",
        lambda lib: (lib.add_word("火锅"), lib.edit_word("火锅", notes="hot pot"))[1],
        OpChanges(vocabulary=True),
    ),
    (
        "delete_words",
        lambda lib: (lib.add_word("火锅"), lib.delete_words(["火锅"]))[1],
        OpChanges(vocabulary=True),
    ),
    (
        "delete_words with a status",
        lambda lib: (
            lib.set_status(["火锅"], WordStatus.KNOWN),
            lib.delete_words(["火锅"]),
        )[1],
        OpChanges(vocabulary=True, statuses=True, difficulty=True),
    ),
    ("delete nothing", lambda lib: lib.delete_words([]), OpChanges()),
    ("restore_words", lambda lib: lib.restore_words(["火锅"]), OpChanges(vocabulary=True)),
    (
        "set_status",
        lambda lib: lib.set_status(["火锅"], WordStatus.KNOWN),
        OpChanges(statuses=True, difficulty=True, vocabulary=True),  # a marked entry
    ),
    (
        "set_status unchanged",
        lambda lib: lib.set_status(["火锅"], WordStatus.NEW),
        OpChanges(),
    ),
    (
        "mark_post_known",
        lambda lib: lib.mark_post_known(_post(lib)),
        OpChanges(statuses=True, difficulty=True, vocabulary=True),
    ),
    ("merge_words", lambda lib: lib.merge_words("火锅店"), OpChanges(segmentation=True)),
    ("split_word", lambda lib: lib.split_word("火锅店"), OpChanges(segmentation=True)),
]


@pytest.mark.parametrize(("name", "write", "expected"), WRITES, ids=[w[0] for w in WRITES])
def test_every_write_reports_what_it_changed(
    library: Library, name: str, write: Callable[[Library], object], expected: OpChanges
) -> None:
    assert write(library).changes == expected  # type: ignore[attr-defined]


def test_changes_combine() -> None:
    both = OpChanges(posts=True) | OpChanges(vocabulary=True)
    assert both == OpChanges(posts=True, vocabulary=True)
    assert both and not OpChanges()
    assert isinstance(OpResult(1, both).changes, OpChanges)


def test_an_import_reports_posts_changed(library: Library, tmp_path: Path) -> None:
    from tests.importers import exports

    path = exports.write_json(tmp_path / "notes.json", [exports.note(1)])
    assert library.import_paths([path]).changes == OpChanges(posts=True, difficulty=True)
    empty = exports.write_json(tmp_path / "empty.json", [])
    assert not library.import_paths([empty]).changes


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("第2家", ["64a0000002"]),  # a title, as the last copy in the file has it
        ("旧标题", []),  # an earlier copy of the same post in the file
        ("求店名", ["64a0000001"]),  # a comment, imported after its note
        ("拿铁", ["64a0000001", "64a0000002"]),
    ],
)
def test_imported_posts_are_searchable_as_last_saved(
    library: Library, tmp_path: Path, query: str, found: list[str]
) -> None:
    """The full-text rows an import writes in bulk at the end match what is stored."""
    from tests.importers import exports

    notes = exports.write_jsonl(
        tmp_path / "search_contents_1.jsonl",
        [exports.note(2, title="旧标题"), exports.note(1), exports.note(2)],
    )
    comments = exports.write_jsonl(
        tmp_path / "search_comments_1.jsonl", [exports.comment(1, "64a0000001")]
    )
    assert not library.import_paths([notes]).errors
    assert not library.import_paths([comments]).errors
    hits = library.posts.list(query=query)
    assert sorted(p.source_id for p in hits) == found


def test_an_import_reads_its_file_without_holding_the_write_lock(
    library: Library, tmp_path: Path
) -> None:
    """While a file is read and prepared, another process can still write; the file is then
    saved whole."""
    import sqlite3

    from tests.importers import exports

    notes = exports.write_jsonl(tmp_path / "big.jsonl", [exports.note(n) for n in range(1_200)])
    wrote: list[str] = []

    def progress(done: int, total: int | None, message: str) -> None:
        if message == "Reading big.jsonl: 1,000":
            other = sqlite3.connect(library.data.database, timeout=0)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("INSERT INTO meta (key, value) VALUES ('other', 'x')")
                other.execute("COMMIT")
                wrote.append(message)
            finally:
                other.close()

    report = library.import_paths([notes], progress=progress, index=False)
    assert wrote and report.added == 1_200
    assert library.meta.get("other") == "x"


@pytest.mark.parametrize("other_writes", [False, True])
def test_the_before_import_backup_is_the_state_the_import_starts_from(
    library: Library, tmp_path: Path, other_writes: bool
) -> None:
    """Copied while the file is read; a write by another process in between is in it too."""
    import sqlite3

    from companion.store import backups
    from tests.importers import exports

    library.import_text("周末探店\n火锅")
    notes = exports.write_jsonl(tmp_path / "big.jsonl", [exports.note(n) for n in range(1_200)])

    def progress(done: int, total: int | None, message: str) -> None:
        if other_writes and message == "Reading big.jsonl: 1,000":
            other = sqlite3.connect(library.data.database)
            with other:
                other.execute("INSERT INTO meta (key, value) VALUES ('other', 'x')")
            other.close()

    library.import_paths([notes], progress=progress, index=False)
    (newest, *_) = backups.backups_of(library.data.backups, "before-import")
    copy = sqlite3.connect(backups.reading_uri(newest.path), uri=True)
    try:
        assert copy.execute("SELECT count(*) FROM posts").fetchone()[0] == 1
        other = copy.execute("SELECT value FROM meta WHERE key = 'other'").fetchall()
        assert other == ([("x",)] if other_writes else [])
    finally:
        copy.close()


def test_read_post_annotates_with_statuses_and_saved_words(library: Library) -> None:
    post_id = _post(library)
    library.add_word("火锅")
    library.set_status(["麻辣烫"], WordStatus.LEARNING)
    library.merge_words("火锅店")
    post = library.read_post(post_id)
    assert post.title.text == "周末探店"
    assert "火锅店" in [t.text for t in post.body.tokens]
    assert post.saved == {"火锅"}
    assert post.statuses["麻辣烫"] is WordStatus.LEARNING
    with pytest.raises(InvalidInput, match="no post 999"):
        library.read_post(999)
