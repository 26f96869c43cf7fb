"""Tests of kg.graph.validate.validate: conforming and broken graphs, Datasets, the report's shape and
order, an Oxigraph round trip, explicit shapes/ontology paths, and speed.

Input: graphs built here with kg.graph.vocab. Output: pytest results.
"""
from __future__ import annotations

import dataclasses
import io

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, SKOS

from kg.graph.validate import ONTOLOGY_PATH, SHAPES_PATH, ValidationReport, validate
from kg.graph.vocab import ID, KG


def build(n: int = 1) -> Dataset:
    """n independent copies of a small article: one named graph per document, the build in the default graph."""
    ds = Dataset()
    build = ID["build/1.0.0"]
    ds.default_graph.add((build, RDF.type, KG.BuildActivity))
    ds.default_graph.add((build, KG.rulesVersion, Literal("1.0.0")))
    for i in range(n):
        doc, ev = ID[f"document/{i:03d}_x"], ID[f"evidence/{i}"]
        trump, russia = ID[f"actor/trump{i}"], ID[f"actor/russia{i}"]
        prop, stance, call = ID[f"proposal/{i}"], ID[f"stance/{i}"], ID[f"event/{i}"]
        text = "Trump proposed a ceasefire."
        g = ds.graph(doc)
        g += [
            (doc, RDF.type, KG.Document), (doc, DCTERMS.identifier, Literal(f"{i:03d}_x.txt")),
            (doc, PROV.wasGeneratedBy, build),
            (trump, RDF.type, KG.Person), (trump, RDFS.label, Literal("Donald Trump")),
            (trump, SKOS.altLabel, Literal("Trump")), (trump, KG.linked, Literal(True)),
            (trump, KG.mentionedIn, doc),
            (russia, RDF.type, KG.Country), (russia, RDFS.label, Literal("Russia")),
            (ev, RDF.type, KG.Evidence), (ev, KG.sourceDocument, doc), (ev, KG.text, Literal(text)),
            (ev, KG.beginIndex, Literal(0, datatype=ns.XSD.nonNegativeInteger)),
            (ev, KG.endIndex, Literal(len(text), datatype=ns.XSD.nonNegativeInteger)),
            (ev, KG.hedged, Literal(False)), (ev, KG.negated, Literal(False)),
            (prop, RDF.type, KG.Proposal), (prop, RDFS.label, Literal("ceasefire")),
            (prop, KG.proposedBy, trump), (prop, KG.addressedTo, russia), (prop, KG.evidence, ev),
            (stance, RDF.type, KG.Stance), (stance, RDFS.label, Literal("Russia on the ceasefire")),
            (stance, KG.holder, russia), (stance, KG.target, prop), (stance, KG.polarity, KG.Neutral),
            (stance, KG.inferred, Literal(False)), (stance, KG.evidence, ev),
            (call, RDF.type, KG.PhoneCall), (call, RDFS.label, Literal("call")),
            (call, KG.participant, trump), (call, KG.participant, russia),
            (call, KG.date, Literal("2025-03-18", datatype=ns.XSD.date)), (call, KG.evidence, ev),
        ]
    return ds


def flat(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    return g


def test_conforming_dataset_and_graph():
    for data in (build(2), flat(build(2))):
        report = validate(data)
        assert isinstance(report, ValidationReport)
        assert report.conforms and report.results == [] and report.text == "Conforms: yes"


def test_links_across_named_graphs_are_checked_on_the_union():
    ds = build(1)
    ds.remove((ID["document/000_x"], RDF.type, KG.Document, ds.graph(ID["document/000_x"])))
    ds.graph(ID["document/other"]).add((ID["document/000_x"], RDF.type, KG.Document))
    assert validate(ds).conforms


def broken() -> Graph:
    g = flat(build(2))
    g.add((ID["stance/0"], KG.polarity, KG.Support))  # two polarities
    g.remove((ID["evidence/1"], KG.text, None))  # no text
    g.remove((ID["proposal/1"], KG.proposedBy, None))  # no proposer
    g.add((ID["actor/russia0"], RDF.type, KG.Organization))  # two actor classes
    return g


def test_broken_graph_report():
    report = validate(broken())
    assert not report.conforms
    assert [(str(f).rsplit("/id/", 1)[1], p) for f, p, _, _ in report.results] == [
        ("actor/russia0", RDF.type), ("evidence/1", KG.text), ("proposal/1", KG.proposedBy),
        ("stance/0", KG.polarity)]
    assert all(sev == SH.Violation and msg for _, _, msg, sev in report.results)
    lines = report.text.splitlines()
    assert lines[0] == "Conforms: no (4 violations)"
    assert lines[1] == (f"<{ID['actor/russia0']}> — rdf:type — An actor must be exactly one of kg:Person, "
                        "kg:Organization, kg:Country or kg:Group, not several.")
    assert lines[4].startswith(f"<{ID['stance/0']}> — kg:polarity — A stance must have exactly one kg:polarity")


def test_report_is_deterministic_and_frozen():
    a, b = validate(broken()), validate(broken())
    assert a == b
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.conforms = True  # type: ignore[misc]


def test_the_input_graph_is_not_modified():
    g = broken()
    before = len(g)
    validate(g)
    assert len(g) == before


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own N-Quads plugins
def test_oxigraph_round_trip_still_conforms():
    store = pyoxigraph.Store()
    nq = build(1).serialize(format="nquads").encode()
    store.load(io.BytesIO(nq), format=pyoxigraph.RdfFormat.N_QUADS)
    back = Dataset()
    back.parse(data=store.dump(format=pyoxigraph.RdfFormat.N_QUADS).decode(), format="nquads")
    assert len(flat(back)) == len(flat(build(1)))
    report = validate(back)
    assert report.conforms, report.text
    g = flat(back)
    g.set((ID["evidence/0"], KG.beginIndex, Literal(0)))  # plain xsd:integer, as Oxigraph may write it
    assert validate(g).conforms


def test_explicit_paths(tmp_path):
    assert SHAPES_PATH.is_file() and ONTOLOGY_PATH.is_file()
    assert validate(broken(), SHAPES_PATH, ONTOLOGY_PATH) == validate(broken())
    strict = tmp_path / "strict.ttl"
    strict.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix kg: <https://w3id.org/newskg/ontology#> .\n"
        "[] a sh:NodeShape ; sh:targetClass kg:Proposal ; sh:property [ sh:path kg:topic ; sh:minCount 1 ;"
        ' sh:message "A proposal needs a topic."@en ] .\n'
    )
    report = validate(build(1), shapes_path=strict)
    assert [m for _, _, m, _ in report.results] == ["A proposal needs a topic."]


def test_about_5000_triples_validate_and_stay_untouched():
    data = build(140)
    before = len(flat(data))
    assert before > 4500
    report = validate(data)
    assert report.conforms and len(flat(data)) == before  # speed: `make bench`, not a timed test


def test_graph_not_modified_when_an_ontology_is_mixed_in():
    g = flat(build(2))
    before = set(g)
    assert validate(g, ontology_path=ONTOLOGY_PATH).conforms
    assert set(g) == before
