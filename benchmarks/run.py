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
import sys
from pathlib import Path

from benchmarks import measure, report
from benchmarks.corpus import write_corpus
from benchmarks.corpus import word_count as words_in
from benchmarks.driver import wired

HERE = Path(__file__).resolve().parent
CORPUS, WORK = HERE / "corpus", HERE / "work"
PY = sys.executable
KG = str(Path(sys.executable).with_name("kg"))
MODES = {
    "quick": {"ratio_n": 40, "ratio_runs": 3, "jobs_n": 60, "jobs_runs": 1, "memory_ns": [1000],
              "incremental_n": 1000, "quads": 1_000_000, "ox_runs": 5, "rdflib_runs": 1, "rdflib_timeout": 20.0,
              "stages_n": 40},
    "full": {"ratio_n": 300, "ratio_runs": 3, "jobs_n": 300, "jobs_runs": 3, "memory_ns": [1000, 10_000],
             "incremental_n": 1000, "quads": 1_000_000, "ox_runs": 7, "rdflib_runs": 3, "rdflib_timeout": 60.0,
             "stages_n": 300},
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


def sec_ratio(cfg: dict) -> dict:
    folder, words = corpus(cfg["ratio_n"])
    kg, bare, kg_rss, bare_rss = [], [], [], []
    for i in range(cfg["ratio_runs"]):  # interleaved, the order alternating
        for which in (("kg", "bare") if i % 2 == 0 else ("bare", "kg")):
            if which == "kg":
                r = measure.run(kg_build([folder], WORK / "out-ratio", "--no-cache"))
                _check(r, "kg build")
                kg.append(r.seconds), kg_rss.append(r.peak_rss)
            else:
                r = measure.run([PY, "-m", "benchmarks.bare_spacy", str(folder)])
                _check(r, "bare spaCy")
                bare.append(r.seconds), bare_rss.append(r.peak_rss)
    return {"n": cfg["ratio_n"], "words": words, "kg": kg, "bare": bare, "kg_rss": kg_rss, "bare_rss": bare_rss,
            "ratio": measure.median(kg) / measure.median(bare)}


def sec_jobs(cfg: dict) -> dict:
    folder, words = corpus(cfg["jobs_n"])
    times: dict[str, list[float]] = {"1": [], "2": []}
    for _ in range(cfg["jobs_runs"]):
        for jobs in (1, 2):
            r = measure.run(kg_build([folder], WORK / f"out-jobs{jobs}", "--no-cache", jobs=jobs))
            _check(r, f"kg build --jobs {jobs}")
            times[str(jobs)].append(r.seconds)
    same = all((WORK / "out-jobs1" / f).read_bytes() == (WORK / "out-jobs2" / f).read_bytes()
               for f in ("graph.trig", "graph.nq", "graph.ttl", "graph.jsonld", "graph.graphml", "graph.gexf"))
    extract = {}
    for jobs in (1, 2):
        r = measure.run([PY, "-m", "benchmarks.driver", str(folder), "--extract-only", "--no-cache",
                         "--jobs", str(jobs)])
        _check(r, "extract-only")
        extract[str(jobs)] = json.loads(r.stdout.strip().splitlines()[-1])["seconds"]
    return {"n": cfg["jobs_n"], "words": words, "times": times, "identical_exports": same,
            "extract_seconds": extract, "via": "kg build --jobs" if wired() else "benchmarks.driver",
            "speedup": measure.median(times["1"]) / measure.median(times["2"]),
            "extract_speedup": extract["1"] / extract["2"]}


def sec_memory(cfg: dict, limit_s: float, results: dict) -> dict:
    """Sections c and d together: the 1,000-article build with a cold cache is both."""
    out: dict = {"builds": {}}
    for n in cfg["memory_ns"]:
        folder, words = corpus(n)
        cache = WORK / f"cache-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        r = measure.run(kg_build([folder], WORK / f"out-mem{n}", "--cache-dir", str(cache)), limit=limit_s)
        _check(r, f"kg build of {n}")
        out["builds"][str(n)] = {"seconds": r.seconds, "peak_rss": r.peak_rss, "killed": r.killed, "words": words}
        if n == cfg["incremental_n"] and not r.killed:
            extra = CORPUS / f"extra-{n}"
            write_corpus(extra, 1, start=n)
            again = measure.run(kg_build([folder, extra], WORK / f"out-mem{n}", "--cache-dir", str(cache)))
            _check(again, "incremental rebuild")
            t = measure.run([PY, "-m", "benchmarks.driver", str(folder), str(extra), "-o", str(WORK / "out-inc"),
                             "--cache-dir", str(cache), "--timings"])
            _check(t, "incremental timings")
            out["incremental"] = {"n": n, "full": r.seconds, "rebuild": again.seconds,
                                  "fraction": again.seconds / r.seconds,
                                  "stages": json.loads(t.stdout.strip().splitlines()[-1])}
        shutil.rmtree(cache, ignore_errors=True)
    small = results.get("sections", {}).get("ratio")
    if small and "10000" not in out["builds"] and "1000" in out["builds"]:
        b = out["builds"]["1000"]  # linear fit through (ratio_n, its kg RSS) and (1000, RSS)
        slope = (b["peak_rss"] - measure.median(small["kg_rss"])) / (1000 - small["n"])
        out["estimate_10000"] = {"peak_rss": b["peak_rss"] + slope * 9000, "seconds": b["seconds"] * 10}
    return out


def sec_sparql(cfg: dict) -> dict:
    from benchmarks.sparql import synthesize

    seeds = WORK / "seeds-graph"
    r = measure.run([KG, "build", str(HERE.parent / "seeds"), "--no-cache", "-q", "-o", str(seeds)])
    _check(r, "kg build seeds")
    nq = WORK / "synthetic.nq"
    quads = synthesize(seeds / "graph.nq", nq, cfg["quads"])
    res: dict = {"quads": quads, "rdflib_runs": cfg["rdflib_runs"]}
    for engine, runs, timeout in (("oxigraph", cfg["ox_runs"], 60.0),
                                  ("rdflib", cfg["rdflib_runs"], cfg["rdflib_timeout"])):
        r = measure.run([PY, "-m", "benchmarks.sparql", str(nq), "--engine", engine, "--runs", str(runs),
                         "--timeout", str(timeout)], interval=0.5)
        _check(r, f"sparql {engine}")
        res[engine] = json.loads(r.stdout.strip().splitlines()[-1])
        res[engine].update(timeout=timeout, peak_rss=r.peak_rss)
    return res


def sec_stages(cfg: dict) -> dict:
    folder, words = corpus(cfg["stages_n"])
    r = measure.run([PY, "-m", "benchmarks.driver", str(folder), "-o", str(WORK / "out-stages"), "--no-cache",
                     "--timings"])
    _check(r, "stage timings")
    return {"n": cfg["stages_n"], "words": words, "wall": r.seconds, **json.loads(r.stdout.strip().splitlines()[-1])}


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
            ("c", "memory", lambda: sec_memory(cfg, args.limit_minutes * 60, results))]
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
