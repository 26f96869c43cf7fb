"""The streamed graph stage (kg.export.spill, kg.graph.build.graphs): a dataset written graph by graph to
disk, with its union sorted in runs, exports exactly what the whole in-memory dataset exports; the SHACL
plan and the Gephi projection folded from it say what they say on the whole dataset."""
from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg import pipeline
from kg.config import Settings
from kg.export import rdf, spill
from kg.export.project import Index, project
from kg.export.sorted_quads import collect_quads
from kg.export.spill import Spill
from kg.graph.build import build, graphs
from kg.graph.iri import mint
from kg.graph.quads import Quads
from kg.graph.validate import flatten, validate
from kg.graph.validate_memo import Plan
from kg.graph.vocab import KG, PREFIXES
from tests.test_export_props import quads as random_quads

WRITERS = {"ttl": rdf.write_turtle, "trig": rdf.write_trig, "nq": rdf.write_nquads, "jsonld": rdf.write_jsonld}
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def pipeline_doc_iri(doc_id: str):
    return mint("document", doc_id)


def written(data) -> dict[str, bytes]:
    out = {}
    for fmt, writer in WRITERS.items():
        buf = io.BytesIO()
        writer(data, buf)
        out[fmt] = buf.getvalue()
    return out


def spilled(per_graph: list[Quads], folder: Path, run_size: int, hold: int = 0) -> Spill:
    """The graphs in the exports' order, each its own Quads, into a Spill (on disk past `hold` quads)."""
    sp = Spill(folder, PREFIXES, run_size=run_size, hold=hold)
    for quads in per_graph:
        sp.add(collect_quads(quads))
    return sp.close()


def split(items) -> list[Quads]:
    """The quads of `items` (s, p, o, graph or None) as one Quads per graph, in graph order."""
    by_graph: dict = {}
    for s, p, o, g in items:
        by_graph.setdefault(g, Quads())
        q = by_graph[g]
        (q.default_graph if g is None else q.graph(g)).add((s, p, o))
    return [by_graph[g] for g in sorted(by_graph, key=lambda g: "" if g is None else f"<{g}>")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(random_quads, st.integers(min_value=1, max_value=5), st.sampled_from([0, 4, 10**6]))
def test_a_spill_exports_what_the_whole_dataset_exports(tmp_path_factory, items, run_size, hold):
    """Every format byte for byte, whatever the runs (1 to 5 triples each: many runs to merge), the graphs
    held in memory (none, the first few, all), including the prefixes an arbitrary IRI rules out and
    duplicates across graphs."""
    whole = Quads()
    for s, p, o, g in items:
        (whole.default_graph if g is None else whole.graph(g)).add((s, p, o))
    folder = tmp_path_factory.mktemp("spill")
    sp = spilled(split(items), folder, run_size, hold)
    sorted_whole = collect_quads(whole)  # RDF 1.1 terms: "x" and "x"^^xsd:string are one (rdflib: two)
    assert written(sp) == written(sorted_whole)
    assert (folder / "graphs.spill").exists() == (hold < len(sorted_whole))
    assert sp.distinct() == len(sorted_whole.union()) and len(sp) == len(sorted_whole)
    sp.remove()
    assert not list(folder.iterdir())


@pytest.fixture(scope="module")
def seed_graphs():
    """The seeds' extractions merged, as the pipeline has them before the graph stage."""
    from kg.discrepancy import find_discrepancies, triples_by_document
    from kg.ingest import read_inputs
    from kg.merge import merge

    settings_ = Settings(use_cache=False)
    xs = pipeline.extract_documents(read_inputs([SEEDS])[0], settings_)[0]
    corpus = merge(xs)
    found = find_discrepancies(corpus, xs)
    roles, aff = pipeline._roles_and_affiliation(corpus.actors)
    return corpus, pipeline.provenance(settings_), roles, aff, triples_by_document(found, corpus)


def test_graphs_one_at_a_time_are_the_build(seed_graphs):
    corpus, prov, roles, aff, _ = seed_graphs
    parts = list(graphs(corpus, prov, roles, aff))
    order = [g for g, _ in parts[1:]]
    assert parts[0][0] is None and order == sorted(order, key=lambda g: f"<{g}>")
    assert len(parts) == 1 + len(corpus.documents)
    whole = build(corpus, prov, roles, aff)
    assert set().union(*(set(q.quads()) for _, q in parts)) == set(whole.quads())

    def note(doc_id: str) -> list[tuple]:
        return [(URIRef("urn:x-test:note"), RDFS.comment, Literal(doc_id))]
    for (g, quads), document in zip(list(graphs(corpus, prov, roles, aff, note))[1:],
                                    sorted(corpus.documents, key=lambda d: f"<{pipeline_doc_iri(d.id)}>")):
        assert g == pipeline_doc_iri(document.id)
        assert (URIRef("urn:x-test:note"), RDFS.comment, Literal(document.id), g) in set(quads.quads())


def test_the_projection_folded_graph_by_graph_is_the_whole_one(seed_graphs):
    corpus, prov, roles, aff, extra = seed_graphs
    index = Index()
    for _, quads in graphs(corpus, prov, roles, aff, extra):
        index.add(quads)
    whole = Quads()
    for g, quads in graphs(corpus, prov, roles, aff, extra):
        for s, p, o, _ in quads.quads():
            (whole.default_graph if g is None else whole.graph(g)).add((s, p, o))
    folded, direct = project(index), project(whole)
    assert folded.number_of_nodes() > 10 and folded.number_of_edges() > 10
    assert nx.utils.graphs_equal(folded, direct)
    assert dict(folded.nodes(data=True)) == dict(direct.nodes(data=True))


def test_the_streamed_shacl_plan_reports_what_a_whole_validation_reports(seed_graphs, tmp_path):
    """A broken graph (a second label for an actor, evidence without text) validated from a spill with
    small runs, with and without a memo, gives the report of pySHACL on the whole union."""
    corpus, prov, roles, aff, extra = seed_graphs
    parts = []
    for g, quads in graphs(corpus, prov, roles, aff, extra):
        if g is not None and not parts[1:]:
            person = next(s for s, _, _, _ in quads.quads((None, RDF.type, KG.Person, None)))
            quads.graph(g).add((person, RDFS.label, Literal("another label")))
            for s, p, o, _ in list(quads.quads((None, KG.text, None, None)))[:2]:
                quads.graph(g).remove((s, p, o))
        parts.append(quads)
    whole = Quads()
    for quads in parts:
        for s, p, o, g in quads.quads():
            (whole.default_graph if g is None else whole.graph(g)).add((s, p, o))
    expected = validate(flatten(whole))
    assert not expected.conforms and expected.text.count("\n") >= 3
    sp = spilled(parts, tmp_path, run_size=97)
    for memo in (None, tmp_path / "memo.pickle", tmp_path / "memo.pickle"):  # no memo, first, from memo
        plan = Plan(sp, memo)
        assert plan.streamed and len(plan.todo) <= len(plan.members)
        graph = plan.graph()
        report = plan.finish([validate(graph, **kw) for group in plan.calls(graph, 1) for kw in group])
        assert report.text == expected.text and report.conforms is False


def test_a_build_leaves_no_spill_behind_and_clears_a_stale_one(tmp_path, monkeypatch):
    """The spill lives in a hidden folder of the output folder for the build only; one a killed build left
    is removed. Past 300 quads held and with runs of 200 triples the seeds' exports are still the golden ones."""
    stale = tmp_path / "out" / ".kg-spill-old"
    stale.mkdir(parents=True)
    (stale / "graphs.spill").write_text("x")
    monkeypatch.setattr(spill, "RUN_SIZE", 200)
    monkeypatch.setattr(spill, "HOLD", 300)  # the graphs go to disk after the first few
    monkeypatch.setattr(pipeline, "GRAPH_BATCH", 1)  # one article's graph at a time
    seen = []
    real = Spill.close

    def close(self):
        seen.append(len(self._runs) if self._out is not None else 0)
        return real(self)
    monkeypatch.setattr(Spill, "close", close)
    result = pipeline.run([SEEDS], tmp_path / "out", Settings(use_cache=False))
    assert result.conforms is True and seen and max(seen) >= 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"graph.{fmt}" for fmt in ("ttl", "trig", "nq", "jsonld", "graphml", "gexf"))
    golden = Path(__file__).resolve().parent.parent / "exports"
    for fmt in ("ttl", "trig", "nq", "jsonld", "graphml"):
        assert (tmp_path / "out" / f"graph.{fmt}").read_bytes() == (golden / f"graph.{fmt}").read_bytes(), fmt
    assert result.triples == len(list(ox.parse(path=str(golden / "graph.ttl"), format=ox.RdfFormat.TURTLE)))
