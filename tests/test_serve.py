"""kg.query.serve: the read-only SPARQL endpoint, run in a thread on 127.0.0.1 and a free port.

Input: the query fixture (tests/test_query.py) and a generated graph of a few thousand triples.
Output: pytest assertions on HTTP status codes, bodies, refusals and time bounds.
"""
from __future__ import annotations

import http.client
import json
import threading
import time
from urllib.parse import urlencode

import pytest

from kg.query import run_query
from kg.query.serve import is_update, make_server, pick_format

try:
    from test_query import EXPECTED, FIXTURE_TRIG
except ImportError:  # tests/ as a package
    from tests.test_query import EXPECTED, FIXTURE_TRIG

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _start(server):
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return thread


def _stop(server, thread):
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "graph.trig"
    path.write_text(FIXTURE_TRIG, encoding="utf-8")
    srv = make_server([path], "127.0.0.1", 0, timeout_s=5.0)
    thread = _start(srv)
    yield srv
    _stop(srv, thread)


def request(srv, method, path, body=None, headers=None, timeout=20.0):
    host, port = srv.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8")
    finally:
        conn.close()


def count(srv) -> int:
    status, _, body = request(srv, "GET", "/query?" + urlencode({"query": COUNT}))
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_bound_to_localhost(server):
    assert server.server_address[0] == "127.0.0.1"


def test_select_over_get_and_post(server):
    query = "SELECT ?l WHERE { ?p a kg:Proposal ; rdfs:label ?l } ORDER BY ?l"
    status, headers, body = request(server, "GET", "/query?" + urlencode({"query": query}),
                                    headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    data = json.loads(body)
    assert data["head"]["vars"] == ["l"]
    assert [b["l"]["value"] for b in data["results"]["bindings"]] == [
        "30-day ceasefire", "halt to strikes on energy infrastructure"]

    status, headers, body = request(server, "POST", "/query", body=query.encode(),
                                    headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0] == "l"

    status, _, body = request(server, "POST", "/query", body=urlencode({"query": query}),
                              headers={"Content-Type": "application/x-www-form-urlencoded",
                                       "Accept": "text/tab-separated-values"})
    assert status == 200 and body.splitlines()[0] == "?l"
    assert "X-KG-Truncated" not in headers


def test_run_query_against_the_endpoint(server):
    remote = run_query("timeline", endpoint=server.url)
    assert remote.rows == EXPECTED["timeline"]
    assert run_query("ASK { ?e a kg:PhoneCall }", endpoint=server.url).boolean is True


def test_malformed_query_is_400_and_server_goes_on(server):
    status, _, body = request(server, "GET", "/query?" + urlencode({"query": "SELECT ?x WHERE { ?x"}))
    assert status == 400 and body.strip()
    status, _, _ = request(server, "GET", "/query")
    assert status == 400
    assert count(server) > 0


def test_updates_are_refused_and_data_unchanged(server):
    before = count(server)
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert request(server, "POST", "/query", body=urlencode({"update": insert}), headers=form)[0] == 403
    assert request(server, "POST", "/update", body=urlencode({"update": insert}), headers=form)[0] == 403
    assert request(server, "GET", "/query?" + urlencode({"update": insert}))[0] == 403
    status, _, body = request(server, "POST", "/query", body=insert.encode(),
                              headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and "read-only" in body
    for text in (insert, "PREFIX ex: <http://example.org/>\n# comment\nDELETE WHERE { ?s ?p ?o }",
                 "DROP ALL", "LOAD <http://example.org/data.ttl>"):
        assert request(server, "GET", "/query?" + urlencode({"query": text}))[0] == 403
    assert count(server) == before


def test_graph_store_writes_are_405(server):
    triple = b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
    nt = {"Content-Type": "application/n-triples"}
    before = count(server)
    assert request(server, "PUT", "/store?default", body=triple, headers=nt)[0] == 405
    assert request(server, "POST", "/store?graph=http://example.org/g", body=triple, headers=nt)[0] == 405
    assert request(server, "DELETE", "/store?default")[0] == 405
    assert count(server) == before


def test_huge_body_is_413(server):
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 2_000_000
    status, _, _ = request(server, "POST", "/query", body=query.encode(),
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 413
    assert count(server) > 0


def test_is_update_and_pick_format():
    assert is_update("insert data { <a:b> <a:c> <a:d> }")
    assert is_update("BASE <http://x/>\nPREFIX x: <http://x#>\nCLEAR DEFAULT")
    assert not is_update("SELECT * WHERE { ?s ?p ?o }")
    assert not is_update("# INSERT in a comment\nASK { ?s ?p ?o }")
    assert pick_format("text/csv;q=0.5, application/sparql-results+json") == "json"
    assert pick_format("text/tab-separated-values") == "tsv"
    assert pick_format(None) == pick_format("image/png") == "json"
    assert pick_format("text/csv", "tsv") == "tsv"


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.nt"
    lines = [f"<http://example.org/s{i}> <http://example.org/p{i % 7}> \"{i}\" .\n" for i in range(3000)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("max_rows", [10_000, 10**12])
def test_long_query_is_truncated_or_times_out(big_graph, max_rows):
    srv = make_server([big_graph], "127.0.0.1", 0, timeout_s=1.0, max_rows=max_rows)
    thread = _start(srv)
    try:
        started = time.monotonic()
        status, headers, body = request(srv, "GET", "/query?" + urlencode({"query": CARTESIAN}))
        assert time.monotonic() - started < 10
        if status == 200:  # the row cap came first
            assert max_rows == 10_000 and headers.get("X-KG-Truncated") == "true"
            assert len(json.loads(body)["results"]["bindings"]) == 10_000
        else:
            assert status == 503 and "timed out" in body
        assert count(srv) == 3000  # still answering
    finally:
        _stop(srv, thread)


def test_row_cap_truncates(big_graph):
    srv = make_server([big_graph], "127.0.0.1", 0, timeout_s=5.0, max_rows=100)
    thread = _start(srv)
    try:
        query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
        status, headers, body = request(srv, "GET", "/query?" + urlencode({"query": query}),
                                        headers={"Accept": "text/csv"})
        assert status == 200 and headers.get("X-KG-Truncated") == "true"
        assert len(body.splitlines()) == 101
        status, headers, _ = request(srv, "GET", "/query?" + urlencode({"query": COUNT}))
        assert status == 200 and "X-KG-Truncated" not in headers
    finally:
        _stop(srv, thread)
