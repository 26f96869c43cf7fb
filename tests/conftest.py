"""Shared fixtures: one build of the seeds per test session, through the library (no subprocess)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "eval" / "gold"


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """(BuildResult, out_dir) of the seeds built with no cache into a temporary folder."""
    from kg.config import Settings
    from kg.pipeline import run

    out = tmp_path_factory.mktemp("seeds_build")
    result = run([SEEDS], out, Settings(use_cache=False))
    return result, out


@pytest.fixture(scope="session")
def seeds_graph(seeds_build):
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(seeds_build[1] / "graph.trig", format="trig")
    return ds


@pytest.fixture()
def seed_copy(tmp_path):
    """A writable copy of the seeds folder."""
    dst = tmp_path / "seeds"
    shutil.copytree(SEEDS, dst)
    return dst
