"""Cross-article identity: facts with the same key from several articles become one node.

Input: DocExtractions (in any order). Output: a Corpus whose proposals, conditions, stances, events
and actors are merged by key, evidence lists unioned, and one canonical label chosen
deterministically (from the article that sorts first), so the build does not depend on input order.
"""
from __future__ import annotations

import copy
import pickle
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from kg.model import Actor, Condition, DocExtraction, Document, Event, Proposal, Stance


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    surface: dict[str, set[str]] = field(default_factory=dict)
    mentioned_in: dict[str, set[str]] = field(default_factory=dict)  # actor key -> doc ids
    proposals: dict[str, Proposal] = field(default_factory=dict)
    conditions: dict[str, Condition] = field(default_factory=dict)
    stances: dict[str, Stance] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)


def _merge_into(store: dict, fact, seen: dict[str, set]) -> None:
    """Merge `fact` into store[fact.key]; `seen` holds each stored fact's evidence as a set (membership in
    the evidence list was linear: a fact reported by k articles cost k² comparisons)."""
    have = store.get(fact.key)
    if have is None:
        store[fact.key] = copy.deepcopy(fact)
        seen[fact.key] = set(store[fact.key].evidence)
        return
    known = seen[fact.key]
    for ev in fact.evidence:
        if ev not in known:
            known.add(ev)
            have.evidence.append(ev)
    for attr in ("participants", "proposers", "holders", "addressed"):
        if hasattr(have, attr):
            for a in getattr(fact, attr):
                if a not in getattr(have, attr):
                    getattr(have, attr).append(a)
    for attr in ("duration", "date", "place", "quantity", "scope"):
        if hasattr(have, attr) and getattr(have, attr) is None and getattr(fact, attr) is not None:
            setattr(have, attr, getattr(fact, attr))


class Packed:
    """One article's DocExtraction kept as its zlib-compressed pickle (~6 KB for a 1,200-word article, a
    tenth of the objects: a build of 10,000 articles holds them all until the merge), made into objects
    again by unpack(). Also the format of kg.cache's entries (whose bytes a cache hit keeps)."""

    __slots__ = ("blob", "doc_id")

    def __init__(self, doc_id: str, blob: bytes):
        self.doc_id, self.blob = doc_id, blob

    @classmethod
    def of(cls, x: DocExtraction) -> Packed:
        return cls(x.document.id, zlib.compress(pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL), 3))

    def unpack(self) -> DocExtraction:
        return pickle.loads(zlib.decompress(self.blob))


def doc_id(x: DocExtraction | Packed) -> str:
    return x.doc_id if isinstance(x, Packed) else x.document.id


def unpacked(extractions: Iterable[DocExtraction | Packed]) -> Iterable[DocExtraction]:
    """The extractions in document id order, each unpacked only when it is reached."""
    for x in sorted(extractions, key=doc_id):
        yield x.unpack() if isinstance(x, Packed) else x


def merge(extractions: Iterable[DocExtraction | Packed],
          each: Callable[[DocExtraction], None] | None = None) -> Corpus:
    """The corpus of the extractions (or Packed ones, unpacked one at a time). `each(x)` is called on
    every extraction once it is merged, in document id order (kg.discrepancy.Told collects its views
    there), so no more than one needs to be unpacked at a time. The corpus keeps the documents without
    their text (the graph needs their id, title, date and url; the evidence keeps its sentences)."""
    corpus = Corpus()
    seen: dict[int, dict[str, set]] = {id(store): {} for store in (corpus.proposals, corpus.conditions,
                                                                  corpus.stances, corpus.events)}
    for x in unpacked(extractions):
        corpus.documents.append(replace(x.document, text="") if x.document.text else x.document)
        for key, actor in sorted(x.actors.items()):
            corpus.actors.setdefault(key, actor)
            corpus.mentioned_in.setdefault(key, set()).add(x.document.id)
        for key, forms in x.surface.items():
            corpus.surface.setdefault(key, set()).update(forms)
        for p in x.proposals:
            _merge_into(corpus.proposals, p, seen[id(corpus.proposals)])
        for c in x.conditions:
            _merge_into(corpus.conditions, c, seen[id(corpus.conditions)])
        for s in x.stances:
            _merge_into(corpus.stances, s, seen[id(corpus.stances)])
        for e in x.events:
            _merge_into(corpus.events, e, seen[id(corpus.events)])
        if each is not None:
            each(x)
    for store in (corpus.proposals, corpus.conditions, corpus.stances, corpus.events):
        for fact in store.values():
            fact.evidence.sort(key=lambda ev: (ev.doc_id, ev.begin, ev.end))
            for attr in ("participants", "proposers", "holders"):
                if hasattr(fact, attr):
                    getattr(fact, attr).sort()
    return corpus
