"""kg.attribute_index: the indexed attribute ruler sets exactly what spaCy's AttributeRuler sets."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from kg.attribute_index import AttributeIndex, use_index
from kg.nlp import load, model_name

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = [
    "Y'all ain't gonna believe it: he's got nothin' and we gotta go, let's see.",
    "The Kremlin said   Putin would  consider a 30-day ceasefire.\n\nZelensky's office declined to comment.",
    "  Leading spaces,\ttabs\tand\n\n\nblank lines; U.S. officials weren't sure.",
    "",
]


def _texts() -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests/data/articles").glob("*"))
    return SENTENCES + [f.read_text(encoding="utf-8", errors="replace") for f in files if f.is_file()]


def _signature(doc) -> list[tuple]:
    return [(t.i, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    plain = spacy.load(model_name(None))
    indexed = spacy.load(model_name(None))
    assert use_index(indexed)
    return plain, indexed


def test_same_attributes_as_the_attribute_ruler(pipelines):
    plain, indexed = pipelines
    texts = _texts()
    assert len(texts) >= 8
    compared = 0
    for a, b in zip(plain.pipe(texts), indexed.pipe(texts)):
        assert _signature(a) == _signature(b)
        compared += len(a)
    assert compared > 3_000


def test_contractions_get_the_rulers_lemmas(pipelines):
    plain, indexed = pipelines
    text = "Y'all ain't gonna stop, let's go."
    doc = indexed(text)
    lemmas = {t.text.lower(): t.lemma_ for t in doc}
    assert lemmas["ai"] == "be" and lemmas["gon"] == "go" and lemmas["na"] == "to"  # two-token patterns
    assert _signature(doc) == _signature(plain(text))


def test_kg_pipeline_uses_the_index():
    nlp = load(None)
    assert "attribute_ruler" in nlp.pipe_names
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeIndex)


def test_unsupported_pattern_leaves_the_ruler_in_place():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LENGTH": {">": 3}}]], {"LEMMA": "long"})
    assert AttributeIndex.from_ruler(ruler) is None
    assert use_index(nlp) is False
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"


def test_blank_ruler_patterns_on_a_blank_pipeline():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "nato"}]], {"LEMMA": "NATO"})
    ruler.add([[{"LOWER": {"IN": ["nato", "un"]}}]], {"LEMMA": "alliance"})  # later pattern wins
    ruler.add([[{"LOWER": "the"}, {"LOWER": {"REGEX": "^un$"}}]], {"LEMMA": "un-body"}, index=-1)
    text = "NATO and the UN met; un"
    expected = [t.lemma_ for t in nlp(text)]
    assert use_index(nlp)
    got = [t.lemma_ for t in nlp(text)]
    assert got == expected == ["alliance", "", "", "un-body", "", "", "alliance"]
