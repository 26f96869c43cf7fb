"""Tests of kg.graph.validate_memo (re-validate only changed nodes) and of splitting validation by shapes.

Input: the seeds' graph (session fixture), edited here: documents dropped, violations injected, an
actor's type changed. Output: pytest results. The memo's report must equal a whole validation's, always.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.graph.validate import SHAPES_PATH, _graph, combine, shape_groups, target_shapes, validate
from kg.graph.validate_memo import Plan, load_memo, signatures
from kg.graph.vocab import KG


def copy(ds: Dataset) -> Dataset:
    """An editable copy whose subjects()/triples() see every named graph."""
    out = Dataset(default_union=True)
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.graph(g).add((s, p, o)) if g is not None else out.add((s, p, o))
    return out


def planned(ds: Dataset, memo, abstract: bool = False) -> tuple:
    plan = Plan(ds, memo, full_share=0.9, abstract=abstract)  # two seeds: one document is half the graph
    graph = plan.graph()
    return plan, plan.finish([validate(graph, **kw) for group in plan.calls(graph, 2) for kw in group])


def documents(ds: Dataset) -> list[URIRef]:
    return sorted(ds.subjects(RDF.type, KG.Document))


def test_the_shapes_are_node_local():
    """What makes the memo exact: simple forward paths, no SPARQL, nested shapes only test rdf:type."""
    shapes = _graph(SHAPES_PATH)
    assert not list(shapes.subject_objects(SH.sparql))
    for path in shapes.objects(None, SH.path):
        assert isinstance(path, URIRef), f"sh:path {path} is not a plain property"
    nested = set(shapes.objects(None, SH.node)) | set(shapes.objects(None, SH.qualifiedValueShape))
    assert nested
    for shape in nested:  # a value's own rdf:type only, nothing further away
        assert not list(shapes.objects(shape, SH.node)) and not list(shapes.objects(shape, SH["class"]))
        for prop in shapes.objects(shape, SH.property):
            assert shapes.value(prop, SH.path) == RDF.type


def test_first_build_validates_everything_then_a_rebuild_only_the_new_document(seeds_graph, tmp_path):
    memo = tmp_path / "memo.pickle"
    first = copy(seeds_graph)
    dropped = documents(first)[-1]
    first.remove_graph(first.graph(dropped))
    plan, report = planned(first, memo)
    assert plan.full and report == validate(first)
    assert len(load_memo(memo)) == len(plan.sigs)

    plan, report = planned(seeds_graph, memo)
    assert not plan.full and 0 < len(plan.todo) < len(plan.sigs)
    assert dropped in plan.todo
    assert report == validate(seeds_graph) and report.conforms

    plan, again = planned(seeds_graph, memo)  # nothing changed: nothing to validate
    assert plan.todo == set() and again == report


@pytest.mark.parametrize("abstract", [False, True], ids=["node-by-node", "classes"])
def test_violations_found_by_the_memo_equal_a_whole_validation(seeds_graph, tmp_path, abstract):
    memo = tmp_path / "memo.pickle"
    planned(seeds_graph, memo, abstract)
    broken = copy(seeds_graph)
    proposal = next(iter(broken.subjects(RDF.type, KG.Proposal)))
    for g in broken.graphs():
        g.remove((proposal, RDFS.label, None))  # minCount violated
    actor = next(iter(broken.subjects(RDF.type, KG.Person)))
    doc = documents(broken)[0]
    broken.graph(doc).add((actor, RDFS.label, Literal("a second label")))  # maxCount violated
    country = next(o for p in (KG.participant, KG.holder, KG.proposedBy, KG.statedBy)
                   for o in sorted(broken.objects(None, p)) if (o, RDF.type, KG.Country) in broken)
    for g in broken.graphs():  # no longer an actor: every fact pointing at it breaks, unchanged themselves
        if (country, RDF.type, KG.Country) in g:
            g.remove((country, RDF.type, KG.Country))
            g.add((country, RDF.type, KG.Document))
    plan, report = planned(broken, memo, abstract)
    assert not plan.full
    whole = validate(broken)
    assert not whole.conforms and report == whole
    assert {proposal, actor, country} <= {r[0] for r in report.results}
    referring = {s for s, _, o in broken.triples((None, None, country)) if s != country}
    assert referring & {r[0] for r in report.results}

    plan, back = planned(seeds_graph, memo, abstract)  # and back: the memo forgets nothing it needs
    assert back == validate(seeds_graph) and back.conforms


def test_an_unreadable_memo_means_a_whole_validation(seeds_graph, tmp_path):
    memo = tmp_path / "memo.pickle"
    memo.write_bytes(b"not a pickle")
    plan, report = planned(seeds_graph, memo)
    assert plan.full and report == validate(seeds_graph)
    assert load_memo(memo)  # rewritten


def test_signatures_change_with_an_objects_type(seeds_graph):
    ds = copy(seeds_graph)
    stance = next(iter(ds.subjects(RDF.type, KG.Stance)))
    holder = ds.value(stance, KG.holder)
    before = signatures(ds)[0]
    for g in ds.graphs():
        for t in list(g.objects(holder, RDF.type)):
            g.remove((holder, RDF.type, t))
            g.add((holder, RDF.type, KG.Group))
    after = signatures(ds)[0]
    assert before[stance] != after[stance] and before[holder] != after[holder]
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed == {holder} | {s for s, _, _ in ds.triples((None, None, holder))}


def test_validation_split_by_shapes_equals_the_whole(seeds_graph):
    broken = copy(seeds_graph)
    ev = next(iter(broken.subjects(RDF.type, KG.Evidence)))
    for g in broken.graphs():
        g.remove((ev, KG.text, None))
    prop = next(iter(broken.subjects(RDF.type, KG.Proposal)))
    broken.graph(documents(broken)[0]).add((prop, KG.topic, Literal(5)))
    groups = shape_groups(broken, 2)
    assert len(groups) == 2 and sorted(sum(groups, [])) == target_shapes()
    whole = validate(broken)
    assert not whole.conforms
    assert combine([r for g in groups for r in validate(broken, use_shapes=g).results]) == whole


def test_alike_nodes_are_validated_once_for_all(seeds_graph, tmp_path):
    """Classes of nodes the shapes cannot tell apart: one node each is validated, the report is the same."""
    memo = tmp_path / "memo.pickle"
    plan, report = planned(seeds_graph, memo, abstract=True)
    assert plan.abstraction is not None and not plan.full
    assert report == validate(seeds_graph) and report.conforms
    assert len(plan.todo) == len(plan.members) < len(plan.sigs) / 2
    evidence = sorted(copy(seeds_graph).subjects(RDF.type, KG.Evidence))
    assert len({plan.sigs[e] for e in evidence}) < len(evidence) / 4  # spans differ, the shapes see alike
    plan, again = planned(seeds_graph, memo, abstract=True)
    assert plan.todo == set() and again == report  # every class known to conform: nothing to validate
    plan, fresh = planned(seeds_graph, None, abstract=True)  # --no-cache: classes, no memo
    assert len(plan.todo) == len(plan.members) and fresh == report


def test_abstraction_keeps_apart_what_the_shapes_tell_apart():
    from kg.graph.shape_classes import Abstraction

    a = Abstraction.of()
    types = {URIRef("urn:x:a"): {KG.Person}, URIRef("urn:x:b"): {KG.Person}, URIRef("urn:x:c"): {KG.Document}}
    node = URIRef("urn:x:f")

    def key(*pos):
        return a.key(node, set(pos), types)

    n = Literal(5)
    assert key((KG.beginIndex, n), (KG.endIndex, Literal(9))) == key((KG.beginIndex, Literal(7)),
                                                                       (KG.endIndex, Literal(8)))
    assert key((KG.beginIndex, n), (KG.endIndex, Literal(9))) != key((KG.beginIndex, n), (KG.endIndex, Literal(4)))
    assert key((KG.beginIndex, n)) != key((KG.beginIndex, Literal(-1)))
    assert key((KG.beginIndex, n)) != key((KG.beginIndex, Literal("5")))
    assert key((KG.beginIndex, n)) != key((KG.beginIndex, Literal("x", datatype=n.datatype)))
    assert key((KG.holder, URIRef("urn:x:a"))) == key((KG.holder, URIRef("urn:x:b")))
    assert key((KG.holder, URIRef("urn:x:a"))) != key((KG.holder, URIRef("urn:x:c")))
    assert key((KG.polarity, KG.Support)) != key((KG.polarity, KG.Oppose))
    one, two = key((RDFS.label, Literal("a"))), key((RDFS.label, Literal("a")), (RDFS.label, Literal("b")))
    assert one != two == key(*((RDFS.label, Literal(c)) for c in "abcdefgh"))  # above maxCount 1: alike


def test_shapes_it_cannot_model_mean_node_by_node(tmp_path):
    from kg.graph.shape_classes import Abstraction

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES_PATH.read_text(encoding="utf-8") + "\nkgsh:EvidenceShape sh:closed true .\n",
                      encoding="utf-8")
    assert Abstraction.of(SHAPES_PATH) is not None and Abstraction.of(shapes) is None


MUTATIONS = ["drop", "second label", "negative", "ill-typed", "string", "swap", "retype", "polarity"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 10_000)), min_size=1, max_size=3))
def test_classes_report_equals_a_whole_validation_after_any_edit(seeds_graph, edits):
    ds = copy(seeds_graph)
    doc = ds.graph(documents(ds)[0])
    evidence = sorted(ds.subjects(RDF.type, KG.Evidence))
    for kind, i in edits:
        ev = evidence[i % len(evidence)]
        if kind == "drop":
            s, p, o = sorted(ds.triples((None, None, None)))[i % len(ds)]
            for g in ds.graphs():
                g.remove((s, p, o))
        elif kind == "second label":
            s = sorted(set(ds.subjects(RDFS.label, None)))[i % 50 % len(set(ds.subjects(RDFS.label, None)))]
            doc.add((s, RDFS.label, Literal(f"another {i}")))
        elif kind in ("negative", "ill-typed", "string", "swap"):
            begin, end = ds.value(ev, KG.beginIndex), ds.value(ev, KG.endIndex)
            new = {"negative": (KG.beginIndex, Literal(-i - 1)),
                   "ill-typed": (KG.endIndex, Literal("x", datatype=begin.datatype)) if begin else None,
                   "string": (KG.beginIndex, Literal(str(i))),
                   "swap": None}[kind]
            for g in ds.graphs():
                if kind == "swap" and begin is not None and end is not None and begin != end:
                    g.remove((ev, KG.beginIndex, begin)), g.remove((ev, KG.endIndex, end))
                    g.add((ev, KG.beginIndex, end)), g.add((ev, KG.endIndex, begin))
                elif new and (ev, new[0], None) in g:
                    g.remove((ev, new[0], None)), g.add((ev, *new))
        elif kind == "retype":
            actors = sorted(ds.subjects(RDF.type, KG.Person)) + sorted(ds.subjects(RDF.type, KG.Country))
            a = actors[i % len(actors)]
            for g in ds.graphs():
                if (a, RDF.type, None) in g:
                    g.remove((a, RDF.type, None)), g.add((a, RDF.type, KG.Document))
        else:
            stances = sorted(ds.subjects(RDF.type, KG.Stance))
            st_ = stances[i % len(stances)]
            for g in ds.graphs():
                if (st_, KG.polarity, None) in g:
                    g.remove((st_, KG.polarity, None)), g.add((st_, KG.polarity, URIRef(KG._NS + "Maybe")))
    _, report = planned(ds, None, abstract=True)
    assert report == validate(ds)
