"""The ``annotate --json`` contract: the streamed writer prints what the token-by-token dicts
spell, to the byte, on every sample post (with and without the sandhi display option)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from companion.language.annotate import Annotator
from companion.language.document import Document, Token
from companion.language.sandhi import document_with_sandhi
from companion.resources import resource_path

POSTS = json.loads(resource_path("samples/posts.json").read_text(encoding="utf-8"))["posts"]
TEXTS = [
    pytest.param(
        "\n".join([p["title"], p["body"], *(c["text"] for c in p.get("comments", []))]),
        id=p["title"][:12],
    )
    for p in POSTS
]


def contract_token(token: Token) -> dict[str, Any]:
    """A token as DESIGN.md's contract spells it, written out here key by key (the release
    before the streamed writer printed exactly this)."""
    info = token.info
    return {
        "text": token.text,
        "start": token.start,
        "end": token.end,
        "is_chinese": token.is_chinese,
        "pinyin": token.pinyin,
        "pinyin_numbers": token.pinyin_numbers,
        "definitions": list(token.definitions),
        "hsk": token.hsk,
        "slang": token.slang.summary() if token.slang else None,
        "gloss": info.gloss,
        "label": info.label,
        "name": info.name.value if info.name else None,
        "sticker": (
            {
                "label": info.sticker.label,
                "emoji": info.sticker.emoji,
                "meaning": info.sticker.meaning,
            }
            if info.sticker
            else None
        ),
    }


def contract_text(document: Document) -> str:
    payload = {
        "sentences": [
            {
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "translation": s.translation,
                "tokens": [contract_token(t) for t in s.tokens],
            }
            for s in document.sentences
        ]
    }
    return json.dumps(payload, ensure_ascii=False, indent=None, separators=(",", ":"))


@pytest.mark.parametrize("sandhi", [False, True], ids=["plain", "sandhi"])
@pytest.mark.parametrize("text", TEXTS)
def test_streamed_json_is_the_contract(annotator: Annotator, text: str, sandhi: bool) -> None:
    document = annotator.annotate(text)
    if sandhi:
        document = document_with_sandhi(document)
    out = io.StringIO()
    document.write_json(out)
    expected = contract_text(document)
    assert out.getvalue() == expected
    assert json.dumps(document.to_json(), ensure_ascii=False, separators=(",", ":")) == expected


def test_translations_and_escapes(annotator: Annotator) -> None:
    from dataclasses import replace

    document = annotator.annotate('他说："好\\的"\t😂 [笑哭R] #上海美食[话题]#\n第二句。')
    first = document.paragraphs[0]
    translated = replace(
        first, sentences=(replace(first.sentences[0], translation='He said "ok"'),)
    )
    document = replace(document, paragraphs=(translated, *document.paragraphs[1:]))
    out = io.StringIO()
    document.write_json(out)
    assert out.getvalue() == contract_text(document)
    assert json.loads(out.getvalue())["sentences"][0]["translation"] == 'He said "ok"'
