"""Exported RDF → the plain, sorted records a report shows.

Input: graph files written by `kg build` (.trig, .ttl, .nq, .nt, .jsonld; several are merged as sets).
Output: ReportData: documents, actors, proposals (with proposers, conditions, stances and their evidence),
events, discrepancies (with the sentences behind each side) and stance histories, every list sorted by
stable keys (labels, dates, IRIs) so the same graph always gives the same report.
KgError E301 when a file is missing or cannot be parsed.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.errors import KgError
from kg.graph.vocab import EVENT_TYPES, KG

FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld"}
SIDE_SENTENCES = 3  # a discrepancy side shows at most this many of its sentences in its source


@dataclass(frozen=True)
class Evidence:
    text: str
    doc: str  # document identifier (file name)
    begin: int


@dataclass
class Fact:
    iri: str
    label: str
    kind: str  # Proposal | Condition | Stance | PhoneCall | … (the class name)
    evidence: list[Evidence] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)  # topic, duration, scope, date, place, quantity …
    actors: dict[str, list[str]] = field(default_factory=dict)  # role -> actor IRIs (proposedBy, holder …)
    links: dict[str, str] = field(default_factory=dict)  # target, conditionOf -> fact IRI


@dataclass
class Side:
    fact: str  # IRI
    label: str
    value: str
    source: str  # document identifier
    evidence: list[Evidence]  # its first SIDE_SENTENCES sentences in the source
    more: int = 0  # how many more sentences there are


@dataclass
class ReportData:
    documents: list[tuple[str, str, str]] = field(default_factory=list)  # (identifier, date, title)
    actors: dict[str, str] = field(default_factory=dict)  # IRI -> label
    facts: dict[str, Fact] = field(default_factory=dict)
    proposals: list[Fact] = field(default_factory=list)
    conditions: list[Fact] = field(default_factory=list)
    stances: list[Fact] = field(default_factory=list)
    events: list[Fact] = field(default_factory=list)
    discrepancies: list[tuple[str, str, Side, Side]] = field(default_factory=list)  # (aspect, label, A, B)

    def name(self, iri: str) -> str:
        return self.actors.get(iri) or (self.facts[iri].label if iri in self.facts else iri.rsplit("/", 1)[-1])

    def conditions_of(self, proposal: str) -> list[Fact]:
        return [c for c in self.conditions if c.links.get("conditionOf") == proposal]

    def stances_on(self, target: str) -> list[Fact]:
        return [s for s in self.stances if s.links.get("target") == target]


def load_graph(paths: list[Path]) -> Graph:
    """One Graph with the triples of every named graph of every file."""
    flat = Graph()
    for path in paths:
        fmt = FORMATS.get(Path(path).suffix.lower())
        if fmt is None:
            raise KgError("E301", f"unknown graph format {Path(path).suffix!r}", "use .trig, .ttl, .nq, .nt or .jsonld",
                          str(path))
        ds = Dataset()
        try:
            ds.parse(str(path), format=fmt)
        except Exception as exc:  # any parser failure is the same user error
            raise KgError("E301", f"cannot read the graph: {exc}", "run `kg build` first", str(path)) from exc
        for s, p, o, _ in ds.quads((None, None, None, None)):
            flat.add((s, p, o))
    return flat


def _str(g: Graph, s, p) -> str:
    vals = sorted(str(o) for o in g.objects(s, p))
    return vals[0] if vals else ""


def _fact(g: Graph, node: URIRef, kind: str, docs: dict[str, str]) -> Fact:
    f = Fact(str(node), _str(g, node, RDFS.label), kind)
    for ev in g.objects(node, KG.evidence):
        doc = docs.get(str(g.value(ev, KG.sourceDocument)), str(g.value(ev, KG.sourceDocument)))
        begin = g.value(ev, KG.beginIndex)
        f.evidence.append(Evidence(_str(g, ev, KG.text), doc, int(begin) if begin is not None else 0))
    f.evidence.sort(key=lambda e: (e.doc, e.begin, e.text))
    for attr in ("topic", "duration", "scope", "date", "place", "quantity", "statedOn", "inferred"):
        value = _str(g, node, KG[attr])
        if value:
            f.attrs[attr] = value
    polarity = g.value(node, KG.polarity)
    if polarity is not None:
        f.attrs["polarity"] = str(polarity).rsplit("#", 1)[-1]
    for role in ("proposedBy", "addressedTo", "statedBy", "holder", "participant"):
        found = sorted(str(a) for a in g.objects(node, KG[role]))
        if found:
            f.actors[role] = found
    for link in ("target", "conditionOf"):
        value = g.value(node, KG[link])
        if value is not None:
            f.links[link] = str(value)
    return f


def read(paths: list[Path]) -> ReportData:
    """The report's records from the graph files."""
    g = load_graph(paths)
    data = ReportData()
    docs = {}
    for d in g.subjects(RDF.type, KG.Document):
        ident = _str(g, d, DCTERMS.identifier) or str(d).rsplit("/", 1)[-1]
        docs[str(d)] = ident
        data.documents.append((ident, _str(g, d, DCTERMS.date), _str(g, d, DCTERMS.title)))
    data.documents.sort()
    for cls in ("Person", "Organization", "Country", "Group"):
        for a in g.subjects(RDF.type, KG[cls]):
            data.actors[str(a)] = _str(g, a, RDFS.label) or str(a).rsplit("/", 1)[-1]
    kinds = [("Proposal", data.proposals), ("Condition", data.conditions), ("Stance", data.stances)]
    kinds += [(t, data.events) for t in EVENT_TYPES]
    for kind, bucket in kinds:
        for node in g.subjects(RDF.type, KG[kind]):
            if str(node) not in data.facts:
                data.facts[str(node)] = f = _fact(g, node, kind, docs)
                bucket.append(f)
    data.proposals.sort(key=lambda f: (f.label.lower(), f.iri))
    data.conditions.sort(key=lambda f: (f.label.lower(), f.iri))
    data.stances.sort(key=lambda f: (f.attrs.get("statedOn", "~"), data.name(f.actors.get("holder", [""])[0]),
                                     f.iri))
    data.events.sort(key=lambda f: (f.attrs.get("date", "~"), f.label, f.iri))
    for node in g.subjects(RDF.type, KG.Discrepancy):
        sides = []
        for side, value, source in ((KG.sideA, KG.valueA, KG.sourceA), (KG.sideB, KG.valueB, KG.sourceB)):
            fact, src = str(g.value(node, side) or ""), str(g.value(node, source) or "")
            src = docs.get(src, src.rsplit("/", 1)[-1])
            evidence = [e for e in data.facts[fact].evidence if e.doc == src] if fact in data.facts else []
            sides.append(Side(fact, data.name(fact) if fact else "", _str(g, node, value), src,
                              evidence[:SIDE_SENTENCES], max(0, len(evidence) - SIDE_SENTENCES)))
        data.discrepancies.append((_str(g, node, KG.aspect), _str(g, node, RDFS.label), sides[0], sides[1]))
    data.discrepancies.sort(key=lambda d: (d[0], d[1], d[2].fact, d[3].fact))
    return data


def stance_history(data: ReportData) -> dict[str, list[tuple[str, Fact, str, str, str]]]:
    """Per actor label: (target label, stance, date, document, change) for every report of a stance, in date
    order per target; change is "first", "same" or "changed" against the previous report on that target."""
    out: dict[str, list] = defaultdict(list)
    dated = {ident: day for ident, day, _ in data.documents}
    for s in data.stances:
        holder = data.name(s.actors.get("holder", [""])[0])
        target = data.name(s.links.get("target", ""))
        for doc in sorted({e.doc for e in s.evidence}):
            out[holder].append((target, s, dated.get(doc) or s.attrs.get("statedOn", ""), doc))
    history = {}
    for actor, rows in sorted(out.items()):
        rows.sort(key=lambda r: (r[0].lower(), r[2] or "~", r[3], r[1].iri))
        last: dict[str, str] = {}
        history[actor] = []
        for target, s, day, doc in rows:
            pol = s.attrs.get("polarity", "Neutral")
            change = "first" if target not in last else ("same" if last[target] == pol else "changed")
            last[target] = pol
            history[actor].append((target, s, day, doc, change))
    return history
