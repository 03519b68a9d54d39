"""Field values as exporters write them: counts like "1.2万", millisecond times, joined lists."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

BEIJING = dt.timezone(dt.timedelta(hours=8))
_COUNT_RE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([万千kKwWmM亿]?)\s*\+?\s*$")
_UNITS = {
    "": 1,
    "千": 1_000,
    "k": 1_000,
    "K": 1_000,
    "万": 10_000,
    "w": 10_000,
    "W": 10_000,
    "m": 1_000_000,
    "M": 1_000_000,
    "亿": 100_000_000,
}


def parse_count(value: Any) -> int:
    """A like/comment count: 42, "42", "1.2万" (12000), "10万+", "3k"; blank or odd → 0."""
    if value is None or isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(value, 0)
    if isinstance(value, float):
        return max(int(value), 0)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)  # the common case, "12", without the pattern
    m = _COUNT_RE.match(str(value).replace(",", ""))
    if not m:
        return 0
    return round(float(m.group(1)) * _UNITS[m.group(2)])


def parse_time(value: Any) -> str | None:
    """Epoch milliseconds or seconds, or an ISO/'YYYY-MM-DD HH:MM:SS' string → ISO 8601."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and not value.strip().lstrip("-").isdigit():
        text = value.strip().replace("_", " ").replace("/", "-")
        for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text, fmt).replace(tzinfo=BEIJING).isoformat()
            except ValueError:
                pass
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=BEIJING)
        return parsed.isoformat()
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number > 1e11:  # milliseconds
        number /= 1000
    try:
        return dt.datetime.fromtimestamp(number, BEIJING).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def local_time(value: Any) -> str | None:
    """A 'YYYY-MM-DD_HH:MM:SS' time written in the exporting machine's own time zone, which
    the export does not name: ISO 8601 without a UTC offset ("2024-04-30T18:20:00")."""
    text = str(value or "").strip().replace("_", " ").replace("/", "-")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).isoformat()
        except ValueError:
            pass
    return None


def split_list(value: Any, separators: str = ",") -> tuple[str, ...]:
    """A comma-joined (or list) field as a tuple of non-empty stripped items."""
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        text = str(value)
        for sep in separators[1:]:
            text = text.replace(sep, separators[0])
        items = text.split(separators[0])
    return tuple(item.strip() for item in items if item and item.strip())


def text(value: Any) -> str:
    """A text field: None → '', other values as str, surrounding whitespace kept inside."""
    if value is None:
        return ""
    return str(value)


SHORT_TITLE = 20
"""Characters of a title made from a body (RedNote allows 20)."""
LONG_TITLE = 40
"""A first sentence up to this long is kept whole as a title."""
_SENTENCE_END = "。！？!?…"


def short_title(body: str) -> str:
    """A title for an untitled post: its first line, or its first sentence, or its start."""
    line = next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
    if len(line) <= SHORT_TITLE:
        return line
    ends = [i for i, ch in enumerate(line[:LONG_TITLE]) if ch in _SENTENCE_END]
    if ends:
        return line[: ends[0] + 1]
    return line[:SHORT_TITLE].rstrip() + "…"


def post_title(title: str, body: str) -> str:
    """The title to show: the exporter's own, unless it is missing or is only the start of the
    body that an exporter copied in for an untitled post (MediaCrawler writes desc[:255])."""
    title = title.strip()
    text = body.strip()
    if not title:
        return short_title(text)
    copied = "\n" in title or len(title) > LONG_TITLE
    if copied and text.startswith(title):
        return short_title(text)
    return title
