"""Claims → RDF: the only place that writes domain triples.

Input: a merged Corpus and the build's provenance (rules version, model name and version).
Output: a kg.graph.quads.Quads (rdflib terms; `to_dataset()` gives an rdflib Dataset) with one named graph
per document (graph IRI = document IRI) holding the
document, the facts evidenced in it with their evidence nodes, and the actors it mentions; the build
activity sits in the default graph. Everything is an IRI minted in kg.graph.iri: no blank nodes.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.graph.iri import evidence_iri, mint
from kg.graph.quads import NamedGraph, Quads
from kg.graph.vocab import KG, POLARITY, PREFIXES, SCHEMA, WD
from kg.merge import Corpus
from kg.model import Actor, Evidence

ACTOR_CLASS = {"Person": KG.Person, "Organization": KG.Organization, "Country": KG.Country, "Group": KG.Group}


_LITERALS: dict[tuple, Literal] = {}  # one build's literals: actors' labels recur in every article's graph
_MINTED: dict[tuple[str, str], URIRef] = {}  # one build's IRIs: an actor's recurs in every article's graph
# the vocabulary as plain constants: each `KG.x` is a Python-level Namespace.__getattr__ (0.75 M lookups, 1.5 s
# of a 1,000-article build)
TYPE, LABEL, ALT_LABEL, EXACT_MATCH = RDF.type, RDFS.label, SKOS.altLabel, SKOS.exactMatch
EVIDENCE, EVIDENCE_CLASS, SOURCE_DOCUMENT, TEXT = KG.evidence, KG.Evidence, KG.sourceDocument, KG.text
BEGIN, END, NON_NEGATIVE = KG.beginIndex, KG.endIndex, XSD.nonNegativeInteger
LINKED, PART_OF, ROLE, MENTIONED_IN = KG.linked, KG.partOf, KG.role, KG.mentionedIn
ATTRIBUTED_TO, HEDGED, NEGATED = KG.attributedTo, KG.hedged, KG.negated


def _lit(value, datatype: URIRef | None = None) -> Literal:
    key = (type(value), value, datatype)
    hit = _LITERALS.get(key)
    if hit is None:
        hit = _LITERALS[key] = Literal(value, datatype=datatype)
    return hit


def _mint(kind: str, key: str) -> URIRef:
    hit = _MINTED.get((kind, key))
    if hit is None:
        hit = _MINTED[kind, key] = mint(kind, key)
    return hit


def _doc_iri(doc_id: str) -> URIRef:
    return _mint("document", doc_id)


def _actor_iri(key: str) -> URIRef:
    return _mint("actor", key)


def _evidence(g: NamedGraph, fact: URIRef, ev: Evidence, dnode: URIRef, done: set[URIRef]) -> None:
    """fact kg:evidence node, and the node's own triples once per graph (`done`: the nodes written in g)."""
    node = evidence_iri(ev.doc_id, ev.begin, ev.end)
    g.add((fact, EVIDENCE, node))
    if node in done:  # a sentence evidencing several facts
        return
    done.add(node)
    g.add((node, TYPE, EVIDENCE_CLASS))
    g.add((node, SOURCE_DOCUMENT, dnode))
    g.add((node, TEXT, Literal(ev.text)))
    g.add((node, BEGIN, _lit(ev.begin, NON_NEGATIVE)))
    g.add((node, END, _lit(ev.end, NON_NEGATIVE)))


def _actor(g: NamedGraph, actor: Actor, corpus: Corpus, doc_id: str, roles: dict[str, list[str]]) -> URIRef:
    node = _actor_iri(actor.key)
    g.add((node, TYPE, ACTOR_CLASS[actor.type]))
    g.add((node, LABEL, _lit(actor.name)))
    labels = set(actor.aliases) | corpus.surface.get(actor.key, set())
    for alias in sorted(labels - {actor.name}):
        g.add((node, ALT_LABEL, _lit(alias)))
    g.add((node, LINKED, _lit(actor.linked)))
    if actor.wikidata:
        g.add((node, EXACT_MATCH, WD[actor.wikidata]))
    if actor.part_of:
        g.add((node, PART_OF, _actor_iri(actor.part_of)))
    for title in roles.get(actor.key, []):
        g.add((node, ROLE, _lit(title)))
    g.add((node, MENTIONED_IN, _doc_iri(doc_id)))
    return node


def _common(g: NamedGraph, node: URIRef, cls: URIRef, label: str, fact, evidence: list[Evidence],
            dnode: URIRef, done: set[URIRef]) -> None:
    g.add((node, TYPE, cls))
    g.add((node, LABEL, _lit(label)))
    a = fact.attribution
    if a.source:
        g.add((node, ATTRIBUTED_TO, _actor_iri(a.source)))
    g.add((node, HEDGED, _lit(bool(a.hedged))))
    g.add((node, NEGATED, _lit(bool(a.negated))))
    for ev in evidence:
        _evidence(g, node, ev, dnode, done)


def build(corpus: Corpus, provenance: dict[str, str], roles: dict[str, list[str]] | None = None,
          affiliation: dict[str, str] | None = None) -> Quads:
    """The dataset of a corpus, all graphs in one Quads; `roles` maps actor keys to role titles,
    `affiliation` persons to states."""
    ds = Quads()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    for g, quads in graphs(corpus, provenance, roles, affiliation):
        target = ds.default_graph if g is None else ds.graph(g)
        for s, p, o, _ in quads.quads():
            target.add((s, p, o))
    return ds


def graph_order(iri: URIRef) -> str:
    """The sort key of a graph: its N-Triples form, by which the exports order graphs."""
    return f"<{iri}>"


def graphs(corpus: Corpus, provenance: dict[str, str], roles: dict[str, list[str]] | None = None,
           affiliation: dict[str, str] | None = None,
           extra: Callable[[str], Iterable[tuple]] | None = None, batch: int = 1,
           ) -> Iterator[tuple[URIRef | None, Quads]]:
    """The dataset of a corpus one graph at a time, as (graph IRI, Quads holding only that graph): the
    default graph (None: the build activity) first, then each document's graph in graph_order. Only one
    document's quads are made at a time (the corpus-level parts, labels and merged attributes, come from
    `corpus`), so a consumer that writes each graph out holds one article's quads, not the corpus'.
    `extra(doc_id)`: more triples for that document's graph (kg.discrepancy.triples_by_document).
    `batch`: the graphs of that many consecutive documents in each Quads (paired with the first one's IRI):
    fewer, larger pieces for a consumer with a cost per call."""
    roles, affiliation = roles or {}, affiliation or {}
    activity = mint("build", provenance["rules_version"])
    dates = {d.id: d.date for d in corpus.documents}
    # what each document holds, indexed once: the loops below are then linear in the corpus, not
    # documents × facts (a 1,000-article build spent 174 s here)
    facts_in: dict[str, dict[str, list]] = {}
    evidence_in: dict[tuple[str, int], list[Evidence]] = {}  # (document, id(fact)) → its evidence there
    for kind, store in (("p", corpus.proposals), ("c", corpus.conditions), ("s", corpus.stances),
                        ("e", corpus.events)):
        for fact in store.values():
            for ev in fact.evidence:
                evs = evidence_in.get((ev.doc_id, id(fact)))
                if evs is None:
                    evs = evidence_in[ev.doc_id, id(fact)] = []
                    facts_in.setdefault(ev.doc_id, {"p": [], "c": [], "s": [], "e": []})[kind].append(fact)
                evs.append(ev)
    actors_in: dict[str, set[str]] = {}
    for key, docs in corpus.mentioned_in.items():
        for did in docs:
            actors_in.setdefault(did, set()).add(key)
    _LITERALS.clear()
    _MINTED.clear()
    try:
        default = Quads()
        g = default.default_graph
        g.add((activity, RDF.type, KG.BuildActivity))
        g.add((activity, KG.rulesVersion, Literal(provenance["rules_version"])))
        g.add((activity, KG.modelName, Literal(provenance["model_name"])))
        g.add((activity, KG.modelVersion, Literal(provenance["model_version"])))
        yield None, default
        stated_on = {}  # a stance is stated on the earliest date of the documents evidencing it
        for st in corpus.stances.values():
            stated = min((dates[ev.doc_id] for ev in st.evidence if dates.get(ev.doc_id)), default=None)
            if stated:
                stated_on[id(st)] = _lit(stated.isoformat(), XSD.date)
        quads, first = Quads(), None
        for i, document in enumerate(sorted(corpus.documents, key=lambda d: graph_order(_doc_iri(d.id)))):
            dnode = _doc_iri(document.id)
            _document(quads.graph(dnode), document, dnode, activity, corpus, roles, affiliation,
                      facts_in.pop(document.id, {"p": [], "c": [], "s": [], "e": []}), evidence_in,
                      actors_in.pop(document.id, set()), stated_on)
            if extra is not None:
                g = quads.graph(dnode)
                for t in extra(document.id):
                    g.add(t)
            first = first or dnode
            if (i + 1) % batch == 0:
                yield first, quads
                quads, first = Quads(), None
        if first is not None:
            yield first, quads
    finally:
        _LITERALS.clear()
        _MINTED.clear()


def _linked(g: NamedGraph, node: URIRef, predicate: URIRef, keys: list[str], used: set[str]) -> None:
    """node predicate actor, for each actor key (noted in `used`: its description goes into the graph)."""
    for who in keys:
        g.add((node, predicate, _actor_iri(who)))
        used.add(who)


def _document(g: NamedGraph, document, dnode: URIRef, activity: URIRef, corpus: Corpus,
              roles: dict[str, list[str]], affiliation: dict[str, str], here: dict[str, list],
              evidence_in: dict[tuple[str, int], list[Evidence]], actors: set[str], stated_on: dict) -> None:
    """One document's graph: the document, the facts evidenced in it with their evidence, its actors."""
    did = document.id
    g.add((dnode, RDF.type, KG.Document))
    g.add((dnode, DCTERMS.identifier, Literal(did)))
    if document.title:
        g.add((dnode, DCTERMS.title, Literal(document.title)))
    if document.date:
        g.add((dnode, DCTERMS.date, Literal(document.date.isoformat(), datatype=XSD.date)))
    if document.url:
        g.add((dnode, SCHEMA.url, Literal(document.url)))
    g.add((dnode, PROV.wasGeneratedBy, activity))
    done: set[URIRef] = set()
    used: set[str] = set(actors)
    for p in here["p"]:
        node = _mint("proposal", p.key)
        _common(g, node, KG.Proposal, p.label, p, evidence_in.pop((did, id(p))), dnode, done)
        _linked(g, node, KG.proposedBy, p.proposers, used)
        g.add((node, KG.topic, _lit(p.topic)))
        if p.duration:
            g.add((node, KG.duration, Literal(p.duration, datatype=XSD.duration)))
        if p.scope:
            g.add((node, KG.scope, Literal(p.scope)))
        for who in p.addressed:
            if who in corpus.actors:
                g.add((node, KG.addressedTo, _actor_iri(who)))
                used.add(who)
    for c in here["c"]:
        node = _mint("condition", c.key)
        _common(g, node, KG.Condition, c.label, c, evidence_in.pop((did, id(c))), dnode, done)
        _linked(g, node, KG.statedBy, c.holders, used)
        if c.on and c.on in corpus.proposals:
            g.add((node, KG.conditionOf, _mint("proposal", c.on)))
    for s in here["s"]:
        node = _mint("stance", s.key)
        target = _mint("proposal", s.target) if s.target in corpus.proposals else _mint("condition", s.target)
        _common(g, node, KG.Stance, f"{s.polarity} stance", s, evidence_in.pop((did, id(s))), dnode, done)
        g.add((node, KG.holder, _actor_iri(s.holder)))
        g.add((node, KG.target, target))
        g.add((node, KG.polarity, POLARITY[s.polarity]))
        g.add((node, KG.inferred, _lit(s.inferred)))
        if id(s) in stated_on:
            g.add((node, KG.statedOn, stated_on[id(s)]))
        used.add(s.holder)
    for e in here["e"]:
        node = _mint("event", e.key)
        _common(g, node, getattr(KG, e.type), e.label, e, evidence_in.pop((did, id(e))), dnode, done)
        _linked(g, node, KG.participant, e.participants, used)
        if e.date:
            g.add((node, KG.date, Literal(e.date.isoformat(), datatype=XSD.date)))
        if e.place:
            g.add((node, KG.place, Literal(e.place)))
        if e.quantity:
            g.add((node, KG.quantity, Literal(e.quantity)))
    for fact in [*here["p"], *here["c"], *here["s"], *here["e"]]:
        if fact.attribution.source:
            used.add(fact.attribution.source)
    for key in sorted(used):
        actor = corpus.actors.get(key)
        if actor is None:
            continue
        node = _actor(g, actor, corpus, did, roles)
        if key in affiliation and affiliation[key] in corpus.actors:
            g.add((node, KG.affiliatedWith, _actor_iri(affiliation[key])))
        if actor.part_of and actor.part_of in corpus.actors:
            _actor(g, corpus.actors[actor.part_of], corpus, did, roles)
