"""kg.parallel.extract_dask on a local dask.distributed cluster (2 worker processes): the union merged
afterwards exports the same bytes as the single-process build; the cache stays on the client side."""
from __future__ import annotations

import pytest

from kg import pipeline
from kg.config import Settings
from kg.ingest import read_inputs
from kg.parallel import extract_dask
from tests.test_parallel import export_bytes, write_variants

pytestmark = pytest.mark.slow


def test_dask_union_equals_single_process(tmp_path):
    distributed = pytest.importorskip("distributed")
    docs, rejected, _ = read_inputs([write_variants(tmp_path / "variants", copies=1)])
    assert len(docs) == 4 and not rejected
    reference = pipeline.extract_documents(docs, Settings(use_cache=False))[0]
    settings = Settings(cache_dir=tmp_path / "cache")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  worker_class=distributed.Nanny) as cluster:
        ticks: list[int] = []
        xs, hits, timings = extract_dask(docs, settings, cluster.scheduler_address, ticks.append, chunk=1)
        assert hits == 0 and sum(ticks) == len(docs) and timings["nlp"] > 0
        assert [x.document.id for x in xs] == [d.id for d in docs]
        assert xs == reference
        again = extract_dask(docs, settings, cluster.scheduler_address)  # all from the client's cache
        assert again[1] == len(docs) and again[0] == reference
    one = export_bytes(reference, tmp_path / "one", settings)
    many = export_bytes(xs, tmp_path / "dask", settings)
    assert one.keys() == many.keys() and len(one) == 6
    for name in one:
        assert one[name] == many[name], name
