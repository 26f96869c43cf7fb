"""Turtle and TriG text from sorted quads, in Python, the way Oxigraph's writers lay it out.

Input: a SortedQuads (kg.export.sorted_quads: sorted (graph, s, p, o) N-Triples forms and their terms) and
the prefixes to use. Output: the document as text pieces (turtle_pieces, trig_pieces; write_pieces writes them
to a file a slice at a time) or as one str (turtle, trig).

Why not Oxigraph's writer: it wants a Python `Quad` object per quad, and making 500,000 of them (or
parsing them back from N-Quads) costs more than writing the text here, from the N-Triples forms the quads
were sorted by. Every N-Triples term is also a Turtle term, so each distinct term is converted once (an
IRI under a prefix → `prefix:local`, the Turtle shorthands for booleans and numbers, `a` for rdf:type as a
predicate) and a quad costs a few string comparisons. The layout is Oxigraph's (tests/test_turtle.py
checks byte equality with `pyoxigraph.serialize` on random data): `@prefix` lines in name order; one
statement per run of a subject, `;` between its predicates (a new line, one tab deeper), `,` between the
objects of one predicate; TriG puts the default graph first, then `graph {` … `}` with one more tab.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain, groupby
from operator import itemgetter
from typing import IO, Any

import pyoxigraph as ox

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD = "http://www.w3.org/2001/XMLSchema#"
# A local name every Turtle parser reads as is: no `\` escapes (Oxigraph writes them for "/", "." etc.;
# rdflib 7.6 fails on some, e.g. `kg:\.`) and no leading digit (pre-1.1 parsers reject it).
SAFE_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# Turtle's own literal syntax (BOOLEAN, INTEGER, DECIMAL, DOUBLE of the Turtle grammar), written bare
_EXPONENT = r"[eE][+-]?[0-9]+"
BARE = {
    XSD + "boolean": re.compile(r"true|false"),
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(rf"[+-]?(?:[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT})"),
}


def safe_prefixes(prefixes: dict[str, str], terms: Iterable[Any]) -> dict[str, str]:
    """The prefixes (name order) under which every IRI of `terms` has a plain local name (SAFE_LOCAL)."""
    iris = set()
    for t in terms:
        if isinstance(t, ox.NamedNode):
            iris.add(t.value)
        elif isinstance(t, ox.Literal):
            iris.add(t.datatype.value)
    ok = dict(sorted(prefixes.items()))
    for iri in iris:
        for name in [name for name, ns in ok.items() if iri.startswith(ns) and not SAFE_LOCAL.fullmatch(iri[len(ns):])]:
            del ok[name]
    return ok


def _iri(iri: str, prefixes: dict[str, str]) -> str | None:
    for name, ns in prefixes.items():
        if iri.startswith(ns) and SAFE_LOCAL.fullmatch(iri[len(ns):]):
            return f"{name}:{iri[len(ns):]}"
    return None


def term_form(key: str, term: Any, prefixes: dict[str, str]) -> str:
    """The Turtle form of one term, given its N-Triples form `key`."""
    if isinstance(term, ox.NamedNode):
        return _iri(term.value, prefixes) or key
    if isinstance(term, ox.Literal) and not term.language:
        dt = term.datatype.value
        bare = BARE.get(dt)
        if bare is not None and bare.fullmatch(term.value):
            return term.value
        short = _iri(dt, prefixes) if key.endswith(f"^^<{dt}>") else None
        if short:
            return key[: len(key) - len(dt) - 2] + short
    return key


def _statements(rows: Iterable[tuple[str, str, str]], form: dict[str, str], indent: str) -> Iterator[str]:
    """The text of the statements of (s, p, o) rows (sorted), piece by piece."""
    prev_s = prev_p = None
    for s, p, o in rows:
        if s != prev_s:
            if prev_s is not None:
                yield " .\n"
            yield f"{indent}{form[s]} {'a' if p == RDF_TYPE else form[p]} {form[o]}"
        elif p != prev_p:
            yield f" ;\n{indent}\t{'a' if p == RDF_TYPE else form[p]} {form[o]}"
        else:
            yield f" , {form[o]}"
        prev_s, prev_p = s, p
    if prev_s is not None:
        yield " .\n"


def _header(prefixes: dict[str, str], empty: bool) -> list[str]:
    """The @prefix lines; none for an empty graph (as Oxigraph: its header comes with the first triple)."""
    return [] if empty else [f"@prefix {name}: <{ns}> .\n" for name, ns in sorted(prefixes.items())]


def _forms(used: Iterable[str], terms: dict[str, Any], prefixes: dict[str, str]) -> dict[str, str]:
    return {k: term_form(k, terms[k], prefixes) for k in used}


class Forms(dict):
    """form → its Turtle form under `prefixes`, made when first asked for (for data read from disk, whose
    terms are not all known up front); forgets everything past `limit` entries."""

    def __init__(self, terms: Any, prefixes: dict[str, str], limit: int = 1 << 15):
        super().__init__()
        self.terms, self.prefixes, self.limit = terms, prefixes, limit

    def __missing__(self, key: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        text = self[key] = term_form(key, self.terms[key], self.prefixes)
        return text


def turtle_pieces(triples: Iterable[tuple[str, str, str]], terms: Any, prefixes: dict[str, str],
                  safe: dict[str, str] | None = None) -> Iterator[str]:
    """Turtle of sorted, distinct (s, p, o) N-Triples forms, piece by piece; `terms` maps each form to its
    term; the `prefixes` under which every IRI has a plain local name are declared and used (safe_prefixes),
    or the `safe` ones when the caller knows them already (a stream: kg.export.spill)."""
    if safe is None:
        triples = list(triples)
        used = {k for t in triples for k in t}
        prefixes = safe_prefixes(prefixes, (terms[k] for k in used))
        form: dict[str, str] = _forms(used, terms, prefixes)
    else:
        prefixes, form = safe, Forms(terms, safe)
    rows = iter(triples)
    first = next(rows, None)
    yield from _header(prefixes, first is None)
    if first is not None:
        yield from _statements(chain([first], rows), form, "")


def trig_pieces(keys: list[tuple[str, str, str, str]], terms: dict[str, Any], prefixes: dict[str, str],
                ) -> Iterator[str]:
    """TriG of sorted, distinct (graph, s, p, o) N-Triples forms ("" = the default graph), piece by piece;
    `terms` holds exactly the forms used. Prefixes as in turtle_pieces()."""
    return trig_graph_pieces(((g, list(group)) for g, group in groupby(keys, key=itemgetter(0))), terms,
                             prefixes, safe_prefixes(prefixes, terms.values()))


def trig_graph_pieces(graphs: Iterable[tuple[str, list[tuple[str, str, str, str]]]], terms: Any,
                      prefixes: dict[str, str], safe: dict[str, str]) -> Iterator[str]:
    """TriG of (graph form, its sorted keys) pairs in graph order, declaring and using the `safe` prefixes."""
    form = Forms(terms, safe)
    graphs = iter(graphs)
    first = next(graphs, None)
    yield from _header(safe, first is None)
    if first is None:
        return
    for g, keys in chain([first], graphs):
        rows = (key[1:] for key in keys)
        if g:
            yield f"{form[g]} {{\n"
            yield from _statements(rows, form, "\t")
            yield "}\n"
        else:
            yield from _statements(rows, form, "")


def turtle(triples: list[tuple[str, str, str]], terms: dict[str, Any], prefixes: dict[str, str]) -> str:
    """turtle_pieces() as one str."""
    return "".join(turtle_pieces(triples, terms, prefixes))


def trig(keys: list[tuple[str, str, str, str]], terms: dict[str, Any], prefixes: dict[str, str]) -> str:
    """trig_pieces() as one str."""
    return "".join(trig_pieces(keys, terms, prefixes))


def write_pieces(pieces: Iterable[str], fh: IO[bytes], size: int = 1 << 14) -> None:
    """Write text pieces to the binary handle `fh` as UTF-8, `size` pieces at a time: the whole document
    is never one string in memory."""
    buf: list[str] = []
    for piece in pieces:
        buf.append(piece)
        if len(buf) >= size:
            fh.write("".join(buf).encode("utf-8"))
            buf.clear()
    if buf:
        fh.write("".join(buf).encode("utf-8"))
