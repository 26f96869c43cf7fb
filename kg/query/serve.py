"""A local READ-ONLY SPARQL endpoint over the exported graph (standard library http.server + pyoxigraph).

Input: graph files (as for kg.query.engine.run_query), a host and a port. Output: an HTTP server answering
  GET  /query?query=...                                  (SPARQL 1.1 protocol; /sparql is an alias)
  POST /query  application/sparql-query body, or application/x-www-form-urlencoded with query=...
with SPARQL JSON (default), CSV or TSV results chosen by the Accept header (or ?format=json|csv|tsv), and
N-Triples for CONSTRUCT/DESCRIBE. The vocab.PREFIXES are predeclared, as in `kg query`.

Refusals, after which the server goes on serving:
  403  SPARQL Update: an `update` parameter, an application/sparql-update body, a query that is an update,
       or anything sent to /update
  405  Graph Store writes (PUT/POST/DELETE/PATCH on /store, or PUT/DELETE/PATCH anywhere)
  400  malformed query (the parser's message), missing query; 404 other paths; 415 other body types
  413  a body larger than max_body (1 MB by default)
  503  "query timed out" after timeout_s, or "server busy" when max_workers queries are running

Limits: each query runs in a worker thread that drains oxigraph's lazy results with a deadline check per row
and stops at max_rows rows: the rows so far are sent with the header `X-KG-Truncated: true`. pyoxigraph
cannot cancel a query, so a query that computes for long without yielding a row (a sort or an aggregate
over a huge join) keeps its worker busy after the 503 until it yields; max_workers bounds how many such
workers exist. Bound to 127.0.0.1 by default: put it behind a proxy before exposing it.
"""
from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import KgError
from kg.query.engine import QueryTimeout, default_graph_paths, load_store, query_store
from kg.query.formats import MEDIA_TYPES, format_result

MAX_BODY = 1_000_000
DRAIN_LIMIT = 64_000_000  # bodies above max_body are read and dropped up to this size, then the socket closes
QUERY_PATHS = ("/query", "/sparql")
ACCEPTED = {"application/sparql-results+json": "json", "application/json": "json", "text/csv": "csv",
            "text/tab-separated-values": "tsv", "*/*": "json", "application/*": "json", "text/*": "csv"}
_PROLOGUE = re.compile(r"(?:\s|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE)
_UPDATE = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only"


def is_update(text: str) -> bool:
    """True when the text, after its prologue (comments, PREFIX, BASE), starts as a SPARQL Update."""
    return bool(_UPDATE.match(text, _PROLOGUE.match(text).end()))


def pick_format(accept: str | None, requested: str | None = None) -> str:
    """json, csv or tsv from ?format= or the Accept header (highest q first); json by default."""
    if requested in ("json", "csv", "tsv"):
        return requested
    choices = []
    for i, part in enumerate((accept or "").split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media.strip().lower() in ACCEPTED and q > 0:
            choices.append((-q, i, ACCEPTED[media.strip().lower()]))
    return min(choices)[2] if choices else "json"


class SparqlServer(ThreadingHTTPServer):
    """ThreadingHTTPServer holding the store and the limits."""

    daemon_threads = True

    def __init__(self, address, store, *, timeout_s: float, max_rows: int, max_body: int, max_workers: int):
        self.store, self.timeout_s, self.max_rows, self.max_body = store, timeout_s, max_rows, max_body
        self.slots = threading.BoundedSemaphore(max_workers)
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/query"


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql/0.1"
    timeout = 30  # seconds a client may take to send its request

    def log_message(self, format, *args):
        pass

    def _send(self, status: int, body: str, ctype: str = "text/plain; charset=utf-8", headers=None):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _read_body(self) -> bytes | None:
        """The request body, or None after answering 411/400/413."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self._send(411, "send a Content-Length, chunked bodies are not supported\n")
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._send(400, "bad Content-Length\n")
            return None
        if length > self.server.max_body:
            left = length if length <= DRAIN_LIMIT else 0
            while left > 0:
                chunk = self.rfile.read(min(left, 65536))
                if not chunk:
                    break
                left -= len(chunk)
            self.close_connection = True
            self._send(413, f"request body too large: {length} bytes, limit {self.server.max_body}\n",
                       headers={"Connection": "close"})
            return None
        return self.rfile.read(length)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/store":
            return self._send(405, "the Graph Store protocol is not served: use /query\n", headers={"Allow": ""})
        if url.path == "/update":
            return self._send(403, READ_ONLY + "\n")
        if url.path == "/":
            return self._send(200, "kg read-only SPARQL endpoint: GET or POST /query\n")
        if url.path not in QUERY_PATHS:
            return self._send(404, "not found: use /query\n")
        params = parse_qs(url.query, keep_blank_values=True)
        if "update" in params:
            return self._send(403, READ_ONLY + "\n")
        if not params.get("query"):
            return self._send(400, "missing query parameter\n")
        self._run(params["query"][0], params.get("format", [None])[0])

    do_HEAD = do_GET

    def do_POST(self):
        url = urlsplit(self.path)
        body = self._read_body()
        if body is None:
            return
        if url.path == "/store":
            return self._send(405, "this endpoint is read-only: Graph Store writes are refused\n",
                              headers={"Allow": ""})
        if url.path == "/update":
            return self._send(403, READ_ONLY + "\n")
        if url.path not in QUERY_PATHS:
            return self._send(404, "not found: use /query\n")
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = self.headers.get_content_type()
        if "update" in params or ctype == "application/sparql-update":
            return self._send(403, READ_ONLY + "\n")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._send(400, "the body is not UTF-8\n")
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                return self._send(403, READ_ONLY + "\n")
            if not form.get("query"):
                return self._send(400, "missing query parameter\n")
            text = form["query"][0]
            params.update({k: v for k, v in form.items() if k == "format"})
        elif ctype != "application/sparql-query":
            return self._send(415, "send application/sparql-query or application/x-www-form-urlencoded\n")
        self._run(text, params.get("format", [None])[0])

    def _refuse_write(self):
        if self._read_body() is not None:
            allow = "" if urlsplit(self.path).path == "/store" else "GET, POST"
            self._send(405, "this endpoint is read-only: writes are refused\n", headers={"Allow": allow})

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    def _run(self, query: str, requested_format: str | None):
        if is_update(query):
            return self._send(403, READ_ONLY + "\n")
        server = self.server
        if not server.slots.acquire(timeout=server.timeout_s):
            return self._send(503, "server busy: too many queries running\n", headers={"Retry-After": "5"})
        box: dict = {}
        done = threading.Event()

        def work():
            try:
                box["result"] = query_store(server.store, query, timeout=server.timeout_s,
                                            max_rows=server.max_rows)
            except Exception as e:  # noqa: BLE001 - any failure is reported to the client below
                # drop the traceback here: its frames hold pyoxigraph results, which must die in this thread
                e.__traceback__ = e.__context__ = e.__cause__ = None
                box["error"] = e
            finally:
                server.slots.release()
                done.set()

        threading.Thread(target=work, name="kg-sparql-query", daemon=True).start()
        if not done.wait(server.timeout_s + 0.25) or isinstance(box.get("error"), QueryTimeout):
            return self._send(503, f"query timed out after {server.timeout_s:g} s\n")
        error = box.get("error")
        if isinstance(error, KgError):
            return self._send(400, f"{error.message}\n")
        if error is not None:
            return self._send(500, f"query failed: {error}\n")
        result = box["result"]
        fmt = "nt" if result.kind == "graph" else pick_format(self.headers.get("Accept"), requested_format)
        headers = {"X-KG-Truncated": "true"} if result.truncated else {}
        self._send(200, format_result(result, fmt), MEDIA_TYPES[fmt], headers)


def make_server(graph_paths: list[Path] | None = None, host: str = "127.0.0.1", port: int = 7878, *,
                timeout_s: float = 10.0, max_rows: int = 10000, max_body: int = MAX_BODY,
                max_workers: int = 4, store=None) -> SparqlServer:
    """The server, bound but not yet serving (port 0 picks a free port: see server.server_address)."""
    if store is None:
        store = load_store([Path(p) for p in graph_paths] if graph_paths else default_graph_paths())
    return SparqlServer((host, port), store, timeout_s=timeout_s, max_rows=max_rows, max_body=max_body,
                        max_workers=max_workers)


def serve(graph_paths: list[Path] | None = None, host: str = "127.0.0.1", port: int = 7878, *,
          timeout_s: float = 10.0, max_rows: int = 10000) -> None:
    """Serve until interrupted (Ctrl-C)."""
    server = make_server(graph_paths, host, port, timeout_s=timeout_s, max_rows=max_rows)
    print(f"kg: read-only SPARQL endpoint at {server.url} (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
