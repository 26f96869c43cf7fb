"""Quads as sorted N-Triples text: the form every kg RDF writer starts from.

Input: an rdflib Graph/Dataset, a kg.graph.quads.Quads, or pyoxigraph quads. Output: a SortedQuads —
the deduplicated quads as (graph, subject, predicate, object) N-Triples forms ("" = the default graph),
sorted, with each distinct form's pyoxigraph term. Sorting by the text makes every export independent of
insertion order and PYTHONHASHSEED; each distinct rdflib term is converted once (memoised by id(): the
build shares term objects, and rdflib's __hash__/__eq__ on literals are Python-level).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.graph.quads import Quads

__all__ = ["Memo", "SortedQuads", "as_sorted", "collect_quads", "to_oxigraph"]

_DEFAULT_GRAPH_IDS = {DATASET_DEFAULT_GRAPH_ID, URIRef("urn:x-rdflib:default")}


def to_oxigraph(term: Any) -> Any:
    """One rdflib term (URIRef, BNode, Literal) → the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        try:
            return ox.BlankNode(str(term))
        except ValueError:  # an id Oxigraph does not accept: a stable stand-in
            return ox.BlankNode("b" + hashlib.sha1(str(term).encode("utf-8")).hexdigest())
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot export RDF term {term!r} ({type(term).__name__})")


def _raw_quads(ds: Graph) -> Iterable[tuple[Any, Any, Any, Any]]:
    if hasattr(ds, "quads"):
        for s, p, o, ctx in ds.quads((None, None, None, None)):
            yield s, p, o, getattr(ctx, "identifier", ctx)
    else:
        for s, p, o in ds:
            yield s, p, o, None


def _order(key: tuple[str, ...]) -> str:
    # the forms joined by NUL sort as the tuples do (no form has a raw character below " " and none is a
    # proper prefix of another that continues with one), and string comparison is ~3x faster than tuples'
    return "\x00".join(key)


class SortedQuads:
    """Deduplicated quads sorted by (graph, subject, predicate, object) as N-Triples text.

    `keys`: the sorted (graph, s, p, o) N-Triples forms ("" = the default graph); `terms`: each distinct
    form → its pyoxigraph term. The writers work on this text (kg.export.rdf, kg.export.turtle): no
    Python object per quad beyond its key."""

    __slots__ = ("keys", "terms")

    def __init__(self, keys: list[tuple[str, str, str, str]], terms: dict[str, Any]):
        self.keys, self.terms = keys, terms

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[ox.Quad]:
        t, default = self.terms, ox.DefaultGraph()
        for g, s, p, o in self.keys:
            yield ox.Quad(t[s], t[p], t[o], t[g] if g else default)

    def nquads_lines(self, start: int = 0, stop: int | None = None) -> list[str]:
        """One N-Quads line (no newline) per quad of keys[start:stop], in key order."""
        return [f"{s} {p} {o} {g} ." if g else f"{s} {p} {o} ." for g, s, p, o in self.keys[start:stop]]

    def triples(self) -> list[tuple[str, str, str]]:
        """The distinct (s, p, o) of the union of all graphs, sorted."""
        return sorted({key[1:] for key in self.keys}, key=_order)

    # the reading interface the writers use, shared with kg.export.spill.Spill (a dataset on disk)
    def graphs(self) -> Iterator[tuple[str, list[tuple[str, str, str, str]]]]:
        """(graph form, its sorted keys) for each graph in order ("" = the default graph, first)."""
        for g, group in groupby(self.keys, key=itemgetter(0)):
            yield g, list(group)

    def union(self) -> list[tuple[str, str, str]]:
        return self.triples()

    def safe(self, prefixes: dict[str, str], union: bool = True) -> dict[str, str]:
        """The `prefixes` (name order) under which every IRI of the union's terms (union=True) or of all
        terms, graph names included, has a plain local name (kg.export.turtle.safe_prefixes)."""
        from kg.export.turtle import safe_prefixes

        if not union:
            return safe_prefixes(prefixes, self.terms.values())
        used = {f for key in self.keys for f in key[1:]}
        return safe_prefixes(prefixes, (self.terms[f] for f in used))

    @classmethod
    def of(cls, quads: Iterable[ox.Quad]) -> SortedQuads:
        """From pyoxigraph quads (any order, duplicates allowed)."""
        terms: dict[str, Any] = {}
        keys = set()
        for q in quads:
            parts = []
            for t in (q.graph_name, q.subject, q.predicate, q.object):
                text = "" if isinstance(t, ox.DefaultGraph) else str(t)
                if text:
                    terms.setdefault(text, t)
                parts.append(text)
            keys.add(tuple(parts))
        return cls(sorted(keys, key=_order), terms)


class Memo:
    """The N-Triples form and pyoxigraph term of the rdflib terms met, for collect_quads calls on the graphs
    of one build (which share term objects: an actor's IRI and label recur in every article's graph);
    forgotten between calls once past `limit` terms."""

    __slots__ = ("by_id", "limit", "terms")

    def __init__(self, limit: int = 1 << 15):
        self.by_id: dict[int, tuple[Any, str]] = {}
        self.terms: dict[str, Any] = {}
        self.limit = limit


def collect_quads(ds: Graph, memo: Memo | None = None) -> SortedQuads:
    """All quads of `ds` (an rdflib Graph/Dataset or a kg Quads), deduplicated and sorted (SortedQuads).
    With a `memo` shared by the calls on a build's graphs, a term met before is not converted again; the
    SortedQuads' `terms` are then the memo's (every form of `ds` among them)."""
    # the build shares term objects: keyed by id(), the memo spares rdflib's Python-level __hash__ and __eq__
    # (the memo holds each term, so no id is reused by another object meanwhile)
    if memo is None:
        memo = Memo()
    elif len(memo.by_id) > memo.limit:
        memo.by_id.clear()
        memo.terms.clear()
    by_id, terms = memo.by_id, memo.terms

    def form(term: Any) -> str:
        ot = to_oxigraph(term)
        text = str(ot)
        terms.setdefault(text, ot)
        by_id[id(term)] = (term, text)
        return text

    graphs: dict[str, set[tuple[str, str, str]]] = {}  # graph form → its (s, p, o) forms
    get = by_id.get
    # kg's own Quads yields (s, p, o, graph IRI or None) already; an rdflib store's contexts are Graphs
    source = ds.quads() if isinstance(ds, Quads) else _raw_quads(ds)
    for s, p, o, g in source:
        ks = hit[1] if (hit := get(id(s))) else form(s)
        kp = hit[1] if (hit := get(id(p))) else form(p)
        ko = hit[1] if (hit := get(id(o))) else form(o)
        if g is None or g in _DEFAULT_GRAPH_IDS:
            kg_ = ""
        else:
            kg_ = hit[1] if (hit := get(id(g))) else form(g)
        triples = graphs.get(kg_)
        if triples is None:
            triples = graphs[kg_] = set()
        triples.add((ks, kp, ko))
    # one sort per graph: shorter keys and sorts than one sort of all quads ("" = the default graph first)
    keys = []
    for g in sorted(graphs):  # each graph's set freed as soon as it is sorted into keys
        keys.extend([(g, *t) for t in sorted(graphs.pop(g), key=_order)])
    return SortedQuads(keys, terms)


def as_sorted(data: Graph | SortedQuads | Iterable[ox.Quad]) -> SortedQuads:
    if isinstance(data, SortedQuads) or hasattr(data, "union"):  # or a kg.export.spill.Spill
        return data
    if hasattr(data, "quads") or hasattr(data, "triples"):
        return collect_quads(data)
    return SortedQuads.of(data)
