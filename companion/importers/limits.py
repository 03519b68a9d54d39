"""Size limits every imported post is held to, whichever importer read it.

Text over a limit is truncated, never refused, and each cut is reported with the post's id, so
one over-long record costs its tail, not the whole file. (A single value over the readers' own
limit, ``streams.MAX_VALUE_BYTES``, is refused while reading, before it is built in memory.)
"""

from __future__ import annotations

from dataclasses import replace

from companion.store.models import Comment, Post

MAX_BODY = 100_000
"""Characters of a post body kept (RedNote allows 1,000)."""
MAX_TITLE = 200
MAX_COMMENT = 10_000
MAX_FIELD = 500
"""Characters of a short field: author, location, address, category, ids of comments."""
MAX_TAGS = 100
MAX_IMAGES = 100
MAX_COMMENTS = 2_000
"""Comments kept per post (MediaCrawler fetches 10 per note by default)."""
MAX_COMMENT_TEXT = 200_000
"""Characters of all of a post's comments together: with the body, what the reader annotates
when the post is opened stays bounded."""


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit]


def _within(post: Post) -> bool:
    """True when no limit cuts anything from post (nearly every post: it is kept as it is)."""
    fields = (post.source, post.source_id, post.author, post.author_id, post.location)
    return (
        max(map(len, (*fields, post.category, post.level, *post.tags))) <= MAX_FIELD
        and len(post.title) <= MAX_TITLE
        and len(post.body) <= MAX_BODY
        and max(len(post.url), len(post.video_url)) <= 4 * MAX_FIELD
        and len(post.tags) <= MAX_TAGS
        and len(post.images) <= MAX_IMAGES
        and len(post.comments) <= MAX_COMMENTS
        and sum(len(c.text) for c in post.comments) <= MAX_COMMENT_TEXT
        and all(_bound_comment(c) is c for c in post.comments)
        and all(
            len(k) <= MAX_COMMENT and len(v) <= 4 * MAX_COMMENT
            for k, v in post.translations.items()
        )
    )


def bound_post(post: Post) -> tuple[Post, list[str]]:
    """post within every limit, and a note for the import report about each text cut short."""
    if _within(post):
        return post, []
    notes: list[str] = []

    def long_text(name: str, text: str, limit: int) -> str:
        if len(text) > limit:
            notes.append(
                f"post {post.source_id[:80]}: {name} has {len(text):,} characters;"
                f" kept the first {limit:,}"
            )
            return text[:limit]
        return text

    comments = []
    cut_comments = 0
    for comment in post.comments:
        if len(comment.text) > MAX_COMMENT:
            cut_comments += 1
        comments.append(_bound_comment(comment))
    kept = fit_comments(tuple(comments))
    if len(kept) < len(comments):
        notes.append(
            f"post {post.source_id[:80]}: kept {len(kept):,} of its {len(comments):,} comments"
            f" (at most {MAX_COMMENTS:,}, {MAX_COMMENT_TEXT:,} characters in all)"
        )
    comments = list(kept)
    if cut_comments:
        notes.append(
            f"post {post.source_id[:80]}: {cut_comments:,} comments over {MAX_COMMENT:,}"
            f" characters were cut to their first {MAX_COMMENT:,}"
        )
    if len(post.images) > MAX_IMAGES:
        notes.append(
            f"post {post.source_id[:80]}: {len(post.images):,} images; kept the first {MAX_IMAGES}"
        )
    bounded = replace(
        post,
        source=_cut(post.source, MAX_FIELD),
        source_id=_cut(post.source_id, MAX_FIELD),
        title=long_text("the title", post.title, MAX_TITLE),
        body=long_text("the body", post.body, MAX_BODY),
        author=_cut(post.author, MAX_FIELD),
        author_id=_cut(post.author_id, MAX_FIELD),
        location=_cut(post.location, MAX_FIELD),
        url=_cut(post.url, 4 * MAX_FIELD),
        video_url=_cut(post.video_url, 4 * MAX_FIELD),
        category=_cut(post.category, MAX_FIELD),
        level=_cut(post.level, MAX_FIELD),
        tags=tuple(_cut(t, MAX_FIELD) for t in post.tags[:MAX_TAGS]),
        images=post.images[:MAX_IMAGES],
        comments=tuple(comments),
        translations={
            k: v
            for k, v in post.translations.items()
            if len(k) <= MAX_COMMENT and len(v) <= 4 * MAX_COMMENT
        },
    )
    return bounded, notes


def bound_comments(
    comments: tuple[Comment, ...], have: tuple[int, int, set[str]] = (0, 0, set())
) -> tuple[Comment, ...]:
    """Comments of a comments file within the limits (a cut comment keeps its first part),
    for a post that already has ``have`` = (comments, characters of their text, their ids):
    comments it has are updated, new ones are added while they fit."""
    count, size, known = have
    bounded = tuple(_bound_comment(c) for c in comments)
    fresh = fit_comments(tuple(c for c in bounded if c.source_id not in known), (count, size))
    kept = {id(c) for c in fresh}
    return tuple(c for c in bounded if c.source_id in known or id(c) in kept)


def fit_comments(
    comments: tuple[Comment, ...], have: tuple[int, int] = (0, 0)
) -> tuple[Comment, ...]:
    """The first comments that fit in MAX_COMMENTS and MAX_COMMENT_TEXT beside ``have``."""
    count, size = have
    kept = []
    for comment in comments:
        count += 1
        size += len(comment.text)
        if count > MAX_COMMENTS or size > MAX_COMMENT_TEXT:
            break
        kept.append(comment)
    return tuple(kept)


def _bound_comment(comment: Comment) -> Comment:
    short = max(len(comment.author), len(comment.source_id), len(comment.location))
    if len(comment.text) <= MAX_COMMENT and short <= MAX_FIELD:
        return comment
    return replace(
        comment,
        source_id=_cut(comment.source_id, MAX_FIELD),
        text=_cut(comment.text, MAX_COMMENT),
        author=_cut(comment.author, MAX_FIELD),
        parent_id=_cut(comment.parent_id, MAX_FIELD) if comment.parent_id else None,
        location=_cut(comment.location, MAX_FIELD),
    )
