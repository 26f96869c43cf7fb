"""Run the parser, mention resolution and claim extraction on a hand-written text (for the extractor tests)."""
from __future__ import annotations

from datetime import date

from kg import nlp as kg_nlp
from kg.extract import extract
from kg.linking_data import gazetteer
from kg.mentions import resolve
from kg.model import Document

DAY = date(2025, 3, 20)  # a Thursday


def nlp():
    return kg_nlp.load()  # cached by kg.nlp


def run(text: str, day: date | None = DAY, doc_id: str = "t.txt"):
    """(doc, resolved mentions, DocExtraction) for `text` published on `day`."""
    doc = nlp()(text)
    res = resolve(doc, gazetteer(), day)
    return doc, res, extract(doc, res, Document(doc_id, doc_id, text, day), gazetteer())


def parse(text: str, day: date | None = DAY):
    doc = nlp()(text)
    return doc, resolve(doc, gazetteer(), day)


def ids_at(doc, res, phrase: str, nth: int = 0) -> tuple[str, ...]:
    """Actor ids on the tokens of the `nth` occurrence of `phrase` (union over its tokens, in order)."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.find(phrase, start + 1)
        assert start >= 0, f"{phrase!r} not in text"
    end = start + len(phrase)
    out: list[str] = []
    for tok in doc:
        if tok.idx >= start and tok.idx + len(tok.text) <= end:
            out.extend(i for i in res.at(tok) if i not in out)
    return tuple(out)


def proposals(out):
    return [(sorted(p.proposers), p.topic, p.duration) for p in out.proposals]


def stances(out):
    return sorted((s.holder, s.polarity) for s in out.stances)


def conditions(out):
    return [(c.holders[0], c.label, c.on) for c in out.conditions]


def events(out, typ: str | None = None):
    return [e for e in out.events if typ is None or e.type == typ]
