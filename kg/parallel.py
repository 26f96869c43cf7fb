"""Per-article extraction on several worker processes (local) or a dask.distributed cluster.

Input: Documents and Settings (`settings.jobs` workers). Output: the same triple as
`kg.pipeline.extract_documents` — (DocExtractions in input order, cache hits, stage timings) — and, for the
same inputs, the same DocExtractions: every worker runs `kg.pipeline.extract_documents` itself on a chunk
of documents, so cleaning, spaCy, mentions and claims are the very code of a single-process build.

* `extract_parallel`: a concurrent.futures.ProcessPoolExecutor. The parent looks the cache up (only misses
  are sent out), loads the model once, then forks (Linux, no other thread running) so workers inherit
  the loaded model; otherwise workers are spawned and load it once each in their initializer.
* `extract_dask`: `distributed.Client(address)`. The client reads and writes the cache (workers need no
  shared disk) and checks every worker runs the same model version. Each worker must be able to import
  the same kg version and have the same spaCy model installed (true for a LocalCluster on this machine;
  on a real cluster install the same wheel and model on every worker). Prefer one thread per worker.

Chunks: about len/(4 × workers) documents (dynamic balance) but at most 4 × settings.batch_size (bounded
worker memory), rounded down to a multiple of settings.batch_size when larger than one batch, so that
spaCy sees the same minibatches as a single-process build.
Timings are summed over workers (worker-seconds, not wall time).
"""
from __future__ import annotations

import gc
import math
import multiprocessing
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace

from kg.config import Settings
from kg.errors import KgError
from kg.merge import Packed, doc_id
from kg.model import DocExtraction, Document

Progress = Callable[[int], None] | None
Result = tuple[list[DocExtraction], int, dict]


MAX_BATCHES_PER_CHUNK = 4  # a worker holds its chunk's parsed Docs (≈ 2 MB each) until the chunk is done


def chunk_size(n: int, workers: int, batch_size: int) -> int:
    """Documents per task: n / (4 × workers), at most 4 batches, rounded down to a multiple of batch_size
    when larger than one batch."""
    size = math.ceil(n / (4 * max(1, workers)))
    if size > batch_size > 0:
        size = min(size - size % batch_size, MAX_BATCHES_PER_CHUNK * batch_size)
    return max(1, size)


def split(docs: list[Document], size: int) -> list[list[Document]]:
    """Consecutive chunks of `size` documents (the last one shorter)."""
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def start_method() -> str:
    """"fork" on Linux when only the main thread runs (the loaded model is then inherited), else "spawn"."""
    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"


def _cache_lookup(docs: list[Document], settings: Settings, packed: bool = False):
    """(cache or None, {doc id: cached extraction (kg.merge.Packed if packed)}, documents to extract, model
    version)."""
    from kg import cache as kg_cache
    from kg import nlp as kg_nlp
    from kg.rules_data import rules_version

    model = kg_nlp.model_version(kg_nlp.load(settings.model, settings.full_ner))
    if not settings.use_cache:
        return None, {}, list(docs), model
    store = kg_cache.Cache(settings.cache_dir, rules_version(), model)
    hits, todo = {}, []
    for d in docs:
        x = store.get(d, packed)
        if x is None:
            todo.append(d)
        else:
            hits[d.id] = x
    return store, hits, todo, model


def _warm(model: str | None, full_ner: bool = False) -> str:
    """Worker initializer: load the pipeline and the gazetteer once per process; returns the model version."""
    from kg import nlp as kg_nlp
    from kg.linking_data import gazetteer

    gazetteer()
    return kg_nlp.model_version(kg_nlp.load(model, full_ner))


def _extract_chunk(chunk: list[Document], settings: Settings, packed: bool = False) -> Result:
    """One task: the single-process code path on one chunk (jobs=1: a worker never starts workers).
    Per-article failures (timings["failures"], InputRejected) travel as (code, message, hint, path)
    tuples: KgError does not unpickle (its __init__ takes more than its args)."""
    from kg.pipeline import extract_documents

    xs, hits, timings = extract_documents(chunk, replace(settings, jobs=1), packed=packed)
    if "failures" in timings:
        timings["failures"] = [(f.code, f.message, f.hint, f.path) for f in timings["failures"]]
    return xs, hits, timings


def _dask_chunk(chunk: list[Document], settings: Settings) -> tuple[list[DocExtraction], dict, str]:
    """One dask task: extractions, timings and the worker's model version (no cache on workers)."""
    xs, _, timings = _extract_chunk(chunk, settings)
    return xs, timings, _warm(settings.model, settings.full_ner)


def _add(total: dict, part: dict) -> None:
    """Sum the seconds per stage; concatenate lists (failures, rebuilt as InputRejected)."""
    from kg.errors import InputRejected

    for k, v in part.items():
        if isinstance(v, list):
            total.setdefault(k, []).extend(InputRejected(*f) if isinstance(f, tuple) else f for f in v)
        else:
            total[k] = total.get(k, 0.0) + v


def _ordered(docs: list[Document], got: dict[str, DocExtraction | Packed]) -> list[DocExtraction | Packed]:
    """The extractions in input order (an article whose extraction failed has none)."""
    return [got[d.id] for d in docs if d.id in got]


def extract_parallel(docs: list[Document], settings: Settings, progress: Progress = None, *,
                     chunk: int | None = None, method: str | None = None, packed: bool = False) -> Result:
    """pipeline.extract_documents on `settings.jobs` processes; `chunk` (documents per task) and `method`
    ("fork"/"spawn"/"forkserver") override the defaults. jobs ≤ 1 runs in this process. packed=True: the
    extractions as kg.merge.Packed (the workers send them pickled; the build holds them so)."""
    from kg.pipeline import extract_documents

    if settings.jobs <= 1 or len(docs) < 2:
        return extract_documents(docs, settings, progress, packed=packed)
    _warm(settings.model, settings.full_ner)  # before forking: workers inherit the loaded pipeline
    _, got, todo, _ = _cache_lookup(docs, settings, packed)
    if progress and got:
        progress(len(got))
    timings = {"clean": 0.0, "nlp": 0.0, "link": 0.0, "extract": 0.0}
    size = chunk or chunk_size(len(todo), settings.jobs, settings.batch_size)
    chunks = split(todo, size)
    hits = len(got)
    if len(chunks) <= 1:  # nothing to share out: no pool
        xs, h, t = extract_documents(todo, replace(settings, jobs=1), progress, packed=packed)
        got.update((doc_id(x), x) for x in xs)
        _add(timings, t)
        return _ordered(docs, got), hits + h, timings
    ctx = multiprocessing.get_context(method or start_method())
    gc.freeze()  # forked workers' garbage collector then leaves the inherited pages (the model) shared
    try:
        with ProcessPoolExecutor(max_workers=min(settings.jobs, len(chunks)), mp_context=ctx,
                                 initializer=_warm, initargs=(settings.model, settings.full_ner)) as pool:
            futures = {pool.submit(_extract_chunk, c, settings, packed): len(c) for c in chunks}
            for fut in as_completed(futures):
                xs, h, t = fut.result()
                got.update((doc_id(x), x) for x in xs)
                hits += h
                _add(timings, t)
                if progress:
                    progress(futures[fut])
    finally:
        gc.unfreeze()
    return _ordered(docs, got), hits, timings


def extract_dask(docs: list[Document], settings: Settings, scheduler: str, progress: Progress = None, *,
                 chunk: int | None = None, packed: bool = False) -> Result:
    """pipeline.extract_documents on the workers of the dask.distributed scheduler at `scheduler`
    ("tcp://host:8786"); the cache stays on this side. Raises KgError E202 if a worker's model differs."""
    from distributed import Client
    from distributed import as_completed as dask_completed

    store, got, todo, model = _cache_lookup(docs, settings, packed)
    if progress and got:
        progress(len(got))
    hits, timings = len(got), {"clean": 0.0, "nlp": 0.0, "link": 0.0, "extract": 0.0}
    if not todo:
        return _ordered(docs, got), hits, timings
    worker_settings = replace(settings, use_cache=False)
    with Client(scheduler, set_as_default=False) as client:
        versions = client.run(_warm, settings.model, settings.full_ner)  # loads the model on every worker, in parallel
        odd = {w: v for w, v in versions.items() if v != model}
        if odd:
            raise KgError("E202", f"dask workers run another model than this process ({model}): {odd}",
                          "install the same kg version and spaCy model on every worker")
        threads = sum(client.nthreads().values()) or 1
        size = chunk or chunk_size(len(todo), max(settings.jobs, threads), settings.batch_size)
        chunks = split(todo, size)
        futures = client.map(_dask_chunk, chunks, settings=worker_settings, pure=False)
        sizes = {f.key: len(c) for f, c in zip(futures, chunks)}
        for fut in dask_completed(futures, loop=client.loop):
            xs, t, version = fut.result()
            if version != model:
                raise KgError("E202", f"a dask worker ran model {version}, not {model}",
                              "install the same kg version and spaCy model on every worker")
            for x in xs:
                blob = store.put(x.document, x) if store else None
                got[x.document.id] = (Packed(x.document.id, blob) if store else Packed.of(x)) if packed else x
            _add(timings, t)
            if progress:
                progress(sizes[fut.key])
    return _ordered(docs, got), hits, timings


def _child(fn: Callable[[], object], conn) -> None:
    try:
        conn.send(("ok", fn()))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which runs fn itself
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def alongside(first: Callable[[], object], second: Callable[[], object]) -> tuple[object, object]:
    """(first(), second()), with `first` run in a forked child process while `second` runs here (see
    beside)."""
    (a,), b = beside([first], second)
    return a, b


def beside(tasks: list[Callable[[], object]], here: Callable[[], object]) -> tuple[list[object], object]:
    """([t() for t in tasks], here()), each task run in its own forked child process while `here` runs in
    this one: the build's SHACL validation (split by shapes) beside its export, with `--jobs 2` or more.
    The tasks' results must pickle. Without a safe fork (not Linux, other threads running) the tasks run
    here after `here`; a task whose child fails (or dies) is run again here: the same results either way."""
    if start_method() != "fork":
        b = here()
        return [t() for t in tasks], b
    ctx = multiprocessing.get_context("fork")
    children = []
    for task in tasks:
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(task, send), daemon=True)
        proc.start()  # the child inherits the data the task reads (copy-on-write), nothing is pickled going in
        send.close()
        children.append((proc, receive))
    answers: list[tuple[str, object]] = []
    try:
        b = here()
        for _, receive in children:
            try:
                answers.append(receive.recv())
            except EOFError:  # the child died without answering (killed, out of memory)
                answers.append(("error", None))
    except BaseException:  # interrupted (Ctrl-C, SIGTERM) or `here` failed: do not wait for the children
        for proc, _ in children:
            proc.kill()
        raise
    finally:
        for proc, receive in children:
            receive.close()
            proc.join()
    return [a if status == "ok" else task() for task, (status, a) in zip(tasks, answers)], b
