"""The Library's word operations: statuses, saved words (add, edit, delete, restore), the
learner's merges and splits, reading a post and exporting flashcards.

A mixin of ``Library`` (library.py), kept apart so each module stays readable; every write opens
its own transaction and returns what it changed (``OpChanges``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from companion.changes import OpChanges, OpResult
from companion.errors import InvalidInput
from companion.flashcards.card import Readings, read_word, sentence_pinyin
from companion.language.document import Document, WordInfo
from companion.language.senses import is_minor
from companion.progress import Progress
from companion.speech.cache import speech_for
from companion.store import difficulty
from companion.store.database import write_transaction
from companion.store.listing import Difficulty
from companion.store.models import EntryKind, Post, WordStatus
from companion.store.posts import StoredPost
from companion.store.vocabulary import Reading, SortKey, VocabEntry

if TYPE_CHECKING:
    from companion.flashcards.export import ExportResult
    from companion.language.annotate import Annotator
    from companion.paths import DataDir
    from companion.store.connection import Database
    from companion.store.exports import ExportLog
    from companion.store.posts import PostStore
    from companion.store.segmentation import SegmentationStore
    from companion.store.vocabulary import VocabularyStore

BULK = 2
"""Status changes of this many words or more are bulk changes: the library is backed up first."""


@dataclass(frozen=True)
class ReadablePost:
    """A post annotated for reading: documents for its title, body and each comment, with the
    learner's statuses and saved words (the reader updates those two as the learner works)."""

    stored: StoredPost
    title: Document
    body: Document
    comments: list[tuple[str, bool, Document]]  # author, is_reply, text
    statuses: dict[str, WordStatus]
    saved: set[str]


@dataclass(frozen=True)
class StatusChange:
    """A status change as it happened: the new status and each changed word's status before
    it (what ``undo_status_change`` puts back)."""

    status: WordStatus
    previous: tuple[tuple[str, WordStatus], ...] = ()

    @property
    def words(self) -> list[str]:
        return [word for word, _old in self.previous]


@dataclass(frozen=True)
class KnownPlan:
    """What "Mark all known" would change in a post, asked before it does: the post's new
    and learning words that are not saved, and those that are saved study words (changed
    only if the learner asks)."""

    post_id: int
    words: tuple[str, ...]
    saved: tuple[str, ...]


def annotate_post(
    engine: Annotator, stored: StoredPost, statuses: dict[str, WordStatus], saved: set[str]
) -> ReadablePost:
    """Annotate a loaded post (CPU work only: no database)."""
    comments = [
        (c.comment.author, c.parent_id is not None, engine.annotate(c.comment.text))
        for c in stored.comments
    ]
    post = stored.post
    return ReadablePost(
        stored, engine.annotate(post.title), engine.annotate(post.body), comments, statuses, saved
    )


class WordOps:
    """Statuses, vocabulary, segmentation fixes, reading and export (mixed into Library)."""

    if TYPE_CHECKING:
        db: Database
        posts: PostStore
        vocabulary: VocabularyStore
        segmentation: SegmentationStore
        exports: ExportLog
        data: DataDir

        @property
        def engine(self) -> Annotator: ...

        def backup(self, kind: str = "manual") -> Path: ...

    # -- reading ----------------------------------------------------------------------------

    def read_post(self, post_id: int) -> ReadablePost:
        """A post annotated with the learner's segmentation, statuses and saved words."""
        return annotate_post(self.engine, *self.load_post(post_id))

    def load_post(self, post_id: int) -> tuple[StoredPost, dict[str, WordStatus], set[str]]:
        """What reading a post needs from the database (the database thread's half of
        read_post): the post, the learner's statuses and saved words. ``annotate_post`` then
        does the CPU work, on the general pool in the app."""
        stored = self.posts.get(post_id)
        if stored is None:
            raise InvalidInput(f"there is no post {post_id}")
        return stored, self.vocabulary.statuses(), self.vocabulary.saved_words()

    # -- segmentation fixes -----------------------------------------------------------------

    def merge_words(self, word: str) -> OpChanges:
        """Keep word whole from now on (the learner joined two words), in every post."""
        word = word.strip()
        if len(word) < 2:
            raise InvalidInput("a merged word needs at least two characters")
        with write_transaction(self.db):
            self.segmentation.merge(word)
        self.engine.segmenter.add_word(word)
        self.engine.forget_words()
        return OpChanges(segmentation=True)

    def split_word(self, word: str, parts: Sequence[str] | None = None) -> OpResult[list[str]]:
        """Cut word into parts (its characters by default) from now on, in every post."""
        parts = [p for p in (parts or list(word)) if p]
        if "".join(parts) != word or len(parts) < 2:
            raise InvalidInput(f"{' + '.join(parts)} does not make {word}")
        with write_transaction(self.db):
            self.segmentation.split(word, parts)
        self.engine.segmenter.split_word(parts)
        self.engine.forget_words()
        return OpResult(parts, OpChanges(segmentation=True))

    # -- statuses ---------------------------------------------------------------------------

    def set_status(self, words: Iterable[str], status: WordStatus) -> OpResult[list[str]]:
        """Change word statuses (a word not in the vocabulary gets a marked entry) and refresh
        the difficulty of every post containing them; the value is the words whose status
        changed. A bulk change (BULK words or more) is backed up first."""
        result = self.change_status(words, status)
        return OpResult(result.value.words, result.changes)

    def change_status(self, words: Iterable[str], status: WordStatus) -> OpResult[StatusChange]:
        """set_status, with each changed word's previous status (for undo)."""
        words = list(dict.fromkeys(w.strip() for w in words if w.strip()))
        readings: dict[str, Reading] = {}
        if status is not WordStatus.NEW:
            readings = {w: self._reading(w) for w in self.vocabulary.without_entry(words)}
        return self._apply_statuses({status: words}, readings)

    def undo_status_change(self, change: StatusChange) -> OpResult[list[str]]:
        """Put back exactly the statuses a change replaced (marked entries it made go); the
        value is the words set back."""
        by_status: dict[WordStatus, list[str]] = {}
        for word, old in change.previous:
            by_status.setdefault(old, []).append(word)
        readings = {w: self._reading(w) for w in self.vocabulary.without_entry(change.words)}
        result = self._apply_statuses(by_status, readings)
        return OpResult(result.value.words, result.changes)

    def _apply_statuses(
        self, by_status: Mapping[WordStatus, list[str]], readings: Mapping[str, Reading]
    ) -> OpResult[StatusChange]:
        """Set each group of words to its status in one transaction (backed up first if
        BULK words or more) and refresh the difficulty of the posts containing them."""
        count = sum(len(words) for words in by_status.values())
        previous: list[tuple[str, WordStatus]] = []
        with write_transaction(self.db):
            if count >= BULK:
                self.backup("before-change")
            for status, words in by_status.items():
                before = {w: self.vocabulary.status(w) for w in words}
                changed = self.vocabulary.set_status(words, status, readings)
                previous += [(w, before[w]) for w in changed]
            if previous:
                changed_words = [w for w, _old in previous]
                difficulty.refresh(self.db, difficulty.posts_with_words(self.db, changed_words))
        status = next(iter(by_status), WordStatus.NEW)
        done = bool(previous)  # statuses make and remove marked entries: vocabulary too
        changes = OpChanges(statuses=done, difficulty=done, vocabulary=done)
        return OpResult(StatusChange(status, tuple(previous)), changes)

    def _reading(self, word: str) -> Reading:
        """A marked word's reading, meaning and level from the dictionary."""
        info = self._word_in(word, word)
        return Reading(info.pinyin, _definition(info), info.hsk)

    def plan_post_known(self, post_id: int) -> KnownPlan:
        """What mark_post_known would change in a post (ask the learner first)."""
        if self.posts.get(post_id) is None:
            raise InvalidInput(f"there is no post {post_id}")
        unknown = difficulty.unknown_words(self.db, post_id)
        saved = self.vocabulary.saved_words()
        return KnownPlan(
            post_id,
            tuple(w for w in unknown if w not in saved),
            tuple(w for w in unknown if w in saved),
        )

    def mark_post_known(
        self, post_id: int, *, include_saved: bool = False
    ) -> OpResult[StatusChange]:
        """Mark a post's new and learning words known in one step, its saved study words only
        with include_saved; the value carries what ``undo_status_change`` needs."""
        plan = self.plan_post_known(post_id)
        words = plan.words + (plan.saved if include_saved else ())
        return self.change_status(words, WordStatus.KNOWN)

    def post_difficulties(self, post_ids: Iterable[int]) -> dict[int, Difficulty]:
        """The difficulty of these posts now (for badges refreshed in place)."""
        return difficulty.read(self.db, post_ids)

    def list_words(
        self,
        *,
        query: str = "",
        statuses: Iterable[WordStatus] = (),
        kinds: Iterable[EntryKind] = (),
        tag: str = "",
        hsk: int | None = None,
        order: SortKey = "added",
        limit: int = 1_000_000,
        with_contexts: bool = False,
    ) -> list[VocabEntry]:
        """The vocabulary listed (VocabularyStore.list), marked words that migration 0007
        made without a reading read first."""
        unread = self.vocabulary.unread_marked()
        if unread:
            readings = {w: self._reading(w) for w in unread}
            with write_transaction(self.db):
                self.vocabulary.store_marked_readings(readings)
        return self.vocabulary.list(
            query=query,
            statuses=statuses,
            kinds=kinds,
            tag=tag,
            hsk=hsk,
            order=order,
            limit=limit,
            with_contexts=with_contexts,
        )

    # -- saved words ------------------------------------------------------------------------

    def add_word(
        self,
        word: str,
        *,
        post_id: int | None = None,
        sentence: str | None = None,
        tags: Iterable[str] = (),
    ) -> OpResult[VocabEntry]:
        """Save a word with its reading and senses in context, the sentence and its translation."""
        word = word.strip()
        if not word:
            raise InvalidInput("which word? the word is empty")
        stored = self.posts.get(post_id) if post_id is not None else None
        if post_id is not None and stored is None:
            raise InvalidInput(f"there is no post {post_id}")
        if sentence is None and stored is not None:
            sentence = self._sentence_with(stored.post, word)
        context = sentence if sentence and word in sentence else word
        info = self._word_in(word, context)
        translation = None
        if stored is not None and sentence:
            translation = stored.post.translations.get(sentence.strip())
        definition = _definition(info)
        card = read_word(self.engine, word)
        in_sentence = None
        if sentence and sentence.strip():
            in_sentence = sentence_pinyin(self.engine, sentence.strip())
        with write_transaction(self.db):
            entry = self.vocabulary.add(
                word,
                pinyin=info.pinyin,
                definition=definition,
                hsk=info.hsk,
                sentence=sentence,
                translation=translation,
                post_id=post_id,
                tags=tags,
                traditional=card.traditional,
                slang=card.slang,
                sentence_pinyin=in_sentence,
            )
        return OpResult(entry, OpChanges(vocabulary=True))

    def edit_word(
        self,
        word: str,
        *,
        definition: str | None = None,
        notes: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> OpResult[VocabEntry]:
        """Change a saved word's definition (empty restores the dictionary's), notes or tags."""
        with write_transaction(self.db):
            entry = self.vocabulary.edit(word, definition=definition, notes=notes, tags=tags)
        return OpResult(entry, OpChanges(vocabulary=True))

    def delete_words(self, words: Iterable[str]) -> OpResult[list[str]]:
        """Remove words from the vocabulary, statuses and all (backed up first); the value
        is those removed, which ``restore_words`` brings back."""
        words = list(words)
        if not words:
            return OpResult([], OpChanges())
        with write_transaction(self.db):
            self.backup("before-change")
            had_status = [w for w in words if self.vocabulary.status(w) is not WordStatus.NEW]
            removed = self.vocabulary.delete(words)
            changed = [w for w in had_status if w in removed]
            if changed:
                difficulty.refresh(self.db, difficulty.posts_with_words(self.db, changed))
        return OpResult(removed, _word_changes(bool(removed), bool(changed)))

    def restore_words(self, words: Iterable[str]) -> OpChanges:
        """Undo delete_words: the words come back with their statuses, contexts, tags and
        notes."""
        words = list(words)
        with write_transaction(self.db):
            self.vocabulary.restore(words)
            back = [w for w in words if self.vocabulary.status(w) is not WordStatus.NEW]
            if back:
                difficulty.refresh(self.db, difficulty.posts_with_words(self.db, back))
        return _word_changes(True, bool(back))

    def _word_in(self, word: str, context: str) -> WordInfo:
        """word as read in context, with the sense that fits there, whatever the segmentation."""
        from companion.language.details import word_in_sentence  # the engine's, when built

        return word_in_sentence(self.engine, word, context).info

    def _sentence_with(self, post: Post, word: str) -> str | None:
        """The first sentence of a post (title, body, comments) that contains word."""
        for text in (post.title, post.body, *(c.text for c in post.comments)):
            if word not in text:
                continue
            for sentence in self.engine.annotate(text).sentences:
                if word in sentence.text:
                    return sentence.text.strip()
        return None

    # -- export -----------------------------------------------------------------------------

    def export(
        self,
        fmt: str,
        path: Path,
        *,
        deck: str = "Companion",
        only_new: bool = False,
        statuses: Sequence[WordStatus] = (),
        tag: str = "",
        card_tags: Iterable[str] = (),
        sentence_cards: bool = True,
        progress: Progress = lambda done, total, message: None,
        audio: bool = False,
    ) -> ExportResult:
        """Write the saved words (those with a status in statuses and the tag, if given; with
        only_new, those added since the last export of this format and deck) to path as
        flashcards, each carrying the word's tags and card_tags (with audio, an Anki deck also
        carries the words' and sentences' speech); the export is logged.

        Cards show what was stored with each word when it was saved; the engine reads only
        what words saved before that was stored lack, and that is stored now."""
        from companion.flashcards.export import ExportResult, check_format, write_cards

        check_format(fmt)
        logged_deck = deck if fmt == "anki" else None
        since = self.exports.last(fmt, logged_deck) if only_new else None
        entries = self.vocabulary.for_cards(statuses=statuses, tag=tag, added_after=since)
        if not entries:
            raise InvalidInput(
                "no words to export" + (" since the last export" if only_new else "")
            )
        path = Path(path)
        readings = Readings(lambda: self.engine)
        speech = speech_for(self.data.cache, lambda: self.engine) if audio else None
        count = write_cards(
            entries,
            readings,
            fmt,
            path,
            deck=deck,
            card_tags=card_tags,
            sentence_cards=sentence_cards,
            progress=progress,
            audio=speech,
        )
        with write_transaction(self.db):
            self.exports.record(fmt, path, logged_deck, count)
            # Words saved before their card's readings were stored keep what was read now.
            self.vocabulary.store_readings(readings.words, readings.sentences)
        return ExportResult(fmt, path, count)


def _definition(info: WordInfo) -> str:
    """A word's senses as saved: the first four that are not minor, else the slang meaning."""
    kept = [d for d in info.definitions if not is_minor(d)] or info.definitions
    definition = "; ".join(kept[:4])
    if not definition and info.slang is not None:
        definition = info.slang.meaning
    return definition


def _word_changes(vocabulary: bool, statuses: bool) -> OpChanges:
    """What deleting or restoring entries changed: statuses (and so difficulty) if any of
    them had one."""
    return OpChanges(vocabulary=vocabulary, statuses=statuses, difficulty=statuses)
