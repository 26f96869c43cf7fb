"""Golden files: what kg extracts from each seed. Regenerate only on purpose with `make golden`."""
from __future__ import annotations

import json

from tests.golden.snapshot import HERE, snapshots


def test_seed_extractions_match_the_golden_files():
    current = snapshots()
    assert current, "no seeds extracted"
    for doc_id, snap in current.items():
        path = HERE / f"{doc_id.rsplit('.', 1)[0]}.json"
        assert path.exists(), f"missing golden file {path}; run `make golden`"
        golden = json.loads(path.read_text(encoding="utf-8"))
        normalised = json.loads(json.dumps(snap, sort_keys=True))
        for key in golden:
            assert normalised[key] == golden[key], f"{doc_id}: {key} differs from {path.name}; run `make golden` if intended"
