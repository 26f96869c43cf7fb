"""Deterministic RDF serialisations of the kg dataset: Turtle, TriG, N-Quads and JSON-LD.

Input: an `rdflib.Dataset` (one named graph per document, plus possibly the default graph) — or a plain
`rdflib.Graph`, whose triples go to the default graph.
Output: bytes written to a binary file handle; the same set of quads always gives byte-identical output,
whatever the insertion order or PYTHONHASHSEED.

How: every rdflib term is converted (memoised) to a pyoxigraph term; quads are deduplicated and sorted by
the N-Triples form of (graph, subject, predicate, object) and handed to Oxigraph's writers, which are
linear (rdflib's Turtle writer is super-linear on large graphs) and escape any Unicode text, quotes,
backslashes and control characters correctly. Oxigraph groups consecutive triples of one subject with
`;` and of one subject+predicate with `,`, so sorting by subject gives a compact, readable Turtle.

* Turtle: the union of all graphs, deduplicated, with `@prefix` lines (sorted by name) for the prefixes of
  vocab.PREFIXES under which every IRI of the data has a plain local name: Oxigraph would otherwise write
  escaped names such as `id:actor\\/x` (hard to read) or `kg:\\.` (valid Turtle that rdflib 7.6 cannot
  parse). In practice instance IRIs (`id:`, all with "/") are written in full, ontology terms as `kg:…`.
* TriG: default graph first, then one `<doc> { … }` block per document, graphs sorted by IRI.
* N-Quads: one line per quad, lines sorted (byte order).
* JSON-LD: written here from the sorted quads (rdflib 7.6's JSON-LD serializer drops "" among several
  values and wraps the default graph in an `@id`-less `@graph` object, i.e. a blank-node named graph):
  `@context` = vocab.PREFIXES, compact IRIs where they expand back exactly, default-graph nodes at the
  top of `@graph`, one `{"@id": doc, "@graph": [...]}` per named graph; keys sorted.
xsd:string on a plain literal is dropped by Oxigraph (RDF 1.1: `"x"` and `"x"^^xsd:string` are the same
term), so compare round trips through `quad_strings`, which normalises the same way.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.graph.vocab import PREFIXES

__all__ = [
    "collect_quads",
    "quad_strings",
    "to_oxigraph",
    "turtle_prefixes",
    "write_jsonld",
    "write_nquads",
    "write_trig",
    "write_turtle",
]

_SORTED_PREFIXES = dict(sorted(PREFIXES.items()))
# A local name every Turtle parser reads as is: no `\` escapes (Oxigraph writes them for "/", "." etc.;
# rdflib 7.6 fails on some, e.g. `kg:\.`) and no leading digit (pre-1.1 parsers reject it).
_SAFE_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
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


def _keyed_quads(ds: Graph) -> list[tuple[tuple[str, str, str, str], ox.Quad]]:
    """Deduplicated quads with their sort key (graph, s, p, o as N-Triples; default graph = "")."""
    memo: dict[Any, tuple[Any, str]] = {}

    def conv(term: Any) -> tuple[Any, str]:
        hit = memo.get(term)
        if hit is None:
            ot = to_oxigraph(term)
            hit = memo[term] = (ot, str(ot))
        return hit

    seen: dict[tuple[str, str, str, str], ox.Quad] = {}
    for s, p, o, g in _raw_quads(ds):
        (os_, ks), (op, kp), (oo, ko) = conv(s), conv(p), conv(o)
        if g is None or g in _DEFAULT_GRAPH_IDS:
            og, kg_ = ox.DefaultGraph(), ""
        else:
            og, kg_ = conv(g)
        key = (kg_, ks, kp, ko)
        if key not in seen:
            seen[key] = ox.Quad(os_, op, oo, og)
    return sorted(seen.items(), key=lambda kv: kv[0])


class SortedQuads(list):
    """pyoxigraph quads sorted by (graph, subject, predicate, object), with those sort keys (`keys`)."""

    keys: list[tuple[str, str, str, str]]


def collect_quads(ds: Graph) -> list[ox.Quad]:
    """All quads of `ds` as pyoxigraph quads, deduplicated, sorted by (graph, subject, predicate, object)."""
    keyed = _keyed_quads(ds)
    out = SortedQuads(q for _, q in keyed)
    out.keys = [k for k, _ in keyed]
    return out


def _union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    keys = getattr(quads, "keys", None)
    if keys is not None:  # the N-Triples forms collect_quads sorted by: no second str() of every term
        keyed = {k[1:]: q for k, q in zip(keys, quads)}
        return [keyed[k].triple for k in sorted(keyed)]
    keyed = {(str(q.subject), str(q.predicate), str(q.object)): q.triple for q in quads}
    return [keyed[k] for k in sorted(keyed)]


def _as_quads(data: Graph | list[ox.Quad]) -> list[ox.Quad]:
    return data if isinstance(data, list) else collect_quads(data)


def quad_strings(data: Graph | Iterable[ox.Quad], *, union: bool = False) -> set[str]:
    """A comparable form of a dataset: N-Quads lines (or N-Triples of the union with union=True)."""
    quads = collect_quads(data) if hasattr(data, "quads") else list(data)
    if union:
        return {f"{q.subject} {q.predicate} {q.object}" for q in quads}
    return {str(q) for q in quads}


def _sorted_prefix_header(raw: bytes) -> bytes:
    """Put Oxigraph's leading `@prefix` lines in name order (its own order is an implementation detail)."""
    lines = raw.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    return b"\n".join(sorted(lines[:n]) + lines[n:])


def turtle_prefixes(quads: Iterable[ox.Quad]) -> dict[str, str]:
    """The vocab.PREFIXES under which every IRI of the data has a plain local name (see _SAFE_LOCAL)."""
    quads = list(quads)
    terms = {q.subject for q in quads} | {q.predicate for q in quads} | {q.object for q in quads} | \
        {q.graph_name for q in quads}  # unique terms first: far fewer than quads × 4
    iris = {t.value for t in terms if isinstance(t, ox.NamedNode)} | \
        {t.datatype.value for t in terms if isinstance(t, ox.Literal)}
    ok = dict(_SORTED_PREFIXES)
    for iri in iris:
        bad = [name for name, ns in ok.items() if iri.startswith(ns) and not _SAFE_LOCAL.fullmatch(iri[len(ns):])]
        for name in bad:
            del ok[name]
    return ok


def write_turtle(data: Graph | list[ox.Quad], fh: IO[bytes]) -> None:
    """Turtle of the union of all graphs (deduplicated, sorted) to the binary handle `fh`."""
    triples = _union_triples(_as_quads(data))
    raw = ox.serialize(triples, None, ox.RdfFormat.TURTLE, prefixes=turtle_prefixes(ox.Quad(*t) for t in triples))
    fh.write(_sorted_prefix_header(raw))


def write_trig(data: Graph | list[ox.Quad], fh: IO[bytes]) -> None:
    """TriG: default graph, then one block per named graph (sorted), triples sorted inside."""
    quads = _as_quads(data)
    raw = ox.serialize(quads, None, ox.RdfFormat.TRIG, prefixes=turtle_prefixes(quads))
    fh.write(_sorted_prefix_header(raw))


def write_nquads(data: Graph | list[ox.Quad], fh: IO[bytes]) -> None:
    """N-Quads, one quad a line, lines sorted bytewise."""
    raw = ox.serialize(_as_quads(data), None, ox.RdfFormat.N_QUADS)
    lines = sorted(line for line in raw.split(b"\n") if line)
    fh.write(b"".join(line + b"\n" for line in lines))


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
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


def _jsonld_nodes(keyed: list[tuple[tuple[str, ...], ox.Quad]]) -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    for key, q in keyed:
        node = nodes.get(key[1])
        if node is None:
            node = nodes[key[1]] = {"@id": _node_ref(q.subject)}
        if q.predicate.value == _RDF_TYPE and isinstance(q.object, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(q.object.value))
        else:
            node.setdefault(_compact(q.predicate.value), []).append(_jsonld_value(q.object))
    return [{k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in n.items()}
            for _, n in sorted(nodes.items())]


def write_jsonld(data: Graph | list[ox.Quad], fh: IO[bytes]) -> None:
    """JSON-LD: a prefix `@context`; default-graph nodes at the top level of `@graph`, then one
    `{"@graph": [...], "@id": graph}` object per named graph. Literals keep their lexical form
    (`{"@value": "1", "@type": "xsd:integer"}`, never JSON numbers); keys sorted, arrays in sorted quad order.
    One node a line (json's C encoder: an indented dump runs the pure-Python encoder, 5× slower)."""
    quads = _as_quads(data)
    keys = getattr(quads, "keys", None) or [("" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name),
                                              str(q.subject)) for q in quads]
    by_graph: dict[str, list[tuple[tuple[str, ...], ox.Quad]]] = {}
    names: dict[str, Any] = {}
    for key, q in zip(keys, quads):
        group = by_graph.get(key[0])
        if group is None:
            group = by_graph[key[0]] = []
            names[key[0]] = q.graph_name
        group.append((key, q))
    dumps = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
    items = ["  " + dumps(node) for node in _jsonld_nodes(by_graph.pop("", []))]
    for key in sorted(by_graph):
        inner = ",\n".join("   " + dumps(node) for node in _jsonld_nodes(by_graph[key]))
        items.append(f'  {{"@graph": [\n{inner}\n  ], "@id": {dumps(_node_ref(names[key]))}}}')
    text = "{\n" + f' "@context": {dumps(dict(_SORTED_PREFIXES))},\n "@graph": [\n' + ",\n".join(items) + "\n ]\n}\n"
    fh.write(text.encode("utf-8"))
