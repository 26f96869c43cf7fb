"""Classes of nodes that the SHACL shapes cannot tell apart, so that one of each is validated for all.

Input: a shapes file (default ontology/shapes.ttl). Output: an Abstraction whose key(node, (p, o) pairs,
types) is the same for two nodes exactly when every constraint of the shapes sees the same thing in both:
the node's kind and rdf:type values; per property, each value reduced to what the constraints test (an
IRI to its rdf:type values, a literal to its datatype, language and well-formedness, a value compared
with a bound of sh:minInclusive & co. to the comparisons' outcomes, a value the shapes list or match in
sh:in, sh:hasValue, sh:pattern, length or language constraints kept as it is), counted up to one more
than the largest cardinality any shape states; and for each sh:lessThanOrEquals-like pair of properties,
the outcomes of comparing their values. Abstraction.of() returns None when the shapes use a constraint
this reduction does not understand (SPARQL, sh:closed, paths other than a property...): the caller then
validates node by node. As with kg.graph.validate_memo, this relies on the shapes being node-local.

Why: a corpus has thousands of nodes but few distinct such classes (every evidence span with sound
offsets looks alike to the shapes), and pySHACL spends ~2 ms per node.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kg.graph.validate import SHAPES_PATH, shapes_graph

EXACT = {SH["in"], SH.hasValue, SH.pattern, SH.flags, SH.minLength, SH.maxLength, SH.languageIn, SH.uniqueLang}
BOUNDS = {SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive}
PAIRS = {SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint}
COUNTS = {SH.minCount, SH.maxCount, SH.qualifiedMinCount, SH.qualifiedMaxCount}
LISTS = {SH["or"], SH["and"], SH.xone}
NESTED = {SH["not"], SH.node, SH.qualifiedValueShape}
HARMLESS = {SH.datatype, SH.nodeKind, SH["class"], SH.qualifiedValueShapesDisjoint, SH.message, SH.severity,
            SH.name, SH.description, SH.order, SH.group, SH.deactivated, SH.path, SH.targetClass,
            SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property} | COUNTS


class Unsupported(Exception):
    """The shapes use something the abstraction does not model."""


@dataclass
class Abstraction:
    exact: set = field(default_factory=lambda: {RDF.type})  # properties whose values are kept as they are
    bounds: dict = field(default_factory=dict)  # property -> [(sh:minInclusive & co., bound literal)]
    pairs: set = field(default_factory=set)  # (property, sh:lessThanOrEquals & co., other property)
    focus_exact: bool = False  # a node-level value constraint: the focus node itself matters
    cap: int = 2  # counts above the largest stated cardinality are all alike

    @staticmethod
    def of(shapes_path: Path | str | None = None) -> Abstraction | None:
        """The abstraction for the shapes file, or None when it cannot be trusted for these shapes."""
        path = Path(shapes_path or SHAPES_PATH).resolve()
        return _of(path, path.stat().st_mtime)

    def key(self, node: Node, pos, types: dict, seen: dict | None = None) -> tuple:
        """A hashable description of `node` (its (p, o) pairs `pos`; `types` maps nodes to rdf:type sets)
        that the shapes cannot see past. `seen`, a dict kept over the calls of one graph, saves work."""
        seen = {} if seen is None else seen
        counts: Counter = Counter()
        for po in pos:
            v = seen.get(po)
            if v is None:
                v = seen[po] = repr(self._value(*po, types))
            counts[v] += 1
        items = sorted((k, min(n, self.cap)) for k, n in counts.items())
        compared = []
        same = str.__eq__  # predicates are IRIs: compared as strings in C, not by rdflib's Python __eq__
        for a, _, b in sorted(self.pairs):
            left = [o for p, o in pos if same(p, a)]
            right = [o for p, o in pos if same(p, b)]
            compared.append(sorted({_pair_outcome(v, c) for v in left for c in right}))
        focus = node.n3() if self.focus_exact else type(node).__name__
        return focus, tuple(items), repr(compared)

    def _value(self, p: Node, o: Node, types: dict) -> tuple:
        if p in self.exact:
            return p, "=", o.n3()
        if isinstance(o, Literal):
            described = (p, "L", o.datatype, o.language, o.ill_typed, type(o.value).__name__)
            if p in self.bounds:
                return *described, tuple(_bound_outcome(o, b) for _, b in self.bounds[p])
            return described
        kind = "I" if isinstance(o, URIRef) else "B"
        if p in self.bounds:
            return p, kind, "=", o.n3()  # pySHACL fails such values; keep them apart
        return p, kind, tuple(sorted(t.n3() for t in types.get(o, ())))


@lru_cache(maxsize=4)
def _of(path: Path, mtime: float) -> Abstraction | None:
    shapes = shapes_graph(path)
    a = Abstraction()
    try:
        for node in set(shapes.subjects(SH.property, None)) | _targeted(shapes):
            path = shapes.value(node, SH.path)
            if path is not None and not isinstance(path, URIRef):
                raise Unsupported(f"sh:path {path}")
            _walk(shapes, node, path, a, set())
    except Unsupported:
        return None
    return a


def _targeted(shapes: Graph) -> set:
    return {s for t in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
            for s in shapes.subjects(t, None)}


def _walk(g: Graph, shape: Node, prop: Node | None, a: Abstraction, seen: set, nested: bool = False) -> None:
    """Record what the constraints of `shape` test on the values of `prop` (None: the focus node)."""
    if (shape, prop) in seen:
        return
    seen.add((shape, prop))
    for p, o in g.predicate_objects(shape):
        if p == SH.property:
            path = g.value(o, SH.path)
            if not isinstance(path, URIRef):
                raise Unsupported(f"sh:path {path}")
            if nested and path != RDF.type:  # a value's other properties: not node-local
                raise Unsupported(f"nested sh:path {path}")
            if not nested:
                _walk(g, o, path, a, seen)
        elif p in LISTS:
            for member in Collection(g, o):
                _walk(g, member, prop, a, seen, nested)
        elif p in NESTED:
            _walk(g, o, prop, a, seen, nested=nested or p == SH.node)
        elif p in COUNTS:
            a.cap = max(a.cap, int(o) + 1)
        elif p in EXACT or p in BOUNDS or p in PAIRS:
            if p in PAIRS and (nested or prop is None):  # compares a node with its own properties
                raise Unsupported(f"{p} in a node shape")
            if prop is None:
                a.focus_exact = True
            elif p in EXACT:
                a.exact.add(prop)
            elif p in BOUNDS:
                a.bounds.setdefault(prop, []).append((p, o))
            else:
                a.pairs.add((prop, p, o))
        elif str(p).startswith(str(SH)) and p not in HARMLESS:
            raise Unsupported(str(p))


def _bound_outcome(value: Literal, bound: Node) -> object:
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(bound, Literal):
        return "?"
    try:
        return compare_literal(value, bound)
    except (TypeError, NotImplementedError, ArithmeticError):
        return "err"


@lru_cache(maxsize=1 << 16)
def _pair_outcome(v: Node, c: Node) -> tuple:
    """What pySHACL's property-pair comparisons can depend on: the kinds, equality and the order of the
    values, IRIs and string literals compared as strings."""
    if isinstance(v, BNode) or isinstance(c, BNode):
        return ("bnode",)
    left, right = (str(x) if isinstance(x, URIRef) else x.value
                   if isinstance(x, Literal) and isinstance(x.value, str) else x for x in (v, c))
    order = []
    for compare in (lambda: left <= right, lambda: left < right):
        try:
            order.append(bool(compare()))
        except (TypeError, ValueError, ArithmeticError):
            order.append("err")
    return type(left).__name__, type(right).__name__, v == c, left == right, tuple(order)
