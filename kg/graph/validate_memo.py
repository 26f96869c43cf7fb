"""SHACL validation that re-checks only the nodes whose description changed since the last build.

Input: the build's rdflib Dataset (or Graph) and a memo file in the cache folder. Output: a Plan whose
graph() is what pySHACL has to validate and whose finish() turns pySHACL's reports on it into the
ValidationReport of the whole graph (the same one kg.graph.validate.validate gives), saving the memo.

Why it is exact: every shape of ontology/shapes.ttl is node-local. A focus node's results depend only on
its own outgoing triples and on the rdf:type values of the IRIs they point to (sh:class, sh:node
kgsh:ActorValue / kgsh:FactValue, sh:in on rdf:type); the shapes have no inverse or longer paths and no
SPARQL (tests/test_validate_memo.py keeps them so). A node's *signature* hashes the shapes file, the node,
its outgoing triples and its objects' types; the memo maps signatures to results. A rebuild takes known
signatures' results from the memo and validates only the other nodes, on a small graph of their triples
plus their objects' types, with the shapes retargeted at the changed nodes their classes target. When more
than half the nodes are new (a first build), or without a memo, the whole graph is validated as usual.

Usually the signature is not the node's own but its class's (kg.graph.shape_classes: what the shapes can
see of it), so a first build, or one without a memo (--no-cache), validates one node per class, and a
rebuild only the classes it has not seen conform.
"""
from __future__ import annotations

import hashlib
import pickle
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from rdflib import Graph, Node, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF, SH

from kg.export.ntriples import TermMemo, rdflib_term
from kg.graph.quads import Quads
from kg.graph.shape_classes import Abstraction
from kg.graph.validate import (SHAPES_PATH, Result, ValidationReport, combine, flatten, only_class_targets,
                               shape_groups, shapes_graph)

FORMAT = b"kg-shacl-memo-1"
FULL_SHARE = 0.5  # above this share of new nodes the whole graph is validated in one go
LIMIT = 1 << 15  # memoised terms and values when reading a stream: forgotten past this many


def _triples(data: Graph | Quads):
    if hasattr(data, "union"):  # a kg.export.spill.Spill or SortedQuads
        conv = TermMemo(rdflib_term, LIMIT)
        return (tuple(conv[f] for f in triple) for triple in data.union())
    if isinstance(data, (ConjunctiveGraph, Quads)):
        return ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None)))
    return iter(data)


def signatures(data: Graph, shapes_path: Path = SHAPES_PATH, abstraction: Abstraction | None = None,
               ) -> tuple[dict[Node, bytes], dict, dict]:
    """({subject: signature}, {subject: set of (p, o)}, {node: set of types}) of every subject of `data`.

    Without `abstraction` a signature hashes the node, its outgoing triples and its objects' types; with
    one (kg.graph.shape_classes) it hashes only what the shapes can see, so alike nodes share it."""
    out: dict[Node, set] = {}
    types: dict[Node, set] = {}
    is_type = {RDF.type}.__contains__  # C-level str hash first: URIRef.__eq__ is Python, run only on a match
    for s, p, o in _triples(data):
        pos = out.get(s)
        if pos is None:
            pos = out[s] = set()
        pos.add((p, o))
        if is_type(p):
            types.setdefault(s, set()).add(o)
    salt = FORMAT + hashlib.sha256(Path(shapes_path).read_bytes()).digest() + (b"A" if abstraction else b"N")
    sigs: dict[Node, bytes] = {}
    if abstraction is not None:
        keys: dict[tuple, bytes] = {}
        seen: dict = {}
        for s, pos in out.items():
            k = abstraction.key(s, pos, types, seen)
            sig = keys.get(k)
            if sig is None:
                sig = keys[k] = hashlib.blake2b(salt + repr(k).encode("utf-8", "surrogatepass"),
                                                digest_size=16).digest()
            sigs[s] = sig
        return sigs, out, types
    n3: dict[Node, str] = {}

    def term(t: Node) -> str:
        v = n3.get(t)
        if v is None:
            v = n3[t] = t.n3()
        return v

    for s, pos in out.items():
        lines = sorted(f"{term(p)} {term(o)}" for p, o in pos)
        objects = sorted({o for _, o in pos if isinstance(o, URIRef)}, key=term)
        h = hashlib.blake2b(salt, digest_size=16)
        h.update(term(s).encode("utf-8", "surrogatepass"))
        for line in lines:
            h.update(b"\n" + line.encode("utf-8", "surrogatepass"))
        for o in objects:
            h.update(b"\n@" + " ".join([term(o), *sorted(term(t) for t in types.get(o, ()))]).encode(
                "utf-8", "surrogatepass"))
        sigs[s] = h.digest()
    return sigs, out, types


def load_memo(path: Path) -> dict[bytes, list]:
    """{signature: [(path, message, severity)]} from the last build; {} when missing or unreadable."""
    try:
        with open(path, "rb") as f:
            head, memo = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return {}
    return memo if head == FORMAT and isinstance(memo, dict) else {}


def save_memo(path: Path, memo: dict[bytes, list]) -> None:
    """Write the memo atomically (kg.export.atomic); a memo that cannot be written only costs time next
    build."""
    from kg.export.atomic import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps((FORMAT, memo), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass


class Plan:
    """One build's validation: which nodes need pySHACL, on which graph, and the memo to update.

    With the shapes' abstraction (the usual case) one node of each class of alike nodes that neither the
    memo nor this build has seen conform is validated; a class whose representative has any result is
    then validated node by node (finish), so the report is always that of the whole graph. Without it,
    nodes are remembered one by one and a first build validates the whole graph."""

    def __init__(self, data: Graph, memo_path: Path | None, shapes_path: Path = SHAPES_PATH,
                 full_share: float = FULL_SHARE, abstract: bool = True):
        self.data, self.memo_path, self.shapes_path = data, memo_path, shapes_path
        self.abstraction = Abstraction.of(shapes_path) if abstract and only_class_targets(shapes_path) else None
        if memo_path is None and self.abstraction is None:
            self.sigs, self.memo, self.todo, self.full = {}, {}, set(), True
            return
        self.memo = load_memo(memo_path) if memo_path is not None else {}
        self.streamed = self.abstraction is not None and hasattr(data, "union")
        if self.streamed:  # a kg.export.spill.Spill (or SortedQuads): one subject in memory at a time
            self._stream_classes(data)
            return
        self.sigs, self._out, self._types = signatures(data, shapes_path, self.abstraction)
        if self.abstraction is not None:
            self.members: dict[bytes, list[Node]] = {}
            for node, sig in self.sigs.items():
                self.members.setdefault(sig, []).append(node)
            self.todo = {min(nodes, key=_order) for sig, nodes in self.members.items() if sig not in self.memo}
            self.full = False
            return
        self.todo = {n for n, sig in self.sigs.items() if sig not in self.memo}
        self.full = not self.memo or len(self.todo) > full_share * max(1, len(self.sigs))
        if not only_class_targets(shapes_path):  # the memo's shortcut needs sh:targetClass targets
            self.full = True

    def _stream_classes(self, source) -> None:
        """The classes of alike nodes from the sorted union of a Spill (kg.export.spill): each subject's
        triples come together, so a subject's signature is made and its triples dropped at once; kept are
        the number of members of each class and the triples of the representatives to validate (a class
        that fails is read again for its members: _streamed_members)."""
        self._conv = TermMemo(rdflib_term, LIMIT)
        self._types = _Types(source.types, self._conv)
        self._salt = FORMAT + hashlib.sha256(Path(self.shapes_path).read_bytes()).digest() + b"A"
        self._keys: dict[tuple, bytes] = {}
        self.members, self.sigs, self._out = {}, {}, {}
        self._source = source
        for node, pos, sig in self._classes():
            count = self.members.get(sig)
            if count is None:  # the first in sorted order: the class's representative (as _order's min)
                self.members[sig] = 1
                if sig not in self.memo:
                    self.sigs[node], self._out[node] = sig, pos
            else:
                self.members[sig] = count + 1
        self.todo, self.full = set(self._out), False

    def _classes(self):
        """(node, its (p, o) pairs, signature) of every subject of the stream, in sorted order."""
        conv, seen = self._conv, {}
        for form, group in groupby(self._source.union(), key=itemgetter(0)):
            node = conv[form]
            pos = {(conv[p], conv[o]) for _, p, o in group}
            if len(seen) > LIMIT:
                seen.clear()
            k = self.abstraction.key(node, pos, self._types, seen)
            sig = self._keys.get(k)
            if sig is None:
                sig = self._keys[k] = hashlib.blake2b(self._salt + repr(k).encode("utf-8", "surrogatepass"),
                                                      digest_size=16).digest()
            yield node, pos, sig

    def _streamed_members(self, failed: set[bytes]) -> set:
        """The nodes of the classes that failed, with their triples (into _out), from the stream again."""
        nodes = set()
        for node, pos, sig in self._classes():
            if sig in failed:
                nodes.add(node)
                self._out[node] = pos
        return nodes

    def graph(self, nodes: set | None = None) -> Graph:
        """The graph pySHACL validates: the whole data, or the nodes to check (default: todo) with their
        objects' types."""
        if self.full and nodes is None:
            return flatten(self.data)
        nodes = self.todo if nodes is None else nodes
        g = Graph()
        for s in nodes:
            for p, o in self._out[s]:
                g.add((s, p, o))
                if isinstance(o, URIRef) and o not in nodes:
                    for t in self._types.get(o, ()):
                        g.add((o, RDF.type, t))
        return g

    def calls(self, graph: Graph, k: int = 1, nodes: set | None = None) -> list[list[dict]]:
        """The validate() keyword arguments to run on graph(), in at most k groups (one per process).

        Whole graph: the target shapes split into k groups of equal work. Some nodes (default: todo): one
        call with the shapes retargeted from their classes to those nodes (sh:targetNode), so the objects
        standing in with only their types are not validated themselves."""
        if self.full and nodes is None:
            groups = shape_groups(graph, k, self.shapes_path) if k > 1 else [None]
            return [[{"use_shapes": g}] for g in groups]
        nodes = self.todo if nodes is None else nodes
        shapes = shapes_graph(self.shapes_path)
        retargeted = Graph()
        for triple in shapes:
            if triple[1] != SH.targetClass:
                retargeted.add(triple)
        for shape, cls in shapes.subject_objects(SH.targetClass):
            for node in nodes:
                if cls in self._types.get(node, ()):
                    retargeted.add((shape, SH.targetNode, node))
        return [[{"shapes": retargeted}]]

    def finish(self, reports: list[ValidationReport]) -> ValidationReport:
        """The report of the whole graph from pySHACL's reports on graph(); updates and saves the memo."""
        found: list[Result] = [r for rep in reports for r in rep.results if self.full or r[0] in self.todo]
        if self.abstraction is not None:
            return self._finish_classes(found)
        if self.memo_path is None:
            return combine(found)
        by_focus: dict[Node, list] = {}
        for focus, path, message, severity in found:
            by_focus.setdefault(focus, []).append((path, message, severity))
        memo: dict[bytes, list] = {}
        results = list(found)
        for node, sig in self.sigs.items():
            if self.full or node in self.todo:
                memo[sig] = by_focus.get(node, [])
            else:
                memo[sig] = self.memo[sig]
                results.extend((node, *r) for r in memo[sig])
        save_memo(self.memo_path, memo)
        return combine(results)

    def _finish_classes(self, found: list[Result]) -> ValidationReport:
        """Classes whose representative conforms conform; the others are validated node by node."""
        from kg.graph.validate import validate

        failed = {self.sigs[r[0]] for r in found}
        if self.streamed:
            suspects = self._streamed_members(failed) if failed else set()
        else:
            suspects = {n for sig in failed for n in self.members[sig]}
        results: list[Result] = []
        if suspects:
            graph = self.graph(suspects)
            for group in self.calls(graph, 1, suspects):
                results += [r for kw in group for r in validate(graph, **kw).results if r[0] in suspects]
        if self.memo_path is not None:
            save_memo(self.memo_path, {sig: [] for sig in self.members if sig not in failed})
        return combine(results)


def _order(node: Node) -> str:
    return node.n3()


class _Types:
    """node → its rdf:type values, from a Spill's form → type forms map (the `types` Abstraction.key and
    Plan read), converting on the way."""

    def __init__(self, forms: dict[str, tuple[str, ...]], conv: TermMemo):
        self.forms, self.conv, self.made = forms, conv, {}

    def get(self, node: Node, default=()):
        forms = self.forms.get(f"<{node}>" if isinstance(node, URIRef) else node.n3())
        if forms is None:
            return default
        made = self.made.get(forms)
        if made is None:
            made = self.made[forms] = frozenset(self.conv[f] for f in forms)
        return made
