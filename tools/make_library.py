"""Generate a big, realistic library for benchmarks: ``python -m tools.make_library DATA_DIR``.

``--posts 20000 --words 10000`` makes posts in RedNote style (titles, bodies and comments mixed
from the bundled sample posts and typical phrases, tags, remote cover URLs), a difficulty row
for most posts and saved words with statuses. The library is created and migrated by
``Library`` itself, the first posts go through ``PostStore.save`` and ``VocabularyStore.add``
(so the real code paths are exercised), and the rest is written in bulk through the same
connection in one write transaction, including the full-text rows, spelled by the store's own
``index_text``. The output depends only on the arguments and the seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from companion.library import Library
from companion.paths import DataDir
from companion.resources import resource_path
from companion.store.database import write_transaction
from companion.store.models import Comment, Image, MediaKind, Post, WordStatus
from companion.store.search import index_text

REAL_POSTS = 50  # posts saved through PostStore.save
REAL_WORDS = 50  # words saved through VocabularyStore.add
BATCH = 2_000
PHRASES = (
    "宝子们！今天终于去打卡了这家超火的火锅店😋",
    "人均才100块，性价比真的绝绝子！！服务员小姐姐超级热情[赞R]",
    "毛肚和鸭肠都很新鲜，锅底是牛油的，辣度可以选。",
    "唯一要避雷的就是排队，周末晚上等了快一个小时，建议工作日去～",
    "总之无限回购！家人们冲鸭🔥",
    "这个颜值我真的爱了，拍照超级出片📷",
    "救命，谁懂啊，这也太好吃了吧！",
    "打工人的快乐就是这么简单[哭惹R]",
    "姐妹们一定要试试，不踩雷！",
    "地铁站出来走五分钟就到，交通很方便。",
)
TAGS = (
    "探店", "美食", "火锅", "成都美食", "上海美食", "穿搭", "日常", "旅行", "咖啡", "学习",
    "护肤", "好物分享", "周末去哪儿", "减脂餐", "猫咪", "读书", "健身", "家居", "摄影", "vlog",
)  # fmt: skip
CITIES = ("上海", "北京", "成都", "广州", "杭州", "深圳", "重庆", "南京")


def _samples() -> list[dict[str, object]]:
    data = json.loads(resource_path("samples", "posts.json").read_text(encoding="utf-8"))
    return list(data["posts"])


class Maker:
    """Deterministic post and word values from a seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        samples = _samples()
        self.lines = [
            line for s in samples for line in str(s["body"]).splitlines() if line.strip()
        ] + list(PHRASES)
        self.titles = [str(s["title"]) for s in samples]
        self.comments = [
            str(c["text"])
            for s in samples
            for c in s.get("comments", [])  # type: ignore[attr-defined]
        ] or list(PHRASES)

    def post(self, n: int) -> Post:
        rng = self.rng
        body = "\n".join(rng.sample(self.lines, rng.randint(3, 8)))
        comments = tuple(
            Comment(
                source_id=f"c{n}-{i}",
                text=rng.choice(self.comments),
                author=f"小红薯{rng.randrange(10_000):04X}",
                likes=rng.randrange(200),
                location=rng.choice(CITIES),
            )
            for i in range(rng.randint(0, 6))
        )
        day, minute = divmod(n * 37, 1440)
        return Post(
            source="xhs",
            source_id=f"gen{n:07d}",
            title=f"{rng.choice(self.titles)[:18]}｜第{n}篇",
            body=body,
            author=f"博主{n % 997}",
            author_id=f"u{n % 997}",
            published=f"{2020 + day // 365 % 7}-{day % 12 + 1:02d}-{day % 28 + 1:02d}"
            f"T{minute // 60:02d}:{minute % 60:02d}:00+08:00",
            location=rng.choice(CITIES),
            likes=rng.randrange(100_000),
            collects=rng.randrange(10_000),
            comments_count=len(comments),
            shares=rng.randrange(500),
            url=f"https://www.xiaohongshu.com/explore/gen{n:07d}",
            media=MediaKind.IMAGES,
            tags=tuple(rng.sample(TAGS, rng.randint(1, 4))),
            images=tuple(
                Image(url=f"https://img.example/gen{n:07d}/{i}.jpg")
                for i in range(rng.randint(1, 4))
            ),
            comments=comments,
        )

    def difficulty(self) -> tuple[int, int, int, str, float]:
        rng = self.rng
        tokens = rng.randint(20, 300)
        known = rng.randint(0, tokens)
        mix = {str(level): round(rng.random() / 6, 3) for level in range(1, 7)}
        return tokens, known, rng.randint(0, tokens - known), json.dumps(mix), rng.uniform(1, 6)


def _bulk_posts(library: Library, maker: Maker, first: int, last: int) -> None:
    """Posts first..last-1 written with executemany, as PostStore.save would store them."""
    conn = library.db.conn
    stamp = "2026-01-01T00:00:00+00:00"
    tag_ids = {}
    for name in TAGS:
        conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
        tag_ids[name] = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()[0]
    next_id = (conn.execute("SELECT max(id) FROM posts").fetchone()[0] or 0) + 1
    for start in range(first, last, BATCH):
        posts = [maker.post(n) for n in range(start, min(last, start + BATCH))]
        ids = range(next_id, next_id + len(posts))
        next_id += len(posts)
        conn.executemany(
            "INSERT INTO posts (id, source, source_id, title, body, author, author_id, published,"
            " location, likes, collects, comments_count, shares, url, category, level, media,"
            " video_url, imported_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (i, p.source, p.source_id, p.title, p.body, p.author, p.author_id, p.published,
                 p.location, p.likes, p.collects, p.comments_count, p.shares, p.url, p.category,
                 p.level, str(p.media), p.video_url, stamp, stamp)
                for i, p in zip(ids, posts, strict=True)
            ],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO images (post_id, position, url, local_path) VALUES (?, ?, ?, ?)",
            [
                (i, k, img.url, img.local_path)
                for i, p in zip(ids, posts, strict=True)
                for k, img in enumerate(p.images)
            ],
        )
        conn.executemany(
            "INSERT INTO post_tags (post_id, tag_id, position) VALUES (?, ?, ?)",
            [
                (i, tag_ids[t], k)
                for i, p in zip(ids, posts, strict=True)
                for k, t in enumerate(p.tags)
            ],
        )
        conn.executemany(
            "INSERT INTO comments (post_id, source_id, author, text, likes, published, location,"
            " position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (i, c.source_id, c.author, c.text, c.likes, c.published, c.location, k)
                for i, p in zip(ids, posts, strict=True)
                for k, c in enumerate(p.comments)
            ],
        )
        conn.executemany(
            "INSERT INTO posts_fts (rowid, title, body, comments) VALUES (?, ?, ?, ?)",
            [
                (
                    i,
                    index_text(p.title),
                    index_text(p.body),
                    index_text("\n".join(c.text for c in p.comments)),
                )
                for i, p in zip(ids, posts, strict=True)
            ],
        )


def _difficulty_rows(library: Library, maker: Maker, share: float) -> None:
    """A difficulty row for about `share` of the posts (the rest look not yet measured)."""
    conn = library.db.conn
    ids = [r[0] for r in conn.execute("SELECT id FROM posts ORDER BY id")]
    conn.executemany(
        "INSERT OR REPLACE INTO post_difficulty"
        " (post_id, tokens, known_tokens, unknown_words, hsk_mix, level, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00+00:00')",
        ((i, *maker.difficulty()) for i in ids if maker.rng.random() < share),
    )


def _words(count: int) -> Iterator[str]:
    """Distinct two- and three-character words from common characters."""
    chars = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会"
    n = 0
    for a in chars:
        for b in chars:
            for c in ("", *chars):
                if n >= count:
                    return
                yield a + b + c
                n += 1


def _saved_words(library: Library, count: int) -> None:
    """Saved words: the first through VocabularyStore.add, the rest in bulk; half with a status."""
    words = list(_words(count))
    for word in words[:REAL_WORDS]:
        library.vocabulary.add(word, pinyin="ci", definition=f"meaning of {word}", hsk=3)
    stamp = "2026-01-01T00:00:00+00:00"
    library.db.conn.executemany(
        "INSERT OR IGNORE INTO vocabulary (word, pinyin, definition, hsk, added_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        ((w, "ci", f"meaning of {w}", n % 6 + 1, stamp, stamp) for n, w in enumerate(words)),
    )
    library.vocabulary.set_status(words[::2], WordStatus.LEARNING)


def make_library(root: Path, posts: int, words: int, *, seed: int = 14) -> Library:
    """Create (or extend) the library at root with `posts` more posts and `words` saved words;
    returns it open."""
    library = Library(DataDir(root), seed_samples=False)
    maker = Maker(seed)
    real = min(posts, REAL_POSTS)
    with write_transaction(library.db):
        for n in range(real):
            library.posts.save(maker.post(n))
        _bulk_posts(library, maker, real, posts)
        _difficulty_rows(library, maker, 1.0)
        _saved_words(library, words)
    return library


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="the library's folder (created if missing)")
    parser.add_argument("--posts", type=int, default=20_000, help="posts to add (default 20000)")
    parser.add_argument("--words", type=int, default=10_000, help="saved words (default 10000)")
    parser.add_argument("--seed", type=int, default=14, help="random seed (default 14)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    library = make_library(args.data_dir, args.posts, args.words, seed=args.seed)
    library.close()
    took = time.perf_counter() - start
    print(f"{args.data_dir}: {args.posts:,} posts, {args.words:,} words in {took:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
