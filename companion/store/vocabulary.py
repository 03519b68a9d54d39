"""The learner's vocabulary: every word they saved or marked, with statuses, contexts, tags.

A word's status lives in one place, ``word_status`` (a word with no row there is NEW), and
every word with a status has a live entry in ``vocabulary``, of one of two kinds
(``EntryKind``): SAVED, a word saved to study with the sentences it came from (a review card
and a flashcard), or MARKED, a word only given a status (K in the reader, ``vocab
set-status``, "Mark all known"), listed with its status but never studied or exported.
Setting a marked word back to NEW removes its entry; saving it makes it a saved word.

Deleting an entry is soft (``deleted_at``) and takes its status along (``deleted_status``), so
undo brings it back whole; until then the word reads as NEW everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any, Literal, NamedTuple

from companion.errors import InvalidInput
from companion.store.clock import now
from companion.store.connection import Database
from companion.store.models import EntryKind, WordStatus
from companion.store.rows import in_chunks
from companion.store.word_search import keys, match_clause

SortKey = Literal["added", "word", "pinyin", "hsk", "status"]


@dataclass(frozen=True)
class Context:
    """A sentence a word was saved from, its translation and the post it came from."""

    sentence: str
    translation: str | None
    post_id: int | None
    post_title: str | None = None
    post_author: str | None = None
    sentence_pinyin: str | None = None
    """The sentence's pinyin as read when the word was saved (None: saved before it was kept)."""


@dataclass(frozen=True)
class VocabEntry:
    """A saved word as the vocabulary view and the flashcard exporters see it."""

    id: int
    word: str
    pinyin: str
    definition: str
    """The learner's own definition if they edited it, else the dictionary's."""
    hsk: int | None
    status: WordStatus
    notes: str
    tags: tuple[str, ...]
    added_at: str
    updated_at: str
    contexts: tuple[Context, ...] = ()
    traditional: str | None = None
    """The traditional form ('' if the same or unknown); None: saved before it was kept."""
    slang: str | None = None
    """The slang glossary term the word was read with ('' if none); None: saved before it
    was kept."""
    kind: EntryKind = EntryKind.SAVED
    """Saved to study, or only marked with a status (never a card)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "word": self.word,
            "pinyin": self.pinyin,
            "definition": self.definition,
            "hsk": self.hsk,
            "status": self.status.name.lower(),
            "kind": str(self.kind),
            "notes": self.notes,
            "tags": list(self.tags),
            "added_at": self.added_at,
            "contexts": [
                {"sentence": c.sentence, "translation": c.translation, "post_id": c.post_id}
                for c in self.contexts
            ],
        }


class Reading(NamedTuple):
    """What a marked word's entry shows: its reading, meaning and level from the dictionary."""

    pinyin: str
    definition: str
    hsk: int | None


class SavedCard(NamedTuple):
    """What a saved word's flashcard shows, as stored (None: saved before it was stored),
    with its first context sentence. A NamedTuple: export reads 10,000 at a time, and one
    is built several times faster than a frozen dataclass."""

    id: int
    word: str
    pinyin: str
    definition: str
    hsk: int | None
    status: WordStatus
    tags: tuple[str, ...]
    traditional: str | None
    slang: str | None
    sentence: str | None
    translation: str | None
    sentence_pinyin: str | None
    post_title: str | None
    post_author: str | None


_SELECT = (
    "SELECT v.id, v.word, v.pinyin, coalesce(v.user_definition, v.definition) AS definition,"
    " v.hsk, coalesce(s.status, 0) AS status, v.notes,"
    " (SELECT json_group_array(tag) FROM (SELECT tag FROM vocabulary_tags"
    "   WHERE vocabulary_id = v.id ORDER BY tag)) AS tags,"
    " v.added_at, v.updated_at, v.traditional, v.slang, v.kind"
    " FROM vocabulary v LEFT JOIN word_status s ON s.word = v.word"
)
# (ascending, descending) ORDER BY for each sort key; "added" ascending means newest first.
_ORDER = {
    "added": ("v.added_at DESC, v.id DESC", "v.added_at, v.id"),
    "word": ("v.word", "v.word DESC"),
    "pinyin": ("v.pinyin, v.word", "v.pinyin DESC, v.word DESC"),
    "hsk": ("v.hsk IS NULL, v.hsk, v.word", "v.hsk IS NULL, v.hsk DESC, v.word"),
    "status": ("coalesce(s.status, 0), v.added_at DESC", "coalesce(s.status, 0) DESC, v.added_at"),
}


class VocabularyStore:
    """Saved words and word statuses."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- statuses ---------------------------------------------------------------------------

    def set_status(
        self,
        words: Iterable[str],
        status: WordStatus,
        readings: Mapping[str, Reading] | None = None,
        at: str | None = None,
    ) -> list[str]:
        """Set the status of words (saved or not); returns the words whose status changed.
        A word without a live entry gets a marked one (with its reading from readings, if
        given); a marked word set back to NEW loses its entry. at: when (ISO UTC; default
        now), as a grade given for a moment passes it."""
        conn = self.db.conn
        readings = readings or {}
        changed = []
        stamp = at or now()
        for word in dict.fromkeys(w.strip() for w in words if w.strip()):
            old = self.status(word)
            if old is status:
                continue
            if status is WordStatus.NEW:
                conn.execute("DELETE FROM word_status WHERE word = ?", (word,))
                conn.execute(
                    "UPDATE vocabulary SET deleted_at = ?, deleted_status = NULL"
                    " WHERE word = ? AND kind = 'marked' AND deleted_at IS NULL",
                    (stamp, word),
                )
            else:
                conn.execute(
                    "INSERT INTO word_status (word, status, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (word) DO UPDATE SET status = excluded.status,"
                    " updated_at = excluded.updated_at",
                    (word, int(status), stamp),
                )
                self._mark(word, readings.get(word), stamp)
            conn.execute("UPDATE vocabulary SET updated_at = ? WHERE word = ?", (stamp, word))
            changed.append(word)
        return changed

    def _mark(self, word: str, reading: Reading | None, stamp: str) -> None:
        """Give a word with a status a live entry: a new marked one, or its deleted one back
        (marked); an entry already live stays as it is."""
        pinyin, definition, hsk = reading or ("", "", None)
        self.db.conn.execute(
            "INSERT INTO vocabulary (word, kind, pinyin, definition, hsk, search_pinyin,"
            " search_initials, added_at, updated_at) VALUES (?, 'marked', ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (word) DO UPDATE SET kind = 'marked', deleted_at = NULL,"
            " deleted_status = NULL, added_at = excluded.added_at"
            " WHERE vocabulary.deleted_at IS NOT NULL",
            (word, pinyin, definition, hsk, *keys(pinyin), stamp, stamp),
        )

    def without_entry(self, words: Iterable[str]) -> list[str]:
        """Those of words that have no live entry (setting a status would make one)."""
        words = list(dict.fromkeys(w.strip() for w in words if w.strip()))
        live = set()
        for chunk, marks in in_chunks(words):
            live.update(
                r[0]
                for r in self.db.conn.execute(
                    f"SELECT word FROM vocabulary WHERE deleted_at IS NULL AND word IN ({marks})",
                    chunk,
                )
            )
        return [w for w in words if w not in live]

    def unread_marked(self) -> list[str]:
        """Marked words whose entry has no reading yet (made by migration 0007)."""
        rows = self.db.conn.execute(
            "SELECT word FROM vocabulary WHERE kind = 'marked' AND pinyin = ''"
            " AND deleted_at IS NULL"
        )
        return [r[0] for r in rows]

    def store_marked_readings(self, readings: Mapping[str, Reading]) -> None:
        """Fill in the readings of marked entries that have none."""
        self.db.conn.executemany(
            "UPDATE vocabulary SET pinyin = ?, definition = ?, hsk = ?, search_pinyin = ?,"
            " search_initials = ? WHERE word = ? AND kind = 'marked' AND pinyin = ''",
            [(r.pinyin, r.definition, r.hsk, *keys(r.pinyin), w) for w, r in readings.items()],
        )

    def status(self, word: str) -> WordStatus:
        row = self.db.conn.execute("SELECT status FROM word_status WHERE word = ?", (word,))
        found = row.fetchone()
        return WordStatus(found[0]) if found else WordStatus.NEW

    def statuses(self) -> dict[str, WordStatus]:
        """Every marked word and its status (words not listed are NEW)."""
        rows = self.db.conn.execute("SELECT word, status FROM word_status")
        return {word: WordStatus(status) for word, status in rows}

    # -- saved words ------------------------------------------------------------------------

    def add(
        self,
        word: str,
        *,
        pinyin: str = "",
        definition: str = "",
        hsk: int | None = None,
        sentence: str | None = None,
        translation: str | None = None,
        post_id: int | None = None,
        tags: Iterable[str] = (),
        traditional: str | None = None,
        slang: str | None = None,
        sentence_pinyin: str | None = None,
    ) -> VocabEntry:
        """Save a word (again): a deleted word comes back, a marked word becomes a saved one;
        a new context is added to its list. traditional, slang and sentence_pinyin are what
        its flashcard shows (None: not known)."""
        word = word.strip()
        if not word:
            raise InvalidInput("cannot add an empty word to the vocabulary")
        conn = self.db.conn
        stamp = now()
        conn.execute(
            "INSERT INTO vocabulary (word, pinyin, definition, hsk, traditional, slang,"
            " search_pinyin, search_initials, added_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (word) DO UPDATE SET deleted_at = NULL, deleted_status = NULL,"
            " kind = 'saved', updated_at = excluded.updated_at,"
            " pinyin = CASE WHEN excluded.pinyin != '' THEN excluded.pinyin ELSE pinyin END,"
            " search_pinyin = CASE WHEN excluded.pinyin != '' THEN excluded.search_pinyin"
            "   ELSE search_pinyin END,"
            " search_initials = CASE WHEN excluded.pinyin != '' THEN excluded.search_initials"
            "   ELSE search_initials END,"
            " definition = CASE WHEN excluded.definition != '' THEN excluded.definition"
            "   ELSE definition END,"
            " hsk = coalesce(excluded.hsk, hsk),"
            " traditional = coalesce(excluded.traditional, traditional),"
            " slang = coalesce(excluded.slang, slang)",
            (word, pinyin, definition, hsk, traditional, slang, *keys(pinyin), stamp, stamp),
        )
        vocab_id = conn.execute("SELECT id FROM vocabulary WHERE word = ?", (word,)).fetchone()[0]
        if sentence and sentence.strip():
            conn.execute(
                "INSERT INTO contexts (vocabulary_id, sentence, translation, post_id,"
                " sentence_pinyin, added_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (vocabulary_id, sentence) DO UPDATE SET"
                " translation = coalesce(excluded.translation, translation),"
                " post_id = coalesce(excluded.post_id, post_id),"
                " sentence_pinyin = coalesce(excluded.sentence_pinyin, sentence_pinyin)",
                (vocab_id, sentence.strip(), translation, post_id, sentence_pinyin, stamp),
            )
        self._add_tags(vocab_id, tags)
        entry = self.get(word)
        assert entry is not None
        return entry

    def _add_tags(self, vocab_id: int, tags: Iterable[str]) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO vocabulary_tags (vocabulary_id, tag) VALUES (?, ?)",
            [(vocab_id, t.strip()) for t in tags if t.strip()],
        )

    def edit(
        self,
        word: str,
        *,
        definition: str | None = None,
        notes: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> VocabEntry:
        """Change the learner's definition (empty string restores the dictionary's), notes, tags."""
        entry = self.get(word)
        if entry is None:
            raise InvalidInput(f"{word} is not in your vocabulary")
        conn = self.db.conn
        if definition is not None:
            conn.execute(
                "UPDATE vocabulary SET user_definition = ? WHERE id = ?",
                (definition.strip() or None, entry.id),
            )
        if notes is not None:
            conn.execute("UPDATE vocabulary SET notes = ? WHERE id = ?", (notes, entry.id))
        if tags is not None:
            conn.execute("DELETE FROM vocabulary_tags WHERE vocabulary_id = ?", (entry.id,))
            self._add_tags(entry.id, tags)
        conn.execute("UPDATE vocabulary SET updated_at = ? WHERE id = ?", (now(), entry.id))
        updated = self.get(word)
        assert updated is not None
        return updated

    def delete(self, words: Iterable[str]) -> list[str]:
        """Remove words from the vocabulary, statuses and all (undo with restore); returns
        those removed."""
        stamp = now()
        removed = []
        conn = self.db.conn
        for word in words:
            cursor = conn.execute(
                "UPDATE vocabulary SET deleted_at = ?, deleted_status ="
                " (SELECT status FROM word_status WHERE word = ?1)"
                " WHERE word = ?1 AND deleted_at IS NULL".replace("?1", "?"),
                (stamp, word, word),
            )
            if cursor.rowcount:
                conn.execute("DELETE FROM word_status WHERE word = ?", (word,))
                removed.append(word)
        return removed

    def restore(self, words: Iterable[str]) -> None:
        """Undo a delete: the words come back with their statuses, contexts, tags and notes."""
        conn = self.db.conn
        stamp = now()
        for word in words:
            conn.execute(
                "INSERT OR IGNORE INTO word_status (word, status, updated_at)"
                " SELECT word, deleted_status, ? FROM vocabulary"
                " WHERE word = ? AND deleted_at IS NOT NULL AND deleted_status IS NOT NULL",
                (stamp, word),
            )
            conn.execute(
                "UPDATE vocabulary SET deleted_at = NULL, deleted_status = NULL WHERE word = ?",
                (word,),
            )

    def get(self, word: str) -> VocabEntry | None:
        row = self.db.conn.execute(_SELECT + " WHERE v.word = ? AND v.deleted_at IS NULL", (word,))
        found = row.fetchone()
        if found is None:
            return None
        return _entry(found, tuple(self._contexts([found[0]]).get(found[0], ())))

    def saved_words(self) -> set[str]:
        """Every word saved to study (not deleted; marked words are not saved)."""
        rows = self.db.conn.execute(
            "SELECT word FROM vocabulary WHERE deleted_at IS NULL AND kind = 'saved'"
        )
        return {r[0] for r in rows}

    def count(self, kinds: Iterable[EntryKind] = ()) -> int:
        """Live entries (of these kinds; all by default)."""
        wanted = sorted(str(k) for k in kinds)
        sql = "SELECT count(*) FROM vocabulary WHERE deleted_at IS NULL"
        if wanted:
            sql += f" AND kind IN ({', '.join('?' * len(wanted))})"
        return self.db.conn.execute(sql, wanted).fetchone()[0]

    def list(
        self,
        *,
        query: str = "",
        statuses: Iterable[WordStatus] = (),
        kinds: Iterable[EntryKind] = (),
        tag: str = "",
        hsk: int | None = None,
        order: SortKey = "added",
        descending: bool = False,
        added_after: str | None = None,
        limit: int = 1_000_000,
        offset: int = 0,
        with_contexts: bool = False,
    ) -> list[VocabEntry]:
        """Entries filtered and sorted. A search matches the word, the meaning and the notes,
        and the pinyin however typed: without tones or spaces, with tone numbers, ü as v or
        u (``zhongcao``, ``zhong4cao3``) or by initials (``zc``)."""
        where, params = _filters(query, statuses, tag, hsk, added_after, kinds)
        order_by = _ORDER[order][1 if descending else 0]
        sql = f"{_SELECT} WHERE {where} ORDER BY {order_by} LIMIT ? OFFSET ?"
        rows = self.db.conn.execute(sql, (*params, limit, offset)).fetchall()
        if not with_contexts:
            return [_entry(r) for r in rows]
        contexts = self._contexts([r[0] for r in rows])
        return [_entry(r, tuple(contexts.get(r[0], ()))) for r in rows]

    def for_cards(
        self,
        *,
        statuses: Iterable[WordStatus] = (),
        tag: str = "",
        added_after: str | None = None,
    ) -> list[SavedCard]:
        """What the flashcards of saved words show (filtered as in ``list``; never marked
        words), newest first, each word with its first context sentence. Three scans joined
        here by id (a word's tags, its first context) take half the time of one query
        probing per word."""
        where, params = _filters("", statuses, tag, None, added_after, (EntryKind.SAVED,))
        conn = self.db.conn
        words = conn.execute(
            "SELECT v.id, v.word, v.pinyin, coalesce(v.user_definition, v.definition), v.hsk,"
            " coalesce(s.status, 0), v.traditional, v.slang"
            " FROM vocabulary v LEFT JOIN word_status s ON s.word = v.word"
            f" WHERE {where} ORDER BY {_ORDER['added'][1]}",
            params,
        ).fetchall()
        if not words:
            return []
        tags = {
            vocab_id: tuple(name for _id, name in group)
            for vocab_id, group in groupby(
                conn.execute(
                    "SELECT vocabulary_id, tag FROM vocabulary_tags ORDER BY vocabulary_id, tag"
                ),
                key=itemgetter(0),
            )
        }
        first: dict[int, tuple[Any, ...]] = {}
        keep = first.setdefault
        for row in conn.execute(  # in id order (the table's own): a word's first comes first
            "SELECT c.vocabulary_id, c.sentence, c.translation, c.sentence_pinyin, p.title,"
            " p.author FROM contexts c LEFT JOIN posts p ON p.id = c.post_id ORDER BY c.id"
        ):
            keep(row[0], row)
        statuses_of, no_context, no_tags = _STATUSES, (None,) * 6, ()
        return [
            SavedCard(
                *row[:5],
                statuses_of[row[5]],
                tags.get(row[0], no_tags),
                row[6],
                row[7],
                *first.get(row[0], no_context)[1:],
            )
            for row in words
        ]

    def _contexts(self, ids: list[int]) -> dict[int, list[Context]]:
        """Contexts of many saved words, in one query per 500 words."""
        found: dict[int, list[Context]] = {}
        for chunk, marks in in_chunks(ids):
            rows = self.db.conn.execute(
                "SELECT c.vocabulary_id, c.sentence, c.translation, c.post_id, p.title, p.author,"
                " c.sentence_pinyin"
                " FROM contexts c LEFT JOIN posts p ON p.id = c.post_id"
                f" WHERE c.vocabulary_id IN ({marks}) ORDER BY c.id",
                chunk,
            )
            for vocab_id, *values in rows:
                found.setdefault(vocab_id, []).append(Context(*values))
        return found

    def store_readings(
        self,
        words: Iterable[tuple[int, str, str, str]],
        sentences: Iterable[tuple[int, str, str]],
    ) -> None:
        """Fill in what words saved before it was kept lack: (vocabulary id, pinyin,
        traditional, slang) for words (pinyin only where it is empty) and (vocabulary id,
        sentence, pinyin) for their context sentences. Nothing already stored changes."""
        conn = self.db.conn
        conn.executemany(
            "UPDATE vocabulary SET pinyin = CASE WHEN pinyin = '' THEN ?2 ELSE pinyin END,"
            " search_pinyin = CASE WHEN pinyin = '' THEN ?5 ELSE search_pinyin END,"
            " search_initials = CASE WHEN pinyin = '' THEN ?6 ELSE search_initials END,"
            " traditional = coalesce(traditional, ?3), slang = coalesce(slang, ?4)"
            " WHERE id = ?1",
            [(*w, *keys(w[1])) for w in words],
        )
        conn.executemany(
            "UPDATE contexts SET sentence_pinyin = ?3"
            " WHERE vocabulary_id = ?1 AND sentence = ?2 AND sentence_pinyin IS NULL",
            list(sentences),
        )

    def tags(self) -> list[str]:
        return [
            r[0]
            for r in self.db.conn.execute(
                "SELECT DISTINCT t.tag FROM vocabulary_tags t JOIN vocabulary v"
                " ON v.id = t.vocabulary_id WHERE v.deleted_at IS NULL ORDER BY t.tag"
            )
        ]


_STATUSES = {int(status): status for status in WordStatus}
_KINDS = {str(kind): kind for kind in EntryKind}


def _filters(
    query: str,
    statuses: Iterable[WordStatus],
    tag: str,
    hsk: int | None,
    added_after: str | None,
    kinds: Iterable[EntryKind] = (),
) -> tuple[str, list[Any]]:
    """The WHERE clause (over _SELECT's tables) and parameters of a vocabulary listing."""
    where = ["v.deleted_at IS NULL"]
    params: list[Any] = []
    if query.strip():
        clause, values = match_clause(query)
        where.append(clause)
        params += values
    wanted_kinds = sorted(str(k) for k in kinds)
    if wanted_kinds:
        where.append(f"v.kind IN ({', '.join('?' * len(wanted_kinds))})")
        params += wanted_kinds
    wanted = sorted({int(s) for s in statuses})
    if wanted:
        where.append(f"coalesce(s.status, 0) IN ({', '.join('?' * len(wanted))})")
        params += wanted
    if tag:
        where.append("v.id IN (SELECT vocabulary_id FROM vocabulary_tags WHERE tag = ?)")
        params.append(tag)
    if hsk is not None:
        where.append("v.hsk = ?")
        params.append(hsk)
    if added_after:
        where.append("v.added_at > ?")
        params.append(added_after)
    return " AND ".join(where), params


def _entry(row: tuple[Any, ...], contexts: tuple[Context, ...] = ()) -> VocabEntry:
    """A row of _SELECT as an entry (by position: export reads 10,000 of them at a time)."""
    vocab_id, word, pinyin, definition, hsk, status, notes, tags, added, updated, *rest = row
    trad, slang, kind = rest
    return VocabEntry(
        vocab_id,
        word,
        pinyin,
        definition,
        hsk,
        _STATUSES[status],
        notes,
        tuple(json.loads(tags)) if tags != "[]" else (),
        added,
        updated,
        contexts,
        trad,
        slang,
        _KINDS[kind],
    )
