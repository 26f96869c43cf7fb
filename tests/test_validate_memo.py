"""Tests of kg.graph.validate_memo (re-validate only changed nodes) and of splitting validation by shapes.

Input: the seeds' graph (session fixture), edited here: documents dropped, violations injected, an
actor's type changed. Output: pytest results. The memo's report must equal a whole validation's, always.
"""
from __future__ import annotations

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


def planned(ds: Dataset, memo) -> tuple:
    plan = Plan(ds, memo, full_share=0.9)  # two seeds: one document is half the graph
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


def test_violations_found_by_the_memo_equal_a_whole_validation(seeds_graph, tmp_path):
    memo = tmp_path / "memo.pickle"
    planned(seeds_graph, memo)
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
    plan, report = planned(broken, memo)
    assert not plan.full
    whole = validate(broken)
    assert not whole.conforms and report == whole
    assert {proposal, actor, country} <= {r[0] for r in report.results}
    referring = {s for s, _, o in broken.triples((None, None, country)) if s != country}
    assert referring & {r[0] for r in report.results}

    plan, back = planned(seeds_graph, memo)  # and back: the memo forgets nothing it needs
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
