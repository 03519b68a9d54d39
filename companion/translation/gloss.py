"""A word-by-word dictionary gloss of a sentence: shown beside rough machine translation, or
instead of it when no model is installed. It is labelled a gloss, never called a translation.
"""

from __future__ import annotations

import re

from companion.language.document import Sentence, Token

MAX_SENSE = 28
_PAREN_RE = re.compile(r"\s*\([^)]*\)\s*")
_CL_RE = re.compile(r"^(CL:|variant of |old variant of |see )")


def short_sense(token: Token) -> str:
    """The gloss of the sense that fits (a Leipzig label for grammar words), else the first
    usable sense, trimmed for an interlinear gloss."""
    if token.info.gloss:
        return token.info.gloss
    for sense in token.definitions:
        if _CL_RE.match(sense):
            continue
        text = _PAREN_RE.sub(" ", sense).split(";")[0].strip(" ,")
        if not text:
            # Grammatical particles are described only in parentheses: keep that description.
            text = sense.strip("() ").split(";")[0]
        return _trim(text)
    if token.slang is not None:
        return _trim(re.split(r"[;.:]", token.slang.meaning)[0])
    return token.pinyin


def _trim(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_SENSE:
        return text
    return text[:MAX_SENSE].rsplit(" ", 1)[0].rstrip(",;") + "…"


def gloss(sentence: Sentence) -> str:
    """``"we · this · CL · shop · PASS · very · many · person · recommend"`` for
    我们这家店被很多人推荐: one gloss per word, grammar words as labels (senses.LABELS)."""
    return " · ".join(short_sense(t) for t in sentence.tokens if t.is_chinese)
