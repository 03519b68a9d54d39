"""What the learner knows: words marked with a status are vocabulary entries (marked, never
study cards), "Mark all known" asks first and undoes exactly, deletes take statuses along,
and the vocabulary is searched by pinyin however it is typed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from companion.library import Library
from companion.paths import DataDir
from companion.store.connection import Database as StoreDatabase
from companion.store.database import write_transaction
from companion.store.models import EntryKind, Post, WordStatus
from companion.store.schema import migrations


def _post(library: Library, body: str) -> int:
    with write_transaction(library.db):
        post_id, _ = library.posts.save(Post("test", "p1", "", body))
    library.index_posts([post_id])
    return post_id


def _known_share(library: Library, post_id: int) -> float:
    return library.post_difficulties([post_id])[post_id].known_share


def test_a_word_marked_known_is_a_marked_entry_listed_with_its_reading(library: Library) -> None:
    library.set_status(["猫"], WordStatus.KNOWN)
    (entry,) = library.list_words(statuses=[WordStatus.KNOWN])
    assert (entry.word, entry.kind, entry.pinyin) == ("猫", EntryKind.MARKED, "māo")
    assert entry.definition.startswith("cat")
    assert entry.to_json()["kind"] == "marked"
    # Marked is not saved: not highlighted as saved, not a flashcard.
    assert library.vocabulary.saved_words() == set()
    assert library.vocabulary.for_cards() == []
    # Set back: the entry goes, the word is new again.
    library.set_status(["猫"], WordStatus.NEW)
    assert library.list_words() == [] and library.vocabulary.statuses() == {}


def test_saving_a_marked_word_makes_it_a_study_word_keeping_its_status(library: Library) -> None:
    library.set_status(["火锅"], WordStatus.KNOWN)
    entry = library.add_word("火锅", sentence="今天吃火锅。").value
    assert entry.kind is EntryKind.SAVED and entry.status is WordStatus.KNOWN
    assert library.vocabulary.saved_words() == {"火锅"}
    # A saved word set back to new stays saved.
    library.set_status(["火锅"], WordStatus.NEW)
    assert [(e.word, e.kind) for e in library.list_words()] == [("火锅", EntryKind.SAVED)]


def test_deleting_takes_the_status_along_and_undo_brings_it_back(library: Library) -> None:
    library.add_word("熊猫", sentence="成都有熊猫。")
    library.set_status(["熊猫"], WordStatus.LEARNING)
    assert library.delete_words(["熊猫"]).value == ["熊猫"]
    assert library.vocabulary.status("熊猫") is WordStatus.NEW
    assert library.list_words() == []
    library.restore_words(["熊猫"])
    (entry,) = library.list_words(with_contexts=True)
    assert entry.status is WordStatus.LEARNING and entry.kind is EntryKind.SAVED
    assert len(entry.contexts) == 1


def test_mark_all_known_leaves_saved_words_unless_asked_and_undoes_exactly(
    library: Library,
) -> None:
    post_id = _post(library, "我爱猫。我爱狗。猫很可爱。")
    library.add_word("猫", post_id=post_id)  # a saved study word, new
    library.set_status(["爱"], WordStatus.LEARNING)
    library.set_status(["狗"], WordStatus.IGNORED)
    before = library.vocabulary.statuses()
    share_before = _known_share(library, post_id)

    plan = library.plan_post_known(post_id)
    assert plan.saved == ("猫",)
    assert set(plan.words) == {"我", "爱", "很", "可爱"}

    change = library.mark_post_known(post_id).value
    assert set(change.words) == set(plan.words)
    assert library.vocabulary.status("猫") is WordStatus.NEW  # saved: left as it was
    assert library.vocabulary.status("狗") is WordStatus.IGNORED
    assert _known_share(library, post_id) > share_before

    undone = library.undo_status_change(change)
    assert set(undone.value) == set(plan.words)
    assert undone.changes.statuses and undone.changes.difficulty
    assert library.vocabulary.statuses() == before
    assert {e.word for e in library.list_words()} == {"猫", "爱", "狗"}
    assert _known_share(library, post_id) == share_before

    with_saved = library.mark_post_known(post_id, include_saved=True).value
    assert "猫" in with_saved.words and library.vocabulary.status("猫") is WordStatus.KNOWN
    library.undo_status_change(with_saved)
    assert library.vocabulary.statuses() == before


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("zhongcao", ["种草"]),
        ("zhong cao", ["种草"]),
        ("zhong4cao3", ["种草"]),
        ("Zhòng cǎo", ["种草"]),
        ("zc", ["种草"]),
        ("zhong", ["种草"]),
        ("lü", ["绿色"]),
        ("lv", ["绿色"]),
        ("lu:se", ["绿色"]),
        ("luse", ["绿色"]),
        ("ls", ["绿色", "种草"]),  # 种草 by its meaning ("also …")
        ("nver", ["女儿"]),
        ("xian", ["西安"]),
        ("xi'an", ["西安"]),
        ("xa", ["西安"]),
        ("bank", ["银行"]),
        ("daughter", ["女儿"]),
        ("green", ["绿色"]),
        ("猫", ["猫"]),  # a marked word is found too
        ("100%", []),  # LIKE's wildcards are literal
        ("_", []),
    ],
)
def test_search_matches_pinyin_however_typed_initials_and_meanings(
    library: Library, query: str, found: list[str]
) -> None:
    for word in ("种草", "绿色", "女儿", "银行", "西安"):
        library.add_word(word)
    library.set_status(["猫"], WordStatus.KNOWN)
    assert sorted(e.word for e in library.list_words(query=query)) == sorted(found)


def test_migration_0007_gives_every_status_an_entry(tmp_path: Path, engine_cache: Path) -> None:
    """A library from before 0007: words marked but not saved, a deleted saved word still
    known. After: both are marked entries, read the first time the vocabulary is listed."""
    data = DataDir(tmp_path / "home").ensure()
    conn = sqlite3.connect(data.database)
    db = Database(conn)
    migrations.apply(db, stop_before="0007_marked_words_and_search_keys")
    stamp = "2026-01-01T00:00:00+00:00"
    conn.executemany(
        "INSERT INTO word_status (word, status, updated_at) VALUES (?, ?, ?)",
        [("猫", 2, stamp), ("银行", 1, stamp), ("熊猫", 2, stamp)],
    )
    conn.executemany(
        "INSERT INTO vocabulary (word, pinyin, definition, added_at, updated_at, deleted_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            ("银行", "yín háng", "bank", stamp, stamp, None),
            ("熊猫", "xióng māo", "panda", stamp, stamp, stamp),
        ],
    )
    conn.commit()
    conn.close()
    for item in engine_cache.iterdir():
        if item.is_file() and not item.name.startswith("."):
            (data.cache / item.name).symlink_to(item)
    library = Library(data)
    try:
        entries = {e.word: e for e in library.list_words()}
        assert {w: (e.kind, e.status) for w, e in entries.items()} == {
            "猫": (EntryKind.MARKED, WordStatus.KNOWN),
            "银行": (EntryKind.SAVED, WordStatus.LEARNING),
            "熊猫": (EntryKind.MARKED, WordStatus.KNOWN),
        }
        assert entries["猫"].pinyin == "māo"
        assert [e.word for e in library.list_words(query="yinhang")] == ["银行"]
    finally:
        library.close()


def test_with_review_cards_only_saved_words_get_one(tmp_path: Path) -> None:
    """Migration 0005 makes a card per vocabulary row, by trigger: after 0007 a word only
    marked gets no card (one marked before 0007 neither), a saved word does, and so does a
    marked word once saved."""
    conn = sqlite3.connect(tmp_path / "companion.db")
    db = Database(conn)
    migrations.apply(db, stop_before="0007_marked_words_and_search_keys")
    conn.execute("INSERT INTO word_status (word, status, updated_at) VALUES ('猫', 2, 'then')")
    migrations.apply(db)
    from companion.store.vocabulary import Reading, VocabularyStore

    store = VocabularyStore(StoreDatabase(conn))

    def carded() -> set[str]:
        return {
            r[0]
            for r in conn.execute(
                "SELECT v.word FROM review_cards r JOIN vocabulary v ON v.id = r.vocabulary_id"
            )
        }

    store.set_status(["狗"], WordStatus.KNOWN, {"狗": Reading("gǒu", "dog", 1)})
    store.add("火锅", pinyin="huǒ guō")
    assert carded() == {"火锅"}
    store.add("狗")
    assert carded() == {"火锅", "狗"}
    conn.close()


def test_a_word_marked_known_is_never_a_review_card(library: Library) -> None:
    library.set_status(["猫"], WordStatus.KNOWN)
    library.set_status(["狗"], WordStatus.LEARNING)
    library.add_word("火锅", sentence="今天吃火锅。")
    assert [card.word for card in library.review_queue()] == ["火锅"]
    # Deleted, then marked known from the reader: listed as marked, not studied.
    library.delete_words(["火锅"])
    library.set_status(["火锅"], WordStatus.LEARNING)
    assert library.review_queue() == []
    library.add_word("火锅")  # saved again: its card is back
    assert [card.word for card in library.review_queue()] == ["火锅"]
