"""The database schema as numbered migrations (sqlite-utils ``Migrations``); never edit a
released step, add a new one.

Post text is searched with FTS5. Chinese has no spaces, so the indexed copy of each post spells
every Han character as its own token (``火锅店`` → ``火 锅 店``) and a query becomes a phrase
of characters: any substring of any length matches, which jieba-segmented indexing would miss.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

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
