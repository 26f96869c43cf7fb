"""kg.export: every format written from a small hand-built dataset (DATA_MODEL.md), read back by rdflib,
pyoxigraph, rapper, networkx, igraph and xmllint; determinism; the Gephi projection; the GraphML linter;
atomic replacement."""
from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.export import FORMATS, atomic, gephi, rdf, write_all
from kg.export.atomic import atomic_open, atomic_write
from kg.export.lint import lint_graphml
from kg.export.project import PALETTE, project
from kg.graph.vocab import ID, KG, SCHEMA, WD

WEIRD = 'John "Jack" Doe \\ the <second> & last\nline 😀\r\tend'
B, D1, D2 = ID["build/r1"], ID["document/000-a-txt"], ID["document/001-b-txt"]
US, RU, JD = ID["actor/Q30"], ID["actor/Q159"], ID["actor/unlinked/person/john-doe"]
P, C, S1, S2, E = ID["proposal/p1"], ID["condition/c1"], ID["stance/s1"], ID["stance/s2"], ID["event/e1"]
EV = {i: ID[f"evidence/ev{i}"] for i in range(1, 5)}


def _actor(a, cls, label, doc, wd=None, linked=True):
    t = [(a, RDF.type, cls), (a, RDFS.label, Literal(label)), (a, KG.linked, Literal(linked)),
         (a, KG.mentionedIn, doc)]
    return t + ([(a, SKOS.exactMatch, WD[wd])] if wd else [])


def _evidence(e, doc, text, begin, who):
    return [(e, RDF.type, KG.Evidence), (e, KG.sourceDocument, doc), (e, KG.text, Literal(text)),
            (e, KG.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)),
            (e, KG.endIndex, Literal(begin + len(text), datatype=XSD.nonNegativeInteger)),
            (e, KG.attributedTo, who), (e, KG.hedged, Literal(False)), (e, KG.negated, Literal(False))]


def fixture_quads() -> list[tuple]:
    """2 documents, 3 actors, a proposal evidenced in both documents, a condition, 2 stances of Russia
    (conditional on the proposal, support of the condition), a phone call with 2 participants."""
    out = [(B, RDF.type, KG.BuildActivity, None), (B, KG.rulesVersion, Literal("r1"), None),
           (B, KG.modelName, Literal("en_core_web_sm"), None), (B, KG.modelVersion, Literal("3.8.0"), None)]
    g1 = [(D1, RDF.type, KG.Document), (D1, DCTERMS.identifier, Literal("000_a.txt")),
          (D1, DCTERMS.title, Literal("Ceasefire call")), (D1, DCTERMS.date, Literal("2025-03-18", datatype=XSD.date)),
          (D1, SCHEMA.url, URIRef("https://example.org/a?x=1&y=2")), (D1, PROV.wasGeneratedBy, B)]
    g1 += _actor(US, KG.Country, "United States", D1, "Q30") + _actor(RU, KG.Country, "Russia", D1, "Q159")
    g1 += _actor(JD, KG.Person, WEIRD, D1, linked=False)
    g1 += [(P, RDF.type, KG.Proposal), (P, RDFS.label, Literal("30-day ceasefire")), (P, KG.proposedBy, US),
           (P, KG.topic, Literal("ceasefire")), (P, KG.duration, Literal("P30D", datatype=XSD.duration)),
           (P, KG.evidence, EV[1])]
    g1 += _evidence(EV[1], D1, "The US proposed a 30-day ceasefire.", 0, US)
    g1 += [(C, RDF.type, KG.Condition), (C, RDFS.label, Literal("halt of arms deliveries")),
           (C, KG.statedBy, RU), (C, KG.conditionOf, P), (C, KG.evidence, EV[3])]
    g1 += _evidence(EV[3], D1, 'Russia said "yes, but" \\ only if <arms> & aid stop.', 40, RU)
    g1 += [(S1, RDF.type, KG.Stance), (S1, RDFS.label, Literal("Russia conditionally supports the ceasefire")),
           (S1, KG.holder, RU), (S1, KG.target, P), (S1, KG.polarity, KG.Conditional),
           (S1, KG.inferred, Literal(False)), (S1, KG.evidence, EV[3]),
           (S2, RDF.type, KG.Stance), (S2, RDFS.label, Literal("Russia supports its condition", lang="en")),
           (S2, KG.holder, RU), (S2, KG.target, C), (S2, KG.polarity, KG.Support),
           (S2, KG.inferred, Literal(True)), (S2, KG.evidence, EV[3])]
    g2 = [(D2, RDF.type, KG.Document), (D2, DCTERMS.identifier, Literal("001_b.txt")),
          (D2, DCTERMS.title, Literal("Phone call")), (D2, PROV.wasGeneratedBy, B)]
    g2 += _actor(US, KG.Country, "United States", D2, "Q30") + _actor(RU, KG.Country, "Russia", D2, "Q159")
    g2 += [(P, RDF.type, KG.Proposal), (P, RDFS.label, Literal("30-day ceasefire")), (P, KG.proposedBy, US),
           (P, KG.evidence, EV[2])]
    g2 += _evidence(EV[2], D2, "Washington's 30-day plan\twas discussed.", 10, JD)
    g2 += [(E, RDF.type, KG.PhoneCall), (E, RDFS.label, Literal("Phone call between the US and Russia")),
           (E, KG.participant, US), (E, KG.participant, RU), (E, KG.date, Literal("2025-03-18", datatype=XSD.date)),
           (E, KG.place, Literal("by phone")), (E, KG.evidence, EV[4])]
    g2 += _evidence(EV[4], D2, "Trump and Putin spoke by phone \u2014 for two hours.", 60, JD)
    return out + [(*t, D1) for t in g1] + [(*t, D2) for t in g2]


def build_dataset(order: str = "forward") -> Dataset:
    items = fixture_quads()
    if order == "reverse":
        items = items[::-1]
    elif order == "shuffle":
        random.Random(7).shuffle(items)
    ds = Dataset()
    for s, p, o, g in items:
        (ds if g is None else ds.graph(g)).add((s, p, o))
    return ds


EXPECTED_QUADS = {str(ox.Quad(*(rdf.to_oxigraph(t) for t in q[:3]),
                              ox.DefaultGraph() if q[3] is None else ox.NamedNode(str(q[3]))))
                  for q in fixture_quads()}
EXPECTED_UNION = {" ".join(str(rdf.to_oxigraph(t)) for t in q[:3]) for q in fixture_quads()}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    return write_all(build_dataset(), tmp_path_factory.mktemp("export"))


def test_write_all_writes_every_format(written):
    assert set(written) == set(FORMATS)
    for fmt, path in written.items():
        assert path.name == f"graph.{fmt}" and path.stat().st_size > 0
    assert not [p for p in written["ttl"].parent.iterdir() if p.name.endswith(".tmp")]
    with pytest.raises(ValueError):
        write_all(build_dataset(), written["ttl"].parent, formats=("ttl", "pdf"))


def test_expected_sets_are_right():
    assert len(EXPECTED_QUADS) == 106 and len(EXPECTED_UNION) == 95


@pytest.mark.parametrize("fmt,oxformat,union", [
    ("ttl", ox.RdfFormat.TURTLE, True), ("trig", ox.RdfFormat.TRIG, False),
    ("nq", ox.RdfFormat.N_QUADS, False), ("jsonld", ox.RdfFormat.JSON_LD, False)])
def test_rdf_round_trips_in_rdflib_and_oxigraph(written, fmt, oxformat, union):
    expected = EXPECTED_UNION if union else EXPECTED_QUADS
    parsed = Dataset()
    parsed.parse(written[fmt], format={"ttl": "turtle", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt])
    assert rdf.quad_strings(parsed, union=union) == expected
    oxi = list(ox.parse(path=written[fmt], format=oxformat))
    assert rdf.quad_strings(oxi, union=union) == expected


def test_turtle_is_grouped_by_subject_with_prefixes(written):
    text = written["ttl"].read_text("utf-8")
    assert text.startswith("@prefix dcterms: <http://purl.org/dc/terms/> .\n")
    assert "@prefix kg: <https://w3id.org/newskg/ontology#> ." in text
    subject_lines = [ln for ln in text.splitlines() if ln.startswith("<")]
    assert len(subject_lines) == len({ln.split(" ", 1)[0] for ln in subject_lines}) == 15
    trig = written["trig"].read_text("utf-8")
    assert trig.index("<https://w3id.org/newskg/id/build/r1> a kg:BuildActivity") < trig.index(f"<{D1}> {{")
    assert trig.index(f"<{D1}> {{") < trig.index(f"<{D2}> {{")
    # N-Quads in TriG's order: default graph first, then graph by graph, each graph's lines sorted
    keys = [("" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name), str(q.triple))
            for q in ox.parse(written["nq"].read_bytes(), ox.RdfFormat.N_QUADS)]
    assert keys == sorted(keys) and keys[0][0] == "" and len({g for g, _ in keys}) == 3


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
@pytest.mark.parametrize("fmt,parser,count", [("ttl", "turtle", 95), ("trig", "trig", 106), ("nq", "nquads", 106)])
def test_rapper_accepts(written, fmt, parser, count):
    res = subprocess.run(["rapper", "-i", parser, "-c", str(written[fmt])], check=False, capture_output=True, text=True)
    if parser == "trig" and "trig" in res.stderr.lower() and "unknown" in res.stderr.lower():
        pytest.skip("this rapper has no TriG parser")
    assert res.returncode == 0, res.stderr
    assert f"returned {count} triples" in res.stderr


def test_byte_identical_whatever_the_insertion_order(tmp_path, written):
    for order in ("reverse", "shuffle"):
        other = write_all(build_dataset(order), tmp_path / order)
        for fmt in FORMATS:
            assert other[fmt].read_bytes() == written[fmt].read_bytes(), fmt


def test_byte_identical_across_hash_seeds(tmp_path, written):
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import test_export as t; "
            "from kg.export import write_all; from pathlib import Path; "
            "write_all(t.build_dataset('shuffle'), Path(sys.argv[2]))")
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = tmp_path / f"seed{seed}"
        subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent), str(out)], check=True, env=env,
                       cwd=Path(__file__).parent.parent)
        for fmt in FORMATS:
            assert (out / f"graph.{fmt}").read_bytes() == written[fmt].read_bytes(), (seed, fmt)


def test_projection_nodes_and_edges():
    G = project(build_dataset())
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G.nodes) == {str(x) for x in (US, RU, JD, P, C, E)}
    edges = {(u, v, d["relation"]): d for u, v, d in G.edges(data=True)}
    assert len(edges) == G.number_of_edges() == 7
    assert edges[(str(US), str(P), "proposed")]["weight"] == 2.0
    stance = edges[(str(RU), str(P), "conditionally_supports")]
    assert stance["polarity"] == "conditional" and stance["label"] == "conditionally supports"
    assert edges[(str(RU), str(C), "supports")]["polarity"] == "support"
    assert edges[(str(RU), str(C), "sets_condition")]["label"] == "sets condition"
    assert "polarity" not in edges[(str(C), str(P), "condition_of")]
    assert {u for u, v, r in edges if r == "takes_part_in"} == {str(US), str(RU)}
    keys = [k for _, _, k in G.edges(keys=True)]
    assert len(keys) == len(set(keys))
    for _, _, d in G.edges(data=True):
        assert isinstance(d["weight"], float) and d["weight"] >= 1.0 and d["evidence_count"] >= 1
    for n, d in G.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in d.values()), d
        assert d["label"] and d["iri"] == n and d["color"] == PALETTE[d["type"]]
        assert (d["r"], d["g"], d["b"]) == tuple(int(d["color"][i:i + 2], 16) for i in (1, 3, 5))
    assert G.nodes[str(E)]["date"] == "2025-03-18" and G.nodes[str(E)]["type"] == "PhoneCall"
    assert "date" not in G.nodes[str(P)] and "linked" not in G.nodes[str(P)]
    assert G.nodes[str(US)]["wikidata"] == str(WD.Q30) and G.nodes[str(US)]["linked"] is True
    assert G.nodes[str(JD)]["linked"] is False and G.nodes[str(JD)]["label"] == WEIRD.strip()
    assert G.nodes[str(P)]["mentions"] == 2 and G.nodes[str(P)]["evidence_count"] == 2
    assert G.nodes[str(P)]["size"] > G.nodes[str(C)]["size"]


def test_graphml_reads_back(written):
    G = project(build_dataset())
    H = nx.read_graphml(written["graphml"])
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    assert H.nodes[str(JD)]["label"] == WEIRD and H.nodes[str(JD)]["linked"] is False
    assert H.nodes[str(US)]["mentions"] == 2 and H.nodes[str(US)]["size"] == G.nodes[str(US)]["size"]
    igraph = pytest.importorskip("igraph")
    ig = igraph.Graph.Read_GraphML(str(written["graphml"]))
    assert ig.vcount() == G.number_of_nodes() and ig.ecount() == G.number_of_edges()
    assert sorted(ig.vs["label"]) == sorted(d["label"] for _, d in H.nodes(data=True))
    assert min(ig.es["weight"]) >= 1.0


def test_graphml_keys_are_named_and_unique(written):
    text = written["graphml"].read_text("utf-8")
    assert '<key id="label" for="node" attr.name="label" attr.type="string"/>' in text
    assert '<key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>' in text
    assert '<key id="linked" for="node" attr.name="linked" attr.type="boolean"/>' in text
    assert not re.search(r'key id="d\d+"', text)
    assert lint_graphml(written["graphml"]) == []


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint not installed")
def test_xmllint_accepts(written):
    for fmt in ("graphml", "gexf"):
        res = subprocess.run(["xmllint", "--noout", str(written[fmt])], check=False, capture_output=True, text=True)
        assert res.returncode == 0, res.stderr


def test_gexf_reads_back_and_is_deterministic(written, tmp_path):
    G = project(build_dataset())
    H = nx.read_gexf(written["gexf"])
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    viz = H.nodes[str(RU)]["viz"]
    assert viz["color"] == {"r": 44, "g": 160, "b": 44, "a": 1.0} and viz["size"] == G.nodes[str(RU)]["size"]
    assert H.nodes[str(JD)]["label"] == WEIRD
    text = written["gexf"].read_text("utf-8")
    assert "lastmodifieddate" not in text and "networkx_key" not in text
    gephi.write_gexf(G, tmp_path / "a.gexf")
    gephi.write_gexf(project(build_dataset("reverse")), tmp_path / "b.gexf")
    assert (tmp_path / "a.gexf").read_bytes() == (tmp_path / "b.gexf").read_bytes() == written["gexf"].read_bytes()


BROKEN = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d3" for="node" attr.name="label" attr.type="string"/>
  <key id="size" for="node" attr.name="size" attr.type="double"/>
  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>
  <key id="e_relation" for="edge" attr.name="relation" attr.type="string"/>
  <key id="e_relation" for="edge" attr.name="relation2" attr.type="list"/>
  <graph edgedefault="directed">
    <node id="a"><data key="d3">A</data><data key="size">big</data></node>
    <node id="b"><data key="size">1.0</data></node>
    <node id="a"><data key="d3">A again</data></node>
    <edge id="x" source="a" target="b"><data key="e_weight">0</data><data key="e_relation">r</data></edge>
    <edge id="x" source="a" target="b"><data key="e_weight">2.5</data><data key="e_relation">r</data></edge>
    <edge id="y" source="a" target="zzz"><data key="e_weight">1</data><data key="nope">1</data></edge>
    <edge id="z" source="b" target="a"><data key="size">3.0</data></edge>
  </graph>
</graphml>
"""


def test_lint_finds_the_problems(tmp_path):
    path = tmp_path / "broken.graphml"
    path.write_text(BROKEN, "utf-8")
    problems = lint_graphml(path)
    text = "\n".join(problems)
    for needle in ["key id 'd3' is of the form d<n>", "duplicate key id 'e_relation'",
                   "attr.type 'list'", "duplicate node id 'a'", "duplicate edge id 'x'",
                   "node 'b' has no label", "edge 'x' has weight 0 (must be > 0)",
                   "duplicate edge (source, target, relation) ('a', 'b', 'r')",
                   "target 'zzz' is not a declared node", "undeclared key 'nope'",
                   "value 'big' of 'size' is not a finite double", "edge 'z' has no weight",
                   "data key 'size' is declared for 'node', not 'edge'"]:
        assert needle in text, (needle, problems)
    (tmp_path / "bad.xml").write_text("<graphml><node id='a'></graphml>", "utf-8")
    assert lint_graphml(tmp_path / "bad.xml")[0].startswith("XML does not parse")


def test_networkx_default_graphml_would_fail_lint(tmp_path):
    nx.write_graphml(project(build_dataset()), tmp_path / "nx.graphml")
    assert any("of the form d<n>" in p for p in lint_graphml(tmp_path / "nx.graphml"))


def test_failed_write_leaves_previous_file_and_no_temp(tmp_path, monkeypatch):
    first = write_all(build_dataset(), tmp_path)
    before = {fmt: p.read_bytes() for fmt, p in first.items()}

    def broken(quads, fh):
        fh.write(b"@prefix half: <http://half")
        fh.flush()
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(rdf, "write_turtle", broken)
    ds = build_dataset()
    ds.graph(D1).add((US, RDFS.label, Literal("changed")))
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_all(ds, tmp_path)
    assert {fmt: p.read_bytes() for fmt, p in first.items()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"graph.{f}" for f in FORMATS)

    monkeypatch.setattr(gephi, "graphml_bytes", lambda G: (_ for _ in ()).throw(ValueError("boom")))
    with pytest.raises(ValueError):
        write_all(build_dataset(), tmp_path, formats=("graphml",))
    assert first["graphml"].read_bytes() == before["graphml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"graph.{f}" for f in FORMATS)


def test_atomic_helpers(tmp_path):
    target = tmp_path / "x.txt"
    atomic_write(target, "héllo\r\n")
    assert target.read_bytes() == "héllo\r\n".encode()
    assert target.stat().st_mode & 0o777 == 0o666 & ~atomic._umask()
    os.chmod(target, 0o640)
    with atomic_open(target, "w") as fh:
        fh.write("new")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o640
    with pytest.raises(KeyError), atomic_open(tmp_path / "never.txt", "wb") as fh:
        fh.write(b"partial")
        raise KeyError("stop")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]
    with pytest.raises(ValueError), atomic_open(target, "a"):
        pass


def test_finisher_renames_in_order_and_reraises(tmp_path, monkeypatch):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    b.write_text("old b")
    with atomic.Finisher() as finisher:
        with atomic_open(a, "w", finisher) as fh:
            fh.write("new a")
        with atomic_open(b, "w", finisher) as fh:
            fh.write("new b")
    assert a.read_text() == "new a" and b.read_text() == "new b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]

    def no_rename(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", no_rename)
    with pytest.raises(OSError, match="No space left"), atomic.Finisher() as finisher:
        with atomic_open(b, "w", finisher) as fh:
            fh.write("lost")
    assert b.read_text() == "new b"  # the failed file is gone, its destination as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_release_clears_a_kg_quads_and_writes_the_same_bytes(tmp_path, written):
    """write_all(release=True) frees the build's dataset once collected and projected (peak memory of the
    exports); the files are the same as without it."""
    from kg.graph.quads import Quads

    ds = Quads()
    for s, p, o, g in fixture_quads():
        (ds.default_graph if g is None else ds.graph(g)).add((s, p, o))
    assert len(ds) > 0
    out = write_all(ds, tmp_path, release=True)
    assert len(ds) == 0
    for fmt in FORMATS:
        assert out[fmt].read_bytes() == written[fmt].read_bytes(), fmt


def test_write_pieces_writes_slices_never_the_whole_document():
    from kg.export.turtle import write_pieces

    class Handle:
        def __init__(self):
            self.writes: list[bytes] = []

        def write(self, data: bytes) -> None:
            self.writes.append(data)

    pieces = [f"piece {i} é\n" for i in range(10)]
    fh = Handle()
    write_pieces(iter(pieces), fh, size=3)
    assert [len(w.decode("utf-8").splitlines()) for w in fh.writes] == [3, 3, 3, 1]
    assert b"".join(fh.writes) == "".join(pieces).encode("utf-8")
    empty = Handle()
    write_pieces(iter([]), empty)
    assert empty.writes == []
