"""Export shows what was stored with each word; only words saved before that was stored are
read again (and what is read then is stored)."""

from __future__ import annotations

import csv
from pathlib import Path

import anki.collection as anki_collection

from companion.library import Library
from companion.store.database import write_transaction
from tests.flashcards.test_anki import fields_by_word, import_apkg

SENTENCE = "我去银行还钱了。"


def csv_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {row["simplified"]: row for row in csv.DictReader(fh)}


def test_a_word_keeps_the_reading_it_was_saved_with(library: Library, tmp_path: Path) -> None:
    # The learner joins 行还 (wrongly) and saves it: 行 then reads xíng, 还 hái.
    library.merge_words("行还")
    saved = library.add_word("行还", sentence=SENTENCE).value
    as_saved = " ".join(t.pinyin for t in library.engine.annotate(SENTENCE).tokens if t.is_chinese)
    library.split_word("行还")  # the merge undone: now 银行 yín háng, 还 huán
    now_read = " ".join(t.pinyin for t in library.engine.annotate(SENTENCE).tokens if t.is_chinese)
    assert saved.pinyin == "xíng hái" and as_saved != now_read

    library.export("csv", tmp_path / "words.csv")
    row = csv_rows(tmp_path / "words.csv")["行还"]
    assert (row["pinyin"], row["pinyin_numbers"]) == ("xíng hái", "xing2 hai2")
    assert row["sentence_pinyin"] == as_saved

    (tmp_path / "anki").mkdir()
    col = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        library.export("anki", tmp_path / "deck.apkg")
        import_apkg(col, tmp_path / "deck.apkg")
        fields = fields_by_word(col)["行还"]
    finally:
        col.close()
    assert fields["SentencePinyin"] == as_saved and fields["PinyinNumbers"] == "xing2 hai2"


def test_words_saved_before_readings_were_stored_are_read_once(
    library: Library, tmp_path: Path
) -> None:
    # Rows as an older release saved them: no pinyin, no traditional form, slang or sentence
    # pinyin (NULL: never stored).
    with write_transaction(library.db):
        conn = library.db.conn
        for n, (word, sentence) in enumerate(
            [("银行", SENTENCE), ("绝绝子", "这家店真的绝绝子！"), ("学习", None)], start=1
        ):
            conn.execute(
                "INSERT INTO vocabulary (id, word, definition, added_at, updated_at)"
                " VALUES (?, ?, 'a sense', '2025-01-01', '2025-01-01')",
                (n, word),
            )
            if sentence:
                conn.execute(
                    "INSERT INTO contexts (vocabulary_id, sentence, added_at)"
                    " VALUES (?, ?, '2025-01-01')",
                    (n, sentence),
                )
    library.export("csv", tmp_path / "words.csv")
    rows = csv_rows(tmp_path / "words.csv")
    bank, slang = rows["银行"], rows["绝绝子"]
    assert (bank["pinyin"], bank["pinyin_numbers"], bank["traditional"]) == (
        "yín háng",
        "yin2 hang2",
        "銀行",
    )
    assert bank["sentence_pinyin"].startswith("wǒ qù yín háng huán")
    assert slang["slang"] and rows["学习"]["pinyin"] == "xué xí"

    stored = {e.word: e for e in library.vocabulary.list(with_contexts=True)}
    assert stored["银行"].pinyin == "yín háng" and stored["银行"].traditional == "銀行"
    assert stored["绝绝子"].slang == "绝绝子" and stored["学习"].slang == ""
    assert stored["银行"].contexts[0].sentence_pinyin == bank["sentence_pinyin"]
    library.export("csv", tmp_path / "again.csv")
    assert csv_rows(tmp_path / "again.csv") == rows
