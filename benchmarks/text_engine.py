"""Text-engine benchmarks: annotate throughput vs raw jieba, post latency, lookups, start-up."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.report import Row
from benchmarks.timing import best_of, median_in_fresh_process

REPO = Path(__file__).resolve().parent.parent
EVAL_DIR = REPO.parent / "shared" / "eval" / "cpp"
SAMPLE_POSTS = REPO / "companion" / "resources" / "samples" / "posts.json"

REDNOTE_STYLE = (
    "宝子们！今天终于去打卡了这家超火的火锅店😋 #成都美食[话题]#\n"
    "人均才100块，性价比真的绝绝子！！服务员小姐姐超级热情，还送了我们一份冰粉[赞R]\n"
    "毛肚和鸭肠都很新鲜，锅底是牛油的，辣度可以选，我这种不太能吃辣的i人也觉得刚刚好。\n"
    "唯一要避雷的就是排队，周末晚上等了快一个小时，建议工作日去～\n"
    "总之无限回购！家人们冲鸭🔥 @小红薯 #探店[话题]# #火锅[话题]#\n"
)


def corpus_text() -> str:
    """Realistic mixed text: the sample posts if present, RedNote-style prose, eval sentences."""
    parts = []
    if SAMPLE_POSTS.is_file():
        import json

        posts = json.loads(SAMPLE_POSTS.read_text(encoding="utf-8"))["posts"]
        for post in posts:
            parts.append(post["title"] + "\n" + post["body"])
            parts.extend(c["text"] for c in post.get("comments", []))
    parts.append(REDNOTE_STYLE * 20)
    sentences = EVAL_DIR / "dev.sent"
    if sentences.is_file():
        lines = sentences.read_text(encoding="utf-8").replace("▁", "").splitlines()
        parts.append("".join(lines[:2000]))
    return "\n".join(parts)


def run(cache_dir: Path) -> list[Row]:
    import jieba

    from companion.language.annotate import Annotator

    rows: list[Row] = []
    text = corpus_text()
    annotator = Annotator(cache_dir)
    annotator.warm_up()
    jieba.setLogLevel(60)
    jieba.initialize()
    annotator.annotate(text)  # warm every cache once, as a reader who has seen words before
    jieba.lcut(text)

    ours = best_of(lambda: annotator.annotate(text), repeat=3)
    base = best_of(lambda: jieba.lcut(text), repeat=3)
    rows.append(
        Row(
            f"annotate throughput, {len(text):,} chars (k chars/s)",
            len(text) / ours / 1000,
            len(text) / base / 1000,
            "jieba.lcut",
            higher_is_better=True,
            target="ratio >= 0.50",
            ok=(base / ours) >= 0.5,
        )
    )

    post = (REDNOTE_STYLE * 10)[:2000]
    fresh = Annotator(cache_dir)
    fresh.warm_up()
    fresh.annotate(REDNOTE_STYLE)  # warm, but this exact post not cached
    ours_post = best_of(lambda: fresh.annotate(post), repeat=7)
    base_post = best_of(lambda: jieba.lcut(post), repeat=7)
    rows.append(
        Row(
            "annotate one 2,000-char post, warm (ms)",
            ours_post * 1000,
            base_post * 1000,
            "jieba.lcut",
            target="< 40 ms",
            ok=ours_post < 0.040,
        )
    )

    words = sorted({t.text for t in annotator.annotate(text).tokens if t.is_chinese})[:3000]
    dictionary = annotator.dictionary
    start = time.perf_counter()
    for word in words:
        dictionary._lookup(word)  # uncached path: a real SQLite query per word
    per_lookup = (time.perf_counter() - start) / len(words)
    start = time.perf_counter()
    for word in words:
        dictionary.entries(word)
    per_cached = (time.perf_counter() - start) / len(words)
    rows.append(
        Row(
            "dictionary lookup, uncached / cached (µs)",
            per_lookup * 1e6,
            per_cached * 1e6,
            "in-memory cache",
            target="< 1000 µs",
            ok=per_lookup < 0.001,
        )
    )

    rows.append(_startup_row(cache_dir))
    return rows


_READY = """
import sys, time
t = time.perf_counter()
from pathlib import Path
from companion.language.annotate import Annotator
a = Annotator(Path(sys.argv[1])); a.warm_up(); a.annotate("你好，世界")
print(time.perf_counter() - t)
"""
_JIEBA_READY = """
import time
t = time.perf_counter()
import jieba
jieba.setLogLevel(60); jieba.initialize(); jieba.lcut("你好，世界")
print(time.perf_counter() - t)
"""


def _startup_row(cache_dir: Path) -> Row:
    """Engine ready in a fresh process, after a first run built the caches."""

    ours = median_in_fresh_process(_READY, str(cache_dir))
    base = median_in_fresh_process(_JIEBA_READY)
    return Row(
        "engine ready from a cold process (s)",
        ours,
        base,
        "jieba.initialize",
        target="< 1.5 s",
        ok=ours < 1.5,
    )


def main() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        return run(Path(tmp))
