"""A stand-in for `kg build --jobs N` while the CLI does not yet route --jobs to kg.parallel.

Input (argv): inputs, `-o OUT`, `--jobs N`, `--no-cache`, `--cache-dir DIR`. Output: the same exports as
`kg build -q` (exit 0, or 1 if the graph does not conform). It runs kg.pipeline.run with
`pipeline.extract_documents` routed to kg.parallel.extract_parallel when jobs > 1 (the workers are called
with jobs=1, so they run the original function). `wired()` tells whether kg itself already does this.
`--timings` also prints one JSON line: BuildResult.timings (seconds per stage), documents, cached, triples.
`--discrepancy-probe 20,40,100` extracts the seeds once, clones the extractions into N articles as
benchmarks.corpus does (ids, dates, evidence renamed) and prints, per N, one JSON line: the number of
kg.discrepancy records found and the seconds taken (how the cross-article step grows with N).
`--extract-only` reads the inputs, loads the model, then times only the extraction (extract_documents, or
extract_parallel for jobs > 1) and prints JSON {"seconds", "documents", "cpu_parent", "cpu_workers"} (CPU
seconds of this process and of its reaped workers over that span); nothing is written.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def wired() -> bool:
    """True when kg.pipeline or kg.cli already calls kg.parallel (then `kg build --jobs N` is measured)."""
    import kg.cli
    import kg.pipeline

    return any("extract_parallel" in Path(m.__file__).read_text(encoding="utf-8") for m in (kg.pipeline, kg.cli))


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def discrepancy_probe(ns: list[int]) -> None:
    import copy
    import datetime as dt
    from collections import Counter
    from dataclasses import replace

    from kg.config import Settings
    from kg.discrepancy import find_discrepancies
    from kg.ingest import read_inputs
    from kg.merge import merge
    from kg.pipeline import extract_documents

    seeds = extract_documents(read_inputs([Path(__file__).resolve().parent.parent / "seeds"])[0],
                              Settings(use_cache=False))[0]

    def clone(x, n: int):
        y = copy.deepcopy(x)
        d = x.document
        y.document = replace(d, id=f"{n:06d}_{d.id}", date=d.date + dt.timedelta(days=n % 28) if d.date else None)
        for facts in (y.proposals, y.conditions, y.stances, y.events):
            for f in facts:
                f.evidence = [replace(e, doc_id=y.document.id) for e in f.evidence]
        return y

    for n in ns:
        xs = [clone(seeds[i % len(seeds)], i) for i in range(n)]
        t = time.perf_counter()
        found = find_discrepancies(merge(xs), xs)
        print(json.dumps({"n": n, "discrepancies": len(found), "seconds": time.perf_counter() - t,
                          "aspects": dict(Counter(d.aspect for d in found))}), flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.driver")
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("-o", "--out", default="exports")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--cache-dir", default=".kg-cache")
    ap.add_argument("-q", "--quiet", action="store_true", help="accepted for kg build compatibility")
    ap.add_argument("--timings", action="store_true")
    ap.add_argument("--extract-only", action="store_true")
    ap.add_argument("--discrepancy-probe", default=None, help="comma-separated article counts")
    args = ap.parse_args(argv)
    if args.discrepancy_probe:
        discrepancy_probe([int(n) for n in args.discrepancy_probe.split(",")])
        return 0

    from kg import parallel, pipeline
    from kg.config import Settings

    original = pipeline.extract_documents

    def routed(docs, settings, progress=None, packed=False):
        if settings.jobs > 1:
            return parallel.extract_parallel(docs, settings, progress, packed=packed)
        return original(docs, settings, progress, packed=packed)

    pipeline.extract_documents = routed
    settings = Settings(jobs=args.jobs, use_cache=not args.no_cache, cache_dir=Path(args.cache_dir), quiet=True)
    if args.extract_only:
        from kg.ingest import read_inputs

        docs = read_inputs(args.inputs)[0]
        parallel._warm(settings.model)
        t, cpu, kids = time.perf_counter(), time.process_time(), _children_cpu()
        routed(docs, settings)
        print(json.dumps({"seconds": time.perf_counter() - t, "documents": len(docs),
                          "cpu_parent": time.process_time() - cpu, "cpu_workers": _children_cpu() - kids}))
        return 0
    result = pipeline.run(args.inputs, Path(args.out), settings)
    if args.timings:
        seconds = {k: v for k, v in result.timings.items() if isinstance(v, (int, float))}
        print(json.dumps({"timings": seconds, "documents": result.documents, "cached": result.cached,
                          "triples": result.triples, "rejected": len(result.rejected)}))
    return 1 if result.conforms is False else 0


if __name__ == "__main__":
    sys.exit(main())
