"""Measure whole processes: wall time and peak resident memory of the process tree.

Input: a command line (list of strings), optional time limit. Output: a Run (seconds, peak RSS in bytes
summed over the process and all its descendants, sampled every `interval` s with psutil; CPU seconds of
the tree (wait4 rusage: user + system, reaped workers included); CPU seconds the rest of the machine used
meanwhile (contention); exit code; stdout/stderr tails; whether it was stopped at the time limit or at
the memory cap, half the RAM up to 8 GiB). Also the machine's description for the report.
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
    stopped: str | None = None  # "time" or "memory" when killed at a limit


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def default_max_rss() -> int:
    """Half the machine's RAM, at most 8 GiB: a build past that is stopped before it starves other users."""
    return min(8 * 2**30, psutil.virtual_memory().total // 2)


def run(cmd: list[str], *, limit: float | None = None, interval: float = 0.1, env: dict | None = None,
        cwd: str | None = None, max_rss: int | None = None) -> Run:
    """Run `cmd` to completion, polling its memory; its tree is killed after `limit` seconds or when its
    RSS exceeds `max_rss` (default: default_max_rss())."""
    max_rss = max_rss or default_max_rss()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        busy0, t0 = _busy(), time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err, env={**os.environ, **(env or {})}, cwd=cwd)
        proc, peak, killed, stopped = psutil.Process(child.pid), 0, False, None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            try:
                peak = max(peak, _tree_rss(proc))
            except psutil.NoSuchProcess:
                pass
            if not killed and (peak > max_rss or (limit is not None and time.perf_counter() - t0 > limit)):
                stopped = "memory" if peak > max_rss else "time"
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
        return Run(seconds, peak, child.returncode, out.read()[-20000:], err.read()[-4000:], killed, cpu,
                   max(0.0, busy - cpu), stopped)


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


def kg_version() -> str:
    """kg's version and git commit (with "+ local changes" when the work tree differs)."""
    import kg

    root = os.path.dirname(os.path.dirname(os.path.abspath(kg.__file__)))
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                             timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha, dirty = "", ""
    return f"{kg.__version__}" + (f", git {sha}" if sha else "") + (" + local changes" if dirty else "")


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
        "kg": kg_version(),
        "load average at start (1/5/15 min)": " / ".join(f"{x:.2f}" if isinstance(x, float) else x for x in load),
    }
