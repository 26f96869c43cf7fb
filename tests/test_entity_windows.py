"""kg.entity_windows: the NER run on windows around candidate tokens gives the entities kg reads."""
from __future__ import annotations

import pytest

from kg import nlp as kg_nlp
from kg.config import Settings
from kg.entity_windows import CAPITAL, NONE, STRONG

WIRE = (
    "KYIV, March 19 (Reuters) - Ukrainian President Volodymyr Zelenskiy said on Wednesday that Kyiv would "
    "support the proposal. Governor Oleh Syniehubov met Tomas Novak in Zhytomyr last week, and the two sides "
    "will meet again in the coming days. Moscow handed over 175 prisoners.\n\n"
    "The Kremlin said it would consider it. Officials from the Organization for Security and Co-operation "
    "in Europe did not comment. He said the talks hadn't failed.\n"
)


def windowed():
    return kg_nlp.load()


def full():
    return kg_nlp.load(None, True)


def ents(doc):
    return [(e.start, e.end, e.label_) for e in doc.ents]


def test_default_pipeline_uses_windows_and_full_on_request():
    assert "kg_entity_windows" in windowed().pipe_names and "ner" not in windowed().pipe_names
    assert "ner" in full().pipe_names and "kg_entity_windows" not in full().pipe_names
    assert kg_nlp.model_version(windowed()).endswith("+entity-windows")  # part of the cache key
    assert not kg_nlp.model_version(full()).endswith("+entity-windows")


def test_settings_read_kg_ner(monkeypatch):
    monkeypatch.setenv("KG_NER", "full")
    assert Settings().full_ner is True
    monkeypatch.setenv("KG_NER", "windows")
    assert Settings().full_ner is False


def test_word_kinds():
    comp = windowed().get_pipe("kg_entity_windows")
    vocab = windowed().vocab
    kinds = {w: comp.kind(vocab.strings.add(w)) for w in ("Riyadh", "175", "two", "week", "Tuesday", "said", "U.S.")}
    assert kinds == {"Riyadh": CAPITAL, "175": STRONG, "two": STRONG, "week": STRONG, "Tuesday": CAPITAL,
                     "said": NONE, "U.S.": CAPITAL}


def test_triggers_skip_gazetteer_names_pronouns_and_capitalised_function_words():
    nlp = windowed()
    doc = nlp("The Kremlin said I would meet Witkoff and Syniehubov in Zhytomyr on Tuesday for 2 hours.")
    words = [doc[i].text for i in nlp.get_pipe("kg_entity_windows").triggers(doc)]
    # "The" opens the sentence (a determiner), "I" is a pronoun, the gazetteer knows Kremlin and Witkoff
    assert words == ["Syniehubov", "Zhytomyr", "Tuesday", "2", "hours"]
    assert {"Kremlin", "Witkoff"} <= {s.text for s in doc.spans["gazetteer"]}


def test_a_sentence_without_candidates_gets_no_entities_and_all_tokens_outside():
    doc = windowed()("He said the talks had failed and would not resume.")
    assert doc.ents == ()
    assert {t.ent_iob_ for t in doc} == {"O"}


def test_entities_with_a_trigger_match_a_whole_document_pass():
    a, b = windowed()(WIRE), full()(WIRE)
    comp = windowed().get_pipe("kg_entity_windows")
    marks = set(comp.triggers(a))
    expected = [e for e in ents(b) if any(i in marks for i in range(e[0], e[1]))]
    assert ents(a) == expected
    labels = {(a[s:e].text, label) for s, e, label in ents(a)}
    assert {("Oleh Syniehubov", "PERSON"), ("Wednesday", "DATE"), ("175", "CARDINAL"),
            ("last week", "DATE")} <= labels


def test_window_docs_keep_the_tokenizer_norms():
    nlp = windowed()
    doc = nlp("Syniehubov hadn't said it.")
    (_, lo, _, sub), = nlp.get_pipe("kg_entity_windows")._windows(doc)
    assert [t.norm_ for t in sub] == [t.norm_ for t in doc[lo:lo + len(sub)]]
    assert "not" in [t.norm_ for t in sub]


@pytest.mark.parametrize("text", ["", "   \n", "no capital here at all"])
def test_texts_without_windows(text):
    doc = windowed()(text)
    assert doc.ents == ()
