"""Measure whole processes: wall time and peak resident memory of the process tree.

Input: a command line (list of strings), optional time limit. Output: a Run (seconds, peak RSS in bytes
summed over the process and all its descendants, sampled every `interval` s with psutil; CPU seconds of
the tree (wait4 rusage: user + system, reaped workers included); CPU seconds the rest of the machine used
meanwhile (contention); exit code; stdout/stderr tails; whether it was stopped at the limit). Also the
machine's description for the report.
Note: summing RSS over forked workers counts copy-on-write pages shared with the parent once per process,
so for --jobs N the figure is an upper bound; for one process it is exact up to the sampling interval.
"""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

import psutil


@dataclass
class Run:
    seconds: float
    peak_rss: int
    returncode: int | None
    stdout: str = ""
    stderr: str = ""
    killed: bool = False
    cpu_seconds: float = 0.0
    others_cpu: float = 0.0


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def run(cmd: list[str], *, limit: float | None = None, interval: float = 0.1, env: dict | None = None,
        cwd: str | None = None) -> Run:
    """Run `cmd` to completion (or kill its tree after `limit` seconds), polling its memory."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        busy0, t0 = _busy(), time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err, env={**os.environ, **(env or {})}, cwd=cwd)
        proc, peak, killed = psutil.Process(child.pid), 0, False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            try:
                peak = max(peak, _tree_rss(proc))
            except psutil.NoSuchProcess:
                pass
            if limit is not None and not killed and time.perf_counter() - t0 > limit:
                for p in [*proc.children(recursive=True), proc]:
                    try:
                        p.kill()
                    except psutil.NoSuchProcess:
                        pass
                killed = True
            time.sleep(interval)
        seconds, busy = time.perf_counter() - t0, _busy() - busy0
        child.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        out.seek(0)
        err.seek(0)
        return Run(seconds, peak, child.returncode, out.read()[-4000:], err.read()[-4000:], killed, cpu,
                   max(0.0, busy - cpu))


def _busy() -> float:
    """CPU seconds the whole machine has spent busy (all cores) since boot."""
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS, Python, spaCy and model versions, load average (other users' load)."""
    import spacy

    from kg.nlp import model_name

    name = model_name(None)
    try:
        meta = spacy.util.get_package_version(name) or "?"
    except Exception:  # noqa: BLE001 - version lookup is best effort
        meta = "?"
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    return {
        "CPU": cpu_model(),
        "cores (logical / physical)": f"{psutil.cpu_count()} / {psutil.cpu_count(logical=False)}",
        "RAM": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "OS": platform.platform(),
        "Python": sys.version.split()[0],
        "spaCy": spacy.__version__,
        "model": f"{name} {meta}",
        "load average at start (1/5/15 min)": " / ".join(f"{x:.2f}" if isinstance(x, float) else x for x in load),
    }
