"""A readable snapshot of what kg extracts from each seed, for golden-file tests.

Input: the seeds folder. Output: one JSON per seed (tests/golden/<seed>.json) listing actors, proposals,
conditions, stances and events with labels, actors and evidence offsets, in a stable order.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def snapshots() -> dict[str, dict]:
    from kg.config import Settings
    from kg.ingest import read_inputs
    from kg.pipeline import extract_documents

    docs, _, _ = read_inputs([ROOT / "seeds"])
    extractions, _, _ = extract_documents(docs, Settings(use_cache=False))
    out = {}

    def ordered(items) -> list:
        return sorted(items, key=lambda i: json.dumps(i))

    for x in extractions:
        ev = lambda f: [[e.begin, e.end] for e in f.evidence]  # noqa: E731
        out[x.document.id] = {
            "date": x.document.date.isoformat() if x.document.date else None,
            "title": x.document.title,
            "actors": sorted(x.actors),
            "proposals": ordered([p.proposers, p.topic, p.duration, p.label, ev(p)] for p in x.proposals),
            "conditions": ordered([c.holders, c.on, c.label, ev(c)] for c in x.conditions),
            "stances": ordered([s.holder, s.target, s.polarity, s.inferred, ev(s)] for s in x.stances),
            "events": ordered([e.type, e.date.isoformat() if e.date else None, sorted(e.participants), e.quantity,
                              ev(e)] for e in x.events),
        }
    return out


def write_all() -> list[Path]:
    paths = []
    for doc_id, snap in snapshots().items():
        path = HERE / f"{Path(doc_id).stem}.json"
        path.write_text(json.dumps(snap, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
