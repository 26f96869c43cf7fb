"""A dataset larger than memory, graph by graph on disk: what the exports of a big build read.

Input: one SortedQuads per graph (kg.export.sorted_quads: each graph's sorted N-Triples forms), added in
the exports' graph order (the default graph first, then graphs by their N-Triples form), as
kg.graph.build.graphs() makes them. Output: a Spill with the reading interface of SortedQuads, which is
what every RDF writer of kg.export.rdf reads:
  graphs()  each graph's sorted (graph, s, p, o) keys, one graph in memory at a time (from a spill file);
  union()   the distinct (s, p, o) of all graphs, sorted: an external merge sort (sorted runs of at most
            `run_size` distinct triples written to disk, merged with heapq.merge);
  terms     form → pyoxigraph term, parsed back from the form when asked (kg.export.ntriples) and memoised
            within a bound;
  safe()    the prefixes every IRI of the data allows (kg.export.turtle.safe_prefixes), folded as the
            graphs come in;
  types     subject form → its rdf:type forms (SHACL's signatures need the types of any object).
The exports of a Spill are byte for byte those of the whole dataset's SortedQuads (tests/test_spill.py):
only the memory differs, one graph and one run buffer instead of every quad.
"""
from __future__ import annotations

import heapq
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.export.ntriples import ox_term
from kg.export.sorted_quads import SortedQuads
from kg.export.turtle import RDF_TYPE, SAFE_LOCAL

__all__ = ["RUN_SIZE", "Spill", "Terms"]

RUN_SIZE = 200_000  # distinct triples sorted in memory before a run goes to disk (~40 MB of text)
GRAPH_MARK = "\x01"  # starts a graph's header line; no N-Triples form holds a raw control character
SEP = "\x00"  # between the forms of a line: sorts before every character of a form (sorted_quads._order)


class Terms(dict):
    """form → pyoxigraph term, parsed when first asked for; forgets everything past `limit` entries."""

    def __init__(self, limit: int = 1 << 17):
        super().__init__()
        self.limit = limit

    def __missing__(self, key: str) -> Any:
        if len(self) >= self.limit:
            self.clear()
        term = self[key] = ox_term(key)
        return term


class Spill:
    """Graphs written to `folder` as they are added; read back by the writers (see the module doc)."""

    def __init__(self, folder: Path, prefixes: dict[str, str], run_size: int | None = None):
        self.folder = Path(folder)
        self.run_size = RUN_SIZE if run_size is None else run_size
        self.terms = Terms()
        self.types: dict[str, tuple[str, ...]] = {}
        self.quads = 0
        self._path = self.folder / "graphs.spill"
        self._out = open(self._path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 (closed in close())
        self._runs: list[Path] = []
        self._buffer: set[str] = set()
        self._last: list[str] | None = None  # the union's last run, kept in memory
        self._distinct: int | None = None
        self._prefixes = dict(sorted(prefixes.items()))
        self._unsafe_union: set[str] = set()  # prefixes an IRI of a triple does not allow
        self._unsafe_names: set[str] = set()  # ... that a graph name does not allow
        self._checked: tuple[set[str], set[str]] = (set(), set())  # IRIs already checked, for each
        self._shared: dict[tuple[str, ...], tuple[str, ...]] = {}

    def add(self, graph: SortedQuads) -> None:
        """One graph's (or several whole graphs') sorted quads, after every graph sorting before them."""
        write, buffer, types, shared = self._out.write, self._buffer, self.types, self._shared
        g_prev = None
        for g, s, p, o in graph.keys:
            if g != g_prev:
                write(f"{GRAPH_MARK}{g}\n")
                g_prev = g
            line = f"{s}{SEP}{p}{SEP}{o}"
            write(line + "\n")
            buffer.add(line)
            if p == RDF_TYPE:
                have = types.get(s, ())
                if o not in have:
                    both = tuple(sorted((*have, o)))
                    types[s] = shared.setdefault(both, both)
        self.quads += len(graph.keys)
        names = {k[0] for k in graph.keys if k[0]}
        used = {f for k in graph.keys for f in k[1:]}
        self._fold(self._unsafe_union, self._checked[0], (graph.terms[f] for f in used))
        self._fold(self._unsafe_names, self._checked[1], (graph.terms[f] for f in names - used))
        if len(buffer) >= self.run_size:
            self._flush()

    def _fold(self, unsafe: set[str], checked: set[str], terms) -> None:
        if len(checked) > 1 << 17:
            checked.clear()
        for t in terms:
            if isinstance(t, ox.NamedNode):
                iri = t.value
            elif isinstance(t, ox.Literal):
                iri = t.datatype.value
            else:
                continue
            if iri in checked:
                continue
            checked.add(iri)
            for name, ns in self._prefixes.items():
                if iri.startswith(ns) and not SAFE_LOCAL.fullmatch(iri[len(ns):]):
                    unsafe.add(name)

    def _flush(self) -> None:
        path = self.folder / f"run-{len(self._runs):05d}.spill"
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(line + "\n" for line in sorted(self._buffer))
        self._runs.append(path)
        self._buffer.clear()

    def close(self) -> Spill:
        """No more graphs: the spill file is complete (returns self)."""
        if not self._out.closed:
            self._out.close()
            self._last = sorted(self._buffer)
            self._buffer = set()
        return self

    # -- the reading side (as SortedQuads) --------------------------------------------------------------

    def graphs(self) -> Iterator[tuple[str, list[tuple[str, str, str, str]]]]:
        """(graph form, its sorted (graph, s, p, o) keys) for each graph, in order ("" = default graph)."""
        self.close()
        g, keys = None, []
        with open(self._path, encoding="utf-8", newline="\n") as fh:
            for line in fh:
                if line[0] == GRAPH_MARK:
                    if g is not None:
                        yield g, keys
                    g, keys = line[1:-1], []
                else:
                    s, p, o = line[:-1].split(SEP)
                    keys.append((g, s, p, o))
        if g is not None:
            yield g, keys

    def union(self) -> Iterator[tuple[str, str, str]]:
        """The distinct (s, p, o) of the union of all graphs, sorted."""
        self.close()
        files = [open(path, encoding="utf-8", newline="\n") for path in self._runs]  # noqa: SIM115
        try:
            runs = [(line[:-1] for line in fh) for fh in files]
            prev, n = None, 0
            for line in heapq.merge(*runs, self._last or []):
                if line != prev:
                    prev, n = line, n + 1
                    yield tuple(line.split(SEP))
            self._distinct = n
        finally:
            for fh in files:
                fh.close()

    def safe(self, prefixes: dict[str, str], union: bool = True) -> dict[str, str]:
        """The prefixes (name order) every IRI of the union (union=True), or of all terms including graph
        names, allows: what safe_prefixes() gives on the whole data. `prefixes`: the Spill's own."""
        if dict(sorted(prefixes.items())) != self._prefixes:
            raise ValueError("a Spill knows the safe prefixes among those it was made with only")
        unsafe = self._unsafe_union if union else self._unsafe_union | self._unsafe_names
        return {name: ns for name, ns in self._prefixes.items() if name not in unsafe}

    def __len__(self) -> int:
        return self.quads

    def distinct(self) -> int:
        """The number of distinct triples of the union (a pass over it, unless one was made already)."""
        if self._distinct is None:
            for _ in self.union():
                pass
        return self._distinct

    def remove(self) -> None:
        """Delete the spill's files (the folder is the caller's)."""
        self.close()
        for path in [self._path, *self._runs]:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
