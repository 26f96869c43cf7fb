"""Cross-source discrepancies (kg.discrepancy) on the seeds plus four articles that tell the 18 March 2025
Trump–Putin call differently (tests/data/discrepancy/): each planted difference must come out as a
kg:Discrepancy that links both sides (facts) and both sources (documents).

Planted: wire_march17.txt dates the call 17 March (date); kyiv_rejected.txt says Putin rejected the 30-day
energy proposal (polarity); truce_20days.txt makes it a 20-day halt (quantity) and its prisoner exchange
150 people (quantity); wh_readout.txt calls it an "energy and infrastructure ceasefire" (scope) and reports
the 30-day ceasefire without the Kremlin's conditions (omission).
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import RDF

from kg.config import Settings
from kg.discrepancy import Discrepancy, add_to_graph, find_discrepancies
from kg.graph.iri import mint
from kg.graph.validate import validate
from kg.graph.vocab import KG
from kg.ingest import read_inputs
from kg.merge import merge
from kg.pipeline import extract_documents, run

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
PLANTED = sorted((ROOT / "tests" / "data" / "discrepancy").glob("*.txt"))
KREMLIN, OVERVIEW = "000_1ff78937a44971aa.txt", "003_bb10ee099b003496.txt"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(corpus, extractions, discrepancies, dataset loaded from graph.trig with the discrepancies added)."""
    out = tmp_path_factory.mktemp("discrepancy")
    paths = [*SEEDS, *PLANTED]
    result = run(paths, out, Settings(use_cache=False))
    assert result.documents == len(paths) and not result.rejected
    docs, _, _ = read_inputs(paths)
    extractions, _, _ = extract_documents(docs, Settings(use_cache=False))
    corpus = merge(extractions)
    found = find_discrepancies(corpus, extractions)
    ds = Dataset(default_union=True)  # ds.value / ds.objects see every named graph
    ds.parse(out / "graph.trig", format="trig")
    add_to_graph(ds, found, corpus)
    return corpus, extractions, found, ds


def _one(found: list[Discrepancy], aspect: str, docs: set[str], value_a=None, value_b=None) -> Discrepancy:
    hits = [d for d in found if d.aspect == aspect and {d.source_a, d.source_b} == docs
            and (value_a is None or d.value_a == value_a) and (value_b is None or d.value_b == value_b)]
    assert hits, f"no {aspect} discrepancy between {sorted(docs)}; found: " + "\n".join(d.label for d in found)
    return hits[0]


def _linked(ds: Dataset, d: Discrepancy, corpus) -> None:
    """The node exists in both sources' graphs with its aspect, sides, sources and values."""
    node = mint("discrepancy", d.key)
    for doc in (d.source_a, d.source_b):
        g = ds.graph(mint("document", doc))
        assert (node, RDF.type, KG.Discrepancy) in g, doc
        assert (node, KG.aspect, Literal(d.aspect)) in g
        assert (node, KG.sourceA, mint("document", d.source_a)) in g
        assert (node, KG.sourceB, mint("document", d.source_b)) in g
        assert (node, KG.valueA, Literal(d.value_a)) in g and (node, KG.valueB, Literal(d.value_b)) in g
    for side, source in ((KG.sideA, d.source_a), (KG.sideB, d.source_b)):
        fact = ds.value(node, side)
        assert fact is not None
        # the side is a fact evidenced in its own source document
        docs = {ds.value(ev, KG.sourceDocument) for ev in ds.objects(fact, KG.evidence)}
        assert mint("document", source) in docs, (fact, source)


def test_date(built):
    corpus, _, found, ds = built
    d = _one(found, "date", {"wh_readout.txt", "wire_march17.txt"}, "2025-03-18", "2025-03-17")
    assert corpus.events[d.side_a].type == corpus.events[d.side_b].type == "PhoneCall"
    _linked(ds, d, corpus)
    _one(found, "date", {OVERVIEW, "wire_march17.txt"}, "2025-03-18", "2025-03-17")


def test_polarity(built):
    corpus, _, found, ds = built
    d = _one(found, "polarity", {KREMLIN, "kyiv_rejected.txt"}, "support", "oppose")
    a, b = corpus.stances[d.side_a], corpus.stances[d.side_b]
    assert a.holder == b.holder == "vladimir-putin" and a.target == b.target
    assert a.target in d.concerns
    _linked(ds, d, corpus)


def test_duration(built):
    corpus, _, found, ds = built
    d = _one(found, "quantity", {KREMLIN, "truce_20days.txt"}, "30 days", "20 days")
    assert corpus.proposals[d.side_a].duration == "P30D" and corpus.proposals[d.side_b].duration == "P20D"
    _linked(ds, d, corpus)


def test_event_quantity_needs_the_per_article_views(built):
    corpus, _, found, ds = built
    d = _one(found, "quantity", {OVERVIEW, "truce_20days.txt"}, "175", "150")
    assert d.side_a == d.side_b and d.side_a in corpus.events  # one merged exchange, two numbers
    _linked(ds, d, corpus)
    merged_only = find_discrepancies(corpus)
    assert not [x for x in merged_only if x.aspect == "quantity" and x.side_a in corpus.events]


def test_scope(built):
    corpus, _, found, ds = built
    d = _one(found, "scope", {"kyiv_rejected.txt", "wh_readout.txt"}, "energy infrastructure", "energy and infrastructure")
    assert d.side_a == d.side_b and corpus.proposals[d.side_a].topic == "energy"
    _linked(ds, d, corpus)


def test_omitted_conditions(built):
    corpus, _, found, ds = built
    omitted = [d for d in found if d.aspect == "omission" and d.source_a == KREMLIN and d.source_b == "wh_readout.txt"]
    assert len(omitted) >= 2, [d.label for d in found]
    for d in omitted:
        assert d.value_b == "not reported"
        assert d.side_a in corpus.conditions and corpus.conditions[d.side_a].on == d.side_b
        assert d.side_b in corpus.proposals and corpus.proposals[d.side_b].topic == "ceasefire"
        _linked(ds, d, corpus)


def test_seeds_agree(built):
    """The two seeds tell the same call alike: paraphrases are not discrepancies."""
    _, _, found, _ = built
    assert not [d for d in found if {d.source_a, d.source_b} <= {KREMLIN, OVERVIEW}]


def test_deterministic_and_input_order_free(built):
    _, extractions, found, _ = built
    again = find_discrepancies(merge(list(reversed(extractions))), list(reversed(extractions)))
    assert again == found
    assert found == sorted(found, key=lambda d: (d.aspect, d.label, d.key))
    assert len({d.key for d in found}) == len(found)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].aspect = "x"


def test_graph_conforms(built):
    _, _, _, ds = built
    report = validate(ds)
    assert report.conforms, report.text


def test_differing_pairs_are_the_all_pairs_with_different_values():
    """Regression (linear discrepancy search): bucketing by value gives exactly the naive pairs, in order."""
    from hypothesis import given
    from hypothesis import strategies as st

    from kg.discrepancy.rules import _differing_pairs

    @given(st.lists(st.sampled_from(["a", "b", "c", None]), max_size=12))
    def check(values):
        views = [(n, v) for n, v in enumerate(values)]
        naive = [(x, y) for i, x in enumerate(views) for y in views[i + 1:] if x[1] != y[1]]
        assert _differing_pairs(views, lambda x: x[1]) == naive

    check()


def test_merge_keeps_each_evidence_once_in_first_seen_order(built):
    _, xs, _, _ = built
    twice = merge(xs + xs)
    once = merge(xs)
    for store in ("proposals", "conditions", "stances", "events"):
        assert {k: f.evidence for k, f in getattr(twice, store).items()} == \
               {k: f.evidence for k, f in getattr(once, store).items()}


def test_views_collected_while_merging_packed_extractions_find_the_same(built):
    """The build keeps extractions pickled (kg.merge.Packed) and collects the per-article views as the merge
    unpacks them (Told): the same corpus and the same discrepancies as from the extractions themselves."""
    from kg.discrepancy import Told
    from kg.merge import Packed

    corpus, extractions, found, _ = built
    told = Told()
    packed = [Packed.of(x) for x in reversed(extractions)]
    again = merge(packed, each=told)
    assert found and find_discrepancies(again, told=told) == found
    assert [d.id for d in again.documents] == [d.id for d in corpus.documents]
    assert all(d.text == "" for d in again.documents) and again.proposals.keys() == corpus.proposals.keys()
    assert sum(len(v) for v in told.views.values()) == sum(
        len(getattr(x, kind)) for x in extractions for kind in ("proposals", "conditions", "stances", "events"))
