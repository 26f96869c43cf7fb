"""The `kg` command line: a thin click layer over plain functions (kg.pipeline, kg.query, kg.evaluate…).

Input: argv. Output: text on stdout, one-line errors on stderr, exit codes: 0 ok; 1 the graph does not
conform to the shapes (build, validate); 2 bad input (some inputs rejected, unreadable file, bad query).
"""
from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError

EXAMPLES = {
    "build": "kg build seeds/ -o exports/",
    "query": "kg query 'SELECT ?p ?who WHERE { ?p a kg:Proposal ; kg:proposedBy ?who }' --format csv",
    "validate": "kg validate exports/graph.ttl",
    "eval": "kg eval --gold ../shared/eval/gold exports/graph.ttl",
    "serve": "kg serve --port 7878",
    "push": "kg push --endpoint http://127.0.0.1:7878/query",
    "report": "kg report -o exports/",
}


def _fail(exc: KgError, code: int = 2) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: a knowledge graph of who proposed what, under which conditions, who backs it, who said so.

    Example: kg build seeds/ -o exports/ && kg query proposals
    """


@main.command(epilog=f"Example: {EXAMPLES['build']}")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", default="exports", type=click.Path(path_type=Path), show_default=True,
              help="Folder the exports are written to.")
@click.option("--model", default=None, help="spaCy pipeline to load (default: en_core_web_sm, then its re-upload).")
@click.option("--full-ner", is_flag=True,
              help="Run the NER over whole articles, not only around candidate words (slower; also KG_NER=full).")
@click.option("--jobs", default=1, show_default=True, help="Worker processes on this machine.")
@click.option("--scheduler", default=None, help="A dask.distributed scheduler (tcp://host:8786) to extract on.")
@click.option("--no-cache", is_flag=True, help="Ignore the per-article cache (a full build).")
@click.option("--cache-dir", default=".kg-cache", type=click.Path(path_type=Path), show_default=True)
@click.option("--max-bytes", default=5_000_000, show_default=True, help="Reject articles larger than this.")
@click.option("--strict", is_flag=True, help="Any rejected input fails the build before anything is written.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def build(inputs, out_dir, model, full_ner, jobs, scheduler, no_cache, cache_dir, max_bytes, strict, no_validate,
          quiet, debug):
    """Build articles (files or folders; default seeds/) into an RDF graph and its exports."""
    from kg.config import Settings
    from kg.pipeline import run

    settings = Settings(model=model, jobs=jobs, scheduler=scheduler, use_cache=not no_cache, cache_dir=cache_dir,
                        max_bytes=max_bytes, strict=strict, validate=not no_validate, quiet=quiet,
                        **({"full_ner": True} if full_ner else {}))  # else KG_NER decides (kg.config)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        result = run(list(inputs) or ["seeds"], out_dir, settings, None if quiet else _progress)
    except KgError as exc:
        if debug:
            raise
        _fail(exc)
        return
    except KeyboardInterrupt:
        click.echo("interrupted: the previous exports are intact; the next build resumes from the cache", err=True)
        sys.exit(130)
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)
    for r in result.rejected:
        click.echo(f"skipped: {r}", err=True)
    if strict and result.rejected:
        click.echo(f"error: {len(result.rejected)} input(s) rejected and --strict given; nothing written", err=True)
        sys.exit(2)
    if not result.written:
        click.echo(f"error: no article could be built from {', '.join(map(str, inputs or ['seeds']))}; "
                   f"nothing written, the previous exports in {out_dir} are as they were", err=True)
        sys.exit(2)
    if not quiet:
        click.echo(_summary(result, out_dir))
    if result.conforms is False:
        click.echo("error: the graph does not conform to ontology/shapes.ttl:\n" + result.report_text, err=True)
        sys.exit(1)
    sys.exit(2 if result.rejected else 0)


def _terminate(signum, frame):  # SIGTERM unwinds like Ctrl-C, so temporary files are removed
    raise KeyboardInterrupt


def _progress(total: int):
    from tqdm import tqdm

    bar = tqdm(total=total, unit="article", disable=not sys.stderr.isatty(), leave=False)
    return bar.update


def _summary(r, out_dir: Path) -> str:
    skipped = {}
    for rej in r.rejected:
        skipped[rej.code] = skipped.get(rej.code, 0) + 1
    lines = [
        f"documents read: {r.documents}" + (f" ({r.cached} from cache)" if r.cached else ""),
        f"actors: {r.actors}  proposals: {r.proposals}  conditions: {r.conditions}  stances: {r.stances}  "
        f"events: {r.events}  discrepancies: {r.discrepancies}  triples: {r.triples}",
        "skipped: " + (", ".join(f"{n} × {c}" for c, n in sorted(skipped.items())) if skipped else "none"),
        "shapes: " + {True: "conforms", False: "DOES NOT CONFORM", None: "not checked"}[r.conforms],
        f"exports: {', '.join(str(p) for p in r.written.values())}",
    ]
    return "\n".join(lines)


@main.command(epilog=f"Example: {EXAMPLES['query']}")
@click.argument("query", required=False)
@click.option("--graph", "graphs", multiple=True, type=click.Path(path_type=Path), help="Graph file(s) to query.")
@click.option("--endpoint", default=None, help="A remote SPARQL endpoint URL instead of local files.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True)
@click.option("--list", "list_", is_flag=True, help="List the bundled queries.")
def query(query, graphs, endpoint, fmt, engine, list_):
    """Run SPARQL (a string, a .rq file or a bundled query's name) over the exports or an endpoint."""
    from kg.query import format_result, list_queries, run_query

    if list_:
        for name, title, _ in list_queries():
            click.echo(f"{name:16} {title}")
        return
    if not query:
        _fail(KgError("E302", "no query given", "pass SPARQL, a .rq file, or a name from `kg query --list`"))
    try:
        result = run_query(query, list(graphs) or None, endpoint=endpoint, engine=engine)
    except KgError as exc:
        _fail(exc)
        return
    click.echo(format_result(result, fmt), nl=False)


@main.command(epilog=f"Example: {EXAMPLES['validate']}")
@click.argument("graph", required=False, default="exports/graph.ttl", type=click.Path(path_type=Path))
def validate(graph):
    """Check a graph against ontology/shapes.ttl: exit 0 conforms, 1 does not, 2 bad input."""
    from rdflib import Dataset

    from kg.evaluate import FORMATS
    from kg.graph.validate import validate as run_validation

    ds = Dataset()
    try:
        ds.parse(graph, format=FORMATS.get(graph.suffix, "turtle"))
    except Exception as exc:
        _fail(KgError("E301", f"cannot read {graph}: {exc}".splitlines()[0], "build it with `kg build`"))
        return
    report = run_validation(ds)
    click.echo(report.text)
    sys.exit(0 if report.conforms else 1)


@main.command(name="eval", epilog=f"Example: {EXAMPLES['eval']}")
@click.argument("graphs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--gold", required=True, type=click.Path(path_type=Path), help="Folder of gold *.json files.")
@click.option("--details/--no-details", default=True, help="List missed and spurious items per document.")
def eval_(graphs, gold, details):
    """Score a graph against gold annotations: P/R/F1 per category, missed and spurious items."""
    from kg.evaluate import evaluate

    try:
        ev = evaluate(list(graphs) or [Path("exports/graph.ttl")], gold)
    except KgError as exc:
        _fail(exc)
        return
    if ev.missing_documents:
        click.echo(f"documents not found in the graph: {', '.join(ev.missing_documents)}")
    click.echo(f"{'':12}{'P':>6}{'R':>6}{'F1':>6}")
    for c, (p, r, f) in ev.scores().items():
        click.echo(f"{c:12}{p:6.2f}{r:6.2f}{f:6.2f}")
    click.echo(f"macro F1 {ev.macro_f1():.2f}")
    if details:
        for doc in sorted(set(ev.missed) | set(ev.spurious)):
            for m in ev.missed.get(doc, []):
                click.echo(f"{doc}  missed    {m}")
            for s in ev.spurious.get(doc, []):
                click.echo(f"{doc}  spurious  {s}")


@main.command(epilog=f"Example: {EXAMPLES['report']}")
@click.option("-o", "--out", "out_dir", default="exports", type=click.Path(path_type=Path), show_default=True,
              help="Folder to write report.html, report.md and report.svg into (and to read graph.trig from).")
@click.option("--graph", "graphs", multiple=True, type=click.Path(path_type=Path),
              help="Graph file(s) to report on (default: OUT/graph.trig, else OUT/graph.ttl).")
@click.option("-q", "--quiet", is_flag=True, help="Do not list the files written.")
def report(out_dir, graphs, quiet):
    """Write a readable report: proposals, conditions, stances, timeline, discrepancies, stance history."""
    from kg.report import write_report

    try:
        written = write_report(list(graphs), out_dir)
    except KgError as exc:
        _fail(exc)
        return
    if not quiet:
        for kind in ("html", "md", "svg"):
            click.echo(f"wrote {written[kind]}")


@main.command(epilog=f"Example: {EXAMPLES['serve']}")
@click.option("--graph", "graphs", multiple=True, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7878, show_default=True)
@click.option("--timeout", default=10.0, show_default=True, help="Seconds per query.")
@click.option("--max-rows", default=10000, show_default=True)
def serve(graphs, host, port, timeout, max_rows):
    """Serve the exports as a local read-only SPARQL endpoint (127.0.0.1 by default)."""
    from kg.query.serve import serve as run_server

    run_server(list(graphs) or None, host=host, port=port, timeout_s=timeout, max_rows=max_rows)


@main.command(epilog=f"Example: {EXAMPLES['push']}")
@click.option("--endpoint", required=True, help="The server's SPARQL endpoint URL.")
@click.option("--graph-store", default=None, help="Graph Store Protocol URL if not <endpoint>/../store.")
@click.option("--graph", "graph", default="exports/graph.trig", type=click.Path(path_type=Path), show_default=True)
def push(endpoint, graph_store, graph):
    """Load the graph into a SPARQL server, one named graph per article (re-pushing replaces them)."""
    from kg.query.push import push as run_push

    try:
        report = run_push([graph], endpoint, graph_store=graph_store)
    except KgError as exc:
        _fail(exc)
        return
    click.echo(str(report))


def entry() -> None:
    """The `kg` console command: `main`, then, output flushed, the process ends without freeing its heap
    object by object (after a 1,000-article build: millions of objects, 0.7 s for nothing; every file is
    already written, closed and renamed). Library callers and click's CliRunner use `main` itself."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`kg query | head`): nothing more to say
            pass
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    entry()
