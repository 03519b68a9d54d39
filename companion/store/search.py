"""Full-text search text for FTS5: every Han character its own token, queries as phrases.

SQLite's unicode61 tokenizer would index a run of Chinese as one token, so ``火锅`` could never
match ``这家火锅店``. Spacing the characters makes each a token; the query ``火锅`` becomes the
phrase ``"火 锅"``, which matches those two characters in sequence anywhere.
"""

from __future__ import annotations

import re

from companion.language.characters import HAN_RANGES

_HAN_RE = re.compile(f"([{HAN_RANGES}])")


def index_text(text: str) -> str:
    """Text as it is stored in the FTS index."""
    return _HAN_RE.sub(r" \1 ", text)


def match_query(query: str) -> str | None:
    """An FTS5 MATCH expression for a user's query (every term must match), or None if empty."""
    phrases = []
    for term in query.split():
        tokens = index_text(term).split()
        cleaned = " ".join(t.replace('"', '""') for t in tokens if t.strip('"'))
        if cleaned:
            phrases.append(f'"{cleaned}"')
    return " AND ".join(phrases) if phrases else None
