"""Write a QueryResult as text.

Input: a QueryResult (kg.query.engine) and a format name. Output: a string.
  table  aligned plain text: a header, a rule, the rows (IRIs compacted, cells cut at 80 characters) and a
         row count line ("(3 rows)", plus ", truncated" when the row cap was hit)
  csv    SPARQL 1.1 Query Results CSV: header of variable names, full IRIs, lexical values, CRLF line ends
  tsv    SPARQL 1.1 Query Results TSV: header of ?vars, terms in SPARQL/Turtle syntax (<iri>, "x"@en, "1"^^<dt>)
  json   SPARQL 1.1 Query Results JSON: {"head": {"vars": [...]}, "results": {"bindings": [...]}}
  nt     N-Triples, for CONSTRUCT/DESCRIBE results only
ASK results: table/csv/tsv print true or false; json is {"head": {}, "boolean": ...}. CONSTRUCT/DESCRIBE results
in table/csv/tsv/json are three columns subject, predicate, object.
"""
from __future__ import annotations

import csv
import io
import json

from kg.errors import KgError

FORMATS = ("table", "csv", "tsv", "json", "nt")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
               "json": "application/sparql-results+json", "nt": "application/n-triples",
               "table": "text/plain; charset=utf-8"}
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
MAX_CELL = 80


def _escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


def term_to_sparql(term: dict | None, *, abbreviate: bool = True) -> str:
    """A term in SPARQL/N-Triples syntax; '' when unbound. xsd:integer is written bare if abbreviate."""
    if term is None:
        return ""
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    if kind == "triple":
        return "<< " + " ".join(term_to_sparql(value[k], abbreviate=False)
                                for k in ("subject", "predicate", "object")) + " >>"
    if "xml:lang" in term:
        return f'"{_escape(value)}"@{term["xml:lang"]}'
    datatype = term.get("datatype")
    if datatype == XSD_INTEGER and abbreviate and value.lstrip("+-").isdigit():
        return value
    return f'"{_escape(value)}"' + (f"^^<{datatype}>" if datatype else "")


def _csv_value(term: dict | None) -> str:
    if term is None:
        return ""
    if term["type"] == "bnode":
        return "_:" + term["value"]
    if term["type"] == "triple":
        return term_to_sparql(term)
    return term["value"]


def _cell(value: str | None) -> str:
    text = "" if value is None else " ".join(value.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def format_table(result) -> str:
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    header = list(result.variables)
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    n = len(result.rows)
    lines.append(f"({n} row{'' if n == 1 else 's'}{', truncated' if result.truncated else ''})")
    return "\n".join(lines) + "\n"


def format_csv(result) -> str:
    if result.kind == "ask":
        return "true\r\n" if result.boolean else "false\r\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.terms:
        writer.writerow([_csv_value(t) for t in row])
    return out.getvalue()


def format_tsv(result) -> str:
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join(term_to_sparql(t) for t in row) for row in result.terms]
    return "\n".join(lines) + "\n"


def format_json(result) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, ensure_ascii=False)
    bindings = [{v: t for v, t in zip(result.variables, row) if t is not None} for row in result.terms]
    return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}},
                      ensure_ascii=False)


def format_ntriples(result) -> str:
    if result.kind != "graph":
        raise KgError("E302", "N-Triples output needs a CONSTRUCT or DESCRIBE query", "use table, csv, tsv or json")
    return "".join(" ".join(term_to_sparql(t, abbreviate=False) for t in row) + " .\n" for row in result.terms)


def format_result(result, fmt: str) -> str:
    """The result in fmt: table, csv, tsv, json or nt."""
    writers = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json,
               "nt": format_ntriples}
    if fmt not in writers:
        raise KgError("E202", f"unknown output format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    return writers[fmt](result)
