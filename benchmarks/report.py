"""Render benchmarks/work/results.json (benchmarks.run) as benchmarks/RESULTS.md.

Input: the results dict (machine, mode, sections a–f). Output: Markdown: the machine, the targets with
met / not met, then one table per section. Ratios and medians are the figures to compare; absolute times
depend on the machine and on whatever else runs on it, so they are marked as indicative.
"""
from __future__ import annotations

from statistics import median

STAGES = ("read", "clean", "nlp", "link", "extract", "graph", "validate", "export")


def _s(x) -> str:
    return f"{x:.1f} s" if isinstance(x, (int, float)) else ("—" if x is None else str(x))


def _mb(b: float) -> str:
    return f"{b / 2**20:,.0f} MiB"


def _ms(times: list, timeout: float) -> str:
    nums = [t for t in times if isinstance(t, (int, float))]
    if any(t == "timeout" for t in times):
        return f"> {timeout:g} s (timeout)"
    if not nums:
        return "; ".join(map(str, times)) or "—"
    return f"{median(nums) * 1000:,.0f} ms"


def _stopped(build: dict) -> str:
    if not build.get("killed"):
        return ""
    if build.get("stopped") == "memory":
        return f" (stopped at the memory cap, {_mb(build.get('max_rss', 0))})"
    return " (stopped at the time limit)"


def _yes(ok: bool | None) -> str:
    return {True: "**met**", False: "**not met**", None: "not measured"}[ok]


def _targets(sec: dict) -> list[str]:
    rows = ["| target | measured | |", "|---|---|---|"]
    a, b, c, e = sec.get("ratio"), sec.get("jobs"), sec.get("memory"), sec.get("sparql")
    rows.append(f"| (a) kg build / bare spaCy ≤ 1.0 | {a['ratio']:.2f} wall, {a['cpu_ratio']:.2f} CPU "
                f"({a['n']} articles) | {_yes(a['ratio'] <= 1)} |" if a else "| (a) kg / spaCy ≤ 1.0 | — | — |")
    if b:
        rows.append(f"| (b) jobs 2 / jobs 1 speed-up ≥ 1.7 | whole build {b['speedup']:.2f}; extraction stage "
                    f"{b['extract_speedup']:.2f} (idle-machine estimate {b['extract_speedup_idle_estimate']:.2f}) | "
                    f"{_yes(b['speedup'] >= 1.7)} (build), {_yes(b['extract_speedup'] >= 1.7)} (extraction) |")
    if c:
        big = c["builds"].get("10000")
        if big and not big["killed"]:
            rows.append(f"| (c) peak RSS for 10,000 ≤ 1 GB | {_mb(big['peak_rss'])} | "
                        f"{_yes(big['peak_rss'] <= 2**30)} |")
        elif big:
            rows.append(f"| (c) peak RSS for 10,000 ≤ 1 GB | ≥ {_mb(big['peak_rss'])}{_stopped(big)} "
                        f"| {_yes(False) if big['peak_rss'] > 2**30 else 'unknown'} |")
        elif "estimate_10000" in c:
            est = c["estimate_10000"]["peak_rss"]
            rows.append(f"| (c) peak RSS for 10,000 ≤ 1 GB | not run (quick); linear estimate {_mb(est)} | "
                        f"{'likely not met' if est > 2**30 else 'likely met'} (estimate) |")
        elif (k := c["builds"].get("1000")) and k["killed"]:
            rows.append(f"| (c) peak RSS for 10,000 ≤ 1 GB | not run: the 1,000-article build{_stopped(k)} after "
                        f"{k['seconds'] / 60:.0f} min at ≥ {_mb(k['peak_rss'])} | "
                        f"{'**not met**' if k['peak_rss'] > 2**30 else 'unknown'} |")
        inc = c.get("incremental")
        if inc:
            rows.append(f"| (d) incremental rebuild ≤ 5 % of full | {inc['fraction'] * 100:.1f} % wall, "
                        f"{inc.get('cpu_fraction', float('nan')) * 100:.1f} % CPU ({inc['n']:,} articles) | "
                        f"{_yes(inc['fraction'] <= 0.05)} |")
    if e:
        meds = {q: t for q, t in e["oxigraph"]["queries"].items()}
        ok = [q for q, t in meds.items() if all(isinstance(x, float) for x in t) and median(t) <= 0.1]
        rows.append(f"| (e) bundled queries, Oxigraph, {e['quads']:,} quads: median ≤ 100 ms | {len(ok)}/{len(meds)} "
                    f"queries within | {_yes(len(ok) == len(meds))} |")
    return rows


def _j(*parts: str) -> str:
    return "".join(parts)


def _section_a(a: dict) -> list[str]:
    def runs(xs: list) -> str:
        return ", ".join(_s(x) for x in xs)

    return [
        f"## (a) kg build vs bare spaCy — {a['n']} articles, {a['words']:,} words ({a['when']}, {a['mode']})", "",
        _j("Whole processes, model loading included, median of interleaved runs. CPU = user + system seconds ",
           f"of the process tree; meanwhile other processes kept {a['others_cores']:.1f} cores busy."), "",
        "| | median wall | runs | median CPU | peak RSS |", "|---|---|---|---|---|",
        _j(f"| kg build --no-cache | {_s(median(a['kg']))} | {runs(a['kg'])} | {_s(median(a['kg_cpu']))} | ",
           f"{_mb(median(a['kg_rss']))} |"),
        _j(f"| bare spaCy nlp.pipe | {_s(median(a['bare']))} | {runs(a['bare'])} | {_s(median(a['bare_cpu']))} | ",
           f"{_mb(median(a['bare_rss']))} |"),
        f"| **ratio kg / spaCy** | **{a['ratio']:.2f}** | | **{a['cpu_ratio']:.2f}** | |", ""]


def _section_b(b: dict) -> list[str]:
    t1, t2 = median(b["times"]["1"]), median(b["times"]["2"])
    e1, e2 = b["extract"]["1"], b["extract"]["2"]
    return [
        f"## (b) --jobs 1 vs --jobs 2 — {b['n']} articles, {b['words']:,} words ({b['when']}, {b['mode']})", "",
        _j(f"Whole builds via `{b['via']}` (median of {len(b['times']['1'])}); the extraction stage alone is timed ",
           "in one process after loading the model. Exports of the two builds byte-identical: ",
           f"**{b['identical_exports']}**. Other processes kept {b['others_cores']:.1f} of the cores busy meanwhile, ",
           "which caps any speed-up; the idle-machine estimate spreads the workers' CPU seconds evenly over 2 cores."),
        "", "| | jobs 1 | jobs 2 | speed-up |", "|---|---|---|---|",
        f"| whole build, wall | {_s(t1)} | {_s(t2)} | **{t1 / t2:.2f}** |",
        f"| whole build, CPU | {_s(median(b['cpu']['1']))} | {_s(median(b['cpu']['2']))} | |",
        f"| articles/s | {b['n'] / t1:.2f} | {b['n'] / t2:.2f} | |",
        f"| words/s | {b['words'] / t1:,.0f} | {b['words'] / t2:,.0f} | |",
        f"| extraction stage, wall | {_s(e1['seconds'])} | {_s(e2['seconds'])} | **{b['extract_speedup']:.2f}** |",
        _j(f"| extraction stage, CPU (parent + workers) | {_s(e1['cpu_parent'] + e1['cpu_workers'])} | ",
           f"{_s(e2['cpu_parent'] + e2['cpu_workers'])} | ",
           f"idle estimate **{b['extract_speedup_idle_estimate']:.2f}** |"),
        ""]


def _section_cd(c: dict) -> list[str]:
    out = [f"## (c) peak memory ({c['when']}, {c['mode']})", "",
           "Peak RSS of the `kg build` process tree (psutil, 0.1 s sampling), cold cache, --jobs 1.", "",
           "| articles | words | wall | CPU | other load (cores) | peak RSS |", "|---|---|---|---|---|---|"]
    for n, bld in c["builds"].items():
        note = _stopped(bld)
        out.append(_j(f"| {int(n):,} | {bld['words']:,} | {_s(bld['seconds'])}{note} | {_s(bld.get('cpu', '?'))} | ",
                      f"{bld.get('others_cores', 0):.1f} | {_mb(bld['peak_rss'])}{note} |"))
    if est := c.get("estimate_10000"):
        out.append(_j("| 10,000 (not run: estimate, linear in N; the time is a lower bound as the cross-article ",
                      f"steps grow faster) | | ≥ {est['seconds'] / 60:.0f} min | | | ≈ {_mb(est['peak_rss'])} |"))
    out.append("")
    if probe := c.get("probe"):
        out += ["Cross-article discrepancies (kg.discrepancy) found in N clones of the seeds' extractions, "
                "as in the benchmark corpus (each becomes ~10 triples in each of its two sources' graphs):", "",
                "| N articles | discrepancies | per article | seconds | by aspect |", "|---|---|---|---|---|"]
        out += [_j(f"| {x['n']:,} | {x['discrepancies']:,} | {x['discrepancies'] / x['n']:.1f} | {x['seconds']:.1f} | ",
                   ", ".join(f"{k} {v:,}" for k, v in sorted(x["aspects"].items())), " |") for x in probe]
        out.append("")
    if inc := c.get("incremental"):
        st = inc["stages"]
        spent = ", ".join(f"{k} {v:.1f} s" for k, v in st["timings"].items() if isinstance(v, (int, float)))
        instead = (f" (the {inc['instead_of']:,}-article build did not finish within the limits, so "
                   f"{inc['n']:,} articles were used)") if inc.get("instead_of") else ""
        runs = ", ".join(_s(x) for x in inc.get("runs", [inc["rebuild"]]))
        out += [f"## (d) incremental — {inc['n']:,} articles + 1{instead}", "",
                "Each rebuild adds one article the cache has not seen (a new one each run); median of the runs.", "",
                "| full build (cold cache) | rebuild with one new article | runs | fraction (wall) | fraction (CPU) |",
                "|---|---|---|---|---|",
                _j(f"| {_s(inc['full'])} | {_s(inc['rebuild'])} | {runs} | **{inc['fraction'] * 100:.1f} %** | ",
                   f"{inc.get('cpu_fraction', float('nan')) * 100:.1f} % |"), "",
                f"Where a warm rebuild spends its time (in process): {spent}; {st['cached']} from cache.", ""]
    return out


def _section_e(e: dict) -> list[str]:
    ox, rd = e["oxigraph"], e["rdflib"]
    out = [f"## (e) bundled queries on {e['quads']:,} quads ({e['when']}, {e['mode']})", "",
           _j("Synthetic graph: renamed copies of the seeds' graph, actors shared. ",
              "Load (parse + union default graph): ",
              f"Oxigraph {_s(ox['load_seconds'])} (peak {_mb(ox['peak_rss'])}), rdflib {_s(rd['load_seconds'])} ",
              f"(peak {_mb(rd['peak_rss'])}). Median of {len(next(iter(ox['queries'].values()), []))} Oxigraph runs ",
              "and of ",
              f"up to {e.get('rdflib_runs', '?')} rdflib runs, each rdflib run capped at {rd['timeout']:g} s."), "",
           "| query | rows | Oxigraph | rdflib | ≤ 100 ms |", "|---|---|---|---|---|"]
    for q, t in ox["queries"].items():
        ok = all(isinstance(x, float) for x in t) and median(t) <= 0.1
        rows = ox["rows"].get(q, "—")
        rows = f"{rows:,}" if isinstance(rows, int) else "—"
        out.append(_j(f"| {q} | {rows} | {_ms(t, ox['timeout'])} | {_ms(rd['queries'].get(q, []), rd['timeout'])} | ",
                      f"{'yes' if ok else 'no'} |"))
    return [*out, ""]


def _section_f(f: dict) -> list[str]:
    tm = f["timings"]
    total = sum(tm.get(s, 0) for s in STAGES)
    out = [f"## (f) time per stage — {f['n']} articles, one process, no cache ({f['when']}, {f['mode']})", "",
           _j(f"Process wall time {_s(f['wall'])} (the rest is imports and model loading); other processes kept ",
              f"{f['others_cores']:.1f} cores busy meanwhile."), "",
           "| stage | seconds | share |", "|---|---|---|"]
    out += [f"| {s} | {tm[s]:.1f} | {tm[s] / total * 100:.0f} % |" for s in STAGES if s in tm]
    return [*out, f"| total of stages | {total:.1f} | 100 % |", ""]


def render(res: dict) -> str:
    sec = res.get("sections", {})
    out = ["# kg benchmarks", "",
           _j(f"Written by `python -m benchmarks.run{' --quick' if res.get('mode') == 'quick' else ''}` ",
              "(sections may come from separate runs: see each one's date). Absolute times are **indicative**: ",
              "they depend on this machine and on its other load (shown per section); compare ratios and medians."),
           "", "## Machine", "", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in res.get("machine", {}).items()]
    out += ["", "## Targets", "", *_targets(sec), ""]
    for name, fn in (("ratio", _section_a), ("jobs", _section_b), ("memory", _section_cd), ("sparql", _section_e),
                     ("stages", _section_f)):
        if name in sec:
            out += fn(sec[name])
    return "\n".join(out) + "\n"
