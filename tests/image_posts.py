"""Posts with pictures holding text, for the text-in-pictures tests: a sample cover (its title in
big type over a pastel background), copied next to a companion-posts file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from companion.library import Library
from companion.resources import resource_path
from companion.store.database import write_transaction

COVER = "samples/covers/sample-food-01.jpg"
"""A cover reading 美食·入门 / 上海探店 / 这家小笼包 / 我能吃三笼！ / @爱吃的小满."""


def write_posts(folder: Path, pictures: dict[str, list[str]]) -> Path:
    """A companion-posts file in folder: one post per source id with the named pictures
    (``cover.jpg``: the sample cover; ``sample-….jpg``: that sample cover; any other name:
    a damaged file of its own)."""
    folder.mkdir(parents=True, exist_ok=True)
    for names in pictures.values():
        for name in names:
            if name == "cover.jpg":
                shutil.copyfile(resource_path(COVER), folder / name)
            elif name.startswith("sample-"):
                shutil.copyfile(resource_path(f"samples/covers/{name}"), folder / name)
            else:
                (folder / name).write_bytes(b"\xff\xd8\xff\xe0 not a jpeg: " + name.encode())
    posts = [
        {"source_id": source_id, "title": f"帖子{source_id}", "body": "正文", "images": names}
        for source_id, names in pictures.items()
    ]
    path = folder / "posts.json"
    document = {"format": "companion-posts", "version": 1, "posts": posts}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def without_samples(library: Library) -> None:
    """Mark the sample corpus as seeded, so the app opening this library adds no samples (and
    reads none of their covers)."""
    with write_transaction(library.db):
        library.meta.set("samples_seeded", "1")
