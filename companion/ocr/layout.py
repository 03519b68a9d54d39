"""A phone screenshot of a RedNote post, read back into its parts (no Qt, no pixels).

The lines recognised on each screen (``OcrResult``) are sorted into the app's chrome and the
post's content by where they stand and what they say: the status bar and the author bar (the
row with the follow button) at the top, the bottom bar (the comment box and the counters), the
picture counter, like counts and badges. The content lines of several screens of one post are
joined with the lines they share removed; then the title (the first lines, set larger than the
body), the body's paragraphs (a line that stops short of the right margin ends its paragraph),
the topics (``#…``), the date line and the comments (author, text, and the date/回复 line that
ends each) are told apart.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise

from companion.language.characters import HAN_RANGES
from companion.ocr.engine import OcrLine, OcrResult

FOLLOW = re.compile(r"^[+＋]?\s*(关注|已关注|回关|互相关注|相互关注|Follow(ing)?)$", re.I)
COMMENT_BOX = re.compile(
    r"说点什么|写评论|听到你的声音|运气都不差|友善的评论|留下你的|抢沙发|说说你的|发弹幕|^评论一下"
)
COUNTER = re.compile(
    r"^[♡♥❤☆★✩⭐□▢○◯◎●💬\s]*"
    r"(\d+(\.\d+)?\s*[万wWkK]?\+?|赞|收藏|评论|分享|点赞|\d+\s*/\s*\d+)?"
    r"[♡♥❤☆★✩⭐□▢○◯◎●💬\s]*$"
)
PICTURE_COUNTER = re.compile(r"^\d{1,2}\s*/\s*\d{1,2}$")
_NUM_DAY = r"(\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?"
_WORD_DAY = r"(昨天|今天|前天|刚刚|\d+\s*(秒|分钟|小时|天|周)前)"
_TIME = r"(\s*\d{1,2}:\d{2})?"
_PLACE = f"[{HAN_RANGES}A-Za-z]{{1,8}}"
_WHEN_WHERE = rf"({_NUM_DAY}{_TIME}(\s*{_PLACE})?|{_WORD_DAY}{_TIME}(\s+{_PLACE})?)"
DATE_LINE = re.compile(rf"^(编辑于|发布于|修改于)?\s*{_WHEN_WHERE}$")
"""The line under a post's body: when it was posted (edited) and from where."""
COMMENT_META = re.compile(
    rf"^({_NUM_DAY}|{_WORD_DAY}){_TIME}(\s*{_PLACE}?)\s*(回复|回覆)$|^{_WHEN_WHERE}$"
)
"""The line that ends a comment: its date, place and the reply link."""
COMMENTS_HEAD = re.compile(r"^(共\s*[\d.,万wW]+\s*条评论|评论\s*[\d.,万]+|全部评论|\d+\s*条评论)")
MORE_REPLIES = re.compile(
    r"^[-—–\s]*(展开|收起|查看)(更多|全部)?\s*\d*\s*条?(回复|评论)|^[-—–\s]*到底了|THE END"
)
BADGE = re.compile(r"\s*(作者|置顶评论|置顶|首评|赞过)$")
TAG = re.compile(r"#\s*([^#\s，。！？、,.!?\[\]]{1,30})")
TOP_BAND = 0.045
"""The status bar: lines centred in this top part of the screen (a share of its height)."""
HEADER_BAND = 0.14
BOTTOM_BAND = 0.88
HEADER_FALLBACK = 0.09
"""Without a follow button, lines centred in this top part are the app's bars."""
BOTTOM_FALLBACK = 0.05
"""Without a comment box, lines centred in this bottom part are the bottom bar."""


@dataclass(frozen=True)
class ShotComment:
    author: str
    text: str
    reply: bool = False


@dataclass(frozen=True)
class ShotPost:
    """What one or more screenshots of a post say."""

    title: str
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...] = ()
    comments: tuple[ShotComment, ...] = ()
    author: str = ""
    comments_count: int = 0

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class Placed:
    """A content line with the screen it came from (gaps are measured within a screen)."""

    line: OcrLine
    screen: int
    width: int
    weight: float = 0.0

    @property
    def text(self) -> str:
        return self.line.text


def em_count(text: str) -> float:
    """Text width in ems: CJK and full-width characters 1, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def size(line: OcrLine) -> float:
    """The type size of a line, from its width per character (its box height for short ones)."""
    ems = em_count(line.text)
    if ems >= 3:
        return (line.box[2] - line.box[0]) / ems
    return line.height * 0.8


@dataclass(frozen=True)
class Screen:
    author: str
    content: tuple[OcrLine, ...]
    width: int = 0
    weights: tuple[float, ...] = ()
    """Per content line, how much of its box is ink (bold type has more); empty if unknown."""


def split_chrome(
    result: OcrResult, *, on_picture: Sequence[bool] = (), weights: Sequence[float] = ()
) -> Screen:
    """The screen's content lines, with the status bar, author bar, bottom bar, counters,
    badges and lines lying on a picture (``on_picture``, per line) taken out. ``weights``:
    per line, the share of its box that is ink."""
    height = result.height or max((ln.box[3] for ln in result.lines), default=1)
    lines = list(result.lines)
    flags = list(on_picture) + [False] * (len(lines) - len(on_picture))
    top, author = height * TOP_BAND, ""
    follow = [
        ln for ln in lines if FOLLOW.match(_clean(ln.text)) and ln.centre_y < height * HEADER_BAND
    ]
    if follow:
        row = follow[0]
        top = max(top, row.box[3] + row.height * 0.3)
        left = [
            ln
            for ln in lines
            if ln is not row
            and abs(ln.centre_y - row.centre_y) < row.height
            and ln.box[2] < row.box[0]
        ]
        if left:
            author = BADGE.sub("", max(left, key=lambda ln: len(ln.text)).text).strip()
    else:  # no follow button read: the author bar's usual place is chrome all the same
        top = max(top, height * HEADER_FALLBACK)
    bottom = height * (1 - BOTTOM_FALLBACK)
    boxes = [
        ln for ln in lines if COMMENT_BOX.search(ln.text) and ln.centre_y > height * BOTTOM_BAND
    ]
    if boxes:
        bottom = min(ln.box[1] for ln in boxes) - boxes[0].height * 0.3
    content = []
    for ln, on in zip(lines, flags, strict=True):
        text = _clean(ln.text)
        if on or ln.centre_y < top or ln.centre_y > bottom or not text:
            continue
        if COUNTER.match(text) or PICTURE_COUNTER.match(text) or MORE_REPLIES.match(text):
            continue
        if len(text) == 1 and not text.isdigit() and em_count(text) < 1:
            continue  # an icon or a shape read as a letter (O, V, ●)
        if ln.centre_y > height * BOTTOM_BAND and _is_bar_counter(text):
            continue
        if result.width and ln.box[0] > result.width * 0.82 and em_count(text) <= 3:
            continue  # the like column beside comments, a share icon
        content.append(OcrLine(BADGE.sub("", text).strip() or text, ln.box, ln.confidence))
    width = result.width or max((ln.box[2] for ln in lines), default=0)
    kept = tuple(_without_partial(content, top, bottom))
    ink = dict(zip((ln.box for ln in lines), weights, strict=False))
    return Screen(author, kept, width, tuple(ink.get(ln.box, 0.0) for ln in kept) if ink else ())


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _is_bar_counter(text: str) -> bool:
    return re.fullmatch(r"[\d.万wWkK♡☆★□▢\s]+", text) is not None


def _without_partial(lines: list[OcrLine], top: float, bottom: float) -> list[OcrLine]:
    """Drop a first or last line that the bars cut through: lower than its characters are
    wide (a whole line of any size is about as high as its characters are wide, or more)."""
    out = list(lines)
    typical = statistics.median(ln.height for ln in out) if out else 0
    while out and _cut(out[-1], typical) and out[-1].box[3] > bottom - typical * 2:
        out.pop()
    while out and _cut(out[0], typical) and out[0].box[1] < top + typical * 2:
        out.pop(0)
    return out


def _cut(line: OcrLine, typical: float) -> bool:
    if line.height <= 0.65 * typical:
        return True
    return em_count(line.text) >= 3 and line.height < 0.85 * size(line)


def join_screens(screens: Sequence[Screen]) -> list[Placed]:
    """The content lines of several screens of one post, in order, each shared line once."""
    joined: list[Placed] = []
    for number, screen in enumerate(screens):
        width = screen.width or max((ln.box[2] for ln in screen.content), default=0)
        weights = screen.weights or (0.0,) * len(screen.content)
        placed = [
            Placed(ln, number, width, w) for ln, w in zip(screen.content, weights, strict=True)
        ]
        if joined:
            keep, skip = _overlap([p.text for p in joined], [p.text for p in placed])
            joined = joined[:keep]
            placed = placed[skip:]
        joined += placed
    return joined


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.8


def _overlap(before: list[str], after: list[str]) -> tuple[int, int]:
    """Where a new screen repeats the end of the lines before it: (lines of before to keep,
    lines of after to skip). The screen's first lines are matched against the end of before;
    most lines from there on must agree. Past the last agreeing pair the new screen's lines
    win (the old screen's last line may be cut by the bottom bar). (len(before), 0) if the
    screens share nothing."""
    best: tuple[int, int, int] | None = None  # matched pairs, keep, skip
    for lead in range(min(5, len(after))):  # the new screen's first lines may be cut
        for start in range(max(0, len(before) - len(after) - lead - 2), len(before)):
            if not _similar(before[start], after[lead]):
                continue
            pairs = min(len(before) - start, len(after) - lead)
            agree = [t for t in range(pairs) if _similar(before[start + t], after[lead + t])]
            if agree and agree[-1] == pairs - 2:
                pairs -= 1  # before's last line, cut by the bottom bar, need not agree
            enough = len(agree) >= max(1, 0.7 * pairs)
            long = len(agree) >= 2 or em_count(before[start]) >= 6
            if enough and long and (best is None or len(agree) > best[0]):
                last = agree[-1]
                best = (len(agree), start + last + 1, lead + last + 1)
    if best is None:
        return len(before), 0
    return best[1], best[2]


def parse(screens: Sequence[Screen]) -> ShotPost:
    """The post the screens show."""
    lines = join_screens(screens)
    author = next((s.author for s in screens if s.author), "")
    body, comments_head, rest = _split_sections(lines)
    count = 0
    if comments_head:
        digits = re.search(r"([\d.]+)\s*(万|w|W)?", comments_head)
        if digits:
            count = int(float(digits.group(1)) * (10000 if digits.group(2) else 1))
    title_lines, body = _title(body)
    tags: list[str] = []
    kept: list[Placed] = []
    for p in body:
        found = TAG.findall(p.text)
        rest_text = TAG.sub("", p.text).strip()
        if found and em_count(rest_text) <= 1:
            tags += found
        else:
            kept.append(p)
    paragraphs = _paragraphs(kept)
    title = _join_text([p.text for p in title_lines])
    if not title and paragraphs:
        title = paragraphs[0][:40]
    return ShotPost(
        title=title,
        paragraphs=tuple(paragraphs),
        tags=tuple(dict.fromkeys(tags)),
        comments=tuple(_comments(rest)),
        author=author,
        comments_count=count,
    )


def _split_sections(lines: list[Placed]) -> tuple[list[Placed], str, list[Placed]]:
    """Body lines (up to the date line or the comment count), the comment count line, and the
    lines after it."""
    for i, p in enumerate(lines):
        if COMMENTS_HEAD.match(p.text):
            body = lines[:i]
            while body and DATE_LINE.match(body[-1].text):
                body.pop()
            return body, p.text, lines[i + 1 :]
    for i, p in enumerate(lines):
        if DATE_LINE.match(p.text) and i > 0:
            return lines[:i], "", lines[i + 1 :]
    return lines, "", []


def _title(body: list[Placed]) -> tuple[list[Placed], list[Placed]]:
    """The first lines, when set larger than the rest of the first screen's body, are the
    title (a continuation screen has none)."""
    first = [p for p in body if p.screen == 0]
    if len(first) < 2:
        return [], body
    sizes = [size(p.line) for p in first]
    typical = statistics.median(sizes)
    inks = [p.weight for p in first]
    ink = statistics.median(inks)

    def heading(i: int) -> bool:  # larger type, or bold type of the body's size
        bold = ink > 0 and inks[i] > ink * 1.35 and sizes[i] >= typical * 0.97
        return sizes[i] > typical * 1.08 or bold

    count = 0
    while count < min(3, len(first) - 1) and heading(count):
        count += 1
    return body[:count], body[count:]


def _paragraphs(lines: list[Placed]) -> list[str]:
    """Wrapped lines merged into paragraphs: a line continues the one above if that one runs
    to the right margin and the gap between them is a line gap, not a paragraph gap."""
    if not lines:
        return []
    left = min(p.line.box[0] for p in lines)
    right = max(max(p.line.box[2] for p in lines), max(p.width for p in lines) - left)
    sizes = [size(p.line) for p in lines]
    typical = statistics.median(sizes)
    pitches = [
        b.line.box[1] - a.line.box[1]
        for a, b in pairwise(lines)
        if a.screen == b.screen and a.line.box[2] >= right - typical * 1.5
    ]
    pitch = min(pitches) if pitches else typical * 1.6
    paragraphs: list[list[str]] = [[lines[0].text]]
    for a, b in pairwise(lines):
        full = a.line.box[2] >= right - typical * 2.2  # wrapping leaves up to 2 characters
        near = a.screen != b.screen or b.line.box[1] - a.line.box[1] <= pitch + typical * 0.25
        aligned = abs(a.line.box[0] - b.line.box[0]) < typical * 1.2
        if full and near and aligned:
            paragraphs[-1].append(b.text)
        else:
            paragraphs.append([b.text])
    return [_join_text(p) for p in paragraphs]


def _join_text(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if (
            out
            and out[-1].isascii()
            and out[-1].isalnum()
            and part[:1].isascii()
            and part[:1].isalnum()
        ):
            out += " "
        out += part
    return out.strip()


def _comments(lines: list[Placed]) -> list[ShotComment]:
    """Comments: each is an author line, its text lines and the date/回复 line that ends it."""
    lines = [p for p in lines if not COMMENT_BOX.search(p.text)]
    out: list[ShotComment] = []
    group: list[Placed] = []
    left = min((p.line.box[0] for p in lines), default=0)
    for p in lines:
        if COMMENT_META.match(p.text):
            if len(group) >= 2:
                indent = group[0].line.box[0] - left
                reply = indent > max(40.0, size(group[1].line) * 1.2)
                text = _join_text([g.text for g in group[1:]])
                out.append(ShotComment(group[0].text, text, reply))
            elif group:
                out.append(ShotComment("", group[0].text))
            group = []
        else:
            group.append(p)
    return out
