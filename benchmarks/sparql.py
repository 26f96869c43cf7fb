"""The bundled SPARQL queries on a large synthetic graph: rdflib vs Oxigraph, through kg.query.engine.

Input: the N-Quads of a real build (the seeds). `synthesize` replicates it into ≥ `min_quads` quads, copy k
renaming every per-article IRI (document, proposal, condition, stance, event, evidence: `…/<x>-c<k>`) and
the document identifier, while actors and the build activity stay shared, as in a real corpus where the
same actors recur in many articles (docs/DATA_MODEL.md: one named graph per document).
`python -m benchmarks.sparql <graph.nq> --engine oxigraph|rdflib --runs R --timeout T` prints JSON lines:
the load (seconds, store size), then per bundled query its run times (seconds, or "timeout") and row
count, as soon as measured (`parse` reads them back, also from a run cut short). Neither engine can be
interrupted inside a sort or a group (Oxigraph checks its deadline per result row only), so each query is
first probed in a forked child of the process holding the loaded graph, killed at the timeout; a query
that finished its probe is then timed R times in the process itself (copy-on-write page copies make a
forked run slower than `kg query`'s), one that timed out is not run again.
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
        block = "\n".join(per)
        for k in range(copies):
            renamed = PER_ARTICLE.sub(rf"<\1-c{k}>", block)
            f.write(IDENTIFIER.sub(rf'\1"c{k}/\2"', renamed) + "\n")
    return len(shared) + copies * len(per)


def queries() -> dict[str, str]:
    return {name: engine.resolve_query(name) for name, _, _ in engine.list_queries()}


def _child(run, conn) -> None:
    t = time.perf_counter()
    try:
        rows = run()
        conn.send((time.perf_counter() - t, rows))
    except Exception as e:  # noqa: BLE001 - reported as the run's outcome
        conn.send((f"error: {e}".splitlines()[0][:200], None))
    conn.close()


def timed(run, timeout: float) -> tuple[float | str, int | None]:
    """(seconds, rows) of run() in a forked child (which shares the loaded graph), or ("timeout", None)."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(run, send))
    child.start()
    send.close()
    try:
        return recv.recv() if recv.poll(timeout) else ("timeout", None)
    except EOFError:
        return "error: the child died", None
    finally:
        child.kill()
        child.join()


def bench(path: Path, engine_name: str, runs: int, timeout: float) -> None:
    """Print one JSON line for the load, then one per bundled query as soon as it is measured."""
    t = time.perf_counter()
    if engine_name == "oxigraph":
        store = engine.load_store([path])
        size = len(store)
        run_one = lambda text: len(engine.query_store(store, text).rows)  # noqa: E731
    else:
        ds = engine.load_dataset([path])
        size = len(ds)
        run_one = lambda text: len(engine.query_dataset(ds, engine.with_prefixes(text)).rows)  # noqa: E731
    print(json.dumps({"load_seconds": time.perf_counter() - t, "size": size}), flush=True)
    for name, text in queries().items():
        # a forked probe first (killed at the timeout: neither engine can be interrupted inside a sort);
        # once it has finished, the runs are timed in this process, as `kg query` runs them: in a forked
        # child every page the query touches is copied on write, which adds ~70 ms to a 10,000-row answer
        probe, rows = timed(lambda text=text: run_one(text), timeout)
        times: list = [probe] if not isinstance(probe, float) else []
        for _ in range(runs if isinstance(probe, float) else 0):
            t0 = time.perf_counter()
            rows = run_one(text)
            times.append(time.perf_counter() - t0)
        print(json.dumps({"query": name, "times": times, "rows": rows, "probe": probe}), flush=True)


def parse(stdout: str) -> dict:
    """The JSON lines of `bench` (possibly cut short) as {"load_seconds", "queries": {name: times}, "rows"}."""
    out: dict = {"load_seconds": None, "queries": {}, "rows": {}}
    for line in stdout.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if "query" in item:
            out["queries"][item["query"]] = item["times"]
            if item["rows"] is not None:
                out["rows"][item["query"]] = item["rows"]
        else:
            out.update(item)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.sparql")
    ap.add_argument("graph", type=Path)
    ap.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args(argv)
    bench(args.graph, args.engine, args.runs, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
