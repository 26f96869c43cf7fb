"""SHACL validation of a kg graph against ontology/shapes.ttl, with the ontology as pySHACL's ont_graph.

Input: an rdflib Graph, or a Dataset / ConjunctiveGraph (its named graphs are flattened into one graph
first), and optionally other shapes and ontology files.
Output: a ValidationReport: conforms, one (focus node, path, message, severity) tuple per violation sorted
deterministically, and a readable text with one line "focus — path — message" per violation.

The shapes name their concrete target classes and need no reasoning, so pySHACL runs with inference
"none", the fastest correct setting, advanced off, without an ontology unless one is asked for.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, Node, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF, SH, NamespaceManager

from kg.graph.quads import Quads
from kg.graph.vocab import PREFIXES

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_PATH = ONTOLOGY_DIR / "kg.ttl"

Result = tuple[Node, Node | None, str, Node]  # focus node, result path, message, severity


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validate(): `results` is sorted, `text` is one line per violation."""

    conforms: bool
    results: list[Result] = field(default_factory=list)
    text: str = ""


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> Graph:
    """Parse a Turtle file once per (path, modification time)."""
    g = Graph()
    g.parse(path, format="turtle")
    return g


def _graph(path: Path) -> Graph:
    path = path.resolve()
    return _load(path, path.stat().st_mtime)


def flatten(data: Graph | Quads) -> Graph:
    """One Graph holding every triple of every named graph (and the default graph) of `data` (also a
    kg.export.spill.Spill or SortedQuads: their union)."""
    if hasattr(data, "union"):
        from kg.export.ntriples import rdflib_term

        flat = Graph()
        for triple in data.union():
            flat.add(tuple(rdflib_term(f) for f in triple))
        return flat
    if not isinstance(data, (ConjunctiveGraph, Quads)):  # Dataset is a ConjunctiveGraph in rdflib 7
        return data
    flat = Graph()
    for prefix, ns in data.namespaces():
        flat.bind(prefix, ns, override=False)
    for s, p, o, _ in data.quads((None, None, None, None)):
        flat.add((s, p, o))
    return flat


def _namespaces() -> NamespaceManager:
    nm = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        nm.bind(prefix, ns, override=True)
    nm.bind("sh", str(SH), override=True)
    return nm


def _results(report: Graph) -> list[Result]:
    """The top-level results of a pySHACL report graph (not their sh:detail), deduplicated and sorted."""
    rows: set[Result] = set()
    for res in report.objects(None, SH.result):
        focus = report.value(res, SH.focusNode)
        path = report.value(res, SH.resultPath)
        severity = report.value(res, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(res, SH.resultMessage))
        message = " / ".join(messages) if messages else "constraint violated"
        rows.add((focus, path, message, severity))
    return sorted(rows, key=lambda r: (str(r[0]), str(r[1] or ""), r[2], str(r[3])))


def _term(node: Node | None, nm: NamespaceManager) -> str:
    if node is None:
        return "(node)"
    if isinstance(node, Literal):
        return node.n3()
    return node.n3(nm)


def _text(conforms: bool, results: list[Result]) -> str:
    nm = _namespaces()
    head = "Conforms: yes" if conforms else f"Conforms: no ({len(results)} violations)"
    lines = [f"{_term(f, nm)} — {_term(p, nm)} — {m}" for f, p, m, _ in results]
    return "\n".join([head, *lines])


def combine(results: list[Result]) -> ValidationReport:
    """One ValidationReport from the results of several validations (of parts of a graph or of its shapes)."""
    rows = sorted(set(results), key=lambda r: (str(r[0]), str(r[1] or ""), r[2], str(r[3])))
    conforms = not rows  # as pySHACL without allow_warnings/allow_infos: any result fails
    return ValidationReport(conforms=conforms, results=rows, text=_text(conforms, rows))


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def shapes_graph(shapes_path: Path | None = None) -> Graph:
    """The parsed shapes file (default ontology/shapes.ttl), parsed once per modification time."""
    return _graph(Path(shapes_path) if shapes_path else SHAPES_PATH)


def target_shapes(shapes_path: Path | None = None) -> list[str]:
    """The IRIs of the shapes that have targets, sorted (the units `use_shapes` can split)."""
    shapes = shapes_graph(shapes_path)
    return sorted({str(s) for t in _TARGETS for s in shapes.subjects(t, None) if isinstance(s, URIRef)})


def only_class_targets(shapes_path: Path | None = None) -> bool:
    """Whether every target of the shapes is an sh:targetClass."""
    shapes = shapes_graph(shapes_path)
    return not any(True for t in _TARGETS[1:] for _ in shapes.subjects(t, None))


def shape_groups(data: Graph, k: int, shapes_path: Path | None = None) -> list[list[str]]:
    """The target shapes split into at most `k` groups of about equal work on `data` (focus nodes × property
    shapes, largest first into the lightest group), for validating in k processes."""
    shapes = shapes_graph(shapes_path)
    weights = []
    for iri in target_shapes(shapes_path):
        node = URIRef(iri)
        focus = sum(len(set(data.subjects(RDF.type, c))) for c in shapes.objects(node, SH.targetClass))
        weights.append((focus * (1 + len(list(shapes.objects(node, SH.property)))), iri))
    groups: list[tuple[int, list[str]]] = [(0, []) for _ in range(max(1, k))]
    for w, iri in sorted(weights, reverse=True):
        i = min(range(len(groups)), key=lambda j: groups[j][0])
        groups[i] = (groups[i][0] + w, [*groups[i][1], iri])
    return [sorted(g) for _, g in groups if g]


def validate(
    data: Graph,
    shapes_path: Path | None = None,
    ontology_path: Path | None = None,
    use_shapes: list[str] | None = None,
    shapes: Graph | None = None,
) -> ValidationReport:
    """Validate `data` (Graph or Dataset) against the SHACL shapes (default: ontology/shapes.ttl).

    The repository's shapes need no ontology (they name concrete classes), so none is mixed in unless
    `ontology_path` is given (then it is pySHACL's ont_graph); mixing ontology/kg.ttl in gives the same
    results (tests/test_validate.py) and took 7 % of the validation time. The data is never modified: a
    Dataset is validated through a flattened copy, a Graph is only read. `use_shapes` (shape IRIs with
    targets, see target_shapes) restricts the validation to those shapes: validations of disjoint groups
    of shapes, combined, give the report of all of them (how a build splits it over 2 cores). `shapes`, a
    parsed shapes graph, replaces shapes_path (kg.graph.validate_memo retargets the shapes at the nodes
    that changed).
    """
    import pyshacl  # here, not at the top: a rebuild whose nodes the memo knows never needs it

    shapes = shapes if shapes is not None else shapes_graph(shapes_path)
    ontology = _graph(Path(ontology_path)) if ontology_path else None
    flat = flatten(data)
    conforms, report, _ = pyshacl.validate(
        flat,
        shacl_graph=shapes,
        ont_graph=ontology,
        inplace=flat is not data or ontology is None,  # no copy of a graph nobody else sees
        inference="none",
        advanced=False,
        abort_on_first=False,
        allow_warnings=False,
        use_shapes=use_shapes or None,
    )
    results = _results(report)
    return ValidationReport(conforms=bool(conforms), results=results, text=_text(bool(conforms), results))
