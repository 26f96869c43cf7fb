"""Proposals an article names without saying whose (kg.extract orphans, kg.merge.adopt_orphans), and the
cache key's code version (kg.cache.code_version).

Input: hand-written articles through tests.extract_helpers.run. Output: pytest results.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from kg import cache as kg_cache
from kg.merge import adopt_orphans, merge
from tests.extract_helpers import run

OFFER = "Trump proposed a 30-day halt to strikes on energy facilities on Tuesday."
BACKED = "Zelensky said Ukraine supported the proposal to halt strikes on energy facilities."


def extraction(text: str, doc_id: str):
    return run(text, doc_id=doc_id)[2]


def test_an_orphan_is_kept_only_with_a_stance_on_it():
    x = extraction(BACKED, "b.txt")
    assert [(p.proposers, p.topic) for p in x.proposals] == [([], "energy")]
    assert [s.target for s in x.stances] == [x.proposals[0].key] == ["proposal||energy|"]
    assert extraction("The proposal to halt strikes on energy facilities was discussed.", "c.txt").proposals == []


def test_an_orphan_joins_the_one_proposal_of_the_corpus_it_can_be():
    a, b = extraction(OFFER, "a.txt"), extraction(BACKED, "b.txt")
    before = [p.key for p in b.proposals]
    adopted = adopt_orphans([a, b])
    assert [p.key for p in b.proposals] == before  # the inputs are left as they were
    owner = a.proposals[0]
    assert [p.key for p in adopted[1].proposals] == [owner.key] and adopted[1].proposals[0].label == owner.label
    [stance] = adopted[1].stances
    assert stance.target == owner.key and stance.key == f"stance|{stance.holder}|{owner.key}|support"
    corpus = merge(adopted)
    assert list(corpus.proposals) == [owner.key]
    assert {ev.doc_id for ev in corpus.proposals[owner.key].evidence} == {"a.txt", "b.txt"}
    assert corpus.proposals[owner.key].proposers == ["donald-trump"]


def test_an_orphan_alone_or_with_two_candidates_is_dropped_with_its_stances():
    b = extraction(BACKED, "b.txt")
    [alone] = adopt_orphans([b])
    assert alone.proposals == [] and alone.stances == []
    rival = extraction("Erdogan proposed a halt to strikes on energy facilities.", "r.txt")
    a = extraction(OFFER, "a.txt")
    two = adopt_orphans([a, rival, b])
    assert two[2].proposals == [] and two[2].stances == []


def test_no_stance_on_ones_own_proposal_after_adoption():
    a = extraction(OFFER, "a.txt")
    own = extraction("The White House said Washington supported the proposal to halt strikes on energy "
                     "facilities.", "w.txt")
    adopted = adopt_orphans([a, own])
    assert adopted[1].stances == []


def test_a_duration_tells_two_orphans_apart():
    a = extraction("Trump proposed a 30-day ceasefire on Tuesday.", "a.txt")
    week = extraction("Kyiv backed the proposal for a seven-day truce.", "w.txt")
    [_, adopted] = adopt_orphans([a, week])
    assert adopted.stances == []  # a seven-day truce is not the 30-day one


def test_the_cache_key_changes_with_the_extraction_code(tmp_path):
    root = tmp_path / "kg"
    shutil.copytree(Path(kg_cache.__file__).parent, root, ignore=shutil.ignore_patterns("__pycache__"))
    before = kg_cache.code_version(root)
    assert kg_cache.code_version(root) == before
    (root / "extract" / "stances.py").write_text((root / "extract" / "stances.py").read_text() + "\n# changed\n")
    assert kg_cache.code_version(root) != before
    changed = kg_cache.code_version(root)
    (root / "report" / "html.py").write_text("# not extraction code\n")
    assert kg_cache.code_version(root) == changed
