"""Render benchmarks/work/results.json (benchmarks.run) as benchmarks/RESULTS.md.

Input: the results dict (machine, mode, sections a–f). Output: Markdown: the machine, the targets with
met / not met, then one table per section. Ratios and medians are the figures to compare; absolute times
depend on the machine and on whatever else runs on it, so they are marked as indicative.
"""
from __future__ import annotations

from statistics import median

STAGES = ("read", "clean", "nlp", "link", "extract", "graph", "validate", "export")


def _s(x) -> str:
    return f"{x:.1f} s" if isinstance(x, (int, float)) else str(x)


def _mb(b: float) -> str:
    return f"{b / 2**20:,.0f} MiB"


def _ms(times: list, timeout: float) -> str:
    nums = [t for t in times if isinstance(t, (int, float))]
    if any(t == "timeout" for t in times):
        return f"> {timeout:g} s (timeout)"
    if not nums:
        return "; ".join(map(str, times)) or "—"
    return f"{median(nums) * 1000:,.0f} ms"


def _yes(ok: bool | None) -> str:
    return {True: "**met**", False: "**not met**", None: "not measured"}[ok]


def _targets(sec: dict) -> list[str]:
    rows = ["| target | measured | |", "|---|---|---|"]
    a, b, c, e = sec.get("ratio"), sec.get("jobs"), sec.get("memory"), sec.get("sparql")
    rows.append(f"| (a) kg build / bare spaCy ≤ 1.0 | {a['ratio']:.2f} ({a['n']} articles) | {_yes(a['ratio'] <= 1)} |"
                if a else "| (a) kg / spaCy ≤ 1.0 | — | not measured |")
    if b:
        rows.append(f"| (b) jobs 2 / jobs 1 speed-up ≥ 1.7 | whole build {b['speedup']:.2f}; extraction stage "
                    f"{b['extract_speedup']:.2f} | {_yes(b['speedup'] >= 1.7)} (build), "
                    f"{_yes(b['extract_speedup'] >= 1.7)} (extraction) |")
    if c:
        big = c["builds"].get("10000")
        if big and not big["killed"]:
            rows.append(f"| (c) peak RSS for 10,000 ≤ 1 GB | {_mb(big['peak_rss'])} | {_yes(big['peak_rss'] <= 2**30)} |")
        elif big:
            rows.append(f"| (c) peak RSS for 10,000 ≤ 1 GB | ≥ {_mb(big['peak_rss'])} (stopped at the time limit) "
                        f"| {_yes(False) if big['peak_rss'] > 2**30 else 'unknown'} |")
        elif "estimate_10000" in c:
            est = c["estimate_10000"]["peak_rss"]
            rows.append(f"| (c) peak RSS for 10,000 ≤ 1 GB | not run (quick); linear estimate {_mb(est)} | "
                        f"{'likely not met' if est > 2**30 else 'likely met'} (estimate) |")
        inc = c.get("incremental")
        if inc:
            rows.append(f"| (d) incremental rebuild ≤ 5 % of full | {inc['fraction'] * 100:.1f} % | "
                        f"{_yes(inc['fraction'] <= 0.05)} |")
    if e:
        meds = {q: t for q, t in e["oxigraph"]["queries"].items()}
        ok = [q for q, t in meds.items() if all(isinstance(x, float) for x in t) and median(t) <= 0.1]
        rows.append(f"| (e) bundled queries, Oxigraph, {e['quads']:,} quads: median ≤ 100 ms | {len(ok)}/{len(meds)} "
                    f"queries within | {_yes(len(ok) == len(meds))} |")
    return rows


def render(res: dict) -> str:
    sec = res.get("sections", {})
    out = ["# kg benchmarks", "",
           f"Written by `python -m benchmarks.run{' --quick' if res.get('mode') == 'quick' else ''}` "
           f"(sections may come from separate runs: see each one's date). Absolute times are **indicative**: "
           "they depend on this machine and on its other load (see the load average); compare ratios and medians.",
           "", "## Machine", "", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in res.get("machine", {}).items()]
    out += ["", "## Targets", "", *_targets(sec), ""]
    if a := sec.get("ratio"):
        out += [f"## (a) kg build vs bare spaCy — {a['n']} articles, {a['words']:,} words ({a['when']}, {a['mode']})", "",
                "Whole processes, model loading included, median of interleaved runs.", "",
                "| | median | runs | peak RSS |", "|---|---|---|---|",
                f"| kg build --no-cache | {_s(median(a['kg']))} | {', '.join(_s(x) for x in a['kg'])} | {_mb(median(a['kg_rss']))} |",
                f"| bare spaCy nlp.pipe | {_s(median(a['bare']))} | {', '.join(_s(x) for x in a['bare'])} | {_mb(median(a['bare_rss']))} |",
                f"| **ratio kg / spaCy** | **{a['ratio']:.2f}** | | |", ""]
    if b := sec.get("jobs"):
        t1, t2 = median(b["times"]["1"]), median(b["times"]["2"])
        out += [f"## (b) --jobs 1 vs --jobs 2 — {b['n']} articles, {b['words']:,} words ({b['when']}, {b['mode']})", "",
                f"Whole builds via `{b['via']}` (median of {len(b['times']['1'])}); extraction stage alone timed in one "
                f"process after loading the model. Exports of the two builds byte-identical: **{b['identical_exports']}**.", "",
                "| | jobs 1 | jobs 2 | speed-up |", "|---|---|---|---|",
                f"| whole build, wall | {_s(t1)} | {_s(t2)} | **{t1 / t2:.2f}** |",
                f"| articles/s | {b['n'] / t1:.2f} | {b['n'] / t2:.2f} | |",
                f"| words/s | {b['words'] / t1:,.0f} | {b['words'] / t2:,.0f} | |",
                f"| extraction stage, wall | {_s(b['extract_seconds']['1'])} | {_s(b['extract_seconds']['2'])} | "
                f"**{b['extract_speedup']:.2f}** |", ""]
    if c := sec.get("memory"):
        out += [f"## (c) peak memory ({c['when']}, {c['mode']})", "",
                "Peak RSS of the `kg build` process tree (psutil, 0.1 s sampling), cold cache, --jobs 1.", "",
                "| articles | words | wall | peak RSS |", "|---|---|---|---|"]
        for n, bld in c["builds"].items():
            note = " (stopped at the time limit)" if bld["killed"] else ""
            out.append(f"| {int(n):,} | {bld['words']:,} | {_s(bld['seconds'])}{note} | {_mb(bld['peak_rss'])}{note} |")
        if est := c.get("estimate_10000"):
            out.append(f"| 10,000 (not run: estimate, linear in N) | | ≈ {est['seconds'] / 60:.0f} min | ≈ {_mb(est['peak_rss'])} |")
        out.append("")
        if inc := c.get("incremental"):
            st = inc["stages"]["timings"]
            out += [f"## (d) incremental — {inc['n']:,} articles + 1", "",
                    "| full build (cold cache) | rebuild with one article added | fraction |", "|---|---|---|",
                    f"| {_s(inc['full'])} | {_s(inc['rebuild'])} | **{inc['fraction'] * 100:.1f} %** |", "",
                    "Where a warm rebuild spends its time (in process): " +
                    ", ".join(f"{k} {v:.1f} s" for k, v in st.items()) + f"; {inc['stages']['cached']} from cache.", ""]
    if e := sec.get("sparql"):
        ox, rd = e["oxigraph"], e["rdflib"]
        out += [f"## (e) bundled queries on {e['quads']:,} quads ({e['when']}, {e['mode']})", "",
                f"Synthetic graph: renamed copies of the seeds' graph, actors shared. Load: Oxigraph {_s(ox['load_seconds'])} "
                f"(peak {_mb(ox['peak_rss'])}), rdflib {_s(rd['load_seconds'])} (peak {_mb(rd['peak_rss'])}). Median of "
                f"{len(next(iter(ox['queries'].values())))} Oxigraph runs and up to {e.get('rdflib_runs', '')} rdflib runs "
                f"(each rdflib run capped at {rd['timeout']:g} s).", "",
                "| query | rows | Oxigraph | rdflib | ≤ 100 ms |", "|---|---|---|---|---|"]
        for q, t in ox["queries"].items():
            ok = all(isinstance(x, float) for x in t) and median(t) <= 0.1
            out.append(f"| {q} | {ox['rows'].get(q, '—'):,} | {_ms(t, ox['timeout'])} | "
                       f"{_ms(rd['queries'].get(q, []), rd['timeout'])} | {'yes' if ok else 'no'} |")
        out.append("")
    if f := sec.get("stages"):
        tm = f["timings"]
        total = sum(tm.get(s, 0) for s in STAGES)
        out += [f"## (f) time per stage — {f['n']} articles, one process, no cache ({f['when']}, {f['mode']})", "",
                f"Process wall time {_s(f['wall'])} (the rest is imports and model loading).", "",
                "| stage | seconds | share |", "|---|---|---|"]
        out += [f"| {s} | {tm.get(s, 0):.1f} | {tm.get(s, 0) / total * 100:.0f} % |" for s in STAGES if s in tm]
        out += [f"| total of stages | {total:.1f} | 100 % |", ""]
    return "\n".join(out) + "\n"
