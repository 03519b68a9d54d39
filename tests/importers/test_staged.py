"""Items staged before an import's write transaction come back whole and in order."""

from __future__ import annotations

import pytest

from companion.importers.staged import BUDGET, Staged
from companion.store.models import Comment, Post


def _post(n: int) -> Post:
    return Post(
        source="test",
        source_id=f"p{n}",
        title=f"第{n}篇",
        body="火锅😋",
        comments=(Comment(f"c{n}", "好吃"),),
    )


@pytest.mark.parametrize(
    ("count", "size"),
    [(0, 1), (1, 1), (3, BUDGET - 1), (3, BUDGET), (7, BUDGET // 2 + 1)],
)
def test_staged_items_come_back_in_order(count: int, size: int) -> None:
    """In memory, or partly written out once their text passes the budget."""
    posts = [_post(n) for n in range(count)]
    with Staged[Post]() as staged:
        for post in posts:
            staged.add(post, size)
        assert staged.count == count
        assert list(staged) == posts
        assert list(staged) == posts  # and again
