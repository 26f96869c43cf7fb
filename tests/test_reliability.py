"""Hostile inputs built in one run, a build killed mid-export, and the exports' atomicity."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.namespace import DCTERMS

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "hostile"
EXPECTED_REJECTIONS = {
    "empty.txt": "E101", "whitespace.txt": "E101", "binary_png.txt": "E102", "nul_inside.txt": "E102",
    "french.txt": "E104", "german.txt": "E104", "russian.txt": "E104", "header_only.txt": "E107",
    "junk.html": "E107",
}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "in"
    shutil.copytree(HOSTILE, folder)
    shutil.copy(ROOT / "seeds" / "000_1ff78937a44971aa.txt", folder)
    (folder / "huge.txt").write_text("date 2025-03-18 Huge\n" + "Putin spoke with Trump. " * 300_000)
    (folder / "dangling.txt").symlink_to(folder / "no-such-file")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(root / "out"), "--no-cache", "-q",
                                       "--max-bytes", "2000000"])
    return result, root / "out"


def test_every_rejected_file_is_named_with_its_reason(hostile_build):
    result, _ = hostile_build
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped: ")]
    expected = dict(EXPECTED_REJECTIONS, **{"huge.txt": "E105", "dangling.txt": "E106"})
    for name, code in expected.items():
        assert any(name in line and f" {code} " in line for line in skipped), (name, code, skipped)
    assert all(len(line.splitlines()) == 1 for line in skipped)


def test_good_articles_are_in_the_graph_and_the_exports_parse(hostile_build):
    _, out = hostile_build
    g = Graph().parse(out / "graph.ttl", format="turtle")
    ids = {str(o) for o in g.objects(None, DCTERMS.identifier)}
    for good in ("000_1ff78937a44971aa.txt", "utf8_bom.txt", "utf16_bom.txt", "crlf.txt", "cp1252_quotes.txt",
                 "bad_date.txt", "article.html"):
        assert good in ids, (good, sorted(ids))
    assert any(i.startswith("records.jsonl") or "#" in i for i in ids)
    assert not ids & set(EXPECTED_REJECTIONS)
    Dataset().parse(out / "graph.trig", format="trig")
    with open(out / "graph.nq", "rb") as f:
        assert list(pyoxigraph.parse(f, format=pyoxigraph.RdfFormat.N_QUADS))


def test_impossible_header_date_is_a_warning(hostile_build):
    result, _ = hostile_build
    assert any("bad_date.txt" in line and "W101" in line for line in result.output.splitlines())


KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import kg.export.rdf as rdf
    from kg.config import Settings
    from kg.pipeline import run

    real = rdf.write_trig
    def dying(data, fh):
        fh.write(b"@prefix half-written")
        fh.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    rdf.write_trig = dying
    run([sys.argv[1]], Path(sys.argv[2]), Settings(use_cache=True, cache_dir=Path(sys.argv[3])))
""")


def test_a_build_killed_mid_export_leaves_the_previous_exports_intact(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "-o", str(out), "--cache-dir", str(cache), "-q"])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = subprocess.run([sys.executable, "-c", KILLER, str(ROOT / "seeds"), str(out), str(cache)], cwd=ROOT)
    assert proc.returncode == -signal.SIGKILL
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    assert after == before  # graph.ttl was rewritten identically, graph.trig never replaced
    again = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "-o", str(out), "--cache-dir", str(cache)])
    assert again.exit_code == 0, again.output
    assert "documents read: 2 (2 from cache)" in again.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # the killed writer's temp file is gone
