"""kg.parallel.extract_parallel: with 2 worker processes the extractions, the cache and the exported
files are identical to a single-process build (seeds + 6 renamed variants)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg import pipeline
from kg.config import Settings
from kg.export import write_all
from kg.graph.build import build as build_graph
from kg.ingest import read_inputs
from kg.merge import merge
from kg.parallel import chunk_size, extract_parallel, split

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def write_variants(folder: Path, copies: int = 3) -> Path:
    """The two seeds plus `copies` variants of each: distinct file names, header titles and one sentence."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        (folder / seed.name).write_text(text, encoding="utf-8")
        body = re.sub(r"\A\s*date \d{4}-\d{2}-\d{2} [^\n]*\n", "", text)
        for k in range(1, copies + 1):
            head = f"date 2025-03-{18 + k:02d} Variant {k} of {seed.stem} #{k}\n"
            extra = f"\nThis variant number {k} of the article was filed separately.\n"
            (folder / f"{seed.stem}_v{k}.txt").write_text(head + body.rstrip() + "\n" + extra, encoding="utf-8")
    return folder


def export_bytes(extractions, out: Path, settings: Settings) -> dict[str, bytes]:
    """merge → graph → write_all, as kg.pipeline.run does; {file name: bytes}."""
    corpus = merge(extractions)
    roles, aff = pipeline._roles_and_affiliation(corpus.actors)
    ds = build_graph(corpus, pipeline.provenance(settings), roles, aff)
    return {p.name: p.read_bytes() for p in write_all(ds, out).values()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = write_variants(tmp_path_factory.mktemp("variants"))
    docs, rejected, _ = read_inputs([folder])
    assert len(docs) == 8 and not rejected
    return docs


@pytest.fixture(scope="module")
def sequential(corpus):
    """The single-process reference: (extractions, hits, timings)."""
    return pipeline.extract_documents(corpus, Settings(use_cache=False))


def test_chunking():
    assert chunk_size(300, 2, 32) == 32 and chunk_size(10_000, 2, 32) == 128 and chunk_size(2000, 2, 8) == 32
    assert chunk_size(8, 2, 32) == 1 and chunk_size(100, 2, 32) == 13 and chunk_size(0, 2, 32) == 1
    assert [len(c) for c in split(list(range(7)), 3)] == [3, 3, 1]


@pytest.mark.parametrize("chunk", [None, 3])
def test_two_workers_equal_one(corpus, sequential, chunk, tmp_path):
    ticks = []
    xs, hits, timings = extract_parallel(corpus, Settings(use_cache=False, jobs=2), ticks.append, chunk=chunk)
    assert [x.document.id for x in xs] == [d.id for d in corpus]
    assert xs == sequential[0]
    assert hits == 0 and sum(ticks) == len(corpus)
    assert {"clean", "nlp", "link", "extract"} <= set(timings) and timings["nlp"] > 0
    assert not timings.get("failures")
    assert sum(len(x.proposals) + len(x.events) for x in xs) > 0


def test_exports_byte_identical(corpus, sequential, tmp_path):
    settings = Settings(use_cache=False, jobs=2)
    xs, _, _ = extract_parallel(corpus, settings, chunk=2)
    one = export_bytes(sequential[0], tmp_path / "one", settings)
    two = export_bytes(xs, tmp_path / "two", settings)
    assert set(one) == {f"graph.{f}" for f in ("ttl", "trig", "nq", "jsonld", "graphml", "gexf")}
    for name in one:
        assert one[name] == two[name], name


def test_cache_shared_between_workers_and_single_process(corpus, sequential, tmp_path):
    settings = Settings(cache_dir=tmp_path / "cache", jobs=2)
    first = extract_parallel(corpus[:5], settings, chunk=2)
    assert first[1] == 0 and first[0] == sequential[0][:5]
    again = extract_parallel(corpus, settings, chunk=2)  # 5 hits read by the parent, 3 sent to workers
    assert again[1] == 5 and again[0] == sequential[0]
    single = pipeline.extract_documents(corpus, Settings(cache_dir=tmp_path / "cache", jobs=1))
    assert single[1] == len(corpus) and single[0] == sequential[0]


def test_spawned_workers_and_one_job(corpus, sequential):
    xs, _, _ = extract_parallel(corpus[:3], Settings(use_cache=False, jobs=2), chunk=1, method="spawn")
    assert xs == sequential[0][:3]
    one = extract_parallel(corpus[:2], Settings(use_cache=False, jobs=1))
    assert one[0] == sequential[0][:2]


def test_failed_article_reported_not_fatal(corpus, sequential, monkeypatch):
    if "failures" not in sequential[2]:
        pytest.skip("kg.pipeline.extract_documents does not report per-article failures")
    real = pipeline.extract

    def flaky(doc, res, document, *args):
        if document.id.endswith("_v2.txt"):
            raise RuntimeError("boom")
        return real(doc, res, document, *args)

    monkeypatch.setattr(pipeline, "extract", flaky)  # inherited by the forked workers
    xs, _, timings = extract_parallel(corpus, Settings(use_cache=False, jobs=2), chunk=2, method="fork")
    bad = [d for d in corpus if d.id.endswith("_v2.txt")]
    assert len(bad) == 2 and sorted(f.path for f in timings["failures"]) == sorted(d.path for d in bad)
    assert {f.code for f in timings["failures"]} == {"E110"}
    assert xs == [x for x in sequential[0] if not x.document.id.endswith("_v2.txt")]


def test_alongside_runs_both_and_falls_back_when_the_child_fails(tmp_path):
    import os

    from kg.parallel import alongside, start_method

    forked = start_method() == "fork"  # Linux with no other thread running in this test process
    a, b = alongside(lambda: ("child", os.getpid()), lambda: ("parent", os.getpid()))
    assert a[0] == "child" and b == ("parent", os.getpid())
    assert (a[1] != os.getpid()) == forked  # in another process exactly when a fork was safe
    calls = []

    def flaky():
        calls.append(os.getpid())
        if len(calls) == 1 and os.getpid() != parent:
            raise RuntimeError("child failure")
        return "done"

    parent = os.getpid()
    assert alongside(flaky, lambda: 2) == ("done", 2)  # the parent ran it again after the child failed


def test_build_with_two_jobs_validates_and_exports_in_two_processes(corpus, tmp_path):
    from kg.export import FILENAMES, split_formats

    one = pipeline.run([corpus[0].path, corpus[1].path], tmp_path / "one", Settings(use_cache=False))
    two = pipeline.run([corpus[0].path, corpus[1].path], tmp_path / "two", Settings(use_cache=False, jobs=2))
    assert one.conforms is True and two.conforms is True and one.report_text == two.report_text
    assert "validate" in two.timings and "export" in two.timings
    assert list(two.written) == list(one.written) == list(FILENAMES)  # the child's formats too, in order
    for name in FILENAMES.values():
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert split_formats(["ttl", "jsonld", "gexf"]) == (("ttl", "gexf"), ("jsonld",))
    assert split_formats(["jsonld"]) == (("jsonld",), ()) and split_formats(["ttl", "ttl"]) == (("ttl",), ())
    assert split_formats(["trig", "ttl", "jsonld", "nq"]) == (("ttl", "nq"), ("trig", "jsonld"))
    assert split_formats(["jsonld", "trig"]) == (("jsonld", "trig"), ())


def test_alongside_does_not_wait_for_the_child_when_the_export_fails():
    import time

    from kg.parallel import alongside

    def slow():
        time.sleep(30)
        return "late"

    def failing():
        raise OSError("disk full")

    start = time.monotonic()
    with pytest.raises(OSError, match="disk full"):
        alongside(slow, failing)
    assert time.monotonic() - start < 20  # the child was killed, not awaited (30 s)


def test_beside_runs_several_children_in_order_and_reruns_a_failed_one():
    import os

    from kg.parallel import beside, start_method

    parent = os.getpid()
    tasks = [lambda i=i: (i, os.getpid()) for i in range(3)]
    results, here = beside(tasks, lambda: os.getpid())
    assert [r[0] for r in results] == [0, 1, 2] and here == parent
    if start_method() == "fork":
        assert len({r[1] for r in results} | {parent}) == 4  # three children and this process

    def fails_in_a_child():
        if os.getpid() != parent:
            raise RuntimeError("child failure")
        return "rerun here"

    assert beside([fails_in_a_child, lambda: "fine"], lambda: None) == (["rerun here", "fine"], None)


def test_build_with_two_jobs_and_a_broken_graph_reports_like_one_job(corpus, tmp_path, monkeypatch):
    """Validation split by shapes over two children gives the same report as one validation."""
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS

    from kg.graph.vocab import KG

    real = pipeline.graphs

    def broken(*args, **kwargs):  # the build's graphs, one at a time (kg.graph.build.graphs)
        labelled = removed = 0
        for g, quads in real(*args, **kwargs):
            for s, _, _, _ in list(quads.quads((None, RDF.type, KG.Person, None)))[:1 - labelled]:
                quads.graph(g).add((s, RDFS.label, Literal("another label")))  # an actor's label: maxCount 1
                labelled = 1
            for s, p, o, _ in list(quads.quads((None, KG.text, None, None)))[:3 - removed]:
                quads.graph(g).remove((s, p, o))  # evidence without text
                removed += 1
            yield g, quads

    monkeypatch.setattr(pipeline, "graphs", broken)
    paths = [corpus[0].path, corpus[1].path]
    one = pipeline.run(paths, tmp_path / "one", Settings(use_cache=False))
    two = pipeline.run(paths, tmp_path / "two", Settings(use_cache=False, jobs=2))
    assert one.conforms is False and one.report_text.count("\n") >= 4
    assert two.report_text == one.report_text


def test_a_cached_rebuild_validates_from_the_memo_with_the_same_report(corpus, tmp_path, monkeypatch):
    """A rebuild finds the nodes' results in the SHACL memo of the build before (kg.graph.validate_memo)."""
    from kg.graph import validate_memo

    plans = []
    original = validate_memo.Plan.__init__

    def recorded(self, *args, **kwargs):
        original(self, *args, **kwargs)
        plans.append(self)

    monkeypatch.setattr(validate_memo.Plan, "__init__", recorded)
    paths = [corpus[0].path, corpus[1].path]
    settings = Settings(cache_dir=tmp_path / "cache")
    first = pipeline.run(paths[:1], tmp_path / "out", settings)
    assert first.conforms is True and validate_memo.load_memo(tmp_path / "cache" / "shacl-memo.pickle")
    second = pipeline.run(paths, tmp_path / "out", settings)
    third = pipeline.run(paths, tmp_path / "out", settings)
    fresh = pipeline.run(paths, tmp_path / "fresh", Settings(use_cache=False))
    nodes = sum(plans[0].members.values())  # a streamed plan counts each class's members
    assert len(plans[0].todo) == len(plans[0].members) < nodes  # one node per class of alike nodes
    assert not plans[2].full and plans[2].todo == set() and plans[3].memo_path is None
    assert second.report_text == third.report_text == fresh.report_text and third.conforms is True
    assert (tmp_path / "out" / "graph.trig").read_bytes() == (tmp_path / "fresh" / "graph.trig").read_bytes()
