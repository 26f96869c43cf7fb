"""kg.export.turtle writes Turtle and TriG byte for byte as Oxigraph's serializer does, on random data.

kg lays the text out itself (from the N-Triples forms the quads are sorted by) because making a Python
pyoxigraph object per quad costs more than the writing; Oxigraph stays the reference for the layout.
"""
from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.export import turtle
from kg.export.sorted_quads import SortedQuads
from kg.graph.vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
NS = ["https://w3id.org/newskg/ontology#", "https://w3id.org/newskg/id/actor/", "http://example.org/",
      "http://www.w3.org/1999/02/22-rdf-syntax-ns#", XSD, "http://www.wikidata.org/entity/"]
locals_ = st.sampled_from(["type", "Person", "a", "x-1", "_u", "Q1", "1st", "a/b", "a.b", "", "é"])
iris = st.builds(lambda ns, local: ox.NamedNode(ns + local), st.sampled_from(NS), locals_)
lexical = st.sampled_from(["true", "false", "1", "+5", "-0", "05", "1.5", ".5", "5.", "1e5", "1.5E-5", "INF",
                           "x", "", 'a "b"', "a\nb\\c\t", "\x00\x7f", "é😀"])
datatypes = st.sampled_from([XSD + t for t in ("boolean", "integer", "decimal", "double", "string", "date",
                                               "nonNegativeInteger")] + ["http://example.org/dt"])
literals = st.one_of(
    st.builds(lambda v: ox.Literal(v), lexical),
    st.builds(lambda v, dt: ox.Literal(v, datatype=ox.NamedNode(dt)), lexical, datatypes),
    st.builds(lambda v, lang: ox.Literal(v, language=lang), lexical, st.sampled_from(["en", "en-gb", "uk"])),
)
blanks = st.builds(ox.BlankNode, st.sampled_from(["b0", "b1", "b10"]))
subjects = st.one_of(iris, blanks)
graphs = st.one_of(st.just(ox.DefaultGraph()), iris, blanks)
quads = st.lists(st.builds(ox.Quad, subjects, iris, st.one_of(iris, literals, blanks), graphs), max_size=25)
prefix_sets = st.sampled_from([PREFIXES, {}, {"ex": "http://example.org/", "xsd": XSD}])


def _reference(items, fmt, prefixes) -> str:
    """Oxigraph's own writer over the same sorted quads (or their sorted, distinct union triples)."""
    sq = SortedQuads.of(items)
    if fmt is ox.RdfFormat.TURTLE:
        data = [ox.Triple(*(sq.terms[k] for k in t)) for t in sq.triples()]
        chosen = turtle.safe_prefixes(prefixes, (sq.terms[k] for t in sq.triples() for k in t))
    else:
        data = list(sq)
        chosen = turtle.safe_prefixes(prefixes, sq.terms.values())
    raw = ox.serialize(data, None, fmt, prefixes=chosen).decode("utf-8")
    lines = raw.split("\n")
    n = sum(1 for line in lines if line.startswith("@prefix "))
    return "\n".join(sorted(lines[:n]) + lines[n:])  # Oxigraph's prefix order is its own


@settings(max_examples=300, deadline=None)
@given(quads, prefix_sets)
def test_turtle_is_oxigraphs(items, prefixes):
    sq = SortedQuads.of(items)
    assert turtle.turtle(sq.triples(), sq.terms, prefixes) == _reference(items, ox.RdfFormat.TURTLE, prefixes)


@settings(max_examples=300, deadline=None)
@given(quads, prefix_sets)
def test_trig_is_oxigraphs(items, prefixes):
    sq = SortedQuads.of(items)
    assert turtle.trig(sq.keys, sq.terms, prefixes) == _reference(items, ox.RdfFormat.TRIG, prefixes)


def test_shorthands():
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    items = [ox.Quad(s, p, ox.Literal("5", datatype=ox.NamedNode(XSD + "integer"))),
             ox.Quad(s, p, ox.Literal("5.", datatype=ox.NamedNode(XSD + "decimal")))]
    sq = SortedQuads.of(items)
    text = turtle.turtle(sq.triples(), sq.terms, {"ex": "http://example.org/", "xsd": XSD})
    assert text.splitlines()[-1] == 'ex:s a 5 , "5."^^xsd:decimal .'


@settings(max_examples=300, deadline=None)
@given(quads)
def test_nul_joined_forms_sort_as_tuples(items):
    """SortedQuads sorts by the forms joined with NUL (string comparison is faster): the order of tuples."""
    keys = [tuple("" if isinstance(t, ox.DefaultGraph) else str(t)
                  for t in (q.graph_name, q.subject, q.predicate, q.object)) for q in items]
    assert sorted(keys, key="\x00".join) == sorted(keys)
    assert SortedQuads.of(items).keys == sorted(set(keys))
