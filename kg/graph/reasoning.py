"""OWL disjointness check of a kg graph: which nodes end up in two classes the ontology declares disjoint.

Input: a data graph (Graph, or a Dataset: flattened) and the ontology's directory (shapes files skipped).
Output: a sorted list of (node, classA, classB): each data node that, after the OWL 2 RL closure of data +
ontology (owlrl), is typed with both classes of a pair declared disjoint (owl:AllDisjointClasses,
owl:disjointWith), e.g. (x, kg:Actor, kg:Fact) for an x typed kg:Person and kg:Proposal; A < B by IRI.

Speed: when the ontology's type inferences are local (subclasses, domains, ranges, unions, sub/inverse
properties; no functional properties, keys, cardinalities, value restrictions) and the data has no
owl:sameAs or schema triples, a node's inferred types depend only on its asserted types and on which
predicates leave and reach it, so the closure runs on one representative per such signature (same answer,
~1 s for 5,000 triples); otherwise on all of data + ontology. owlrl's own inconsistency reports (error-message
nodes) are not data nodes and are ignored; owl:Nothing / owl:Thing are never reported.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import owlrl
from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.graph.validate import flatten

Violation = tuple[Node, URIRef, URIRef]
_NEVER = {OWL.Nothing, OWL.Thing}
_NON_LOCAL = {OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.hasKey, OWL.maxCardinality,
              OWL.maxQualifiedCardinality, OWL.cardinality, OWL.qualifiedCardinality, OWL.propertyChainAxiom,
              OWL.sameAs, OWL.FunctionalProperty, OWL.InverseFunctionalProperty}
_SCHEMA = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}


@lru_cache(maxsize=4)
def _ontology(files: tuple[tuple[Path, float], ...]) -> Graph:
    ont = Graph()
    for path, _ in files:
        g = Graph().parse(path, format="turtle")
        if (None, RDF.type, SH.NodeShape) not in g and (None, RDF.type, SH.PropertyShape) not in g:
            ont += g
    return ont


def load_ontology(ontology_dir: Path) -> Graph:
    """Every *.ttl of `ontology_dir` except SHACL shapes files (cached while the files are unchanged)."""
    files = sorted(Path(ontology_dir).glob("*.ttl"))
    return _ontology(tuple((p.resolve(), p.stat().st_mtime) for p in files))


def disjoint_pairs(ontology: Graph) -> set[tuple[URIRef, URIRef]]:
    """Pairs of named classes declared disjoint, each pair ordered by IRI."""
    pairs: set[tuple[URIRef, URIRef]] = set()
    for adc in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        for members in ontology.objects(adc, OWL.members):
            classes = [c for c in Collection(ontology, members) if isinstance(c, URIRef)]
            pairs.update((a, b) for a in classes for b in classes if str(a) < str(b))
    for a, b in ontology.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b:
            pairs.add((a, b) if str(a) < str(b) else (b, a))
    return {p for p in pairs if not _NEVER & set(p)}


def _is_local(data: Graph, ontology: Graph) -> bool:
    """True when types can be inferred node by node (see the module docstring)."""
    if _NON_LOCAL & (set(ontology.predicates(unique=True)) | set(ontology.objects(None, RDF.type))):
        return False
    return not any(p in _SCHEMA or str(p).startswith(str(OWL)) for p in data.predicates(unique=True))


def _summary(data: Graph, ontology: Graph) -> tuple[Graph, dict[Node, Node]]:
    """A graph with one representative per node signature, and each data node's representative."""
    described = set(ontology.subjects()) | set(ontology.objects())
    types, links = defaultdict(set), defaultdict(set)
    for s, p, o in data:
        if p == RDF.type:
            types[s].add(o)
            continue
        links[s].add(("out", p, isinstance(o, Literal)))
        if not isinstance(o, Literal):
            links[o].add(("in", p, False))
    summary, rep_of, reps = Graph(), {}, {}
    for node in set(types) | set(links):
        sig = (frozenset(types[node]), frozenset(links[node]))
        rep = node if node in described else reps.setdefault(sig, URIRef(f"urn:kg:signature:{len(reps)}"))
        rep_of[node] = rep
        summary += {(rep, RDF.type, t) for t in sig[0]}
        for way, p, literal in sig[1]:
            other = Literal("x") if literal else URIRef(f"urn:kg:other:{way}:{p}")
            summary.add((rep, p, other) if way == "out" else (other, p, rep))
    return summary, rep_of


def disjointness_violations(data: Graph, ontology_dir: Path, *, summarise: bool = True) -> list[Violation]:
    """Data nodes typed, after OWL RL closure of data + ontology, with two classes declared disjoint.

    summarise=False forces the closure over every data triple (same answer, slower; used by the tests).
    """
    data = flatten(data)
    ontology = load_ontology(ontology_dir)
    pairs = disjoint_pairs(ontology)
    if not pairs:
        return []
    if summarise and _is_local(data, ontology):
        part, rep_of = _summary(data, ontology)
    else:
        part = data
        rep_of = {n: n for s, _, o in data for n in (s, o) if isinstance(n, (URIRef, BNode))}
    rep_of = {n: r for n, r in rep_of.items() if n not in _NEVER}
    closed = ontology + part
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    nodes_of = defaultdict(set)
    for node, rep in rep_of.items():
        nodes_of[rep].add(node)
    found: set[Violation] = set()
    for a, b in pairs:
        for rep in set(closed.subjects(RDF.type, a)) & set(closed.subjects(RDF.type, b)):
            found.update((n, a, b) for n in nodes_of.get(rep, ()))
    return sorted(found, key=lambda v: (str(v[0]), str(v[1]), str(v[2])))
