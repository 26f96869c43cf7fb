"""kg.graph.quads: the build's dataset behaves as the rdflib Dataset it replaces, for what kg uses."""
from __future__ import annotations

from rdflib import Dataset, Literal, URIRef

from kg.export.rdf import quad_strings
from kg.graph.quads import Quads

A, B, P, Q = (URIRef(f"https://example.org/{x}") for x in "abpq")
G1, G2 = URIRef("https://example.org/g1"), URIRef("https://example.org/g2")


def sample() -> tuple[Quads, Dataset]:
    qs, ds = Quads(), Dataset()
    for target in (qs, ds):
        target.graph(G1).add((A, P, Literal("x")))
        target.graph(G1).add((A, P, Literal("x")))  # again: stored once
        target.graph(G2).add((A, P, Literal("x")))  # same triple, another graph
        target.graph(G2).add((A, Q, B))
        target.default_graph.add((B, P, Literal(1)))
        target.default_graph.add((B, P, Literal(True)))  # True == 1 in Python, not in RDF
    return qs, ds


def test_len_counts_distinct_triples_of_the_union_like_rdflib():
    qs, ds = sample()
    assert len(qs) == len(ds) == 4


def test_same_quads_as_a_dataset():
    qs, ds = sample()
    assert quad_strings(qs) == quad_strings(ds)
    assert quad_strings(qs.to_dataset()) == quad_strings(ds)
    assert sorted(g for *_, g in qs.quads() if g is not None) == [G1, G2, G2]


def test_pattern_and_remove():
    qs, _ = sample()
    assert [(s, p, o) for s, p, o, _ in qs.quads((None, Q, None, None))] == [(A, Q, B)]
    assert len(list(qs.quads((A, P, None, G2)))) == 1
    qs.graph(G2).remove((A, None, None))
    assert [g for *_, g in qs.quads((A, None, None, None))] == [G1]


def test_namespaces_sorted():
    qs = Quads()
    qs.bind("z", "https://z.example/")
    qs.bind("a", "https://a.example/")
    assert [p for p, _ in qs.namespaces()] == ["a", "z"]
    assert dict(qs.to_dataset().namespaces())["z"] == URIRef("https://z.example/")
