"""The build's dataset: quads of rdflib terms in a dict, with the few Dataset methods kg's stages use.

Input: triples added to named graphs (`quads.graph(iri).add((s, p, o))`) or the default graph. Output:
`quads((s, p, o, g))` pattern iteration (None matches anything; g is the graph IRI, None for the default
graph), `len()` = distinct triples of the union (as rdflib's Dataset), and `to_dataset()` for anything that
needs rdflib's whole API.

Why: the build writes every actor's description again into the graph of each article that mentions it;
rdflib's in-memory store spends ~40 µs on each add (three indexes per context, events), 7.5 s of a
300-article build for 180,000 quads. The stages after the build only iterate quads (SHACL planning,
exports, the Gephi projection), so a dict of quads (insertion-ordered, deduplicated) is all they need.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import Dataset, URIRef

Quad = tuple[Any, Any, Any, Any]


class NamedGraph:
    """A view on one graph of a Quads: add / remove triples (identifier None = the default graph)."""

    __slots__ = ("_quads", "identifier")

    def __init__(self, quads: dict[Quad, None], identifier: URIRef | None):
        self._quads, self.identifier = quads, identifier

    def add(self, triple: tuple[Any, Any, Any]) -> NamedGraph:
        s, p, o = triple
        self._quads[(s, p, o, self.identifier)] = None
        return self

    def remove(self, triple: tuple[Any, Any, Any]) -> NamedGraph:
        g = self.identifier
        for q in [q for q in self._quads if q[3] == g and _matches(q, (*triple, g))]:
            del self._quads[q]
        return self


class Quads:
    """An insertion-ordered set of (subject, predicate, object, graph) quads of rdflib terms."""

    def __init__(self) -> None:
        self._quads: dict[Quad, None] = {}
        self._prefixes: dict[str, URIRef] = {}

    def bind(self, prefix: str, namespace: Any) -> None:
        self._prefixes[prefix] = URIRef(str(namespace))

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        return iter(sorted(self._prefixes.items()))

    def graph(self, identifier: URIRef) -> NamedGraph:
        return NamedGraph(self._quads, identifier)

    @property
    def default_graph(self) -> NamedGraph:
        return NamedGraph(self._quads, None)

    def quads(self, pattern: tuple = (None, None, None, None)) -> Iterator[Quad]:
        if all(t is None for t in pattern):
            return iter(list(self._quads))
        return iter([q for q in self._quads if _matches(q, pattern)])

    def clear(self) -> None:
        """Drop every quad (a build's last reader frees the dataset's memory before writing its exports)."""
        self._quads.clear()

    def __len__(self) -> int:
        return len({q[:3] for q in self._quads})

    def to_dataset(self) -> Dataset:
        """The same quads in an rdflib Dataset (named graphs by IRI, the rest in its default graph)."""
        ds = Dataset()
        for prefix, ns in self._prefixes.items():
            ds.bind(prefix, ns)
        for s, p, o, g in self._quads:
            (ds.default_graph if g is None else ds.graph(g)).add((s, p, o))
        return ds


def _matches(quad: Quad, pattern: tuple) -> bool:
    return all(want is None or want == have for want, have in zip(pattern, quad))
