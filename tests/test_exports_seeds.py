"""The seeds' exports load cleanly in the real tools: rdflib, Oxigraph, rapper, networkx, igraph, xmllint,
and the GraphML linter that mirrors Gephi's importer."""
from __future__ import annotations

import shutil
import subprocess

import pyoxigraph
import pytest
from rdflib import Dataset

from kg.export.lint import lint_graphml

FORMATS = {"graph.ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE), "graph.trig": ("trig", pyoxigraph.RdfFormat.TRIG),
           "graph.nq": ("nquads", pyoxigraph.RdfFormat.N_QUADS), "graph.jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD)}


def _rdflib_triples(path, fmt) -> set[str]:
    ds = Dataset()
    ds.parse(path, format=fmt)
    return {f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o, _ in ds.quads((None, None, None, None))}


def _oxigraph_triples(path, fmt) -> set[str]:
    with open(path, "rb") as f:
        return {f"{q.subject} {q.predicate} {q.object}" for q in pyoxigraph.parse(f, format=fmt)}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_rdf_export_parses_identically_in_rdflib_and_oxigraph(seeds_build, name):
    path = seeds_build[1] / name
    a = _rdflib_triples(path, FORMATS[name][0])
    b = _oxigraph_triples(path, FORMATS[name][1])
    assert len(a) == len(b) > 500
    reference = _oxigraph_triples(seeds_build[1] / "graph.nq", pyoxigraph.RdfFormat.N_QUADS)
    assert b == reference  # the same triples in every serialisation


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
@pytest.mark.parametrize("name, syntax", [("graph.ttl", "turtle"), ("graph.nq", "nquads"), ("graph.trig", "trig")])
def test_rapper_reads_the_exports(seeds_build, name, syntax):
    out = subprocess.run(["rapper", "-q", "-i", syntax, "-c", str(seeds_build[1] / name)], capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr


def test_graphml_and_gexf_for_gephi(seeds_build):
    import igraph
    import networkx as nx

    out = seeds_build[1]
    assert lint_graphml(out / "graph.graphml") == []
    G = nx.read_graphml(out / "graph.graphml")
    assert igraph.Graph.Read_GraphML(str(out / "graph.graphml")).vcount() == G.number_of_nodes()
    kinds = {d["kind"] for _, d in G.nodes(data=True)}
    assert {"actor", "proposal", "condition", "event"} <= kinds
    relations = {d.get("e_relation", d.get("relation")) for *_, d in G.edges(data=True)}
    assert {"proposed", "supports", "sets_condition", "takes_part_in"} <= relations
    assert all(float(d.get("e_weight", d.get("weight", 0))) > 0 for *_, d in G.edges(data=True))
    X = nx.read_gexf(out / "graph.gexf")
    assert X.number_of_nodes() == G.number_of_nodes()
    if shutil.which("xmllint"):
        for name in ("graph.graphml", "graph.gexf"):
            assert subprocess.run(["xmllint", "--noout", str(out / name)]).returncode == 0
