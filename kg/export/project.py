"""The Gephi projection: the kg dataset reduced to actors, proposals, conditions and events.

Input: an `rdflib.Dataset` (or Graph) following docs/DATA_MODEL.md; all graphs are read as one union.
Output: a `networkx.MultiDiGraph` whose node ids are the IRIs and which has at most ONE edge per
(source, target, relation); its key is "e:<relation>:<n>" (n counts that relation's edges in sorted
(source, target) order), so keys are unique and serve as edge ids in GraphML/GEXF.

Edges (relation → label):
  proposed → "proposed"                      actor → proposal        (kg:proposedBy)
  supports / opposes / conditionally_supports / neutral_on          (kg:Stance holder → target,
      → "supports" / "opposes" / "conditionally supports" / "neutral on"   by kg:polarity)
  sets_condition → "sets condition"          actor → condition       (kg:statedBy)
  condition_of → "condition of"              condition → proposal    (kg:conditionOf)
  takes_part_in → "takes part in"            actor → event           (kg:participant)
Edge attributes: label, relation, weight (float: evidence sentences behind the edge, at least 1.0),
evidence_count (int), polarity (stance edges only: support/oppose/conditional/neutral).
Edges whose endpoints are not projected nodes (no recognised rdf:type) are left out.

Node attributes (all scalars; empty values are omitted, never None): label (rdfs:label, else the IRI's
last segment), type, kind (actor/proposal/condition/event), color (hex), r, g, b (ints), size
(10 + 5·log1p(mentions)), mentions (documents mentioning or evidencing the node), evidence_count
(evidence nodes of the fact; for actors: of the facts on their edges plus evidence attributed to them),
iri, date (events with kg:date), wikidata (skos:exactMatch Wikidata IRIs, "; "-joined), linked (bool).

Palette (type → colour):
  Person #1f77b4   Organization #ff7f0e   Country #2ca02c   Group #d62728
  Proposal #9467bd   Condition #8c564b   Event #7f7f7f
  PhoneCall #e377c2   Meeting #17becf   Talks #bcbd22   Agreement #aec7e8
  PrisonerExchange #ffbb78   Statement #98df8a   Attack #ff9896
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from kg.graph.vocab import ACTOR_TYPES, EVENT_TYPES, KG, WD

__all__ = ["PALETTE", "RELATION_LABELS", "Index", "project"]

PALETTE: dict[str, str] = {
    "Person": "#1f77b4", "Organization": "#ff7f0e", "Country": "#2ca02c", "Group": "#d62728",
    "Proposal": "#9467bd", "Condition": "#8c564b", "Event": "#7f7f7f",
    "PhoneCall": "#e377c2", "Meeting": "#17becf", "Talks": "#bcbd22", "Agreement": "#aec7e8",
    "PrisonerExchange": "#ffbb78", "Statement": "#98df8a", "Attack": "#ff9896",
}
RELATION_LABELS: dict[str, str] = {
    "proposed": "proposed", "supports": "supports", "opposes": "opposes",
    "conditionally_supports": "conditionally supports", "neutral_on": "neutral on",
    "sets_condition": "sets condition", "condition_of": "condition of", "takes_part_in": "takes part in",
}
_STANCE_RELATION = {KG.Support: ("supports", "support"), KG.Oppose: ("opposes", "oppose"),
                    KG.Conditional: ("conditionally_supports", "conditional"),
                    KG.Neutral: ("neutral_on", "neutral")}
# most specific first: the first listed class a node has decides its type
_TYPE_ORDER: list[tuple[Any, str, str]] = (
    [(KG[t], t, "actor") for t in ACTOR_TYPES]
    + [(KG.Proposal, "Proposal", "proposal"), (KG.Condition, "Condition", "condition")]
    + [(KG[t], t, "event") for t in EVENT_TYPES] + [(KG.Event, "Event", "event")])
_WANTED = {KG.mentionedIn, KG.evidence, KG.sourceDocument, KG.proposedBy, KG.statedBy, KG.conditionOf,
           KG.holder, KG.target, KG.polarity, KG.participant, KG.date, SKOS.exactMatch, KG.linked,
           KG.attributedTo, RDF.type, RDFS.label}


_PROJECTED = {cls for cls, _, _ in _TYPE_ORDER}
_TYPE, _SOURCE_DOCUMENT, _EVIDENCE = RDF.type, KG.sourceDocument, KG.Evidence  # a namespace lookup is Python


class Index:
    """predicate → subject → objects over the union of all graphs, for the predicates used here, folded
    graph by graph (`add`): a build streaming its graphs (kg.export.spill) projects without holding them.
    Kept small for corpora of many articles: of rdf:type only the projected classes (and which nodes are
    evidence), kg:sourceDocument (one per evidence node) as tuples rather than sets."""

    def __init__(self) -> None:
        self.idx: dict[Any, dict[Any, Any]] = {p: defaultdict(set) for p in _WANTED}
        self.idx[KG.sourceDocument] = {}
        self.evidence_nodes: set[Any] = set()  # typed kg:Evidence

    def add(self, ds: Any) -> Index:
        """Fold in the triples of `ds` (a Graph, Dataset, kg Quads or iterable of triples); returns self."""
        idx = self.idx
        triples = (q[:3] for q in ds.quads((None, None, None, None))) if hasattr(ds, "quads") else ds
        types, docs, evidence = idx[_TYPE], idx[_SOURCE_DOCUMENT], self.evidence_nodes
        for s, p, o in triples:
            if p in idx:
                if p == _TYPE:
                    if o in _PROJECTED:
                        types[s].add(o)
                    elif o == _EVIDENCE:
                        evidence.add(s)
                elif p == _SOURCE_DOCUMENT:
                    have = docs.get(s, ())
                    if o not in have:
                        docs[s] = (*have, o)
                else:
                    idx[p][s].add(o)
        return self


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _label(node: Any, labels: set[Any]) -> str:
    """The smallest non-blank rdfs:label (characters XML cannot carry removed), else the IRI's last segment."""
    texts = sorted(t for t in (_XML_ILLEGAL.sub("", str(x)).strip() for x in labels) if t)
    if texts:
        return texts[0]
    tail = str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return tail or str(node)


def _as_bool(values: set[Any]) -> bool | None:
    for v in sorted(values, key=str):
        py = v.toPython() if isinstance(v, Literal) else v
        if isinstance(py, bool):
            return py
        if str(v).strip().lower() in ("true", "1", "false", "0"):
            return str(v).strip().lower() in ("true", "1")
    return None


def project(ds: Graph | Index) -> nx.MultiDiGraph:
    """Project the dataset (or the Index folded from its graphs) to the Gephi graph described in the module
    docstring."""
    index = ds if isinstance(ds, Index) else Index().add(ds)
    idx = index.idx
    kinds: dict[Any, tuple[str, str]] = {}
    for node, classes in idx[RDF.type].items():
        for cls, name, kind in _TYPE_ORDER:
            if cls in classes:
                kinds[node] = (name, kind)
                break
    evidence = idx[KG.evidence]

    edges: dict[tuple[Any, Any, str], set[Any]] = defaultdict(set)
    polarity: dict[str, str] = {}

    def link(u: Any, v: Any, relation: str, ev: set[Any]) -> None:
        if u in kinds and v in kinds and u != v:
            edges[(u, v, relation)] |= ev

    for prop, actors in idx[KG.proposedBy].items():
        for a in actors:
            link(a, prop, "proposed", evidence.get(prop, set()))
    for stance, holders in idx[KG.holder].items():
        for pol in idx[KG.polarity].get(stance, ()):
            if pol not in _STANCE_RELATION:
                continue
            relation, polarity_name = _STANCE_RELATION[pol]
            polarity[relation] = polarity_name
            for h in holders:
                for t in idx[KG.target].get(stance, ()):
                    link(h, t, relation, evidence.get(stance, set()))
    for cond, actors in idx[KG.statedBy].items():
        for a in actors:
            link(a, cond, "sets_condition", evidence.get(cond, set()))
    for cond, props in idx[KG.conditionOf].items():
        for p in props:
            link(cond, p, "condition_of", evidence.get(cond, set()))
    for event, actors in idx[KG.participant].items():
        for a in actors:
            link(a, event, "takes_part_in", evidence.get(event, set()))

    actor_evidence: dict[Any, set[Any]] = defaultdict(set)
    for (u, v, _), ev in edges.items():
        for n in (u, v):
            if kinds[n][1] == "actor":
                actor_evidence[n] |= ev
    evidence_nodes = {e for evs in evidence.values() for e in evs}
    for ev_node, actors in idx[KG.attributedTo].items():
        if ev_node in evidence_nodes or ev_node in index.evidence_nodes:
            for a in actors:
                actor_evidence[a].add(ev_node)

    G = nx.MultiDiGraph()
    for node in sorted(kinds, key=str):
        type_name, kind = kinds[node]
        own_ev = evidence.get(node, set())
        docs = set(idx[KG.mentionedIn].get(node, ())) | {
            d for e in own_ev for d in idx[KG.sourceDocument].get(e, ())}
        color = PALETTE[type_name]
        attrs: dict[str, Any] = {
            "label": _label(node, idx[RDFS.label].get(node, set())), "type": type_name, "kind": kind,
            "color": color, "r": int(color[1:3], 16), "g": int(color[3:5], 16), "b": int(color[5:7], 16),
            "size": round(10.0 + 5.0 * math.log1p(len(docs)), 4), "mentions": len(docs),
            "evidence_count": len(actor_evidence[node] if kind == "actor" else own_ev), "iri": str(node),
        }
        dates = sorted(str(d) for d in idx[KG.date].get(node, ()) if str(d).strip())
        if kind == "event" and dates:
            attrs["date"] = dates[0]
        wikidata = sorted(str(m) for m in idx[SKOS.exactMatch].get(node, ()) if str(m).startswith(str(WD)))
        if wikidata:
            attrs["wikidata"] = "; ".join(wikidata)
        linked = _as_bool(idx[KG.linked].get(node, set()))
        if linked is not None:
            attrs["linked"] = linked
        G.add_node(str(node), **attrs)

    counters: dict[str, int] = defaultdict(int)
    for u, v, relation in sorted(edges, key=lambda e: (e[2], str(e[0]), str(e[1]))):
        ev = edges[(u, v, relation)]
        attrs = {"label": RELATION_LABELS[relation], "relation": relation,
                 "weight": float(max(1, len(ev))), "evidence_count": len(ev)}
        if relation in polarity:
            attrs["polarity"] = polarity[relation]
        key = f"e:{relation}:{counters[relation]}"
        counters[relation] += 1
        G.add_edge(str(u), str(v), key=key, **attrs)
    return G
