"""The benchmark harness: `python -m benchmarks.run [--quick] [--only a,b,c,d,e,f]`.

Input: the seeds (benchmarks.corpus writes numbered copies into benchmarks/corpus/, gitignored) and the
installed kg. Output: benchmarks/work/results.json (raw figures, merged across runs of --only) and
benchmarks/RESULTS.md (benchmarks.report). Every kg figure but (f) is a whole `kg build` process timed
from outside (benchmarks.measure); the sections:
  a  kg build / bare spaCy wall-time ratio (median of R interleaved runs each)
  b  articles/s and words/s with --jobs 1 and 2 (+ the extraction stage alone, in one process)
  c  peak RSS of the process tree for 1,000 and (full mode) 10,000 articles
  d  incremental: 1,000 built with a cold cache, one article added, rebuilt with the cache
  e  the bundled SPARQL queries on a ≥ 1M-quad synthetic graph, Oxigraph vs rdflib (benchmarks.sparql)
  f  seconds per stage (kg.pipeline.run's BuildResult.timings)
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
from pathlib import Path

from benchmarks import measure, report
from benchmarks.corpus import word_count as words_in
from benchmarks.corpus import write_corpus
from benchmarks.driver import wired

HERE = Path(__file__).resolve().parent
CORPUS, WORK = HERE / "corpus", HERE / "work"
PY = sys.executable
KG = str(Path(sys.executable).with_name("kg"))
MODES = {
    "quick": {"ratio_n": 40, "ratio_runs": 3, "jobs_n": 60, "jobs_runs": 3, "memory_ns": [1000],
              "incremental_n": 1000, "incremental_fallback": 100, "build_limit_min": 30,
              "quads": 1_000_000, "ox_runs": 3, "ox_timeout": 30.0, "rdflib_runs": 1, "rdflib_timeout": 20.0,
              "stages_n": 40, "probe_ns": "20,40,100,200"},
    "full": {"ratio_n": 300, "ratio_runs": 3, "jobs_n": 300, "jobs_runs": 3, "memory_ns": [1000, 10_000],
             "incremental_n": 1000, "incremental_fallback": 300,
             "quads": 1_000_000, "ox_runs": 7, "ox_timeout": 60.0, "rdflib_runs": 3, "rdflib_timeout": 60.0,
             "stages_n": 300, "probe_ns": "20,40,100,200,400"},
}


def corpus(n: int) -> tuple[Path, int]:
    """The folder of n articles (written once) and its word count."""
    folder = CORPUS / f"n{n}"
    return folder, words_in(write_corpus(folder, n))


def kg_build(inputs: list[Path], out: Path, *extra: str, jobs: int = 1) -> list[str]:
    """`kg build` (or the benchmarks.driver stand-in for --jobs N when kg does not route --jobs yet)."""
    head = [KG, "build"] if jobs == 1 or wired() else [PY, "-m", "benchmarks.driver"]
    return [*head, *map(str, inputs), "-q", "-o", str(out), "--jobs", str(jobs), *extra]


def _check(r: measure.Run, what: str) -> None:
    if r.returncode not in (0, 1) and not r.killed:
        raise RuntimeError(f"{what} failed (exit {r.returncode}): {r.stderr[-1500:]}")


def _busy_others(runs: list[measure.Run]) -> float:
    """Average number of cores the rest of the machine kept busy during these runs."""
    return sum(r.others_cpu for r in runs) / max(1e-9, sum(r.seconds for r in runs))


def sec_ratio(cfg: dict) -> dict:
    folder, words = corpus(cfg["ratio_n"])
    runs: dict[str, list[measure.Run]] = {"kg": [], "bare": []}
    for i in range(cfg["ratio_runs"]):  # interleaved, the order alternating
        for which in (("kg", "bare") if i % 2 == 0 else ("bare", "kg")):
            cmd = (kg_build([folder], WORK / "out-ratio", "--no-cache") if which == "kg"
                   else [PY, "-m", "benchmarks.bare_spacy", str(folder)])
            r = measure.run(cmd)
            _check(r, which)
            runs[which].append(r)
    out = {"n": cfg["ratio_n"], "words": words, "others_cores": _busy_others(runs["kg"] + runs["bare"])}
    for k, rs in runs.items():
        out[k], out[f"{k}_rss"] = [r.seconds for r in rs], [r.peak_rss for r in rs]
        out[f"{k}_cpu"] = [r.cpu_seconds for r in rs]
    out["ratio"] = measure.median(out["kg"]) / measure.median(out["bare"])
    out["cpu_ratio"] = measure.median(out["kg_cpu"]) / measure.median(out["bare_cpu"])
    return out


def sec_jobs(cfg: dict) -> dict:
    folder, words = corpus(cfg["jobs_n"])
    times: dict[str, list[float]] = {"1": [], "2": []}
    cpu: dict[str, list[float]] = {"1": [], "2": []}
    runs = []
    for _ in range(cfg["jobs_runs"]):
        for jobs in (1, 2):
            r = measure.run(kg_build([folder], WORK / f"out-jobs{jobs}", "--no-cache", jobs=jobs))
            _check(r, f"kg build --jobs {jobs}")
            times[str(jobs)].append(r.seconds)
            cpu[str(jobs)].append(r.cpu_seconds)
            runs.append(r)
    same = all((WORK / "out-jobs1" / f).read_bytes() == (WORK / "out-jobs2" / f).read_bytes()
               for f in ("graph.trig", "graph.nq", "graph.ttl", "graph.jsonld", "graph.graphml", "graph.gexf"))
    extract = {}
    for jobs in (1, 2):
        r = measure.run([PY, "-m", "benchmarks.driver", str(folder), "--extract-only", "--no-cache",
                         "--jobs", str(jobs)])
        _check(r, "extract-only")
        extract[str(jobs)] = json.loads(r.stdout.strip().splitlines()[-1])
        runs.append(r)
    e1, e2 = extract["1"], extract["2"]
    return {"n": cfg["jobs_n"], "words": words, "times": times, "cpu": cpu, "identical_exports": same,
            "extract": extract, "via": "kg build --jobs" if wired() else "benchmarks.driver",
            "speedup": measure.median(times["1"]) / measure.median(times["2"]),
            "extract_speedup": e1["seconds"] / e2["seconds"],
            # an idle 2-core machine: the workers' CPU seconds split evenly over 2 cores
            "extract_speedup_idle_estimate": (e1["cpu_parent"] + e1["cpu_workers"]) /
            (e2["cpu_parent"] + e2["cpu_workers"] / 2),
            "others_cores": _busy_others(runs)}


def _cold_build(n: int, limit_s: float) -> tuple[measure.Run, Path, Path, int]:
    """Build n articles with a fresh cache (killed after limit_s): (run, folder, cache, words)."""
    folder, words = corpus(n)
    cache = WORK / f"cache-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    r = measure.run(kg_build([folder], WORK / f"out-mem{n}", "--cache-dir", str(cache)), limit=limit_s)
    _check(r, f"kg build of {n}")
    return r, folder, cache, words


def _incremental(n: int, folder: Path, cache: Path, full: measure.Run, runs: int = 3) -> dict:
    """Rebuild the n articles built with `cache` plus one article none of them has seen, `runs` times (a new
    article each time: #n, #n+1, ...; the median is reported), then once more in process for stages."""
    times, cpu = [], []
    for k in range(runs):
        extra = CORPUS / f"extra-{n}"
        write_corpus(extra, 1, start=n + k)
        again = measure.run(kg_build([folder, extra], WORK / f"out-mem{n}", "--cache-dir", str(cache)))
        _check(again, "incremental rebuild")
        times.append(again.seconds)
        cpu.append(again.cpu_seconds)
    t = measure.run([PY, "-m", "benchmarks.driver", str(folder), str(extra), "-o", str(WORK / "out-inc"),
                     "--cache-dir", str(cache), "--timings"])
    _check(t, "incremental timings")
    rebuild, rebuild_cpu = statistics.median(times), statistics.median(cpu)
    return {"n": n, "full": full.seconds, "rebuild": rebuild, "runs": times, "fraction": rebuild / full.seconds,
            "cpu_fraction": rebuild_cpu / max(1e-9, full.cpu_seconds),
            "stages": json.loads(t.stdout.strip().splitlines()[-1])}


def _record(r: measure.Run, words: int) -> dict:
    return {"seconds": r.seconds, "peak_rss": r.peak_rss, "killed": r.killed, "stopped": r.stopped, "words": words,
            "cpu": r.cpu_seconds, "others_cores": _busy_others([r]), "max_rss": measure.default_max_rss()}


def sec_memory(cfg: dict, limit_s: float, results: dict) -> dict:
    """Sections c and d together: the 1,000-article build with a cold cache is both. When it is stopped at
    the time limit, d falls back to a smaller corpus. Also probes how discrepancies grow with N."""
    probe = measure.run([PY, "-m", "benchmarks.driver", "--discrepancy-probe", cfg["probe_ns"]])
    out: dict = {"builds": {}, "probe": [json.loads(x) for x in probe.stdout.splitlines() if x.startswith("{")]}
    for n in cfg["memory_ns"]:
        r, folder, cache, words = _cold_build(n, limit_s)
        out["builds"][str(n)] = _record(r, words)
        if n == cfg["incremental_n"] and not r.killed:
            out["incremental"] = _incremental(n, folder, cache, r)
        shutil.rmtree(cache, ignore_errors=True)
    if "incremental" not in out:
        n = cfg["incremental_fallback"]
        r, folder, cache, words = _cold_build(n, limit_s)
        out["builds"][str(n)] = _record(r, words)
        if not r.killed:
            out["incremental"] = {**_incremental(n, folder, cache, r), "instead_of": cfg["incremental_n"]}
        shutil.rmtree(cache, ignore_errors=True)
    small, big = results.get("sections", {}).get("ratio"), out["builds"].get("1000")
    if small and "10000" not in out["builds"] and big and not big["killed"]:
        slope = (big["peak_rss"] - measure.median(small["kg_rss"])) / (1000 - small["n"])  # linear: a lower bound
        out["estimate_10000"] = {"peak_rss": big["peak_rss"] + slope * 9000, "seconds": big["seconds"] * 10}
    return out


def sec_sparql(cfg: dict) -> dict:
    from benchmarks.sparql import parse, queries, synthesize

    seeds = WORK / "seeds-graph"
    r = measure.run([KG, "build", str(HERE.parent / "seeds"), "--no-cache", "-q", "-o", str(seeds)])
    _check(r, "kg build seeds")
    nq = WORK / "synthetic.nq"
    quads = synthesize(seeds / "graph.nq", nq, cfg["quads"])
    res: dict = {"quads": quads, "rdflib_runs": cfg["rdflib_runs"]}
    for engine, runs, timeout in (("oxigraph", cfg["ox_runs"], cfg["ox_timeout"]),
                                  ("rdflib", cfg["rdflib_runs"], cfg["rdflib_timeout"])):
        limit = 1200 + len(queries()) * runs * (timeout + 5)  # loading 1M quads into rdflib takes minutes
        r = measure.run([PY, "-m", "benchmarks.sparql", str(nq), "--engine", engine, "--runs", str(runs),
                         "--timeout", str(timeout)], interval=0.5, limit=limit)
        _check(r, f"sparql {engine}")
        res[engine] = {**parse(r.stdout), "timeout": timeout, "peak_rss": r.peak_rss, "killed": r.killed}
    return res


def sec_stages(cfg: dict) -> dict:
    folder, words = corpus(cfg["stages_n"])
    r = measure.run([PY, "-m", "benchmarks.driver", str(folder), "-o", str(WORK / "out-stages"), "--no-cache",
                     "--timings"])
    _check(r, "stage timings")
    return {"n": cfg["stages_n"], "words": words, "wall": r.seconds, "others_cores": _busy_others([r]),
            **json.loads(r.stdout.strip().splitlines()[-1])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller corpora, no 10,000-article build")
    ap.add_argument("--only", default="a,b,c,d,e,f", help="sections to (re)run, e.g. a,e")
    ap.add_argument("--limit-minutes", type=float, default=240.0, help="stop any one kg build after this")
    args = ap.parse_args(argv)
    mode = "quick" if args.quick else "full"
    cfg, only = MODES[mode], set(args.only.split(","))
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "results.json"
    results = json.loads(path.read_text()) if path.is_file() else {}
    results.update(mode=mode, machine=measure.machine(), config=cfg)
    results.setdefault("sections", {})
    plan = [("f", "stages", lambda: sec_stages(cfg)), ("a", "ratio", lambda: sec_ratio(cfg)),
            ("b", "jobs", lambda: sec_jobs(cfg)), ("e", "sparql", lambda: sec_sparql(cfg)),
            ("c", "memory", lambda: sec_memory(cfg, 60 * min(args.limit_minutes, cfg.get("build_limit_min", 1e9)),
                                               results))]
    for letter, name, fn in plan:
        if letter not in only and not (name == "memory" and "d" in only):
            continue
        print(f"[{dt.datetime.now():%H:%M:%S}] section {letter}: {name}", flush=True)
        results["sections"][name] = {**fn(), "mode": mode, "when": dt.datetime.now().isoformat(timespec="seconds")}
        path.write_text(json.dumps(results, indent=1))
        (HERE / "RESULTS.md").write_text(report.render(results), encoding="utf-8")
    print(f"written {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
