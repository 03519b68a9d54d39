"""`companion posts list` writes each row as it is read: the same bytes as the whole list
printed at once (one JSON array with --json), in every order, with --limit, --tag, --search."""

from __future__ import annotations

import gc
import io
import json
import sys

import pytest

from companion.cli import main
from companion.library import Library
from companion.paths import DataDir
from companion.store.posts import PostSummary
from tools.make_library import make_library


class Writes(io.StringIO):
    """An output that counts its writes and, at the third, the posts alive in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0
        self.alive: int | None = None

    def write(self, text: str) -> int:
        self.writes += 1
        if self.writes == 3:
            self.alive = sum(isinstance(o, PostSummary) for o in gc.get_objects())
        return super().write(text)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    data = DataDir(tmp_path_factory.mktemp("generated"))
    make_library(data.root, 200, 20).close()
    Library(data).close()  # the samples seeded, as on a first run
    return data


CASES = [
    ([], {}),
    (["--sort", "readable"], {"order": "readable"}),
    (["--sort", "popular", "--limit", "17"], {"order": "popular", "limit": 17}),
    (["--sort", "recent", "--tag", "探店"], {"order": "recent", "tag": "探店"}),
    (["--tag", "探店"], {"tag": "探店"}),
    (["--search", "排队"], {"query": "排队"}),
    (["--search", "不存在的词"], {"query": "不存在的词"}),
]


@pytest.mark.parametrize(("args", "listing"), CASES)
def test_json_is_the_whole_array(
    generated: DataDir, args: list[str], listing: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = Writes()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["--data-dir", str(generated.root), "posts", "list", "--json", *args]) == 0
    with Library(generated, seed_samples=False) as lib:
        posts = lib.posts.list(**{"limit": 10_000, **listing})
    whole = json.dumps([p.to_json() for p in posts], ensure_ascii=False, separators=(",", ":"))
    assert out.getvalue() == whole + "\n"
    assert out.writes >= len(posts)
    if len(posts) > 10:  # written as read: not all held in memory before the first is out
        assert out.alive is not None and out.alive < 5


def test_text_lines_stream_too(generated: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    out = Writes()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["--data-dir", str(generated.root), "posts", "list", "--limit", "30"]) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 30 == out.writes
    assert out.alive is not None and out.alive < 5
