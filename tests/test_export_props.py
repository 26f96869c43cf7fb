"""Property tests for kg.export: arbitrary literal text and IRIs minted from arbitrary names survive
Turtle / TriG / N-Quads / JSON-LD round trips through rdflib, pyoxigraph and (for some examples) rapper;
output is independent of insertion order; GraphML with arbitrary labels stays lint-clean and readable."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.export import gephi, rdf
from kg.export.lint import lint_graphml
from kg.export.project import project
from kg.graph.vocab import ID, KG

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
UNRESERVED_OR_PCT = re.compile(r"(?:[A-Za-z0-9._~-]|%[0-9A-F]{2})*")


def mint_iri(namespace: str, name: str) -> URIRef:
    """Percent-encode every byte of the UTF-8 name outside RFC 3986's unreserved set; a name that is
    "." or ".." gets its dots encoded too (RFC 3986 resolution, as raptor applies it even to absolute IRIs,
    would remove such dot segments: <…/actor/.> is read back as <…/actor/>)."""
    local = quote(name, safe="")
    if local in (".", ".."):
        local = local.replace(".", "%2E")
    return URIRef(namespace + local)


@given(st.text())
def test_mint_iri_is_valid_and_reversible(name):
    iri = mint_iri(str(ID), name)
    local = iri[len(str(ID)):]
    assert UNRESERVED_OR_PCT.fullmatch(local) and local not in (".", "..")
    assert unquote(local) == name
    ox.NamedNode(str(iri))  # Oxigraph validates IRIs strictly


@given(st.text(), st.text())
def test_mint_iri_is_injective(a, b):
    assert (mint_iri(str(ID), a) == mint_iri(str(ID), b)) == (a == b)


names = st.text(max_size=12)
literals = st.one_of(
    st.builds(Literal, st.text()),
    st.builds(lambda t, lang: Literal(t, lang=lang), st.text(), st.sampled_from(["en", "de-ch", "zh-hant"])),
    st.builds(lambda t: Literal(t, datatype=XSD.string), st.text()),
    st.builds(Literal, st.integers()),
    st.builds(Literal, st.booleans()),
    st.builds(lambda t, n: Literal(t, datatype=mint_iri(str(KG._NS), n)), st.text(), names),
)
subjects = st.builds(lambda n: mint_iri(str(ID) + "actor/", n), names)
predicates = st.one_of(st.just(RDFS.label), st.builds(lambda n: mint_iri(str(KG._NS), n), names))
objects = st.one_of(literals, subjects)
graphs = st.one_of(st.none(), st.builds(lambda n: mint_iri(str(ID) + "document/", n), st.text(max_size=4)))
quads = st.lists(st.tuples(subjects, predicates, objects, graphs), min_size=1, max_size=12)


def to_dataset(items) -> Dataset:
    ds = Dataset()
    for s, p, o, g in items:
        (ds if g is None else ds.graph(g)).add((s, p, o))
    return ds


def expected(items, union: bool) -> set[str]:
    out = set()
    for s, p, o, g in items:
        spo = " ".join(str(rdf.to_oxigraph(t)) for t in (s, p, o))
        out.add(spo if union or g is None else f"{spo} <{g}>")
    return out


def serialize(items) -> dict[str, bytes]:
    qs = rdf.collect_quads(to_dataset(items))
    out = {}
    for fmt, writer in (("ttl", rdf.write_turtle), ("trig", rdf.write_trig), ("nq", rdf.write_nquads)):
        buf = io.BytesIO()
        writer(qs, buf)
        out[fmt] = buf.getvalue()
    buf = io.BytesIO()
    rdf.write_jsonld(to_dataset(items), buf)
    out["jsonld"] = buf.getvalue()
    return out


FORMATS = {"ttl": ("turtle", ox.RdfFormat.TURTLE, True), "trig": ("trig", ox.RdfFormat.TRIG, False),
           "nq": ("nquads", ox.RdfFormat.N_QUADS, False), "jsonld": ("json-ld", ox.RdfFormat.JSON_LD, False)}


@SETTINGS
@given(quads)
def test_round_trip_rdflib_and_oxigraph(items):
    files = serialize(items)
    for fmt, (rdflib_name, ox_format, union) in FORMATS.items():
        want = expected(items, union)
        back = Dataset()
        back.parse(data=files[fmt], format=rdflib_name)
        assert rdf.quad_strings(back, union=union) == want, fmt
        assert rdf.quad_strings(list(ox.parse(files[fmt], ox_format)), union=union) == want, fmt


@SETTINGS
@given(quads, st.randoms(use_true_random=False))
def test_output_independent_of_insertion_order(items, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert serialize(items) == serialize(shuffled)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=quads)
def test_rapper_reads_the_same_triples(items, tmp_path_factory):
    # raptor is C: it reads the (correctly escaped) "\u0000" and then cuts the string at the NUL
    assume(not any(isinstance(o, Literal) and "\x00" in o for _, _, o, _ in items))
    files = serialize(items)
    tmp = tmp_path_factory.mktemp("rapper")
    for fmt, parser, out_fmt, union in (("ttl", "turtle", "ntriples", True), ("nq", "nquads", "nquads", False)):
        path = tmp / f"g.{fmt}"
        path.write_bytes(files[fmt])
        res = subprocess.run(["rapper", "-q", "-i", parser, "-o", out_fmt, str(path)], check=False, capture_output=True)
        assert res.returncode == 0, res.stderr
        ox_format = ox.RdfFormat.N_TRIPLES if out_fmt == "ntriples" else ox.RdfFormat.N_QUADS
        assert rdf.quad_strings(list(ox.parse(res.stdout, ox_format)), union=union) == expected(items, union)
        check = subprocess.run(["rapper", "-i", parser, "-c", str(path)], check=False, capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        assert re.search(r"returned (\d+) triples?", check.stderr).group(1) == str(len(expected(items, union)))


@SETTINGS
@given(actors=st.lists(st.tuples(names, st.text()), min_size=1, max_size=8, unique_by=lambda t: t[0]),
       rnd=st.randoms(use_true_random=False))
def test_graphml_with_arbitrary_labels(actors, rnd, tmp_path_factory):
    """Actors with arbitrary rdfs:label text, one proposal by all of them: lint-clean GraphML and GEXF
    that networkx reads back with the labels (minus characters XML cannot carry)."""
    ds = Dataset()
    g = ds.graph(ID["document/d"])
    prop = ID["proposal/p"]
    g.add((prop, RDF.type, KG.Proposal))
    for name, label in actors:
        a = mint_iri(str(ID) + "actor/", name)
        g.add((a, RDF.type, KG[rnd.choice(["Person", "Country", "Group", "Organization"])]))
        g.add((a, RDFS.label, Literal(label)))
        g.add((prop, KG.proposedBy, a))
    G = project(ds)
    tmp = tmp_path_factory.mktemp("gml")
    gephi.write_graphml(G, tmp / "g.graphml")
    assert lint_graphml(tmp / "g.graphml") == []
    H = nx.read_graphml(tmp / "g.graphml")
    assert {n: d["label"] for n, d in H.nodes(data=True)} == {n: d["label"] for n, d in G.nodes(data=True)}
    assert H.number_of_edges() == len(actors)
    gephi.write_gexf(G, tmp / "g.gexf")
    ET.parse(tmp / "g.gexf")
    X = nx.read_gexf(tmp / "g.gexf")
    assert {n: d["label"] for n, d in X.nodes(data=True)} == {n: d["label"] for n, d in G.nodes(data=True)}


RESERVED = {"label", "weight", "relation", "id", "key"}


@SETTINGS
@given(st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: k not in RESERVED),
                       st.one_of(st.text(), st.integers(-(2**40), 2**40), st.floats(allow_nan=False),
                                 st.booleans(), st.none(), st.lists(st.text(max_size=3), max_size=3)),
                       max_size=6))
def test_graphml_writer_handles_arbitrary_attributes(attrs):
    G = nx.MultiDiGraph()
    G.add_node("a", label="A", **attrs)
    G.add_node("b", label="B")
    G.add_edge("a", "b", key="k", weight=1.0, relation="r", **attrs)
    data = gephi.graphml_bytes(G)
    root = ET.fromstring(data)
    ids = [k.get("id") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")]
    assert len(ids) == len(set(ids)) and not any(re.fullmatch(r"d\d+", i) for i in ids)
    H = nx.read_graphml(io.BytesIO(data))
    assert H.number_of_nodes() == 2 and H.number_of_edges() == 1
    assert gephi.graphml_bytes(G) == data
