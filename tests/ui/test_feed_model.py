"""The rows the feed paints (no Qt): covers resolved once and never remote, shapes remembered."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from companion.store.posts import PostSummary
from companion.ui.feed_model import FeedModel
from companion.ui.masonry import LANDSCAPE, PORTRAIT


def post(i: int, cover: str = "", title: str = "标题") -> PostSummary:
    return PostSummary(
        id=i, source="xhs", source_id=f"n{i}", title=title, author="", likes=0, tags=(),
        difficulty=None, cover=cover,
    )  # fmt: skip


def resolver(root: Path):  # type: ignore[no-untyped-def]
    def resolve(p: PostSummary) -> Path | None:
        if p.cover == "boom.jpg":
            raise OSError("the resolver failed")
        if p.cover.startswith("naive:"):
            return Path(p.cover.removeprefix("naive:"))  # hands an address through unchecked
        return root / p.cover

    return resolve


@pytest.mark.parametrize(
    ("cover", "key"),
    [
        ("", None),  # no cover: a text cover
        ("https://sns-img.example.com/a.jpg", None),  # an address is never resolved nor fetched
        ("//sns-img.example.com/a.jpg", None),
        ("naive:https://sns-img.example.com/a.jpg", None),  # nor one the resolver returns
        ("boom.jpg", None),  # a failing resolver gives a text cover, not a broken feed
        ("images/1.jpg", "/data/images/1.jpg"),
    ],
)
def test_cover_keys(cover: str, key: str | None) -> None:
    model = FeedModel()
    model.set_posts([post(1, cover)], resolver(Path("/data")), str, len)
    assert model.cover_key(0) == key


def test_titles_are_cleaned_and_measured_by_what_the_widget_passes() -> None:
    model = FeedModel()
    model.set_posts([post(1, title="ab😋"), post(2, title="")], str, lambda t: t[:2], len)
    assert model.titles == ["ab", ""]
    assert model.title_widths == [2, 0]


def test_a_cover_shape_is_learnt_for_every_card_showing_it_and_kept_across_refreshes() -> None:
    model = FeedModel()
    posts = [post(1, "a.jpg"), post(2, "a.jpg"), post(3, "b.jpg")]
    model.set_posts(posts, resolver(Path("/d")), str, len)
    assert model.aspects == [PORTRAIT] * 3
    keys = [model.cover_key(i) for i in range(3)]
    assert model.users(keys[0]) == [0, 1]
    assert model.learn_aspect(keys[0], LANDSCAPE) is True
    assert model.aspects == [LANDSCAPE, LANDSCAPE, PORTRAIT]
    assert model.learn_aspect(keys[0], LANDSCAPE) is False  # nothing changed shape
    # a refresh (new order, one cover changed) lays the known shapes out at once
    model.set_posts(
        [posts[1], replace(posts[0], cover="c.jpg"), posts[2]], lambda _p: None, str, len
    )
    assert model.aspects == [LANDSCAPE, PORTRAIT, PORTRAIT]
