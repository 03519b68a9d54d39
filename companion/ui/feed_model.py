"""The rows the feed paints, as plain values (no Qt): posts in order, their display titles and
estimated title widths, the cover shape of each card, and each cover resolved to a local file.

The widget gets its posts from the window (which reads them through the Library on the database
thread) and measures text with Qt; this model only holds what it was given and what covers taught
it: a decoded cover's real shape is remembered per (post, cover), so a later refresh of the feed
lays the card out right away instead of reshaping it when the cover arrives again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from companion.importers.images import is_remote
from companion.store.listing import Difficulty
from companion.store.posts import PostSummary
from companion.ui.masonry import PORTRAIT

CoverPath = Callable[[PostSummary], Path | None]
KNOWN_SHAPES = 50_000  # (post, cover) shapes remembered across refreshes


def no_cover(_post: PostSummary) -> Path | None:
    return None


class FeedModel:
    """Posts and per-card values, index-aligned; covers resolved lazily, once per card."""

    def __init__(self) -> None:
        self._posts: list[PostSummary] = []
        self._cover_fn: CoverPath = no_cover
        self.titles: list[str] = []  # display titles (characters no font can draw removed)
        self.title_widths: list[float] = []  # estimated px, one line
        self.aspects: list[float] = []  # cover height / width per card
        self._known_aspect: dict[tuple[int, str], float] = {}
        self._keys: dict[int, str | None] = {}  # index -> local cover file (resolved lazily)
        self._users: dict[str, set[int]] = {}  # cover file -> cards showing it
        self._clean: Callable[[str], str] = str
        self._advance: Callable[[str], float] = len

    def set_posts(
        self,
        posts: Sequence[PostSummary],
        cover_path: CoverPath,
        clean: Callable[[str], str],
        advance: Callable[[str], float],
    ) -> None:
        """Hold posts in order; clean() makes a title drawable, advance() estimates its width."""
        self._posts = list(posts)
        self._cover_fn = cover_path
        self._clean, self._advance = clean, advance
        known = self._known_aspect
        self.titles = [clean(p.title) for p in self._posts]
        self.title_widths = [advance(t) for t in self.titles]
        self.aspects = [known.get((p.id, p.cover), PORTRAIT) for p in self._posts]
        self._keys = {}
        self._users = {}

    def append_posts(self, posts: Sequence[PostSummary]) -> None:
        """Add the next page of posts after the ones held (same resolver and measures); the
        cards already held keep their values and resolved covers."""
        clean, advance = self._clean, self._advance
        known = self._known_aspect
        titles = [clean(p.title) for p in posts]
        self._posts.extend(posts)
        self.titles.extend(titles)
        self.title_widths.extend(advance(t) for t in titles)
        self.aspects.extend(known.get((p.id, p.cover), PORTRAIT) for p in posts)

    def __len__(self) -> int:
        return len(self._posts)

    def post(self, index: int) -> PostSummary:
        return self._posts[index]

    def posts(self) -> list[PostSummary]:
        return list(self._posts)

    def set_difficulties(self, found: Mapping[int, Difficulty]) -> list[int]:
        """Give the cards of these posts their difficulty now (a status changed); returns the
        indices of the cards whose badge changed."""
        changed = []
        for i, post in enumerate(self._posts):
            new = found.get(post.id)
            if new is not None and new != post.difficulty:
                self._posts[i] = replace(post, difficulty=new)
                changed.append(i)
        return changed

    def cover_key(self, index: int) -> str | None:
        """The local cover file of card index, or None for a text cover (no cover, a remote
        address, or a resolver that failed). Resolved once per card."""
        if index in self._keys:
            return self._keys[index]
        post = self._posts[index]
        path: Path | None = None
        if post.cover and not is_remote(post.cover):
            try:
                path = self._cover_fn(post)
            except Exception:  # a bad resolver gives a text cover, never a broken feed
                path = None
        key = None if path is None or is_remote(path) else str(path)
        self._keys[index] = key
        if key is not None:
            self._users.setdefault(key, set()).add(index)
        return key

    def users(self, key: str) -> list[int]:
        """The cards showing cover file key (among those resolved so far)."""
        return sorted(i for i in self._users.get(key, ()) if i < len(self._posts))

    def learn_aspect(self, key: str, aspect: float) -> bool:
        """Record the real shape of cover file key; True if some card changed shape."""
        changed = False
        for i in self.users(key):
            post = self._posts[i]
            self._known_aspect[(post.id, post.cover)] = aspect
            if abs(self.aspects[i] - aspect) > 1e-3:
                self.aspects[i] = aspect
                changed = True
        while len(self._known_aspect) > KNOWN_SHAPES:
            del self._known_aspect[next(iter(self._known_aspect))]
        return changed
