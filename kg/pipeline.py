"""The only place the stages are chained.

Input: input paths (files or folders), an output folder and Settings. Output: a BuildResult
(counts, rejections, warnings, the validation report, the files written).

read (kg.ingest) → clean (kg.clean) → nlp (kg.nlp) → mentions (kg.mentions) → claims (kg.extract)
→ merge across articles (kg.merge) → RDF, one graph at a time (kg.graph.build.graphs) spilled to disk
(kg.export.spill) → SHACL (kg.graph.validate) → exports (kg.export). Per-article extractions are cached
(kg.cache) by content, rules and model, and kept pickled until the merge: memory grows with the distinct
facts and the evidence, not with the quads.
"""
from __future__ import annotations

import gc
import shutil
import tempfile
import time
from contextlib import contextmanager
from functools import partial
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg import cache as kg_cache
from kg.clean import clean
from kg.config import Settings
from kg.discrepancy import Told, find_discrepancies, triples_by_document
from kg.errors import InputRejected, KgError
from kg.extract import extract
from kg.export.project import Index
from kg.export.sorted_quads import Memo, collect_quads
from kg.export.spill import Spill
from kg.graph.build import graphs
from kg.graph.vocab import PREFIXES
from kg.ingest import check_text, read_inputs
from kg.linking_data import gazetteer
from kg.mentions import resolve
from kg.merge import Packed, merge
from kg.model import DocExtraction, Document
from kg.rules_data import rules_version

GRAPH_BATCH = 32  # articles' graphs per piece of the streamed graph stage (each piece's quads are sorted at once)
TEXT_CHECKS = ("E104", "E107")  # ingest.check_text's codes, run during extraction (read_inputs defers them)


@dataclass
class BuildResult:
    documents: int = 0
    actors: int = 0
    proposals: int = 0
    conditions: int = 0
    stances: int = 0
    events: int = 0
    triples: int = 0
    rejected: list[InputRejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conforms: bool | None = None
    report_text: str = ""
    written: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    cached: int = 0
    discrepancies: int = 0


def _roles_and_affiliation(actor_keys: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    gaz = gazetteer()
    roles, aff = {}, {}
    for key in actor_keys:
        e = gaz.entries.get(key)
        if e is None:
            continue
        titles = sorted({r.title for r in e.roles})
        if titles:
            roles[key] = titles
        if e.type == "Person" and e.country:
            aff[key] = e.country
    return roles, aff


def extract_documents(docs: list[Document], settings: Settings, progress: Callable[[int], None] | None = None,
                      packed: bool = False) -> tuple[list[DocExtraction | Packed], int, dict]:
    """Extract every document, from the cache where possible; returns (extractions, cache hits, timings).
    packed=True: each extraction as a kg.merge.Packed (its pickle), as the build keeps them until the merge."""
    from kg import nlp as kg_nlp

    timings = {"clean": 0.0, "nlp": 0.0, "link": 0.0, "extract": 0.0}
    nlp = kg_nlp.load(settings.model, settings.full_ner)
    # an article is only cached once it passed the text checks (below); with the language check off it
    # may not have, so those builds keep their own entries
    model = kg_nlp.model_version(nlp) + ("" if settings.language_check else "+no-language-check")
    gaz = gazetteer()
    store = kg_cache.Cache(settings.cache_dir, rules_version(), model) if settings.use_cache else None
    failures: list[InputRejected] = []
    results: dict[str, DocExtraction] = {}
    todo = []
    with _collector_paused():  # unpickling makes millions of acyclic objects: no collection needed meanwhile
        for d in docs:
            hit = store.get(d, packed) if store else None
            if hit is not None:
                results[d.id] = hit
                if progress:
                    progress(1)
            else:
                todo.append(d)

    def prepared():
        """Each article the cache did not know, cleaned and checked, as (Doc, Document), made as nlp.pipe
        asks for them: a list of them all would keep every parsed Doc (its tokens and tensors, ~0.6 MB an
        article) alive to the end of the stage."""
        for d in todo:
            t0 = time.perf_counter()
            cleaned = clean(d)
            try:  # the checks read_inputs(defer_text_checks=True) left for the articles the cache did not know
                check_text(cleaned.text, settings.language_check, d.path)
            except InputRejected as exc:
                failures.append(exc)
                if progress:
                    progress(1)
                timings["clean"] += time.perf_counter() - t0
                continue
            doc = nlp.make_doc(cleaned.text)
            doc.user_data["line_breaks"] = cleaned.line_breaks
            doc.user_data["sentence_starts"] = cleaned.sentence_starts
            timings["clean"] += time.perf_counter() - t0
            yield doc, d

    t, cleaning = time.perf_counter(), timings["clean"]
    for doc, d in nlp.pipe(prepared(), batch_size=settings.batch_size, as_tuples=True):
        t1 = time.perf_counter()
        timings["nlp"] += t1 - t - (timings["clean"] - cleaning)  # the cleaning done meanwhile is not nlp
        try:
            res = resolve(doc, gaz, d.date)
            t2 = time.perf_counter()
            x = extract(doc, res, d, gaz, 0)
        except Exception as exc:  # a bug on one article must not cost the others: report it, keep going
            failures.append(InputRejected("E110", f"{type(exc).__name__}: {exc}".splitlines()[0][:200],
                                          "please report it with the article; the other articles are built",
                                          path=d.path))
            t, cleaning = time.perf_counter(), timings["clean"]
            continue
        t3 = time.perf_counter()
        timings["link"] += t2 - t1
        timings["extract"] += t3 - t2
        blob = store.put(d, x) if store else None
        results[d.id] = (Packed(d.id, blob) if store else Packed.of(x)) if packed else x
        if progress:
            progress(1)
        del doc
        t, cleaning = time.perf_counter(), timings["clean"]
    timings["failures"] = failures  # type: ignore[assignment]
    return [results[d.id] for d in docs if d.id in results], len(docs) - len(todo), timings


def provenance(settings: Settings) -> dict[str, str]:
    from kg import nlp as kg_nlp

    nlp = kg_nlp.load(settings.model, settings.full_ner)
    return {"rules_version": rules_version(), "model_name": nlp.meta.get("name", "?"),
            "model_version": nlp.meta.get("version", "?")}


def run(inputs: list[str | Path], out_dir: Path, settings: Settings | None = None,
        progress_factory: Callable[[int], Callable[[int], None]] | None = None) -> BuildResult:
    """Build the inputs into out_dir. Rejected inputs are reported; the others are built and written."""

    settings = settings or Settings()
    result = BuildResult()
    t = time.perf_counter()
    docs, rejected, warnings = read_inputs(inputs, max_bytes=settings.max_bytes,
                                           language_check=settings.language_check,
                                           defer_text_checks=not settings.strict)  # strict: all up front
    result.timings["read"] = time.perf_counter() - t
    result.rejected, result.warnings = list(rejected), list(warnings)
    result.documents = len(docs)
    if (settings.strict and rejected) or not docs:
        return result
    progress = progress_factory(len(docs)) if progress_factory else None
    if settings.scheduler:
        from kg.parallel import extract_dask

        extractions, result.cached, stage = extract_dask(docs, settings, settings.scheduler, progress, packed=True)
    elif settings.jobs > 1:
        from kg.parallel import extract_parallel

        extractions, result.cached, stage = extract_parallel(docs, settings, progress, packed=True)
    else:
        extractions, result.cached, stage = extract_documents(docs, settings, progress, packed=True)
    failures = stage.pop("failures", [])
    result.rejected.extend(failures)
    result.documents -= sum(f.code in TEXT_CHECKS for f in failures)  # rejected inputs after all
    result.timings.update(stage)
    if not extractions:
        return result  # nothing built: the previous exports stay as they are
    docs.clear()  # the articles' texts are not read after the extraction (evidence keeps its sentences)
    gc.freeze()  # what lives to the end (model, gazetteer, packed extractions): the collector need not scan it
    try:  # again and again while the graph's millions of (acyclic) objects are made
        with _collector_paused():
            return _graph_and_exports(extractions, out_dir, settings, result)
    except OSError as exc:  # the output folder (exports, spill) cannot be written: a full disk, permissions
        raise KgError("E203", f"cannot write to {out_dir}: {exc.strerror or exc}",
                      "free some space or choose another folder with -o; the previous exports are intact") from exc
    finally:
        gc.unfreeze()


@contextmanager
def _collector_paused():
    """No cyclic garbage collection inside the block (restored after): for stages that make millions of
    objects without reference cycles, where every collection would only scan them (1,000 cached articles:
    loading them 1.0 s → 0.4 s)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _graph_and_exports(extractions: list[DocExtraction], out_dir: Path, settings: Settings,
                       result: BuildResult) -> BuildResult:
    """merge → graph → SHACL validation beside the exports (run's second half). Empties `extractions` once
    they are read (merge copies what it keeps): they are not held while the exports are written."""

    t = time.perf_counter()
    told = Told()  # what each article tells, for the discrepancies: collected as the merge reads them
    corpus = merge(extractions, each=told)
    extractions.clear()  # their last reader (merge copied what it keeps): the graph reuses their memory
    discrepancies = find_discrepancies(corpus, told=told)
    del told
    roles, aff = _roles_and_affiliation(corpus.actors)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(".kg-spill-*"):  # left by a killed build
        shutil.rmtree(stale, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=".kg-spill-", dir=out_dir) as folder:
        # one graph at a time: each document's quads are sorted into the spill (on disk) and folded into
        # the Gephi projection's index, then dropped; the exports and SHACL read the spill
        ds, index, memo = Spill(Path(folder), PREFIXES), Index(), Memo()
        for _, quads in graphs(corpus, provenance(settings), roles, aff, triples_by_document(discrepancies, corpus),
                               batch=GRAPH_BATCH):
            index.add(quads)
            ds.add(collect_quads(quads, memo))
        ds.close()
        result.discrepancies = len(discrepancies)
        result.timings["graph"] = time.perf_counter() - t
        result.actors = len(corpus.actors)
        result.proposals, result.conditions = len(corpus.proposals), len(corpus.conditions)
        result.stances, result.events = len(corpus.stances), len(corpus.events)
        del corpus, discrepancies
        _exports_and_validation(ds, index, out_dir, settings, result)
        result.triples = ds.distinct()
    return result


def _exports_and_validation(ds: Spill, index, out_dir: Path, settings: Settings, result: BuildResult) -> None:
    """SHACL validation beside the exports, both reading the spilled graphs."""
    from kg.export import split_formats, write_all
    from kg.graph.validate import ValidationReport

    def checked() -> tuple[ValidationReport, float]:
        t0 = time.perf_counter()
        return _validated(ds, settings), time.perf_counter() - t0

    def exported(formats) -> tuple[dict, float]:
        t0 = time.perf_counter()
        return write_all(ds, out_dir, formats, ds, index=index), time.perf_counter() - t0

    checks = [checked] if settings.validate else []
    if settings.jobs > 1:  # validation and half of the exports in forked children, the rest here
        from kg.parallel import beside

        here, there = split_formats(settings.formats)
        answers, (written, seconds) = beside(checks + ([partial(exported, there)] if there else []),
                                             partial(exported, here))
        checked_parts = answers[:len(checks)]
        for more, more_seconds in answers[len(checks):]:
            written, seconds = {**written, **more}, max(seconds, more_seconds)
        result.written = {fmt: written[fmt] for fmt in dict.fromkeys(settings.formats)}
        result.timings["export"] = seconds
    else:
        checked_parts = [check() for check in checks]
        result.written, result.timings["export"] = exported(settings.formats)
    for report, seconds in checked_parts:
        result.conforms, result.report_text = report.conforms, report.text
        result.timings["validate"] = seconds


def _validated(ds, settings: Settings):
    """The SHACL report of the build's graph: with the cache, SHACL checks only what the memo does not
    already know (kg.graph.validate_memo); with --no-cache, everything."""
    from kg.graph.validate import validate
    from kg.graph.validate_memo import Plan

    memo = None
    if settings.use_cache:
        memo = (Path(settings.cache_dir) if settings.cache_dir else kg_cache.DEFAULT_FOLDER) / "shacl-memo.pickle"
    plan = Plan(ds, memo)
    graph = plan.graph()
    return plan.finish([validate(graph, **kw) for group in plan.calls(graph, 1) for kw in group])
