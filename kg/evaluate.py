"""Measure a graph against gold annotations, with the matching rules of the evaluation's README.

Input: a graph file (Turtle, TriG, N-Quads, JSON-LD), a folder of gold JSON files, the ontology folder.
Output: an Evaluation: per category true positives, predictions and gold counts, P/R/F1, and per
document the gold items missed and the graph items that matched nothing.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.config import ONTOLOGY_DIR
from kg.errors import KgError
from kg.graph.vocab import KG

CATEGORIES = ("actors", "proposals", "conditions", "stances", "events")
FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld"}
CLAIMS = {"proposals": (KG.Proposal, KG.proposedBy, "proposer"), "conditions": (KG.Condition, KG.statedBy, "holder")}


def norm(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s-]", "", text)
    text = re.sub(r"^(the|a|an)\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Evaluation:
    counts: dict[str, list[int]] = field(default_factory=lambda: {c: [0, 0, 0, 0] for c in CATEGORIES})
    missed: dict[str, list[str]] = field(default_factory=dict)
    spurious: dict[str, list[str]] = field(default_factory=dict)
    missing_documents: list[str] = field(default_factory=list)

    def scores(self) -> dict[str, tuple[float, float, float]]:
        out = {}
        for c, (tp_p, n_pred, tp_r, n_gold) in self.counts.items():
            p = tp_p / n_pred if n_pred else 0.0
            r = tp_r / n_gold if n_gold else 0.0
            out[c] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
        return out

    def macro_f1(self) -> float:
        return sum(f for _, _, f in self.scores().values()) / len(CATEGORIES)


def load_graph(paths: list[Path], ontology: Path = ONTOLOGY_DIR) -> Graph:
    ds = Dataset()
    try:
        for p in paths:
            ds.parse(p, format=FORMATS.get(p.suffix, "turtle"))
    except Exception as exc:  # rdflib raises many kinds
        raise KgError("E301", f"cannot parse {paths}: {exc}", "build first with `kg build`") from exc
    g = Graph()
    for q in ds.quads((None, None, None, None)):
        g.add(q[:3])
    for p in sorted(Path(ontology).glob("*.ttl")):
        g.parse(p, format="turtle")
    return g


class _Doc:
    def __init__(self, g: Graph, name: str):
        self.g, self.items = g, {}
        stem = Path(name).stem
        self.node = next((d for d in sorted(g.subjects(RDF.type, KG.Document))
                          if {str(o) for o in g.objects(d, DCTERMS.identifier)} & {name, stem}), None)
        if self.node is None:
            return
        for item, ev in sorted(g.subject_objects(KG.evidence)):
            if (ev, KG.sourceDocument, self.node) in g:
                self.items[item] = self.items.get(item, "") + " " + " ".join(map(str, g.objects(ev, KG.text)))

    def of(self, cls: URIRef) -> list[URIRef]:
        classes = set(self.g.transitive_subjects(RDFS.subClassOf, cls))
        return [i for i in self.items if any((i, RDF.type, c) in self.g for c in classes)]

    def text(self, node) -> str:
        return (" ".join(map(str, self.g.objects(node, RDFS.label))) + " " + self.items.get(node, "")).lower()

    def label(self, node) -> str:
        return str(self.g.value(node, RDFS.label) or node)


def _matcher(ok, items, gold):
    out, used = {}, set()
    for gi, gitem in enumerate(gold):
        for item in items:
            if item not in used and ok(item, gitem):
                out[gi], _ = item, used.add(item)
                break
    return out


def evaluate(graph_paths: list[Path], gold_dir: Path, ontology: Path = ONTOLOGY_DIR) -> Evaluation:
    g = load_graph(graph_paths, ontology)
    result = Evaluation()
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise KgError("E305", f"no gold *.json files in {gold_dir}", "point --gold at a folder of annotations")
    for gf in files:
        gold = json.loads(gf.read_text(encoding="utf-8"))
        d = _Doc(g, gold["doc"])
        if d.node is None:
            result.missing_documents.append(gold["doc"])
        names = {a["name"]: {norm(a["name"])} | {norm(x) for x in a.get("aliases", [])} for a in gold["actors"]}

        def who(node):
            labels = {norm(str(o)) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for o in g.objects(node, p)}
            return next((n for n, forms in names.items() if labels & forms), None)

        def agents(item, prop):
            return {who(a) for a in g.objects(item, prop)} - {None}

        matched, acting = {}, set()
        for cat, (cls, prop, role) in CLAIMS.items():
            items = d.of(cls)
            m = _matcher(lambda i, x: x[role] in agents(i, prop) and all(
                k.lower() in d.text(i) for k in x["keywords"]), items, gold[cat])
            matched[cat] = m
            _tally(result, cat, gold["doc"], items, gold[cat], m, d, lambda x: x["summary"])
            acting |= {a for i in items for a in g.objects(i, prop)}
        targets = {gold[c][k]["id"]: n for c in CLAIMS for k, n in matched[c].items()}
        stances = d.of(KG.Stance)

        def stance_ok(i, s):
            pol = {str(o).rsplit("#", 1)[-1].lower() for o in g.objects(i, KG.polarity)}
            return (s["holder"] in agents(i, KG.holder) and s["target"] in targets
                    and (i, KG.target, targets[s["target"]]) in g and s["polarity"] in pol)

        _tally(result, "stances", gold["doc"], stances, gold["stances"], _matcher(stance_ok, stances, gold["stances"]),
               d, lambda s: f"{s['holder']} {s['polarity']} {s['target']}")
        events = d.of(KG.Event)

        def event_ok(i, e):
            types = {str(s).rsplit("#", 1)[-1] for t in g.objects(i, RDF.type)
                     for s in g.transitive_objects(t, RDFS.subClassOf)}
            dates = {str(o)[:10] for o in g.objects(i, KG.date)}
            return (e["type"] in types and (not e["participants"] or set(e["participants"]) & agents(i, KG.participant))
                    and (e["date"] is None or e["date"] in dates))

        _tally(result, "events", gold["doc"], events, gold["events"], _matcher(event_ok, events, gold["events"]), d,
               lambda e: f"{e['type']} {e['date']} {', '.join(e['participants'])}")
        acting |= {a for i in stances for a in g.objects(i, KG.holder)}
        acting |= {a for i in events for a in g.objects(i, KG.participant)}
        found = {who(a) for a in acting} - {None}
        c = result.counts["actors"]
        c[0] += sum(1 for a in acting if who(a))
        c[1] += len(acting)
        c[2] += len(found)
        c[3] += len(gold["actors"])
        result.missed.setdefault(gold["doc"], []).extend(f"actor: {n}" for n in names if n not in found)
        result.spurious.setdefault(gold["doc"], []).extend(
            f"actor: {g.value(a, RDFS.label)}" for a in sorted(acting) if who(a) is None)
    return result


def _tally(result, cat, doc, items, gold, m, d, describe) -> None:
    c = result.counts[cat]
    c[0] += len(m)
    c[1] += len(items)
    c[2] += len(m)
    c[3] += len(gold)
    used = set(m.values())
    result.missed.setdefault(doc, []).extend(f"{cat[:-1]}: {describe(x)}" for k, x in enumerate(gold) if k not in m)
    result.spurious.setdefault(doc, []).extend(f"{cat[:-1]}: {d.label(i)}" for i in items if i not in used)
