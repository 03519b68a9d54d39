"""The feed's paging: the first page of a listing and its count from one database job, the
following pages as the user scrolls, and answers for a listing no longer shown dropped.

Each page is one indexed query (``PostStore.list`` with an offset) and the count comes from the
kept aggregates (``PostStore.count_matching``), so showing the feed costs the same whatever the
size of the library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from companion.library import Library
from companion.store.posts import Order, PostSummary
from companion.ui.feed import CoverPath, FeedWidget

PAGE = 300
"""Posts read per page: a few screens of cards, read in a few milliseconds."""

Db = Callable[..., Any]  # MainWindow.db: run fn(library) on the database thread


@dataclass(frozen=True)
class Listing:
    """What the feed lists: a search query, a tag and an order."""

    query: str = ""
    tag: str = ""
    order: Order = "newest"


class FeedPager:
    """Fills a FeedWidget page by page through ``db``; ``shown(total, listing)`` is called
    when a listing's first page is on screen."""

    def __init__(
        self,
        db: Db,
        feed: FeedWidget,
        cover_path: Callable[[], CoverPath],
        shown: Callable[[int, Listing], None],
        page: int = PAGE,
    ) -> None:
        self._db, self._feed, self._cover_path, self._shown = db, feed, cover_path, shown
        self.page = page
        self._listing = Listing()
        self._generation = 0
        self.total = 0
        feed.more_wanted.connect(self._more)

    def refresh(self, listing: Listing) -> None:
        """List anew (scrolled to the top): the first page and the count in one job."""
        self._generation += 1
        generation, page = self._generation, self.page

        def read(lib: Library) -> tuple[list[PostSummary], int]:
            return lib.posts.first_page(
                query=listing.query, tag=listing.tag, order=listing.order, limit=page
            )

        def got(result: tuple[list[PostSummary], int]) -> None:
            if generation != self._generation:
                return  # a newer listing was asked for meanwhile
            posts, total = result
            self._listing, self.total = listing, total
            self._feed.set_posts(posts, self._cover_path(), has_more=len(posts) < total)
            self._shown(total, listing)

        self._db(read, on_success=got)

    def refresh_badges(self) -> None:
        """Read the difficulty of the posts shown again and repaint their badges in place
        (statuses changed: the listing and its scroll position stay)."""
        ids = [post.id for post in self._feed.posts()]
        if ids:
            self._db(lambda lib: lib.post_difficulties(ids), on_success=self._feed.set_difficulties)

    def _more(self) -> None:
        generation, listing, offset = self._generation, self._listing, len(self._feed.model())

        def got(posts: list[PostSummary]) -> None:
            if generation != self._generation or offset != len(self._feed.model()):
                return
            more = bool(posts) and offset + len(posts) < self.total
            self._feed.append_posts(posts, has_more=more)

        self._db(
            lambda lib: lib.posts.list(
                query=listing.query,
                tag=listing.tag,
                order=listing.order,
                limit=self.page,
                offset=offset,
            ),
            on_success=got,
        )
