"""Per-post difficulty: counted once, refreshed when statuses change, 'readable for me' order."""

from __future__ import annotations

from collections import Counter

from companion.library import Library
from companion.store import difficulty
from companion.store.database import write_transaction
from companion.store.models import Post, WordStatus


def add(library: Library, source_id: str, body: str) -> int:
    with write_transaction(library.db):
        post_id, _ = library.posts.save(Post("test", source_id, "", body))
    library.index_posts([post_id])
    return post_id


def test_counts_words_without_markup(library: Library) -> None:
    counts = difficulty.count_words(
        "我爱猫。我爱狗[笑哭R] #猫[话题]# @小红薯", library.engine.segmenter
    )
    assert counts == Counter({"我": 2, "爱": 2, "猫": 1, "狗": 1})


def test_difficulty_follows_statuses(library: Library) -> None:
    easy = add(library, "easy", "我爱猫。我爱狗。")
    hard = add(library, "hard", "这篇文章的措辞相当晦涩。")
    stored = library.posts.get(easy)
    assert stored is not None and stored.difficulty is not None
    assert stored.difficulty.tokens == 6 and stored.difficulty.known_share == 0
    assert stored.difficulty.unknown_words == 4
    assert stored.difficulty.level == 1.0
    hard_level = (library.posts.get(hard) or stored).difficulty
    assert hard_level is not None and (hard_level.level or 0) > 3
    library.set_status(["我", "爱"], WordStatus.KNOWN)
    refreshed = library.posts.get(easy)
    assert refreshed is not None and refreshed.difficulty is not None
    assert refreshed.difficulty.known_share == 4 / 6 and refreshed.difficulty.unknown_words == 2
    assert [p.id for p in library.posts.list(order="readable")] == [easy, hard]


def test_mark_every_unknown_word_of_a_post_known(library: Library) -> None:
    post_id = add(library, "p", "我爱猫。我爱狗。")
    library.set_status(["狗"], WordStatus.IGNORED)
    assert sorted(library.mark_post_known(post_id).value.words) == sorted(["我", "爱", "猫"])
    stored = library.posts.get(post_id)
    assert stored is not None and stored.difficulty is not None
    assert stored.difficulty.known_share == 1.0 and stored.difficulty.unknown_words == 0


def test_coverage_level() -> None:
    assert difficulty.coverage_level({"1": 0.5, "2": 0.45, "6": 0.05}) == 2.0
    assert difficulty.coverage_level({"none": 1.0}) is None


def test_posts_measured_in_bulk_read_as_a_refresh_reckons_them(library: Library) -> None:
    """Difficulty saved with the counts (an import) is what refresh() reads back from
    post_words: known and ignored words, words in no HSK list, a post without Chinese."""
    library.set_status(["我", "火锅"], WordStatus.KNOWN)
    library.set_status(["绝绝子"], WordStatus.IGNORED)
    library.set_status(["好吃"], WordStatus.LEARNING)
    texts = ["我爱吃火锅，火锅真好吃！绝绝子", "这篇文章的措辞相当晦涩。", "hello 123", "我我我"]
    with write_transaction(library.db):
        ids = [library.posts.save(Post("test", f"p{i}", "", t))[0] for i, t in enumerate(texts)]
    segmenter = library.engine.segmenter
    counts = [(i, difficulty.count_words(t, segmenter)) for i, t in zip(ids, texts, strict=True)]
    with write_transaction(library.db):
        difficulty.store_many_counts(library.db, counts)
    bulk = difficulty.read(library.db, ids)
    with write_transaction(library.db):
        difficulty.refresh(library.db, ids)
    assert difficulty.read(library.db, ids) == bulk
    assert bulk[ids[0]].known_tokens == 4 and bulk[ids[2]].tokens == 0
