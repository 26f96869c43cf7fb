"""Cross-source discrepancies: where two articles tell the same fact differently, as kg:Discrepancy nodes.

Input: the merged Corpus (kg.merge) and, optionally, the per-article DocExtractions it was merged from.
Output: `find_discrepancies` → a sorted list of frozen Discrepancy records; `add_to_graph` writes them
into an rdflib Dataset as `id:discrepancy/<hash of key>` nodes (rdfs:label, kg:aspect, kg:concerns,
kg:sideA/sideB, kg:sourceA/sourceB, kg:valueA/valueB).

Aspects (the rules live in kg.discrepancy.rules, the wording helpers in kg.discrepancy.text):
- date / participants / quantity: one-off events (call, meeting, talks, agreement, exchange) of the same
  type with overlapping participants, dated at most 2 days apart in two articles, told with another date,
  another set of parties (each side naming ≥ 2), or other numbers ("175" vs "150");
- quantity / scope: the same proposer's proposal on the same topic with another duration (30 vs 20
  days), or whose phrase naming the topic covers other items ("energy infrastructure" vs "energy and
  infrastructure");
- polarity: the same holder's explicit stance on the same target with another polarity, in articles at
  most 3 days apart;
- omission: a condition on a proposal (or an explicit stance on it) reported by article A, where article
  B, published the same day or up to 3 days later, reports the proposal but not that condition (nor one
  worded alike) or no stance of that holder's side: value B is "not reported".

Per-article views: the merged node keeps one label, quantity and duration, so differences that are not
part of a fact's key (a label's wording, an exchange's numbers) are only seen when the extractions are
passed; without them every article with evidence for a fact is taken to tell the merged fact.

Side A is the article whose id sorts first (for omissions: the article that reports the thing).

Named graphs: a discrepancy is written into the named graphs of both its sources (like the actors'
triples, shared triples repeat), so loading either article shows it with its two sides. It is about
both articles: after dropping article X from a store, drop its discrepancies from the other graphs too:
`DELETE { GRAPH ?g { ?d ?p ?o } } WHERE { GRAPH ?g { ?d kg:sourceA|kg:sourceB <X> ; ?p ?o } }`.
A rebuild without X never produces them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.discrepancy import rules
from kg.graph.iri import mint
from kg.graph.vocab import KG
from kg.discrepancy.views import Reported
from kg.merge import Corpus, unpacked
from kg.model import DocExtraction

__all__ = ["Discrepancy", "Told", "add_to_graph", "find_discrepancies", "triples_by_document"]


@dataclass(frozen=True)
class Discrepancy:
    """Two articles' differing reports of one aspect of a fact; sides are fact keys, sources doc ids."""

    key: str
    aspect: str  # scope | participants | date | quantity | polarity | omission
    label: str
    concerns: tuple[str, ...]
    side_a: str
    side_b: str
    source_a: str
    source_b: str
    value_a: str
    value_b: str


KINDS = ("proposals", "conditions", "stances", "events")


class Told:
    """What each article tells of each fact, collected extraction by extraction (pass it as
    kg.merge.merge(each=...)): the per-article views find_discrepancies compares, without keeping the
    extractions."""

    def __init__(self) -> None:
        self.views: dict[str, list[rules.View]] = {kind: [] for kind in KINDS}
        self.shared: dict = {}  # one object per distinct label, key, list of actors...: articles repeat them

    def __call__(self, x: DocExtraction) -> None:
        doc, shared = x.document.id, self.shared
        for kind in KINDS:
            self.views[kind].extend(rules.View(doc, shared.setdefault(f.key, f.key), Reported(f, shared))
                                    for f in getattr(x, kind))


def _views(corpus: Corpus, extractions: list[DocExtraction] | None, told: Told | None = None) -> rules.Views:
    from kg.linking_data import gazetteer

    gaz = gazetteer()
    v = rules.Views(dates={d.id: d.date for d in corpus.documents})
    for key, actor in corpus.actors.items():
        v.names[key] = actor.name
        v.party[key] = gaz.state_of(key) or actor.part_of or key
    stores = {"proposals": corpus.proposals, "conditions": corpus.conditions, "stances": corpus.stances,
              "events": corpus.events}
    for store in stores.values():
        for key, fact in store.items():
            v.labels[key] = getattr(fact, "label", key)
            v.reporters[key] = {ev.doc_id for ev in fact.evidence}
    if extractions is not None and told is None:
        told = Told()
        for x in unpacked(extractions):
            told(x)
    if told is not None:
        known = set(v.dates)
        for kind, store in stores.items():
            getattr(v, kind).extend(x for x in told.views[kind] if x.doc in known and x.key in store)
    else:
        for kind, store in stores.items():
            for key in sorted(store):
                getattr(v, kind).extend(rules.View(doc, key, store[key]) for doc in sorted(v.reporters[key]))
    return v


def find_discrepancies(corpus: Corpus, extractions: list[DocExtraction] | None = None,
                       told: Told | None = None) -> list[Discrepancy]:
    """Every discrepancy between the corpus' articles, sorted by aspect, label and key (deterministic).

    Pass the per-article `extractions` the corpus was merged from (or the Told collected while merging
    them) to also compare what merging keeps once (label wording, event quantities); see the module
    docstring for the rules.
    """
    from kg.rules_data import cues

    v = _views(corpus, extractions, told)
    c = cues()
    topic_words = {name: list(words) for name, words in c["topics"]}
    found = [*rules.events(v), *rules.proposals(v, topic_words), *rules.polarity(v),
             *rules.omissions(v, frozenset(c["generic_heads"]))]
    out: dict[str, Discrepancy] = {}
    for f in found:
        key = f"discrepancy|{f.aspect}|{f.source_a}|{f.side_a}|{f.value_a}|{f.source_b}|{f.side_b}|{f.value_b}"
        label = f"{f.aspect}: {f.subject} — {f.value_a} ({f.source_a}) vs {f.value_b} ({f.source_b})"
        out.setdefault(key, Discrepancy(key, f.aspect, label, f.concerns, f.side_a, f.side_b, f.source_a,
                                        f.source_b, f.value_a, f.value_b))
    return sorted(out.values(), key=lambda d: (d.aspect, d.label, d.key))


def _fact_iri(corpus: Corpus, key: str) -> URIRef:
    for kind, store in (("proposal", corpus.proposals), ("condition", corpus.conditions),
                        ("stance", corpus.stances), ("event", corpus.events)):
        if key in store:
            return mint(kind, key)
    raise KeyError(f"discrepancy side {key!r} is not a fact of the corpus")


def _triples(d: Discrepancy, corpus: Corpus) -> list[tuple]:
    node = mint("discrepancy", d.key)
    triples = [(node, RDF.type, KG.Discrepancy), (node, RDFS.label, Literal(d.label)),
               (node, KG.aspect, Literal(d.aspect)),
               (node, KG.sideA, _fact_iri(corpus, d.side_a)), (node, KG.sideB, _fact_iri(corpus, d.side_b)),
               (node, KG.sourceA, mint("document", d.source_a)),
               (node, KG.sourceB, mint("document", d.source_b)),
               (node, KG.valueA, Literal(d.value_a)), (node, KG.valueB, Literal(d.value_b))]
    return triples + [(node, KG.concerns, _fact_iri(corpus, k)) for k in d.concerns]


def add_to_graph(ds: Dataset, discrepancies: list[Discrepancy], corpus: Corpus) -> None:
    """Write each discrepancy into the named graphs of its source documents (graph IRI = document IRI)."""
    for d in discrepancies:
        triples = _triples(d, corpus)
        for doc in dict.fromkeys((d.source_a, d.source_b)):
            g = ds.graph(mint("document", doc))
            for t in triples:
                g.add(t)


def triples_by_document(discrepancies: list[Discrepancy], corpus: Corpus) -> Callable[[str], list[tuple]]:
    """doc id → the triples of the discrepancies that document is a source of (what add_to_graph writes
    into its graph), made when asked for: kg.graph.build.graphs(extra=...) builds one graph at a time."""
    of: dict[str, list[Discrepancy]] = {}
    for d in discrepancies:
        for doc in dict.fromkeys((d.source_a, d.source_b)):
            of.setdefault(doc, []).append(d)

    def triples(doc_id: str) -> list[tuple]:
        return [t for d in of.get(doc_id, ()) for t in _triples(d, corpus)]
    return triples
