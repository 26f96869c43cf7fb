"""Load the graph into a SPARQL 1.1 Graph Store HTTP Protocol server, one named graph per document.

Input: the graph (TriG/N-Quads/... file paths, an rdflib Dataset or a pyoxigraph Store) and the server's
endpoint URL. Output: a PushReport (store URL, each graph pushed with its triple count, the total).

Each named graph (graph IRI = document IRI) is sent as N-Triples with HTTP PUT to `<store>?graph=<IRI>`:
PUT replaces the graph, so re-pushing a re-built article replaces it and nothing is duplicated. The
default graph, when not empty, is PUT to `<store>?default`. The store URL is `graph_store` when given,
else derived from the endpoint: `.../query` (or `.../sparql`) → `.../store` (Oxigraph's layout), an
endpoint already ending in /store is used as is, anything else gets `/store` appended.
HTTP and connection errors raise KgError E304 naming the URL and the status. A pyoxigraph Store is pushed
as it is: load it with engine.load_store(paths, merge=False), not with the query-time merged default graph.
"""
from __future__ import annotations

import base64
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from kg.errors import KgError
from kg.query.engine import load_store

RDFLIB_DEFAULT = "urn:x-rdflib:default"


@dataclass
class PushReport:
    store: str
    graphs: list[tuple[str, int]] = field(default_factory=list)  # (graph IRI or "default", triples)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.graphs)

    def __str__(self) -> str:
        return f"pushed {len(self.graphs)} graph(s), {self.total} triple(s) to {self.store}"


def store_url(endpoint: str, graph_store: str | None = None) -> str:
    """The Graph Store URL for an endpoint (see the module docstring)."""
    if graph_store:
        return graph_store
    base = endpoint.rstrip("/")
    for suffix in ("/query", "/sparql"):
        if base.endswith(suffix):
            return base[: -len(suffix)] + "/store"
    return base if base.endswith("/store") else base + "/store"


def _as_store(ds_or_paths) -> ox.Store:
    if isinstance(ds_or_paths, ox.Store):
        return ds_or_paths
    if isinstance(ds_or_paths, (str, Path)):
        return load_store([Path(ds_or_paths)], merge=False)
    if isinstance(ds_or_paths, (list, tuple)):
        return load_store([Path(p) for p in ds_or_paths], merge=False)
    # an rdflib Dataset / ConjunctiveGraph: through N-Quads; its default graph has a fixed IRI
    store = ox.Store()
    data = ds_or_paths.serialize(format="nquads", encoding="utf-8")
    for quad in ox.parse(data, ox.RdfFormat.N_QUADS):
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value == RDFLIB_DEFAULT:
            graph = ox.DefaultGraph()
        store.add(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
    return store


def _put(url: str, data: bytes, auth: tuple[str, str] | None, timeout: float) -> None:
    headers = {"Content-Type": "application/n-triples"}
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(url, data=data, method="PUT", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as e:
        detail = e.read(500).decode("utf-8", "replace").strip()
        raise KgError("E304", f"PUT {url} answered HTTP {e.code} {e.reason}: {detail}".rstrip(": "),
                      "check the Graph Store URL (--graph-store) and the credentials") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise KgError("E304", f"cannot PUT {url}: {getattr(e, 'reason', e)}", "is the server running?") from None


def push(ds_or_paths, endpoint: str, *, graph_store: str | None = None, auth: tuple[str, str] | None = None,
         timeout: float = 60.0) -> PushReport:
    """PUT every named graph (and a non-empty default graph) to the Graph Store; returns what was sent."""
    store = _as_store(ds_or_paths)
    url = store_url(endpoint, graph_store)
    sep = "&" if "?" in url else "?"
    report = PushReport(url)
    named = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    for graph in [*named, ox.DefaultGraph()]:
        quads = list(store.quads_for_pattern(None, None, None, graph))
        if not quads:
            continue
        if isinstance(graph, ox.NamedNode):
            name, target = graph.value, f"{url}{sep}graph={quote(graph.value, safe='')}"
        else:
            name, target = "default", f"{url}{sep}default"
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        _put(target, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), auth, timeout)
        report.graphs.append((name, len(triples)))
    return report
