"""Values the store and the importers exchange: posts, comments, images, word statuses."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class WordStatus(IntEnum):
    """How well the learner knows a word; words never marked count as NEW."""

    NEW = 0
    LEARNING = 1
    KNOWN = 2
    IGNORED = 3

    @classmethod
    def parse(cls, name: str) -> WordStatus:
        """'new' / 'learning' / 'known' / 'ignored' (any case) to a status."""
        try:
            return cls[name.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown status {name!r}; expected one of: {names}") from None


class EntryKind(StrEnum):
    """What a vocabulary entry is: a word the learner saved to study (with the sentences it
    came from; a review card and a flashcard), or a word only marked with a status (K in the
    reader, ``vocab set-status``), listed with its status but never studied or exported."""

    SAVED = "saved"
    MARKED = "marked"


class MediaKind(StrEnum):
    """What a post shows besides its text: a set of images or a video (not its topic)."""

    UNKNOWN = ""
    IMAGES = "images"
    VIDEO = "video"

    @classmethod
    def parse(cls, value: object) -> MediaKind:
        """An exporter's post type (normal/video, 图文/图集/视频, images/video) as a kind."""
        text = str(value or "").strip().lower()
        if text in ("video", "视频", "視頻"):
            return cls.VIDEO
        if text in ("normal", "images", "image", "livephoto", "图文", "圖文", "图集", "圖集"):
            return cls.IMAGES
        return cls.UNKNOWN


@dataclass(frozen=True)
class Comment:
    """A comment on a post; parent_id names another comment's source_id in a thread."""

    source_id: str
    text: str
    author: str = ""
    parent_id: str | None = None
    likes: int = 0
    published: str | None = None
    location: str = ""


@dataclass(frozen=True)
class Image:
    """A post image: a local file an export downloaded, or a remote URL kept but never fetched."""

    url: str = ""
    local_path: str = ""


@dataclass(frozen=True)
class Post:
    """One post as every importer yields it, whatever the source format."""

    source: str
    source_id: str
    title: str
    body: str
    author: str = ""
    author_id: str = ""
    published: str | None = None
    location: str = ""
    likes: int = 0
    collects: int = 0
    comments_count: int = 0
    shares: int = 0
    url: str = ""
    category: str = ""
    """The post's topic (food, travel, …), never its media kind."""
    level: str = ""
    tags: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    comments: tuple[Comment, ...] = ()
    media: MediaKind = MediaKind.UNKNOWN
    video_url: str = ""
    """The post's video (a remote address, kept but never fetched), for a video post."""
    translations: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """Translations that came with the post (sample corpus), keyed by sentence text."""
