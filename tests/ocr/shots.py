"""Phone screenshots of a post written for these tests, drawn with tools/make_screenshots."""

from __future__ import annotations

import random
from pathlib import Path

from tools import make_screenshots as shots

POST = {
    "title": "雨天的小书店｜躲雨躲进了宝藏地方",
    "author": "雨天读书人",
    "body": [
        "下午突然下起大雨，随便推开一扇门，竟然是一家开了二十年的旧书店。",
        "老板泡了一壶茶，让我慢慢看，不买也没关系。",
        "最后挑了两本旧诗集，一共三十块。",
    ],
    "tags": ["书店", "雨天"],
    "comments": [
        {
            "author": "小满",
            "text": "在哪里呀？想去！",
            "likes": 12,
            "date": "10-02",
            "place": "浙江",
        },
        {
            "author": "阿木",
            "text": "这种店越来越少了",
            "likes": 0,
            "date": "10-03",
            "place": "上海",
        },
    ],
    "likes": 1024,
    "collects": 88,
    "comments_count": 2,
    "date": "10-01",
    "place": "上海",
}


def render(folder: Path, *, seed: int = 3) -> list[Path]:
    """The post's screens (a tall picture pushes the text to a second screen)."""
    rng = random.Random(seed)
    style = shots.Style(
        font=shots._fonts()[0], body=44, title=54, small=34, margin=48, leading=1.6, bold_title=1
    )
    page = shots.layout(POST, style, rng)
    paths = []
    for number, (image, _) in enumerate(shots.screens(page, POST, style, rng), start=1):
        path = folder / f"shot-{number}.png"
        image.save(path)
        paths.append(path)
    return paths
