"""What a Library write changed (Anki's OpChanges idea): every write returns one, and the app
refreshes the views that show what changed from this one signal."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class OpChanges:
    """Flags for the kinds of data a write touched; combine two with ``|``."""

    posts: bool = False
    """Posts added or updated (the feed and its topic list)."""
    difficulty: bool = False
    """Posts' difficulty figures (the feed's badges and its "readable" order)."""
    vocabulary: bool = False
    """Saved words added, edited, deleted or restored (the vocabulary page)."""
    statuses: bool = False
    """Word statuses (the reader's highlighting, the vocabulary page's status column)."""
    segmentation: bool = False
    """The learner's merges and splits (posts must be annotated again)."""
    models: bool = False
    """Translation models installed or removed."""
    exports: bool = False
    """The export log (what --only-new counts from)."""
    review: bool = False
    """Review cards and their log (the Review page, its figures, the sidebar's due count)."""
    image_text: bool = False
    """Text read in post images (the reader shows it under the pictures)."""

    def __or__(self, other: OpChanges) -> OpChanges:
        return OpChanges(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    @property
    def changes(self) -> OpChanges:
        """Itself: every write's result has ``changes`` (this, an OpResult's, a report's)."""
        return self

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NOTHING = OpChanges()


@dataclass(frozen=True)
class OpResult(Generic[T]):
    """A write's value together with what it changed."""

    value: T
    changes: OpChanges
