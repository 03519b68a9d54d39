"""Builders for export files exactly as the RedNote tools write them (field lists from their code).

MediaCrawler (xhs store): notes and comments in separate JSON / JSONL / CSV files.
XHS-Downloader: ExploreData.db with the explore_data table and Chinese column names.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

NOTE_FIELDS = [
    "note_id",
    "type",
    "title",
    "desc",
    "video_url",
    "time",
    "last_update_time",
    "user_id",
    "nickname",
    "avatar",
    "liked_count",
    "collected_count",
    "comment_count",
    "share_count",
    "ip_location",
    "image_list",
    "tag_list",
    "last_modify_ts",
    "note_url",
    "source_keyword",
    "xsec_token",
]
COMMENT_FIELDS = [
    "comment_id",
    "create_time",
    "ip_location",
    "note_id",
    "content",
    "user_id",
    "nickname",
    "avatar",
    "sub_comment_count",
    "pictures",
    "parent_comment_id",
    "last_modify_ts",
    "like_count",
]
EXPLORE_COLUMNS = [
    "采集时间",
    "作品ID",
    "作品类型",
    "作品标题",
    "作品描述",
    "作品标签",
    "发布时间",
    "最后更新时间",
    "收藏数量",
    "评论数量",
    "分享数量",
    "点赞数量",
    "作者昵称",
    "作者ID",
    "作者链接",
    "作品链接",
    "下载地址",
    "动图地址",
]


SIGNATURES = {
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "avif": b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00",
    "heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00",
    "mp4": b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00",
}


def media_bytes(kind: str, tag: str = "") -> bytes:
    """Bytes that start like a real file of this kind (what content sniffing reads), then tag."""
    return SIGNATURES[kind] + tag.encode() + b"\x00" * 16


def note(n: int, **overrides: Any) -> dict[str, Any]:
    """A MediaCrawler note record."""
    record = {
        "note_id": f"64a{n:07d}",
        "type": "normal",
        "title": f"上海探店第{n}家｜这家咖啡绝绝子☕️",
        "desc": f"宝子们！今天去了第{n}家咖啡店，拿铁真的好喝😋 #上海探店[话题]# #咖啡[话题]#",
        "video_url": "",
        "time": 1_714_000_000_000 + n * 60_000,
        "last_update_time": 1_714_000_000_000 + n * 60_000,
        "user_id": f"5f{n:06d}",
        "nickname": f"咖啡小怪兽{n}",
        "avatar": "https://sns-avatar.example/avatar.jpg",
        "liked_count": "1.2万" if n % 2 else str(n * 3),
        "collected_count": "3千",
        "comment_count": "12",
        "share_count": "",
        "ip_location": "上海",
        "image_list": f"https://sns-img.example/{n}/1.jpg,https://sns-img.example/{n}/2.jpg",
        "tag_list": "上海探店,咖啡",
        "last_modify_ts": 1_714_000_000_000,
        "note_url": f"https://www.xiaohongshu.com/explore/64a{n:07d}",
        "source_keyword": "咖啡",
        "xsec_token": "ABxyz",
    }
    record.update(overrides)
    return record


def comment(n: int, note_id: str, parent: str = "0", **overrides: Any) -> dict[str, Any]:
    """A MediaCrawler comment record (parent_comment_id 0 for a top-level comment)."""
    record = {
        "comment_id": f"c{note_id}-{n}",
        "create_time": 1_714_000_100_000 + n,
        "ip_location": "北京",
        "note_id": note_id,
        "content": f"求店名！第{n}条评论🤩",
        "user_id": f"u{n}",
        "nickname": f"路人{n}",
        "avatar": "",
        "sub_comment_count": "0",
        "pictures": "",
        "parent_comment_id": parent,
        "last_modify_ts": 0,
        "like_count": "5",
    }
    record.update(overrides)
    return record


def write_json(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False, indent=4), encoding="utf-8")
    return path


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def write_csv(path: Path, records: list[dict[str, Any]], encoding: str = "utf-8-sig") -> Path:
    fieldnames = list(records[0]) if records else NOTE_FIELDS
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(records)
    return path


def explore_row(n: int, **overrides: Any) -> dict[str, Any]:
    row = {
        "采集时间": "2024-05-01 12:00:00",
        "作品ID": f"65b{n:07d}",
        "作品类型": "图文",
        "作品标题": f"成都旅游攻略{n}｜三天两夜",
        "作品描述": f"家人们，成都真的太好玩了！第{n}天去了宽窄巷子。#成都旅游[话题]#",
        "作品标签": "成都旅游 旅行攻略",
        "发布时间": "2024-04-30_18:20:00",
        "最后更新时间": "2024-04-30_18:20:00",
        "收藏数量": "2.3万",
        "评论数量": "456",
        "分享数量": "78",
        "点赞数量": "10万+",
        "作者昵称": f"旅行的猫{n}",
        "作者ID": f"6c{n:06d}",
        "作者链接": "https://www.xiaohongshu.com/user/profile/x",
        "作品链接": f"https://www.xiaohongshu.com/explore/65b{n:07d}",
        "下载地址": f"https://ci.example/{n}/a https://ci.example/{n}/b",
        "动图地址": "NaN",
    }
    row.update(overrides)
    return row


def write_explore_db(path: Path, rows: list[dict[str, Any]]) -> Path:
    conn = sqlite3.connect(path)
    columns = ", ".join(f'"{c}" TEXT' for c in EXPLORE_COLUMNS)
    conn.execute(f"CREATE TABLE explore_data ({columns})")
    marks = ", ".join("?" * len(EXPLORE_COLUMNS))
    conn.executemany(
        f"INSERT INTO explore_data VALUES ({marks})",
        [[r.get(c) for c in EXPLORE_COLUMNS] for r in rows],
    )
    conn.commit()
    conn.close()
    return path
