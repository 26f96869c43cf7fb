"""kg.query.push against the real Oxigraph server (the `oxigraph` binary of the `oxigraph` PyPI package).

Input: the query fixture (tests/test_query.py). Output: pytest assertions that one named graph per document
arrives, that pushing twice changes nothing and that a re-built document replaces its graph.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KgError
from kg.query import run_query
from kg.query.push import push, store_url

try:
    from test_query import FIXTURE_TRIG
except ImportError:  # tests/ as a package
    from tests.test_query import FIXTURE_TRIG

pytestmark = pytest.mark.slow

COUNT_NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
DOC1 = "https://w3id.org/newskg/id/document/001-reuters-txt"


def oxigraph_binary() -> str | None:
    """The server binary next to this Python (the venv's bin/), else on PATH."""
    candidate = Path(sys.executable).parent / "oxigraph"
    if candidate.is_file():
        return str(candidate)
    return shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def oxigraph_server(tmp_path):
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    log = (tmp_path / "oxigraph.log").open("wb")
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # up to ~10 s
            if proc.poll() is not None:
                pytest.fail(f"oxigraph exited with {proc.returncode}: {(tmp_path / 'oxigraph.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph did not answer within 10 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def remote_count(endpoint: str, query: str = COUNT_NAMED) -> int:
    return int(run_query(query, endpoint=endpoint, timeout=10).rows[0][0])


def local_named_count(path: Path) -> int:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TRIG)
    return sum(1 for q in store if isinstance(q.graph_name, ox.NamedNode))


def test_store_url():
    assert store_url("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/store"
    assert store_url("http://h/sparql/") == "http://h/store"
    assert store_url("http://h/store") == "http://h/store"
    assert store_url("http://h/query", "http://other/gsp") == "http://other/gsp"


def test_push_one_graph_per_document_idempotent(oxigraph_server, tmp_path):
    graph = tmp_path / "graph.trig"
    graph.write_text(FIXTURE_TRIG, encoding="utf-8")
    endpoint = f"{oxigraph_server}/query"
    expected = local_named_count(graph)

    report = push([graph], endpoint)
    assert report.store == f"{oxigraph_server}/store"
    names = [name for name, _ in report.graphs]
    assert names == [DOC1, "https://w3id.org/newskg/id/document/002-ap-txt", "default"]
    assert sum(n for name, n in report.graphs if name != "default") == expected
    assert remote_count(endpoint) == expected
    per_graph = run_query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
                          endpoint=endpoint)
    assert [(g, int(n)) for g, n in per_graph.rows] == [
        ("id:document/001-reuters-txt", report.graphs[0][1]), ("id:document/002-ap-txt", report.graphs[1][1])]
    default_before = remote_count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

    again = push(graph, endpoint)  # PUT replaces: nothing is duplicated
    assert again.total == report.total
    assert remote_count(endpoint) == expected
    assert remote_count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == default_before

    # a re-built document with one triple less replaces its graph
    rebuilt = tmp_path / "rebuilt.trig"
    rebuilt.write_text(FIXTURE_TRIG.replace('kg:place "Jeddah" ; kg:evidence ev:e5', "kg:evidence ev:e5"),
                       encoding="utf-8")
    push([rebuilt], endpoint)
    assert remote_count(endpoint) == expected - 1


def test_push_rdflib_dataset(oxigraph_server, tmp_path):
    import rdflib

    ds = rdflib.Dataset()
    ds.parse(data=FIXTURE_TRIG, format="trig")
    report = push(ds, f"{oxigraph_server}/query")
    assert [name for name, _ in report.graphs][-1] == "default"
    graph = tmp_path / "graph.trig"
    graph.write_text(FIXTURE_TRIG, encoding="utf-8")
    assert remote_count(f"{oxigraph_server}/query") == local_named_count(graph)


def test_push_errors_name_the_url(oxigraph_server, tmp_path):
    graph = tmp_path / "graph.trig"
    graph.write_text(FIXTURE_TRIG, encoding="utf-8")
    with pytest.raises(KgError) as err:
        push([graph], f"{oxigraph_server}/query", graph_store=f"{oxigraph_server}/nowhere")
    assert err.value.code == "E304" and f"{oxigraph_server}/nowhere" in str(err.value)
    assert "HTTP 404" in str(err.value)
    with pytest.raises(KgError) as err:
        push([graph], f"http://127.0.0.1:{free_port()}/query")
    assert err.value.code == "E304"
