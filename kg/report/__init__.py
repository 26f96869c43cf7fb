"""`kg report`: the exported graph → a human-readable report (HTML page, Markdown, SVG picture).

Input: graph files written by `kg build` (exports/graph.trig or graph.ttl; several files are merged), and
an output folder. Output: out_dir/report.html (one self-contained page: inline CSS and SVG, no script,
no external resource), out_dir/report.md (the same content as Markdown, linking the picture) and
out_dir/report.svg (the picture), each replaced atomically, byte-identical for the same graph (no
timestamps, every list sorted).

Modules: kg.report.data (RDF → records), kg.report.svg (picture), kg.report.html, kg.report.markdown.

Usage: `write_report([Path("exports/graph.trig")], Path("exports"))`, or `write_report([], Path("exports"))`
to read the graph a build left there. Discrepancies appear when the build wrote kg:Discrepancy nodes
(kg.discrepancy); without them the section says "None.".
"""
from __future__ import annotations

from pathlib import Path

from kg.errors import KgError
from kg.export.atomic import atomic_write
from kg.report import html, markdown, svg
from kg.report.data import ReportData, read

__all__ = ["ReportData", "default_graphs", "write_report"]

FILES = {"html": "report.html", "md": "report.md", "svg": "report.svg"}


def default_graphs(out_dir: Path) -> list[Path]:
    """The graph a build left in `out_dir` (graph.trig, else graph.ttl); KgError E301 if there is none."""
    for name in ("graph.trig", "graph.ttl"):
        if (Path(out_dir) / name).is_file():
            return [Path(out_dir) / name]
    raise KgError("E301", f"no graph.trig or graph.ttl in {out_dir}", "run `kg build INPUTS -o DIR` first, "
                  "or pass --graph FILE")


def write_report(graph_paths: list[Path], out_dir: Path) -> dict[str, Path]:
    """Write report.html, report.md and report.svg for the graph files into out_dir; returns {kind: path}.

    An empty `graph_paths` reads the graph a build wrote into out_dir (see default_graphs).
    """
    out_dir = Path(out_dir)
    paths = [Path(p) for p in graph_paths] or default_graphs(out_dir)
    for p in paths:
        if not p.is_file():
            raise KgError("E301", "graph file not found", "run `kg build` first or check --graph", str(p))
    data = read(paths)
    picture = svg.render(data)
    out_dir.mkdir(parents=True, exist_ok=True)
    texts = {"svg": picture, "html": html.render(data, picture), "md": markdown.render(data, FILES["svg"])}
    return {kind: atomic_write(out_dir / FILES[kind], texts[kind]) for kind in ("svg", "md", "html")}
