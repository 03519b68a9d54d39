"""Our .apkg opened by Anki's own library: counts, fields, templates, escaping, re-import."""

from __future__ import annotations

import csv
import html
from collections.abc import Iterator
from pathlib import Path

import anki.collection as anki_collection
import pytest

from companion.errors import InvalidInput
from companion.library import Library
from companion.store.database import write_transaction
from companion.store.models import Post, WordStatus


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[object]:
    (tmp_path / "anki").mkdir()
    col = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def import_apkg(col: object, path: Path) -> None:
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col.import_anki_package(  # type: ignore[attr-defined]
        ImportAnkiPackageRequest(
            package_path=str(path),
            options=ImportAnkiPackageOptions(merge_notetypes=True, with_scheduling=False),
        )
    )


@pytest.fixture
def words(library: Library) -> Library:
    post = Post(
        "test",
        "p1",
        "周末探店",
        "我去银行还钱了。这家店真的绝绝子！",
        author="小红薯",
        translations={"我去银行还钱了。": "I went to the bank to pay back money."},
    )
    with write_transaction(library.db):
        post_id, _ = library.posts.save(post)
    library.add_word("银行", post_id=post_id, tags=["money words"])
    library.add_word("绝绝子", post_id=post_id)
    library.add_word("学习")
    with write_transaction(library.db):
        library.vocabulary.edit("学习", definition="to <b>study</b> & <script>alert(1)</script>")
    library.set_status(["学习"], WordStatus.KNOWN)
    return library


def fields_by_word(col: object) -> dict[str, dict[str, str]]:
    notes = [col.get_note(nid) for nid in col.find_notes("")]  # type: ignore[attr-defined]
    return {dict(n.items())["Simplified"]: dict(n.items()) for n in notes}


def test_apkg_imports_into_anki(words: Library, tmp_path: Path, collection: object) -> None:
    out = tmp_path / "deck.apkg"
    result = words.export("anki", out, deck="Chinese::RedNote")
    assert result.count == 3
    import_apkg(collection, out)
    col = collection
    assert col.note_count() == 3  # type: ignore[attr-defined]
    # Recognition + Recall for all three, Sentence only where a context sentence exists.
    assert col.card_count() == 3 * 2 + 2  # type: ignore[attr-defined]
    assert "Chinese::RedNote" in [d.name for d in col.decks.all_names_and_ids()]  # type: ignore[attr-defined]
    notes = fields_by_word(col)
    bank = notes["银行"]
    assert bank["Traditional"] == "銀行"
    assert bank["Pinyin"] == '<span class="tone2">yín</span> <span class="tone2">háng</span>'
    assert bank["PinyinNumbers"] == "yin2 hang2"
    assert "<li>bank</li>" in bank["Meaning"] and bank["HSK"] == "HSK 3"
    assert bank["Sentence"] == '我去<b class="target">银行</b>还钱了。'
    assert bank["SentenceTranslation"] == "I went to the bank to pay back money."
    assert bank["SentencePinyin"].startswith("wǒ qù yín háng huán")
    assert bank["Source"] == "周末探店 — 小红薯"
    assert "＿＿" in bank["SentenceBlank"]
    assert notes["绝绝子"]["Slang"]
    study = notes["学习"]["Meaning"]
    assert "&lt;script&gt;" in study and "<script>" not in study and "&lt;b&gt;study" in study
    nid = col.find_notes("Simplified:银行")[0]  # type: ignore[attr-defined]
    assert "money_words" in col.get_note(nid).tags  # type: ignore[attr-defined]


def test_templates_render(words: Library, tmp_path: Path, collection: object) -> None:
    out = tmp_path / "deck.apkg"
    words.export("anki", out)
    import_apkg(collection, out)
    col = collection
    rendered = {}
    for cid in col.find_cards("Simplified:银行"):  # type: ignore[attr-defined]
        card = col.get_card(cid)  # type: ignore[attr-defined]
        rendered[card.template()["name"]] = (card.question(), card.answer())
    assert set(rendered) == {"Recognition", "Recall", "Sentence"}
    question, answer = rendered["Recognition"]
    assert "银行" in question and "bank" not in question
    assert "bank" in answer and "yín" in answer and "tone2" in answer
    question, answer = rendered["Recall"]
    assert "bank" in question and "银行" not in question.split("<style>")[0].split("</style>")[-1]
    question, _ = rendered["Sentence"]
    assert "＿＿" in question and "银行" not in question.split("</style>")[-1]
    assert ".nightMode" in col.models.by_name("Companion Word")["css"]  # type: ignore[attr-defined]


def test_reexport_updates_without_duplicates(
    words: Library, tmp_path: Path, collection: object
) -> None:
    first = tmp_path / "first.apkg"
    words.export("anki", first)
    import_apkg(collection, first)
    with write_transaction(words.db):
        words.vocabulary.edit("银行", definition="a bank (where money lives)")
    words.add_word("火锅", sentence="今天吃火锅。")
    import time

    time.sleep(1.1)  # Anki compares modification times in seconds
    second = tmp_path / "second.apkg"
    words.export("anki", second)
    import_apkg(collection, second)
    col = collection
    assert col.note_count() == 4  # type: ignore[attr-defined]
    notes = fields_by_word(col)
    assert "a bank (where money lives)" in notes["银行"]["Meaning"]
    assert "火锅" in notes


def test_only_new_uses_the_export_log(words: Library, tmp_path: Path) -> None:
    words.export("anki", tmp_path / "a.apkg")
    with pytest.raises(InvalidInput, match="no words to export since the last export"):
        words.export("anki", tmp_path / "b.apkg", only_new=True)
    words.add_word("火锅")
    assert words.export("anki", tmp_path / "c.apkg", only_new=True).count == 1
    assert words.export("anki", tmp_path / "d.apkg", deck="Other", only_new=True).count == 4


def test_statuses_filter(words: Library, tmp_path: Path) -> None:
    result = words.export("csv", tmp_path / "w.csv", statuses=[WordStatus.NEW])
    assert result.count == 2


def test_csv_round_trip(words: Library, tmp_path: Path) -> None:
    out = tmp_path / "words.csv"
    words.export("csv", out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_word = {r["simplified"]: r for r in rows}
    assert set(by_word) == {"银行", "绝绝子", "学习"}
    bank = by_word["银行"]
    assert (bank["pinyin"], bank["pinyin_numbers"], bank["hsk"]) == ("yín háng", "yin2 hang2", "3")
    assert bank["sentence_translation"] == "I went to the bank to pay back money."
    assert bank["tags"] == "money words" and bank["status"] == "new"
    assert by_word["学习"]["definition"] == "to <b>study</b> & <script>alert(1)</script>"


def test_anki_tsv_and_pleco(words: Library, tmp_path: Path) -> None:
    tsv = tmp_path / "words.tsv"
    words.export("csv", tsv, card_tags=["rednote"])
    lines = tsv.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["#separator:tab", "#html:true", "#notetype:Basic"]
    body = [line.split("\t") for line in lines if not line.startswith("#")]
    assert len(body) == 3 and all(len(row) == 4 for row in body)
    assert any("rednote" in row[2] for row in body)
    pleco = tmp_path / "words.txt"
    words.export("pleco", pleco)
    text = pleco.read_text(encoding="utf-8")
    assert "//money words\n银行[銀行]\tyin2 hang2\tbank" in text
    assert "//Companion\n" in text


def test_bad_output_folder(words: Library, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        words.export("anki", tmp_path / "missing" / "deck.apkg")


def rendered_cards(col: object, word: str) -> dict[str, tuple[str, str]]:
    """{template name: (question, answer)} as Anki renders them, without the stylesheet."""
    cards = {}
    for cid in col.find_cards(f"Simplified:{word}"):  # type: ignore[attr-defined]
        card = col.get_card(cid)  # type: ignore[attr-defined]
        strip = lambda text: text.split("</style>")[-1]  # noqa: E731
        cards[card.template()["name"]] = (strip(card.question()), strip(card.answer()))
    return cards


def test_answers_never_repeat_a_field(words: Library, tmp_path: Path, collection: object) -> None:
    """An answer starts with the question ({{FrontSide}}): the details under it leave out what
    the question shows, so no field appears twice on any card."""
    words.add_word("下头")  # glossary only: CC-CEDICT has no entry
    words.add_word("i了i了")  # glossary only, an abbreviation
    out = tmp_path / "deck.apkg"
    words.export("anki", out)
    import_apkg(collection, out)
    checked = 0
    for word, fields in fields_by_word(collection).items():
        for name, (_question, answer) in rendered_cards(collection, word).items():
            for field in ("Pinyin", "Meaning", "Slang", "SentencePinyin", "SentenceTranslation"):
                if fields[field]:
                    assert answer.count(fields[field]) == 1, (word, name, field)
                    checked += 1
    assert checked > 20
    recall = rendered_cards(collection, "银行")["Recall"][1]
    assert recall.count("<li>bank</li>") == 1


@pytest.mark.parametrize("word", ["下头", "i了i了", "city不city"])
def test_glossary_only_words_say_their_meaning_once(
    library: Library, tmp_path: Path, collection: object, word: str
) -> None:
    from companion.language import slang

    term = slang.lookup(word)
    assert term is not None
    library.add_word(word)
    out = tmp_path / "deck.apkg"
    library.export("anki", out)
    import_apkg(collection, out)
    fields = fields_by_word(collection)[word]
    assert fields["Meaning"]  # the glossary's meaning stands in for CC-CEDICT's
    first = html.escape(term.meaning.split("; ")[0][:20])
    assert first not in fields["Slang"] and fields["Slang"].startswith("RedNote slang")
    if term.expansion:  # said once: in the meaning, or else as "short for" in the note
        assert (term.expansion in fields["Meaning"]) != (term.expansion in fields["Slang"])
    _question, answer = rendered_cards(collection, word)["Recognition"]
    assert answer.count(first) == 1
