"""Every bundled query on the seeds' build: it runs, answers what it promises, and Oxigraph and rdflib
give the same rows."""
from __future__ import annotations

import pytest

from kg.query import list_queries, run_query

NAMES = [name for name, _, _ in list_queries()]
NON_EMPTY = {"actors", "proposals", "conditions", "stance-matrix", "timeline", "evidence", "only-in",
             "stance-history"}


@pytest.mark.parametrize("name", NAMES)
def test_bundled_query_on_the_seeds(seeds_build, name):
    graph = [seeds_build[1] / "graph.trig"]
    ox = run_query(name, graph, engine="oxigraph")
    rl = run_query(name, graph, engine="rdflib")
    assert ox.variables == rl.variables
    assert ox.rows == rl.rows
    if name in NON_EMPTY:
        assert ox.rows, name


def test_proposals_query_names_proposers_and_stances(seeds_build):
    rows = run_query("proposals", [seeds_build[1] / "graph.trig"]).rows
    text = " ".join(" ".join(c or "" for c in r) for r in rows)
    assert "Donald Trump" in text and "Vladimir Putin" in text and "kg:Support" in text


def test_timeline_is_ordered_by_date(seeds_build):
    result = run_query("timeline", [seeds_build[1] / "graph.trig"])
    dates = [r[result.variables.index("date")] for r in result.rows if r[result.variables.index("date")]]
    assert dates == sorted(dates) and "2025-03-18" in dates
