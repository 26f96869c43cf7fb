"""The bundled SPARQL queries on a large synthetic graph: rdflib vs Oxigraph, through kg.query.engine.

Input: the N-Quads of a real build (the seeds). `synthesize` replicates it into ≥ `min_quads` quads, copy k
renaming every per-article IRI (document, proposal, condition, stance, event, evidence: `…/<x>-c<k>`) and
the document identifier, while actors and the build activity stay shared, as in a real corpus where the
same actors recur in many articles (docs/DATA_MODEL.md: one named graph per document).
`python -m benchmarks.sparql <graph.nq> --engine oxigraph|rdflib --runs R --timeout T` prints one JSON
object: load seconds, quads, and per bundled query the run times (seconds) or "timeout". Oxigraph honours
the timeout itself; rdflib cannot be interrupted, so each rdflib run is a forked child of the process
holding the loaded Dataset, killed at the timeout (later runs of a query that timed out are skipped).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import sys
import time
from pathlib import Path

from kg.query import engine

PER_ARTICLE = re.compile(r"<(https://w3id\.org/newskg/id/(?:document|proposal|condition|stance|event|evidence)/[^>]*)>")
IDENTIFIER = re.compile(r'(<http://purl\.org/dc/terms/identifier> )"([^"]*)"')


def synthesize(seed_nq: Path, out: Path, min_quads: int = 1_000_000) -> int:
    """Write ≥ min_quads quads to `out` (N-Quads) by renamed copies of seed_nq; returns the quad count."""
    lines = [ln for ln in seed_nq.read_text(encoding="utf-8").splitlines() if ln.strip()]
    shared = [ln for ln in lines if not PER_ARTICLE.search(ln)]  # the build activity (default graph)
    per = [ln for ln in lines if PER_ARTICLE.search(ln)]
    copies = -(-(min_quads - len(shared)) // max(1, len(per)))
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(shared) + "\n")
        for k in range(copies):
            suffix = f"-c{k}"
            block = "\n".join(per)
            block = PER_ARTICLE.sub(lambda m: f"<{m.group(1)}{suffix}>", block)
            block = IDENTIFIER.sub(lambda m: f'{m.group(1)}"c{k}/{m.group(2)}"', block)
            f.write(block + "\n")
    return len(shared) + copies * len(per)


def queries() -> dict[str, str]:
    return {name: engine.resolve_query(name) for name, _, _ in engine.list_queries()}


def _rdflib_child(ds, text: str, conn) -> None:
    t = time.perf_counter()
    res = engine.query_dataset(ds, engine.with_prefixes(text))
    conn.send((time.perf_counter() - t, len(res.rows)))
    conn.close()


def bench_rdflib(path: Path, runs: int, timeout: float) -> dict:
    t = time.perf_counter()
    ds = engine.load_dataset([path])
    out: dict = {"load_seconds": time.perf_counter() - t, "quads": len(ds), "queries": {}}
    ctx = multiprocessing.get_context("fork")
    for name, text in queries().items():
        times: list = []
        for _ in range(runs):
            recv, send = ctx.Pipe(duplex=False)
            child = ctx.Process(target=_rdflib_child, args=(ds, text, send))
            child.start()
            send.close()
            if recv.poll(timeout):
                seconds, rows = recv.recv()
                times.append(seconds)
                out.setdefault("rows", {})[name] = rows
            else:
                times.append("timeout")
            child.kill()
            child.join()
            if times[-1] == "timeout":
                break
        out["queries"][name] = times
    return out


def bench_oxigraph(path: Path, runs: int, timeout: float) -> dict:
    t = time.perf_counter()
    store = engine.load_store([path])
    out: dict = {"load_seconds": time.perf_counter() - t, "quads": len(store), "queries": {}, "rows": {}}
    for name, text in queries().items():
        times: list = []
        for _ in range(runs):
            t = time.perf_counter()
            try:
                res = engine.query_store(store, text, timeout=timeout)
            except Exception as e:  # noqa: BLE001 - QueryTimeout and evaluation errors are reported
                times.append("timeout" if "time" in str(e).lower() else f"error: {e}")
                break
            times.append(time.perf_counter() - t)
            out["rows"][name] = len(res.rows)
        out["queries"][name] = times
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.sparql")
    ap.add_argument("graph", type=Path)
    ap.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args(argv)
    bench = bench_oxigraph if args.engine == "oxigraph" else bench_rdflib
    print(json.dumps(bench(args.graph, args.runs, args.timeout)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
