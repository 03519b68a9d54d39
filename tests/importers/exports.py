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


# -- MediaCrawler, by generation --------------------------------------------------------------
# Field lists and value types as store/xhs/__init__.py (update_xhs_note, update_xhs_note_comment)
# builds them, files as tools/async_file_writer.py names them, in NanmiCoder/MediaCrawler:
#   894dabc (2024-01-14): CSV only, data/xhs/search_contents_20240114.csv; no tag_list or
#     video_url, comments without parent_comment_id or like_count.
#   33e7ef0 (2024-12-05) .. a06273e^ (2026-06): NOTE_FIELDS / COMMENT_FIELDS above.
#   9f4f8bf (2026-07-01) .. d6f7c5b (2026-08-14): creator_hash (sha256 of the user id, 16 hex
#     digits) instead of user_id, nickname masked, no avatar or ip_location; files in
#     data/xhs/<kind>/search_contents_2026-08-14.<kind>.
NOTE_FIELDS_2024_01 = [
    "note_id",
    "type",
    "title",
    "desc",
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
    "last_modify_ts",
    "note_url",
]
COMMENT_FIELDS_2024_01 = [
    "comment_id",
    "create_time",
    "ip_location",
    "note_id",
    "content",
    "user_id",
    "nickname",
    "avatar",
    "sub_comment_count",
    "last_modify_ts",
]


def note_2024_01(n: int, **overrides: Any) -> dict[str, Any]:
    """A note as MediaCrawler 894dabc (2024-01-14) wrote it."""
    base = note(n)
    record = {k: base[k] for k in NOTE_FIELDS_2024_01}
    record["note_url"] = f"https://www.xiaohongshu.com/explore/{base['note_id']}"
    record.update(overrides)
    return record


def comment_2024_01(n: int, note_id: str, **overrides: Any) -> dict[str, Any]:
    base = comment(n, note_id)
    record = {k: base[k] for k in COMMENT_FIELDS_2024_01}
    record.update(overrides)
    return record


def creator_hash(user_id: str) -> str:
    """tools/user_hash.anonymize_user_id: the first 16 hex digits of the id's SHA-256."""
    import hashlib

    return hashlib.sha256(user_id.encode()).hexdigest()[:16]


def note_2026(n: int, **overrides: Any) -> dict[str, Any]:
    """A note as MediaCrawler 9f4f8bf (2026-07-01) .. d6f7c5b (2026-08-14) writes it."""
    base = note(n)
    note_id = base["note_id"]
    record = {
        "note_id": note_id,
        "type": "normal",
        "title": base["title"],
        "desc": base["desc"],
        "video_url": "",
        "time": base["time"],
        "last_update_time": base["last_update_time"],
        "creator_hash": creator_hash(base["user_id"]),
        "nickname": "咖***" + str(n)[-1],
        "liked_count": base["liked_count"],
        "collected_count": base["collected_count"],
        "comment_count": base["comment_count"],
        "share_count": "0",
        "image_list": base["image_list"],
        "tag_list": base["tag_list"],
        "last_modify_ts": 1_786_000_000_000,
        "note_url": f"https://www.xiaohongshu.com/explore/{note_id}?xsec_token=ABxyz"
        "&xsec_source=pc_search",
        "source_keyword": "咖啡",
        "xsec_token": "ABxyz",
    }
    record.update(overrides)
    return record


def comment_2026(n: int, note_id: str, parent: str = "", **overrides: Any) -> dict[str, Any]:
    """A comment as MediaCrawler 9f4f8bf .. d6f7c5b writes it (parent "" for top level)."""
    record = {
        "comment_id": f"c{note_id}-{n}",
        "create_time": 1_786_000_100_000 + n,
        "note_id": note_id,
        "content": f"求店名！第{n}条评论🤩",
        "creator_hash": creator_hash(f"u{n}"),
        "nickname": "路*",
        "sub_comment_count": 0,
        "pictures": "",
        "parent_comment_id": parent,
        "last_modify_ts": 1_786_000_000_000,
        "like_count": "5",
    }
    record.update(overrides)
    return record


def untitled(record: dict[str, Any]) -> dict[str, Any]:
    """A note without a title: MediaCrawler writes ``title or desc[:255]``."""
    return {**record, "title": record["desc"][:255]}


def video_note(n: int, record: dict[str, Any]) -> dict[str, Any]:
    """A video note: type "video", video_url as get_video_url_arr joins it, one cover image."""
    return {
        **record,
        "type": "video",
        "video_url": f"http://sns-video-bd.xhscdn.com/stream/{n}/origin",
        "image_list": f"https://sns-img.example/{n}/cover.jpg",
    }


MEDIACRAWLER_SQLITE_2025_09 = {
    # be306c6 (2025-09-06) database/models.py, file database/sqlite_tables.db
    "xhs_note": "id user_id nickname avatar ip_location add_ts last_modify_ts note_id type title"
    " desc video_url time last_update_time liked_count collected_count comment_count share_count"
    " image_list tag_list note_url source_keyword xsec_token",
    "xhs_note_comment": "id user_id nickname avatar ip_location add_ts last_modify_ts comment_id"
    " create_time note_id content sub_comment_count pictures parent_comment_id like_count",
}
MEDIACRAWLER_SQLITE_2026_07 = {
    # 9f4f8bf/a06273e (2026-07-01) .. d6f7c5b database/models.py
    "xhs_note": "id creator_hash nickname add_ts last_modify_ts note_id type title desc video_url"
    " time last_update_time liked_count collected_count comment_count share_count image_list"
    " tag_list note_url source_keyword xsec_token",
    "xhs_note_comment": "id creator_hash nickname add_ts last_modify_ts comment_id create_time"
    " note_id content sub_comment_count pictures parent_comment_id like_count",
}


def write_mediacrawler_sqlite(
    path: Path,
    notes: list[dict[str, Any]],
    comments: list[dict[str, Any]],
    tables: dict[str, str] = MEDIACRAWLER_SQLITE_2026_07,
) -> Path:
    """MediaCrawler's SQLite store as XhsDbStoreImplement fills it: counts through str(),
    image_list, tag_list and pictures through json.dumps() of the comma-joined string."""
    conn = sqlite3.connect(path)
    for table, columns in tables.items():
        names = columns.split()
        conn.execute(f"CREATE TABLE {table} ({', '.join(f'`{c}`' for c in names)})")
    encoded = {"image_list", "tag_list", "pictures"}
    counted = {"liked_count", "collected_count", "comment_count", "share_count"}
    for table, rows in (("xhs_note", notes), ("xhs_note_comment", comments)):
        names = tables[table].split()[1:]
        for row in rows:
            values = [
                json.dumps(row.get(c))
                if c in encoded
                else str(row.get(c))
                if c in counted
                else 1_786_000_000_000
                if c == "add_ts"
                else row.get(c)
                for c in names
            ]
            conn.execute(
                f"INSERT INTO {table} ({', '.join(f'`{c}`' for c in names)})"
                f" VALUES ({', '.join('?' * len(names))})",
                values,
            )
    conn.commit()
    conn.close()
    return path


# -- XHS-Downloader, by version -----------------------------------------------------------------
# JoeanAmier/XHS-Downloader: source/module/recorder.py (DataRecorder.DATA_TABLE), source/
# application/app.py (save_data, __naming_rules), download.py (file names), settings.py.
#   f607be0 (v1.9, 2024-03-15): columns with IP归属地 and without 动图地址; files named
#     "{发布时间 with . for :}_{作者昵称}_{作品标题[:64]}" (+ "_N" per image), default PNG.
#   cfc064f (2026-08-04): EXPLORE_COLUMNS above; name_format "发布时间 作者昵称 作品标题" joined
#     by "_", shortened to "start...end" past 128 columns; images "_N.<jpeg|png|webp|avif|heic>"
#     by their signature, a video "<name>.mp4"; Volume/settings.json, Volume/ExploreID.db,
#     Volume/MappingData.db, Volume/Download/ExploreData.db, note_format <name>.md / .txt.
EXPLORE_COLUMNS_V1_9 = [
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
    "IP归属地",
    "作者链接",
    "作品链接",
    "下载地址",
]


def explore_row_v1_9(n: int, **overrides: Any) -> dict[str, Any]:
    row = {k: v for k, v in explore_row(n).items() if k in EXPLORE_COLUMNS_V1_9}
    row["IP归属地"] = "四川"
    row.update(overrides)
    return row


def write_explore_db_v1_9(path: Path, rows: list[dict[str, Any]]) -> Path:
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE explore_data ("
        + ",".join(
            f"{c} TEXT PRIMARY KEY" if c == "作品ID" else f"{c} TEXT" for c in EXPLORE_COLUMNS_V1_9
        )
        + ")"
    )
    marks = ", ".join("?" * len(EXPLORE_COLUMNS_V1_9))
    conn.executemany(
        f"INSERT INTO explore_data VALUES ({marks})",
        [[r.get(c) for c in EXPLORE_COLUMNS_V1_9] for r in rows],
    )
    conn.commit()
    conn.close()
    return path


def _width(text: str) -> int:
    """truncate.py counts a character whose Unicode name says CJK as two columns."""
    import unicodedata

    return sum(2 if "CJK" in unicodedata.name(ch, "") else 1 for ch in text)


def _truncate(text: str, length: int) -> str:
    out, count = "", 0
    for ch in text:
        count += _width(ch)
        if count > length:
            break
        out += ch
    return out


def _beautify(text: str, length: int) -> str:
    """truncate.beautify_string: text past ``length`` columns becomes "start...end"."""
    if _width(text) <= length:
        return text
    half = length // 2
    return f"{_truncate(text, half)}...{_truncate(text[::-1], half)[::-1]}"


def _filter_name(text: str) -> str:
    """Cleaner.filter_name for the characters fixtures use: ':' → '.', emoji dropped."""
    text = text.replace(":", ".")
    text = "".join(ch for ch in text if not ("\U0001f000" <= ch <= "\U0001faff" or ch == "\ufe0f"))
    return text.strip().strip(".").strip("_")


def download_name(row: dict[str, Any]) -> str:
    """app.py __naming_rules with the default name_format "发布时间 作者昵称 作品标题"."""
    title = _beautify(_filter_name(row["作品标题"]), 64) or row["作品ID"]
    parts = (row["发布时间"].replace(":", "."), row["作者昵称"], title)
    return _beautify(_filter_name("_".join(parts)), 128)


def download_name_v1_9(row: dict[str, Any]) -> str:
    """v1.9 __naming_rules: f"{time}_{author}_{title[:64]}"."""
    title = _filter_name(row["作品标题"]) or row["作品ID"]
    return f"{row['发布时间'].replace(':', '.')}_{row['作者昵称']}_{title[:64]}"


def api_response(row: dict[str, Any], urls: list[str]) -> dict[str, Any]:
    """What POST /xhs/detail returns (ExtractData) with record_data off, the default: the note
    keeps 时间戳 (epoch seconds) and lists 下载地址 and 动图地址."""
    data = {k: v for k, v in row.items() if k not in ("采集时间", "下载地址", "动图地址")}
    data["时间戳"] = 1_714_472_400.0
    data["下载地址"] = urls
    data["动图地址"] = [None] * len(urls)
    return {
        "message": "获取小红书作品数据成功",
        "params": {
            "url": row["作品链接"],
            "download": False,
            "index": None,
            "cookie": None,
            "proxy": None,
            "skip": False,
        },
        "data": data,
    }


def write_volume(root: Path, rows: list[dict[str, Any]], name_format: str = "") -> Path:
    """XHS-Downloader's Volume folder: its settings and record databases beside Download/."""
    volume = root / "Volume"
    download = volume / "Download"
    download.mkdir(parents=True)
    settings = {
        "mapping_data": {},
        "work_path": "",
        "folder_name": "Download",
        "name_format": name_format or "发布时间 作者昵称 作品标题",
        "cookie": "",
        "proxy": None,
        "timeout": 10,
        "record_data": True,
        "image_format": "JPEG",
        "folder_mode": False,
        "note_format": "all",
    }
    (volume / "settings.json").write_text(
        json.dumps(settings, ensure_ascii=False, indent=4), encoding="utf-8"
    )
    for name, table in (("ExploreID.db", "explore_id"), ("MappingData.db", "mapping_data")):
        conn = sqlite3.connect(volume / name)
        conn.execute(f"CREATE TABLE {table} (ID TEXT PRIMARY KEY, NAME TEXT)")
        conn.execute(f"INSERT INTO {table} VALUES (?, ?)", (rows[0]["作品ID"], "x"))
        conn.commit()
        conn.close()
    write_explore_db(download / "ExploreData.db", rows)
    for row in rows:  # note_format "all": NoteGenerator's md and txt beside the files
        name = download_name(row)
        (download / f"{name}.md").write_text(
            f"## 📝 作品信息\n- **作品ID**：`{row['作品ID']}`\n", encoding="utf-8"
        )
        (download / f"{name}.txt").write_text(
            f"[作品信息]\n作品ID: {row['作品ID']}\n", encoding="utf-8"
        )
    return download
