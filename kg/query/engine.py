"""Run SPARQL over the exported graph, in memory or on a remote endpoint.

Input: SPARQL text, a `.rq` file or a bundled query name (`kg/query/queries/<name>.rq`); graph files (.trig,
.ttl, .nq, .nt, .jsonld; default exports/graph.trig, else exports/graph.ttl) or an endpoint URL.
Output: QueryResult: variables, rows of strings (IRIs compacted with vocab.PREFIXES, literals' lexical
values), the terms as SPARQL-JSON dicts, a boolean for ASK, triples for CONSTRUCT/DESCRIBE.
Engines: "oxigraph" (pyoxigraph.Store; default, honours timeout) and "rdflib" (Dataset, default_union=True).
In both the default graph is the RDF merge (a set) of all graphs and GRAPH ?g reaches the per-document
graphs. KgError E301 graph unreadable, E302 query error or timeout, E303 unknown query, E304 endpoint error.
"""
from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from kg.errors import KgError
from kg.graph.vocab import PREFIXES

QUERIES_DIR = Path(__file__).parent / "queries"
DEFAULT_GRAPHS = (Path("exports/graph.trig"), Path("exports/graph.ttl"))
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld"}
ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9, application/n-triples;q=0.8"
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))

Term = dict  # {"type": "uri"|"literal"|"bnode"|"triple", "value": ..., "datatype"?: ..., "xml:lang"?: ...}


class QueryTimeout(KgError):
    """The query ran past its time limit (code E302)."""

    def __init__(self, seconds: float):
        super().__init__("E302", f"query timed out after {seconds:g} s", "narrow the query or add a LIMIT")


@dataclass
class QueryResult:
    """kind is "select", "ask" or "graph" (CONSTRUCT/DESCRIBE: variables subject, predicate, object)."""

    kind: str = "select"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[str | None, ...]] = field(default_factory=list)
    terms: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    truncated: bool = False

    @property
    def triples(self) -> list[tuple[Term, ...]]:
        return self.terms if self.kind == "graph" else []


@lru_cache(maxsize=65536)
def compact(iri: str) -> str:
    """`https://w3id.org/newskg/ontology#Proposal` → `kg:Proposal`; the IRI itself when no prefix fits."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def render(term: Term | None) -> str | None:
    """A term as a table cell: compacted IRI, lexical value, `_:label`, `<< s p o >>`; None when unbound."""
    if term is None:
        return None
    kind = term["type"]
    if kind == "uri":
        return compact(term["value"])
    if kind == "bnode":
        return "_:" + term["value"]
    if kind == "triple":
        v = term["value"]
        return "<< " + " ".join(render(v[k]) or "" for k in ("subject", "predicate", "object")) + " >>"
    return term["value"]


def make_result(kind: str, variables: list[str], terms: list[tuple[Term | None, ...]],
                boolean: bool | None = None, truncated: bool = False) -> QueryResult:
    rows = [tuple(render(t) for t in row) for row in terms]
    return QueryResult(kind, variables, rows, terms, boolean, truncated)


def list_queries() -> list[tuple[str, str, str]]:
    """(name, title, description) of each bundled query, sorted by name."""
    out = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        head = dict(re.findall(r"(?m)^#\s*(title|description):\s*(.*?)\s*$", path.read_text(encoding="utf-8")))
        out.append((path.stem, head.get("title", path.stem), head.get("description", "")))
    return out


def resolve_query(query: str) -> str:
    """The SPARQL text of a query string, a .rq file or a bundled query name."""
    text = query.strip()
    if not re.fullmatch(r"[\w.\-/\\~:]+", text):
        return query
    bundled = QUERIES_DIR / f"{text}.rq"
    if re.fullmatch(r"[\w\-]+", text) and bundled.is_file():
        return bundled.read_text(encoding="utf-8")
    path = Path(text).expanduser()
    if path.suffix == ".rq" or path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except OSError as e:
            raise KgError("E302", f"cannot read query file {text}: {e.strerror or e}") from None
    if re.fullmatch(r"[\w\-]+", text) and text.upper() not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        names = ", ".join(name for name, _, _ in list_queries())
        raise KgError("E303", f"no bundled query named {text!r}", f"choose one of: {names}")
    return query


def with_prefixes(text: str) -> str:
    """Prepend, on one line, the vocab.PREFIXES the query does not declare itself."""
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.\-]*)?\s*:", text)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p.lower() not in declared]
    return (" ".join(missing) + "\n" + text) if missing else text


def default_graph_paths() -> list[Path]:
    for path in DEFAULT_GRAPHS:
        if path.is_file():
            return [path]
    raise KgError("E301", "no exports/graph.trig or exports/graph.ttl here", "run kg build first, or pass graph files")


def _check(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in RDF_FORMATS:
        raise KgError("E301", f"unknown graph format {suffix!r}", "use .trig, .ttl, .nq, .nt or .jsonld", str(path))
    if not path.is_file():
        raise KgError("E301", "no such graph file", "run kg build first", str(path))
    return suffix


def load_store(graph_paths: list[Path], *, merge: bool = True) -> ox.Store:
    """An in-memory pyoxigraph Store holding the files, plus (merge) all graphs merged in its default graph."""
    store = ox.Store()
    for path in map(Path, graph_paths):
        suffix = _check(path)
        try:
            store.load(path=str(path), format=ox.RdfFormat.from_extension(suffix[1:]))
        except (SyntaxError, OSError, ValueError) as e:
            raise KgError("E301", f"cannot parse graph: {e}", "re-export the graph", str(path)) from None
    # Store.query's union default graph repeats a triple per graph holding it; this gives a set, like rdflib
    if merge:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def load_dataset(graph_paths: list[Path]) -> Dataset:
    """An rdflib Dataset (default_union=True) holding the files."""
    ds = Dataset(default_union=True)
    for path in map(Path, graph_paths):
        suffix = _check(path)
        try:
            ds.parse(str(path), format=RDF_FORMATS[suffix])
        except Exception as e:  # noqa: BLE001 - rdflib's parsers raise many unrelated types
            raise KgError("E301", f"cannot parse graph: {e}", "re-export the graph", str(path)) from None
    return ds


def _literal(value: str, lang: str | None, datatype: str | None) -> Term:
    out = {"type": "literal", "value": value}
    if lang:
        out["xml:lang"] = lang
    elif datatype and datatype not in (XSD_STRING, RDF_LANGSTRING):
        out["datatype"] = datatype
    return out


def ox_term(t) -> Term | None:
    """A pyoxigraph term as a SPARQL-JSON binding dict."""
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        return _literal(t.value, t.language, t.datatype.value)
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {k: ox_term(getattr(t, k)) for k in ("subject", "predicate", "object")}}
    return None


def rdflib_term(t) -> Term | None:
    """An rdflib term as a SPARQL-JSON binding dict."""
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    if isinstance(t, Literal):
        return _literal(str(t), t.language, str(t.datatype) if t.datatype else None)
    return None


def _graph_result(triples: list[tuple[Term, ...]], truncated: bool = False) -> QueryResult:
    """A CONSTRUCT/DESCRIBE result: a set of triples, sorted so both engines agree."""
    unique = {repr(t): t for t in triples}
    return make_result("graph", ["subject", "predicate", "object"], [unique[k] for k in sorted(unique)],
                       truncated=truncated)


def collect(results, *, timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
    """Drain pyoxigraph results (lazy) with a deadline check per row and a row cap (→ truncated)."""
    deadline = time.monotonic() + timeout if timeout else None
    if isinstance(results, ox.QueryBoolean):
        return make_result("ask", [], [], bool(results))
    is_select = isinstance(results, ox.QuerySolutions)
    variables = [v.value for v in results.variables] if is_select else ["subject", "predicate", "object"]
    terms, truncated, seen = [], False, {}  # seen: results repeat terms, convert each distinct one once
    try:
        for item in results:
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTimeout(timeout)
            if max_rows is not None and len(terms) >= max_rows:
                truncated = True
                break
            parts = item if is_select else (item.subject, item.predicate, item.object)
            terms.append(tuple(seen[t] if t in seen else seen.setdefault(t, ox_term(t)) for t in parts))
    except (OSError, RuntimeError, ValueError, TypeError) as e:
        raise KgError("E302", f"query evaluation failed: {e}") from None
    if not is_select:
        return _graph_result(terms, truncated)
    return make_result("select", variables, terms, truncated=truncated)


def query_store(store: ox.Store, text: str, *, timeout: float | None = None,
                max_rows: int | None = None) -> QueryResult:
    """Run SPARQL text on a Store loaded by load_store, vocab.PREFIXES predeclared."""
    try:
        results = store.query(text, prefixes=PREFIXES)
    except (SyntaxError, OSError, ValueError) as e:  # SyntaxError: the parser's message
        raise KgError("E302", str(e), "check the SPARQL syntax") from None
    return collect(results, timeout=timeout, max_rows=max_rows)


def query_dataset(ds, text: str) -> QueryResult:
    """Run prefixed SPARQL text on an rdflib Dataset."""
    try:
        res = ds.query(text)
        if res.type == "ASK":
            return make_result("ask", [], [], bool(res.askAnswer))
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            return _graph_result([tuple(rdflib_term(x) for x in t) for t in res.graph])
        variables = [str(v) for v in res.vars]
        terms = [tuple(rdflib_term(row[v]) for v in variables) for row in res]
    except KgError:
        raise
    except Exception as e:  # noqa: BLE001 - pyparsing.ParseException and evaluation errors
        raise KgError("E302", str(e).strip() or type(e).__name__, "check the SPARQL syntax") from None
    return make_result("select", variables, terms)


def query_endpoint(text: str, endpoint: str, timeout: float | None = None) -> QueryResult:
    """SPARQL 1.1 protocol: POST application/sparql-query, parse JSON/XML/TSV results or an RDF graph."""
    request = urllib.request.Request(endpoint, data=text.encode("utf-8"), method="POST", headers={
        "Content-Type": "application/sparql-query; charset=utf-8", "Accept": ACCEPT})
    try:
        with urllib.request.urlopen(request, timeout=timeout or 60.0) as response:
            body, ctype = response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as e:
        detail = e.read(2000).decode("utf-8", "replace").strip()
        code = "E302" if e.code == 400 else "E304"
        raise KgError(code, f"{endpoint} answered HTTP {e.code}: {detail or e.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise KgError("E304", f"cannot reach {endpoint}: {getattr(e, 'reason', e)}",
                      "is the SPARQL server running?") from None
    try:
        results_format = ox.QueryResultsFormat.from_media_type(ctype)
        if results_format is not None:
            return collect(ox.parse_query_results(body, results_format))
        rdf_format = ox.RdfFormat.from_media_type(ctype)
        if rdf_format is not None:
            return _graph_result([(ox_term(q.subject), ox_term(q.predicate), ox_term(q.object))
                                  for q in ox.parse(body, rdf_format)])
    except (SyntaxError, ValueError) as e:
        raise KgError("E304", f"{endpoint} sent unreadable {ctype}: {e}") from None
    raise KgError("E304", f"{endpoint} sent an unsupported content type {ctype!r}")


def run_query(query: str, graph_paths: list[Path] | None = None, *, endpoint: str | None = None,
              engine: str = "oxigraph", timeout: float | None = None) -> QueryResult:
    """Resolve the query, predeclare the prefixes and run it on the local graphs or the endpoint."""
    text = resolve_query(query)
    if endpoint:
        return query_endpoint(with_prefixes(text), endpoint, timeout)
    paths = [Path(p) for p in graph_paths] if graph_paths else default_graph_paths()
    if engine == "oxigraph":  # prefixes passed to the parser: its error positions match the user's text
        return query_store(load_store(paths), text, timeout=timeout)
    if engine == "rdflib":
        return query_dataset(load_dataset(paths), with_prefixes(text))
    raise KgError("E202", f"unknown query engine {engine!r}", "use oxigraph or rdflib")
