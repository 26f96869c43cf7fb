"""Deterministic RDF serialisations of the kg dataset: Turtle, TriG, N-Quads and JSON-LD.

Input: an `rdflib.Dataset` (one named graph per document, plus possibly the default graph) — or a plain
`rdflib.Graph`, whose triples go to the default graph.
Output: bytes written to a binary file handle; the same set of quads always gives byte-identical output,
whatever the insertion order or PYTHONHASHSEED.

How: quads are deduplicated and sorted by the N-Triples form of (graph, subject, predicate, object)
(kg.export.sorted_quads; each distinct term converted once through pyoxigraph, whose N-Triples forms
escape any Unicode text, quotes, backslashes and control characters correctly), and every writer is
linear in that sorted text: N-Quads lines are the forms joined; Turtle and TriG are laid out as Oxigraph
lays them out (kg.export.turtle: consecutive triples of one subject grouped with `;`, of one subject and
predicate with `,`), without a Python object per quad.

* Turtle: the union of all graphs, deduplicated, with `@prefix` lines (sorted by name) for the prefixes of
  vocab.PREFIXES under which every IRI of the data has a plain local name: Oxigraph would otherwise write
  escaped names such as `id:actor\\/x` (hard to read) or `kg:\\.` (valid Turtle that rdflib 7.6 cannot
  parse). In practice instance IRIs (`id:`, all with "/") are written in full, ontology terms as `kg:…`.
* TriG: default graph first, then one `<doc> { … }` block per document, graphs sorted by IRI.
* N-Quads: one line per quad, in TriG's order (default graph, then graphs by IRI, lines sorted inside).
* JSON-LD: written here from the sorted quads (rdflib 7.6's JSON-LD serializer drops "" among several
  values and wraps the default graph in an `@id`-less `@graph` object, i.e. a blank-node named graph):
  `@context` = vocab.PREFIXES, compact IRIs where they expand back exactly, default-graph nodes at the
  top of `@graph`, one `{"@id": doc, "@graph": [...]}` per named graph; keys sorted.
xsd:string on a plain literal is dropped by Oxigraph (RDF 1.1: `"x"` and `"x"^^xsd:string` are the same
term), so compare round trips through `quad_strings`, which normalises the same way.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Graph

from kg.export import turtle
from kg.export.sorted_quads import SortedQuads, as_sorted, collect_quads, to_oxigraph
from kg.graph.vocab import PREFIXES

__all__ = [
    "SortedQuads",
    "collect_quads",
    "quad_strings",
    "to_oxigraph",
    "write_jsonld",
    "write_nquads",
    "write_trig",
    "write_turtle",
]

_SORTED_PREFIXES = dict(sorted(PREFIXES.items()))


def quad_strings(data: Graph | Iterable[ox.Quad], *, union: bool = False) -> set[str]:
    """A comparable form of a dataset: N-Quads lines (or N-Triples of the union with union=True)."""
    if isinstance(data, SortedQuads) or hasattr(data, "quads"):
        quads = as_sorted(data)
        if union:
            return {f"{s} {p} {o}" for _, s, p, o in quads.keys}
        return {f"{s} {p} {o} {g}" if g else f"{s} {p} {o}" for g, s, p, o in quads.keys}
    quads = list(data)
    if union:
        return {f"{q.subject} {q.predicate} {q.object}" for q in quads}
    return {str(q) for q in quads}


def write_turtle(data: Graph | SortedQuads | list[ox.Quad], fh: IO[bytes]) -> None:
    """Turtle of the union of all graphs (deduplicated, sorted) to the binary handle `fh`."""
    quads = as_sorted(data)
    turtle.write_pieces(turtle.turtle_pieces(quads.union(), quads.terms, PREFIXES, quads.safe(PREFIXES)), fh)


def write_trig(data: Graph | SortedQuads | list[ox.Quad], fh: IO[bytes]) -> None:
    """TriG: default graph, then one block per named graph (sorted), triples sorted inside."""
    quads = as_sorted(data)
    pieces = turtle.trig_graph_pieces(quads.graphs(), quads.terms, PREFIXES, quads.safe(PREFIXES, union=False))
    turtle.write_pieces(pieces, fh)


def write_nquads(data: Graph | SortedQuads | list[ox.Quad], fh: IO[bytes]) -> None:
    """N-Quads, one quad a line, in TriG's order: the default graph, then each named graph (sorted by IRI),
    its lines sorted (code point order = UTF-8 byte order); one article's quads are contiguous."""
    quads = as_sorted(data)
    for _, keys in quads.graphs():  # a graph at a time: neither the lines nor the file whole in memory
        for i in range(0, len(keys), 4096):
            lines = [f"{s} {p} {o} {g} ." if g else f"{s} {p} {o} ." for g, s, p, o in keys[i:i + 4096]]
            fh.write(("\n".join(lines) + "\n").encode("utf-8"))


_RDF_TYPE_KEY = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# longest namespace first, so the most specific prefix wins
_JSONLD_PREFIXES = sorted(_SORTED_PREFIXES.items(), key=lambda kv: (-len(kv[1]), kv[0]))


@lru_cache(maxsize=1 << 16)
def _compact(iri: str) -> str:
    """prefix:suffix when a JSON-LD processor expands it back to exactly `iri`, else the full IRI."""
    for name, ns in _JSONLD_PREFIXES:
        if iri.startswith(ns) and len(iri) > len(ns):
            suffix = iri[len(ns):]
            if not suffix.startswith("//"):
                return f"{name}:{suffix}"
    return iri


def _node_ref(term: Any) -> str:
    return "_:" + term.value if isinstance(term, ox.BlankNode) else _compact(term.value)


def _jsonld_value(term: Any) -> Any:
    if not isinstance(term, ox.Literal):
        return {"@id": _node_ref(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _compact(term.datatype.value)}


class _JsonTexts:
    """JSON text of each distinct value, type and property name of one JSON-LD document, made once."""

    def __init__(self, terms: dict[str, Any]):
        self.terms = terms
        self.dumps = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
        self.values: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self.names: dict[str, str] = {}

    def forget(self, limit: int = 1 << 15) -> None:
        """Drop the texts made so far once there are more than `limit` (between graphs: bounded memory)."""
        for made in (self.values, self.types, self.names):
            if len(made) > limit:
                made.clear()

    def nodes(self, keys: list[tuple[str, str, str, str]]) -> list[str]:
        """The JSON text of each node of one graph's sorted keys, in subject order; what json.dumps(node,
        sort_keys=True) writes for the node object, each value's text made once per document."""
        terms, dumps, values, types, names = self.terms, self.dumps, self.values, self.types, self.names
        nodes: dict[str, dict[str, list[str]]] = {}
        for _, ks, kp, ko in keys:
            node = nodes.get(ks)
            if node is None:
                node = nodes[ks] = {"@id": [dumps(_node_ref(terms[ks]))]}
            if kp == _RDF_TYPE_KEY and isinstance(terms[ko], ox.NamedNode):
                name, text = "@type", types.get(ko)
                if text is None:
                    text = types[ko] = dumps(_compact(terms[ko].value))
            else:
                name, text = names.get(kp), values.get(ko)
                if name is None:
                    name = names[kp] = _compact(terms[kp].value)
                if text is None:
                    text = values[ko] = dumps(_jsonld_value(terms[ko]))
            texts = node.get(name)
            if texts is None:
                node[name] = [text]
            else:
                texts.append(text)
        out = []
        for _, node in sorted(nodes.items()):
            parts = [f"{dumps(name)}: {texts[0] if len(texts) == 1 else '[' + ', '.join(texts) + ']'}"
                     for name, texts in sorted(node.items())]
            out.append("{" + ", ".join(parts) + "}")
        return out


def write_jsonld(data: Graph | SortedQuads | list[ox.Quad], fh: IO[bytes]) -> None:
    """JSON-LD: a prefix `@context`; default-graph nodes at the top level of `@graph`, then one
    `{"@graph": [...], "@id": graph}` object per named graph. Literals keep their lexical form
    (`{"@value": "1", "@type": "xsd:integer"}`, never JSON numbers); keys sorted, arrays in sorted quad order.
    One node a line (json's C encoder: an indented dump runs the pure-Python encoder, 5× slower)."""
    quads = as_sorted(data)
    texts = _JsonTexts(quads.terms)
    dumps = texts.dumps

    def pieces():
        yield "{\n" + f' "@context": {dumps(dict(_SORTED_PREFIXES))},\n "@graph": [\n'
        first = True
        for key, group in quads.graphs():  # "" (the default graph) first
            texts.forget()
            nodes = texts.nodes(group)
            if key:
                inner = ",\n".join("   " + node for node in nodes)
                nodes = [f'{{"@graph": [\n{inner}\n  ], "@id": {dumps(_node_ref(quads.terms[key]))}}}']
            for node in nodes:
                yield ("  " if first else ",\n  ") + node
                first = False
        yield "\n ]\n}\n"

    turtle.write_pieces(pieces(), fh, 256)  # a graph at a time: never the whole document as one str
