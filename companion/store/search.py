"""Full-text search text for FTS5: every Han character its own token, queries as phrases.

SQLite's unicode61 tokenizer would index a run of Chinese as one token, so ``火锅`` could never
match ``这家火锅店``. Spacing the characters makes each a token; the query ``火锅`` becomes the
phrase ``"火 锅"``, which matches those two characters in sequence anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from companion.language.characters import HAN_RANGES
from companion.store.connection import Database

_HAN_RE = re.compile(f"([{HAN_RANGES}])")
_MAX_CACHED = 100_000


class _Spacing(dict[int, str]):
    """str.translate's table: each Han character to itself between spaces, anything else to
    itself; filled as characters are first met (up to _MAX_CACHED of them), so translating
    runs at C speed."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = f" {char} " if _HAN_RE.fullmatch(char) else char
        if len(self) < _MAX_CACHED:
            self[code] = value
        return value


_SPACING = _Spacing()


def index_text(text: str) -> str:
    """Text as it is stored in the FTS index."""
    return text.translate(_SPACING)


def match_query(query: str) -> str | None:
    """An FTS5 MATCH expression for a user's query (every term must match), or None if empty."""
    phrases = []
    for term in query.split():
        tokens = index_text(term).split()
        cleaned = " ".join(t.replace('"', '""') for t in tokens if t.strip('"'))
        if cleaned:
            phrases.append(f'"{cleaned}"')
    return " AND ".join(phrases) if phrases else None


def reindex_texts(db: Database, post_ids: Collection[int]) -> None:
    """Rewrite the full-text rows of posts from what is stored (inside the caller's write
    transaction), in two bulk statements whatever their number."""
    conn = db.conn  # fts_text: index_text, registered by store.database as it connects
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS fts_ids (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM fts_ids")
    conn.executemany("INSERT OR IGNORE INTO fts_ids VALUES (?)", [(i,) for i in post_ids])
    conn.execute("DELETE FROM posts_fts WHERE rowid IN (SELECT id FROM fts_ids)")
    conn.execute(
        "INSERT INTO posts_fts (rowid, title, body, comments)"
        " SELECT p.id, fts_text(p.title), fts_text(p.body), fts_text(coalesce(("
        "  SELECT group_concat(text, char(10)) FROM (SELECT text FROM comments c"
        "   WHERE c.post_id = p.id ORDER BY c.position)), ''))"
        " FROM posts p WHERE p.id IN (SELECT id FROM fts_ids)"
    )
    conn.execute("DELETE FROM fts_ids")
