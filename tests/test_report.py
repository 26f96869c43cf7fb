"""`kg report` (kg.report.write_report): the seeds' build → report.html, report.md, report.svg.

Checks the sections and the proposals' labels, that the page is self-contained and escapes graph text,
that two runs give byte-identical files, and that headless Chromium renders the page (DOM with the SVG
picture and the section headings, no console message, a screenshot that is not blank). The Chromium
tests are skipped only when no Chromium is installed (`apt-get install chromium`).
"""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import KgError
from kg.graph.vocab import KG
from kg.report import write_report
from kg.report.html import SECTIONS

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0"]


@pytest.fixture(scope="module")
def report(seeds_build, tmp_path_factory):
    """(build dir, report dir, proposals' labels) for the seeds (built once per session, tests/conftest.py)."""
    build = seeds_build[1]
    out = tmp_path_factory.mktemp("report")
    written = write_report([build / "graph.trig"], out)
    assert set(written) == {"html", "md", "svg"} and all(p.is_file() for p in written.values())
    g = Graph().parse(build / "graph.ttl", format="turtle")
    labels = sorted({str(g.value(p, RDFS.label)) for p in g.subjects(predicate=KG.proposedBy)})
    assert labels
    return build, out, labels


@pytest.mark.slow
def test_sections_and_proposals(report):
    _, out, labels = report
    page, md = (out / "report.html").read_text("utf-8"), (out / "report.md").read_text("utf-8")
    for ident, heading in SECTIONS:
        assert f'<section id="{ident}"><h2>{heading}</h2>' in page
        assert f"\n## {heading}\n" in md
    for label in labels:
        assert f"<h3>{label}</h3>" in page or f"<h3>{label.replace(chr(39), '&#x27;')}</h3>" in page
        assert f"### {label}" in md
    assert "Vladimir Putin" in page and "support" in page and "Stance history" in md
    assert "(report.svg)" in md


@pytest.mark.slow
def test_self_contained_picture(report):
    _, out, labels = report
    page = (out / "report.html").read_text("utf-8")
    assert page.count("<svg ") == 1 and "</svg>" in page
    for banned in ("<script", "<link", "src=", "url(", "@import", "<iframe", "<img"):
        assert banned not in page.lower(), banned
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', page))
    svg = (out / "report.svg").read_text("utf-8")
    root = ElementTree.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert len(root.findall(f".//{ns}path")) >= len(labels)  # an edge at least per proposal
    assert svg.strip() in page  # the same picture inline


@pytest.mark.slow
def test_deterministic(report, tmp_path):
    build, out, _ = report
    write_report([build / "graph.trig"], tmp_path)
    for name in ("report.html", "report.md", "report.svg"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
    write_report([build / "graph.ttl"], tmp_path / "ttl")  # the Turtle export tells the same story
    assert (tmp_path / "ttl" / "report.md").read_bytes() == (out / "report.md").read_bytes()


def test_escaping(tmp_path):
    hostile = '<script>alert("x")</script> | *bold* & [link](http://example.org)'
    ttl = tmp_path / "graph.ttl"
    g = Graph()
    p, a = URIRef("https://w3id.org/newskg/id/proposal/x"), URIRef("https://w3id.org/newskg/id/actor/a")
    g.add((p, RDF.type, KG.Proposal))
    g.add((p, RDFS.label, Literal(hostile)))
    g.add((p, KG.topic, Literal("t")))
    g.add((p, KG.proposedBy, a))
    g.add((a, RDF.type, KG.Person))
    g.add((a, RDFS.label, Literal("A <b>")))
    g.serialize(ttl, format="turtle")
    write_report([], tmp_path)  # finds graph.ttl in the output folder
    page = (tmp_path / "report.html").read_text("utf-8")
    assert "<script" not in page and "&lt;script&gt;" in page and "A &lt;b&gt;" in page
    md = (tmp_path / "report.md").read_text("utf-8")
    assert "\\<script\\>" in md and "\\| \\*bold\\*" in md and "\\[link\\]" in md
    ElementTree.fromstring((tmp_path / "report.svg").read_text("utf-8"))


def test_missing_graph(tmp_path):
    with pytest.raises(KgError) as err:
        write_report([], tmp_path)
    assert err.value.code == "E301"
    with pytest.raises(KgError):
        write_report([tmp_path / "nope.trig"], tmp_path)
    assert not (tmp_path / "report.html").exists()


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.skip("chromium is not installed (apt-get install chromium)")


def _png_pixels(path: Path) -> tuple[int, int, bytes]:
    """(width, height, decompressed IDAT bytes) of a PNG, without an imaging library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, size = 8, b"", (0, 0)
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    return size[0], size[1], zlib.decompress(idat)


@pytest.mark.slow
def test_renders_in_chromium(report, tmp_path):
    binary = _chromium()
    _, out, _ = report
    url = (out / "report.html").resolve().as_uri()
    profile = tmp_path / "profile"
    dom = subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120, check=False)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "<svg" in dom.stdout and 'class="node proposal"' in dom.stdout
    for _, heading in SECTIONS:
        assert f"<h2>{heading}</h2>" in dom.stdout
    assert ":CONSOLE" not in dom.stderr, dom.stderr[-2000:]
    shot = tmp_path / "report.png"
    res = subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", "--window-size=1280,1600",
                          f"--screenshot={shot}", url], capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0 and shot.is_file(), res.stderr[-2000:]
    width, height, pixels = _png_pixels(shot)
    assert (width, height) == (1280, 1600)
    assert len(set(pixels)) > 32, "the screenshot is blank"
