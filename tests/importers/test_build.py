"""One set of rules turns the fields every importer found into a Post or a Comment."""

from __future__ import annotations

from typing import Any

import pytest

from companion.importers import build
from companion.importers.limits import MAX_BODY
from companion.store.models import Image, MediaKind


def found(**fields: Any) -> dict[str, Any]:
    return {"source": "xhs", "source_id": " n1 ", "title": "探店", "body": "今天去探店", **fields}


@pytest.mark.parametrize(
    ("fields", "attribute", "value"),
    [
        ({}, "source_id", "n1"),
        ({"author": "  小红薯 "}, "author", "小红薯"),
        ({"author": None}, "author", ""),
        ({"author_id": 12345}, "author_id", "12345"),
        ({"likes": "1.2万"}, "likes", 12_000),
        ({"collects": "10万+"}, "collects", 100_000),
        ({"comments_count": None}, "comments_count", 0),
        ({"shares": -3}, "shares", 0),
        ({"url": " https://example.com/n1 "}, "url", "https://example.com/n1"),
        ({"category": " food "}, "category", "food"),
        ({"title": ""}, "title", "今天去探店"),  # untitled: the body's first line
        ({"title": "  好吃 "}, "title", "好吃"),
        ({"media": "视频"}, "media", MediaKind.VIDEO),
        ({"media": "normal"}, "media", MediaKind.IMAGES),
        ({"media": None}, "media", MediaKind.UNKNOWN),
        ({"media": MediaKind.VIDEO}, "media", MediaKind.VIDEO),
        ({"tags": [" 美食 ", "", "探店"]}, "tags", ("美食", "探店")),
        ({"tags": []}, "tags", ()),  # the export says: no tags
        ({"body": "好吃 #美食[话题]# #探店[话题]#"}, "tags", ("美食", "探店")),  # none: #topics
        (
            {"images": [Image(url="https://example.com/1.jpg")]},
            "images",
            (Image(url="https://example.com/1.jpg"),),
        ),
        ({"translations": {" 好吃 ": " Tasty "}}, "translations", {"好吃": "Tasty"}),
        ({"translations": None}, "translations", {}),
        ({"published": "2024-04-30T18:20:00"}, "published", "2024-04-30T18:20:00"),
    ],
)
def test_post(fields: dict[str, Any], attribute: str, value: object) -> None:
    assert getattr(build.post(**found(**fields)), attribute) == value


def test_topics_are_read_within_the_body_limit() -> None:
    body = "好" * MAX_BODY + " #美食[话题]#"
    assert build.post(**found(body=body)).tags == ()


@pytest.mark.parametrize(
    ("fields", "attribute", "value"),
    [
        ({"source_id": 7}, "source_id", "7"),
        ({"parent_id": None}, "parent_id", None),
        ({"parent_id": ""}, "parent_id", None),
        ({"parent_id": " c1 "}, "parent_id", "c1"),
        ({"likes": "3k"}, "likes", 3_000),
        ({"author": None}, "author", ""),
        ({"location": " 上海 "}, "location", "上海"),
    ],
)
def test_comment(fields: dict[str, Any], attribute: str, value: object) -> None:
    comment = build.comment(**{"source_id": "c2", "text": "绝绝子", **fields})
    assert getattr(comment, attribute) == value
