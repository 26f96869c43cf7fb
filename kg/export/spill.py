"""A dataset larger than memory, graph by graph on disk: what the exports of a big build read.

Input: one SortedQuads per graph (kg.export.sorted_quads: each graph's sorted N-Triples forms), added in
the exports' graph order (the default graph first, then graphs by their N-Triples form), as
kg.graph.build.graphs() makes them. Output: a Spill with the reading interface of SortedQuads, which is
what every RDF writer of kg.export.rdf reads:
  graphs()  each graph's sorted (graph, s, p, o) keys: held in memory while they are fewer than `hold`
            quads (HOLD, ~200 MB), else from a spill file, one graph in memory at a time;
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
from itertools import groupby, islice
from operator import itemgetter
from collections.abc import Iterator
from pathlib import Path
from typing import Any


from kg.export.ntriples import RDF_LANG_STRING as LANG_STRING
from kg.export.ntriples import XSD_STRING, TermMemo, ox_term
from kg.export.sorted_quads import SortedQuads
from kg.export.turtle import RDF_TYPE, SAFE_LOCAL

__all__ = ["HOLD", "RUN_SIZE", "Spill"]

RUN_SIZE = 200_000  # distinct triples sorted in memory before a run goes to disk (~40 MB of text)
HOLD = 1_000_000  # quads of the graphs held in memory (~200 MB) before they all go to the spill file
GRAPH_MARK = "\x01"  # starts a graph's header line; no N-Triples form holds a raw control character
SEP = "\x00"  # between the forms of a line: sorts before every character of a form (sorted_quads._order)


MEMO = 1 << 15  # entries of the memos of terms and checked IRIs: forgotten past this many


class Spill:
    """Graphs written to `folder` as they are added; read back by the writers (see the module doc)."""

    def __init__(self, folder: Path, prefixes: dict[str, str], run_size: int | None = None,
                 hold: int | None = None):
        self.folder = Path(folder)
        self.run_size = RUN_SIZE if run_size is None else run_size
        self.terms = TermMemo(ox_term, MEMO)  # form → pyoxigraph term, parsed when asked for
        self.types: dict[str, tuple[str, ...]] = {}
        self.quads = 0
        self._path = self.folder / "graphs.spill"
        self._out: Any = None  # the spill file, once the graphs held exceed `hold` quads
        self._held: list[tuple[str, list[tuple[str, str, str, str]]]] = []  # the graphs while they fit
        self.hold = HOLD if hold is None else hold
        self._closed = False
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
        buffer, types, shared = self._buffer, self.types, self._shared
        if self._out is None and self.quads + len(graph.keys) > self.hold:
            self._out = open(self._path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 (closed in close())
            for g, keys in self._held:
                self._write(g, keys)
            self._held = []
        for g, group in groupby(graph.keys, key=itemgetter(0)):
            keys = list(group)
            if self._out is None:
                self._held.append((g, keys))
                buffer.update(f"{s}{SEP}{p}{SEP}{o}" for _, s, p, o in keys)
            else:
                buffer.update(self._write(g, keys))
            for s, o in [(k[1], k[3]) for k in keys if k[2] == RDF_TYPE]:
                have = types.get(s, ())
                if o not in have:
                    both = tuple(sorted((*have, o)))
                    types[s] = shared.setdefault(both, both)
        self.quads += len(graph.keys)
        names = {k[0] for k in graph.keys if k[0]}
        used = {f for k in graph.keys for f in k[1:]}
        self._fold(self._unsafe_union, self._checked[0], used)
        self._fold(self._unsafe_names, self._checked[1], names - used)
        if len(buffer) >= self.run_size:
            self._flush()

    def _fold(self, unsafe: set[str], checked: set[str], forms) -> None:
        """Note the prefixes the IRIs of these N-Triples forms (a literal: its datatype's) rule out."""
        if len(checked) > MEMO:
            checked.clear()
        for f in forms:
            first = f[0]
            if first == "<":
                iri = f[1:-1]
            elif first == '"':
                iri = f[f.rindex("^^<") + 3:-1] if f[-1] == ">" else (LANG_STRING if f[-1] != '"' else XSD_STRING)
            else:
                continue  # a blank node
            if iri in checked:
                continue
            checked.add(iri)
            for name, ns in self._prefixes.items():
                if iri.startswith(ns) and not SAFE_LOCAL.fullmatch(iri[len(ns):]):
                    unsafe.add(name)

    def _write(self, g: str, keys: list[tuple[str, str, str, str]]) -> list[str]:
        lines = [f"{s}{SEP}{p}{SEP}{o}" for _, s, p, o in keys]
        self._out.write(f"{GRAPH_MARK}{len(lines)} {g}\n")  # a graph's header: its number of lines, its form
        self._out.write("\n".join(lines) + "\n")
        return lines

    def _flush(self) -> None:
        path = self.folder / f"run-{len(self._runs):05d}.spill"
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(line + "\n" for line in sorted(self._buffer))
        self._runs.append(path)
        self._buffer.clear()

    def close(self) -> Spill:
        """No more graphs: the spill file is complete (returns self)."""
        if not self._closed:
            self._closed = True
            if self._out is not None:
                self._out.close()
            self._last = sorted(self._buffer)
            self._buffer = set()
        return self

    # -- the reading side (as SortedQuads) --------------------------------------------------------------

    def graphs(self) -> Iterator[tuple[str, list[tuple[str, str, str, str]]]]:
        """(graph form, its sorted (graph, s, p, o) keys) for each graph, in order ("" = default graph)."""
        self.close()
        if self._out is None:
            yield from self._held
            return
        with open(self._path, encoding="utf-8", newline="\n") as fh:
            for head in fh:
                count, g = head[1:-1].split(" ", 1)
                yield g, [(g, *line[:-1].split(SEP)) for line in islice(fh, int(count))]

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
