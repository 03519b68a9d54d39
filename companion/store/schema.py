"""The database schema as numbered migrations (sqlite-utils ``Migrations``); never edit a
released step, add a new one.

Post text is searched with FTS5. Chinese has no spaces, so the indexed copy of each post spells
every Han character as its own token (``火锅店`` → ``火 锅 店``) and a query becomes a phrase
of characters: any substring of any length matches, which jieba-segmented indexing would miss.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

from companion.store.clock import now
from companion.store.word_search import keys

migrations = Migrations("companion")


def _run(db: Database, sql: str) -> None:
    """Run several statements inside the migration's transaction (executescript would commit);
    a statement ends at a line ending in ``;`` that completes it (so triggers stay whole)."""
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement.strip().removesuffix(";"))
            statement = ""
    if statement.strip():
        db.execute(statement.strip())


INITIAL_TABLES: dict[str, str] = {
    "posts": """
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            source_id TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            author_id TEXT NOT NULL DEFAULT '',
            published TEXT,
            location TEXT NOT NULL DEFAULT '',
            likes INTEGER NOT NULL DEFAULT 0,
            collects INTEGER NOT NULL DEFAULT 0,
            comments_count INTEGER NOT NULL DEFAULT 0,
            shares INTEGER NOT NULL DEFAULT 0,
            url TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT '',
            level TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (source, source_id)
        );
        CREATE INDEX posts_published ON posts (published)
        """,
    "comments": """
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
            source_id TEXT NOT NULL,
            parent_id INTEGER REFERENCES comments (id) ON DELETE SET NULL,
            author TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            likes INTEGER NOT NULL DEFAULT 0,
            published TEXT,
            location TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (post_id, source_id)
        );
        CREATE INDEX comments_parent ON comments (parent_id)
        """,
    "images": """
        CREATE TABLE images (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            url TEXT NOT NULL DEFAULT '',
            local_path TEXT NOT NULL DEFAULT '',
            UNIQUE (post_id, position)
        )
        """,
    "tags": """
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        )
        """,
    "post_tags": """
        CREATE TABLE post_tags (
            post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (post_id, tag_id)
        ) WITHOUT ROWID;
        CREATE INDEX post_tags_tag ON post_tags (tag_id)
        """,
    "included_translations": """
        CREATE TABLE included_translations (
            post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
            sentence TEXT NOT NULL,
            translation TEXT NOT NULL,
            PRIMARY KEY (post_id, sentence)
        ) WITHOUT ROWID
        """,
    "posts_fts": """
        CREATE VIRTUAL TABLE posts_fts USING fts5 (title, body, comments, tokenize = 'unicode61')
        """,
    "word_status": """
        CREATE TABLE word_status (
            word TEXT PRIMARY KEY,
            status INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID
        """,
    "vocabulary": """
        CREATE TABLE vocabulary (
            id INTEGER PRIMARY KEY,
            word TEXT NOT NULL UNIQUE,
            pinyin TEXT NOT NULL DEFAULT '',
            definition TEXT NOT NULL DEFAULT '',
            user_definition TEXT,
            hsk INTEGER,
            notes TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX vocabulary_added ON vocabulary (added_at)
        """,
    "vocabulary_tags": """
        CREATE TABLE vocabulary_tags (
            vocabulary_id INTEGER NOT NULL REFERENCES vocabulary (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (vocabulary_id, tag)
        ) WITHOUT ROWID
        """,
    "contexts": """
        CREATE TABLE contexts (
            id INTEGER PRIMARY KEY,
            vocabulary_id INTEGER NOT NULL REFERENCES vocabulary (id) ON DELETE CASCADE,
            sentence TEXT NOT NULL,
            translation TEXT,
            post_id INTEGER REFERENCES posts (id) ON DELETE SET NULL,
            added_at TEXT NOT NULL,
            UNIQUE (vocabulary_id, sentence)
        )
        """,
    "segmentation_fixes": """
        CREATE TABLE segmentation_fixes (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
            word TEXT NOT NULL,
            parts TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (kind, word)
        )
        """,
    "translation_cache": """
        CREATE TABLE translation_cache (
            model_id TEXT NOT NULL,
            model_version TEXT NOT NULL,
            source TEXT NOT NULL,
            translation TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (model_id, model_version, source)
        ) WITHOUT ROWID
        """,
    "export_log": """
        CREATE TABLE export_log (
            id INTEGER PRIMARY KEY,
            format TEXT NOT NULL,
            path TEXT NOT NULL,
            deck TEXT,
            word_count INTEGER NOT NULL,
            exported_at TEXT NOT NULL
        )
        """,
    "post_words": """
        CREATE TABLE post_words (
            post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
            word TEXT NOT NULL,
            count INTEGER NOT NULL,
            hsk INTEGER,
            PRIMARY KEY (post_id, word)
        ) WITHOUT ROWID;
        CREATE INDEX post_words_word ON post_words (word)
        """,
    "meta": """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID
        """,
    "post_difficulty": """
        CREATE TABLE post_difficulty (
            post_id INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
            tokens INTEGER NOT NULL,
            known_tokens INTEGER NOT NULL,
            unknown_words INTEGER NOT NULL,
            hsk_mix TEXT NOT NULL,
            level REAL,
            updated_at TEXT NOT NULL
        )
        """,
}
"""The tables of the first release, each with its indexes, in an order where every table
comes after the tables it references: migration 0001 as released."""


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    """Every table of the first release, one after another."""
    for sql in INITIAL_TABLES.values():
        _run(db, sql)


@migrations(name="0002_media_and_pending_comments")
def media_and_pending_comments(db: Database) -> None:
    """A post's media kind and video apart from its category (importers used to store the
    exporter's note type there), and comments kept until the post they belong to arrives."""
    _run(
        db,
        """
        ALTER TABLE posts ADD COLUMN media TEXT NOT NULL DEFAULT '';
        ALTER TABLE posts ADD COLUMN video_url TEXT NOT NULL DEFAULT '';
        UPDATE posts SET media = 'images', category = ''
            WHERE category IN ('normal', '图文', '图集');
        UPDATE posts SET media = 'video', category = '' WHERE category IN ('video', '视频');
        CREATE TABLE pending_comments (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            source_id TEXT NOT NULL,
            comment_id TEXT NOT NULL,
            data TEXT NOT NULL,
            added_at TEXT NOT NULL,
            UNIQUE (source, source_id, comment_id)
        )
        """,
    )


def _card(post: str, column: str, value: str) -> str:
    """SQL setting one post's feed card column (creating the card of a post still stored)."""
    return (
        f"INSERT OR IGNORE INTO post_cards (post_id) SELECT {post}"
        f" WHERE EXISTS (SELECT 1 FROM posts WHERE id = {post});\n"
        f"UPDATE post_cards SET {column} = {value} WHERE post_id = {post}"
    )


def _tag_list(post: str) -> str:
    """SQL for one post's tag names in order, as a JSON array."""
    return (
        "(SELECT json_group_array(name) FROM (SELECT t.name FROM post_tags pt"
        f" JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = {post} ORDER BY pt.position))"
    )


def _first_image(post: str) -> str:
    """SQL for one post's cover: its first image, the local copy if there is one."""
    return (
        "coalesce((SELECT CASE WHEN local_path != '' THEN local_path ELSE url END"
        f" FROM images WHERE post_id = {post} ORDER BY position LIMIT 1), '')"
    )


@migrations(name="0003_feed_aggregates")
def feed_aggregates(db: Database) -> None:
    """What a feed card shows besides the post row (its tags in order, its cover) in a small
    table of its own, and each tag's number of posts, kept up to date by triggers whatever
    writes the rows (small rows: a post row, with its body, is never rewritten for them);
    indexes for each feed order, so a page of the feed is one indexed query."""
    _run(
        db,
        f"""
        CREATE TABLE post_cards (
            post_id INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
            tags TEXT NOT NULL DEFAULT '[]',
            cover TEXT NOT NULL DEFAULT ''
        );
        ALTER TABLE tags ADD COLUMN posts INTEGER NOT NULL DEFAULT 0;
        CREATE TRIGGER post_tags_added AFTER INSERT ON post_tags BEGIN
            UPDATE tags SET posts = posts + 1 WHERE id = NEW.tag_id;
            {_card("NEW.post_id", "tags", _tag_list("NEW.post_id"))};
        END;
        CREATE TRIGGER post_tags_removed AFTER DELETE ON post_tags BEGIN
            UPDATE tags SET posts = posts - 1 WHERE id = OLD.tag_id;
            UPDATE post_cards SET tags = {_tag_list("OLD.post_id")} WHERE post_id = OLD.post_id;
        END;
        CREATE TRIGGER post_tags_changed AFTER UPDATE ON post_tags BEGIN
            UPDATE tags SET posts = posts - 1 WHERE id = OLD.tag_id;
            UPDATE tags SET posts = posts + 1 WHERE id = NEW.tag_id;
            UPDATE post_cards SET tags = {_tag_list("OLD.post_id")} WHERE post_id = OLD.post_id;
            {_card("NEW.post_id", "tags", _tag_list("NEW.post_id"))};
        END;
        CREATE TRIGGER tags_renamed AFTER UPDATE OF name ON tags BEGIN
            UPDATE post_cards SET tags = {_tag_list("post_cards.post_id")}
                WHERE post_id IN (SELECT post_id FROM post_tags WHERE tag_id = NEW.id);
        END;
        CREATE TRIGGER images_added AFTER INSERT ON images BEGIN
            {_card("NEW.post_id", "cover", _first_image("NEW.post_id"))};
        END;
        CREATE TRIGGER images_removed AFTER DELETE ON images BEGIN
            UPDATE post_cards SET cover = {_first_image("OLD.post_id")}
                WHERE post_id = OLD.post_id;
        END;
        CREATE TRIGGER images_changed AFTER UPDATE ON images BEGIN
            UPDATE post_cards SET cover = {_first_image("OLD.post_id")}
                WHERE post_id = OLD.post_id;
            {_card("NEW.post_id", "cover", _first_image("NEW.post_id"))};
        END;
        UPDATE tags SET posts = (SELECT count(*) FROM post_tags WHERE tag_id = tags.id);
        INSERT INTO post_cards (post_id, tags, cover)
            SELECT id, {_tag_list("posts.id")}, {_first_image("posts.id")} FROM posts
            WHERE id IN (SELECT post_id FROM post_tags UNION SELECT post_id FROM images);
        CREATE INDEX posts_newest ON posts ((published IS NULL), published DESC, id DESC);
        CREATE INDEX posts_popular ON posts (likes DESC, id);
        CREATE INDEX tags_by_posts ON tags (posts DESC, name);
        CREATE INDEX post_difficulty_readable ON post_difficulty
            ((CAST(known_tokens AS REAL) / max(tokens, 1)) DESC, unknown_words, post_id)
        """,
    )


@migrations(name="0004_stored_card_readings")
def stored_card_readings(db: Database) -> None:
    """What a flashcard shows beyond the saved reading and senses, stored when a word is saved
    so that export never re-reads it: the word's traditional form and the slang glossary term
    it was read with, and each context sentence's pinyin. NULL means "saved before this was
    stored" (export then reads it once and fills it in); '' means "there is none"."""
    _run(
        db,
        """
        ALTER TABLE vocabulary ADD COLUMN traditional TEXT;
        ALTER TABLE vocabulary ADD COLUMN slang TEXT;
        ALTER TABLE contexts ADD COLUMN sentence_pinyin TEXT
        """,
    )


@migrations(name="0005_review_cards")
def review_cards(db: Database) -> None:
    """Spaced repetition (FSRS): one card per saved word, made by a trigger whatever saves the
    word (and here for the words saved before), and a log of every grade. ``state`` is 0 for a
    card never graded, else FSRS's state (1 learning, 2 review, 3 relearning); times are ISO
    8601 UTC like every other stamp. The card goes with its word only if the word row itself
    goes (a deleted word is only marked deleted, so undo and saving it again bring the card
    back as it was); the log names the word, not the row, and is never trimmed: it is what the
    learner did (reviews per day, retention, streak), whatever later happens to the word.
    ``card_before`` is the card's state before the grade (JSON), so a grade can be undone. The
    due index covers what the queue reads of a card (one lookup less per card)."""
    _run(
        db,
        """
        CREATE TABLE review_cards (
            vocabulary_id INTEGER PRIMARY KEY REFERENCES vocabulary (id) ON DELETE CASCADE,
            state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due TEXT NOT NULL,
            last_review TEXT,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX review_cards_due ON review_cards (due, state, stability, reps)
            WHERE state > 0;
        CREATE INDEX review_cards_new ON review_cards (vocabulary_id) WHERE state = 0;
        CREATE TABLE review_log (
            id INTEGER PRIMARY KEY,
            word TEXT NOT NULL,
            grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
            reviewed_at TEXT NOT NULL,
            elapsed_days REAL,
            duration_ms INTEGER,
            state_before INTEGER NOT NULL,
            state_after INTEGER NOT NULL,
            stability_after REAL,
            due_after TEXT NOT NULL,
            card_before TEXT NOT NULL
        );
        CREATE INDEX review_log_reviewed ON review_log (reviewed_at);
        CREATE INDEX review_log_word ON review_log (word, reviewed_at);
        CREATE TRIGGER vocabulary_review_card AFTER INSERT ON vocabulary BEGIN
            INSERT OR IGNORE INTO review_cards (vocabulary_id, due) VALUES (NEW.id, NEW.added_at);
        END;
        INSERT INTO review_cards (vocabulary_id, due) SELECT id, added_at FROM vocabulary
        """,
    )


@migrations(name="0006_image_text")
def image_text(db: Database) -> None:
    """The text recognised in post images, kept per picture content (the SHA-256 of the file),
    so a picture is read once whichever posts show it; which content each image row has (and
    at which path it was hashed: a changed path is hashed again)."""
    _run(
        db,
        """
        CREATE TABLE image_text (
            digest TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            width INTEGER NOT NULL DEFAULT 0,
            height INTEGER NOT NULL DEFAULT 0,
            lines TEXT NOT NULL DEFAULT '[]',
            message TEXT NOT NULL DEFAULT '',
            read_at TEXT NOT NULL
        );
        CREATE TABLE image_digests (
            image_id INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
            local_path TEXT NOT NULL,
            digest TEXT NOT NULL
        );
        CREATE INDEX image_digests_digest ON image_digests (digest)
        """,
    )


@migrations(name="0007_marked_words_and_search_keys")
def marked_words_and_search_keys(db: Database) -> None:
    """Every word with a status gets a vocabulary entry: ``kind`` says whether it was saved to
    study ('saved', a review card) or only marked ('marked': listed with its status, never a
    card); a deleted saved word that kept a status becomes marked. ``deleted_status`` keeps
    the status of an entry deleted from now on, so undo brings it back.
    ``search_pinyin`` / ``search_initials`` hold each reading folded for search
    (store/word_search.py). Marked entries made here have no reading yet (pinyin ''): the
    Library reads them with the engine the first time the vocabulary is listed."""
    _run(
        db,
        """
        ALTER TABLE vocabulary ADD COLUMN kind TEXT NOT NULL DEFAULT 'saved'
            CHECK (kind IN ('saved', 'marked'));
        ALTER TABLE vocabulary ADD COLUMN deleted_status INTEGER;
        ALTER TABLE vocabulary ADD COLUMN search_pinyin TEXT NOT NULL DEFAULT '';
        ALTER TABLE vocabulary ADD COLUMN search_initials TEXT NOT NULL DEFAULT ''
        """,
    )
    _only_saved_words_are_cards(db)
    rows = db.execute("SELECT id, pinyin FROM vocabulary WHERE pinyin != ''").fetchall()
    db.conn.executemany(
        "UPDATE vocabulary SET search_pinyin = ?, search_initials = ? WHERE id = ?",
        [(*keys(pinyin), vocab_id) for vocab_id, pinyin in rows],
    )
    stamp = now()
    # A deleted saved word kept its status (the reader still showed it): it stays, marked.
    db.execute(
        "UPDATE vocabulary SET kind = 'marked', deleted_at = NULL, updated_at = ?"
        " WHERE deleted_at IS NOT NULL AND word IN (SELECT word FROM word_status)",
        [stamp],
    )
    db.execute(
        "INSERT INTO vocabulary (word, kind, added_at, updated_at)"
        " SELECT s.word, 'marked', s.updated_at, ? FROM word_status s"
        " WHERE NOT EXISTS (SELECT 1 FROM vocabulary v WHERE v.word = s.word)",
        [stamp],
    )


def _only_saved_words_are_cards(db: Database) -> None:
    """Review cards (migration 0005) for every *saved* word, never for a marked
    one — made when a saved word is inserted or a marked word is saved (unless it has one:
    an upsert's conflict policy overrides a trigger's OR IGNORE); a card a marked word got
    and never used goes."""
    _run(
        db,
        """
        DROP TRIGGER IF EXISTS vocabulary_review_card;
        CREATE TRIGGER vocabulary_review_card AFTER INSERT ON vocabulary
            WHEN NEW.kind = 'saved' BEGIN
            INSERT OR IGNORE INTO review_cards (vocabulary_id, due) VALUES (NEW.id, NEW.added_at);
        END;
        CREATE TRIGGER vocabulary_saved_card AFTER UPDATE OF kind ON vocabulary
            WHEN NEW.kind = 'saved' AND OLD.kind != 'saved'
            AND NOT EXISTS (SELECT 1 FROM review_cards WHERE vocabulary_id = NEW.id) BEGIN
            INSERT INTO review_cards (vocabulary_id, due) VALUES (NEW.id, NEW.updated_at);
        END;
        DELETE FROM review_cards WHERE reps = 0 AND vocabulary_id IN
            (SELECT id FROM vocabulary WHERE kind = 'marked')
        """,
    )
