"""A GraphML linter mirroring what Gephi's GraphML importer needs to show the graph as intended.

Input: the path of a GraphML file.
Output: a list of problems (human-readable strings); an empty list means clean.

Rules: the XML parses; key ids are unique, declared for node/edge/graph/all, not of the form d<n>
(Gephi reads key id "d3" as the node label and "d7" as the edge label, yEd style), with an attr.type
among GraphML's boolean/int/long/float/double/string; node ids are present and unique; edge ids are
present and unique; every `<data key=…>` refers to a declared key whose `for` fits the element; every
value parses as its declared type (Java-style: "true"/"false", 32/64-bit integers, finite decimals);
every node has a non-empty `label`; every edge has a `weight` > 0; no two edges share (source,
target, relation); every edge endpoint is a declared node.
"""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

__all__ = ["lint_graphml"]

GRAPHML_TYPES = {"boolean", "int", "long", "float", "double", "string"}
_INT_RE = re.compile(r"[+-]?\d+")
_FLOAT_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _value_problem(value: str, xml_type: str) -> str | None:
    v = value.strip()
    if xml_type == "boolean":
        return None if v in ("true", "false") else "is not a boolean (true/false)"
    if xml_type in ("int", "long"):
        if not _INT_RE.fullmatch(v):
            return f"is not an {xml_type}"
        bits = 31 if xml_type == "int" else 63
        return None if -(2**bits) <= int(v) < 2**bits else f"is out of range for {xml_type}"
    if xml_type in ("float", "double"):
        return None if _FLOAT_RE.fullmatch(v) else f"is not a finite {xml_type}"
    return None


def lint_graphml(path: str | os.PathLike[str]) -> list[str]:
    """Problems Gephi would stumble on in the GraphML file at `path` (see module docstring)."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        return [f"XML does not parse: {exc}"]
    problems: list[str] = []
    if _local(root.tag) != "graphml":
        problems.append(f"root element is <{_local(root.tag)}>, not <graphml>")

    keys: dict[str, tuple[str, str, str]] = {}  # id → (for, attr.name, attr.type)
    for key in (el for el in root.iter() if _local(el.tag) == "key"):
        kid = key.get("id", "")
        scope, name, xml_type = key.get("for", "all"), key.get("attr.name", kid), key.get("attr.type", "string")
        if not kid:
            problems.append(f"key {name!r} has no id")
            continue
        if kid in keys:
            problems.append(f"duplicate key id {kid!r}")
        if re.fullmatch(r"d\d+", kid):
            problems.append(f"key id {kid!r} is of the form d<n> (Gephi reads d3 as node label, d7 as edge label)")
        if scope not in ("node", "edge", "graph", "all"):
            problems.append(f"key {kid!r} has for={scope!r}")
        if xml_type not in GRAPHML_TYPES:
            problems.append(f"key {kid!r} has attr.type {xml_type!r}, not one of {sorted(GRAPHML_TYPES)}")
        keys.setdefault(kid, (scope, name, xml_type))

    def read_data(el: ET.Element, what: str, label: str) -> dict[str, str]:
        values: dict[str, str] = {}
        for data in (d for d in el if _local(d.tag) == "data"):
            kid = data.get("key", "")
            if kid not in keys:
                problems.append(f"{label}: data refers to undeclared key {kid!r}")
                continue
            scope, name, xml_type = keys[kid]
            if scope not in (what, "all"):
                problems.append(f"{label}: data key {kid!r} is declared for {scope!r}, not {what!r}")
            text = data.text or ""
            problem = _value_problem(text, xml_type)
            if problem:
                problems.append(f"{label}: value {text!r} of {name!r} {problem}")
            values[name] = text
        return values

    node_ids: set[str] = set()
    edge_ids: set[str] = set()
    seen_triples: set[tuple[str, str, str]] = set()
    elements = list(root.iter())
    for node in (el for el in elements if _local(el.tag) == "node"):
        nid = node.get("id")
        if not nid:
            problems.append("node without id")
            continue
        if nid in node_ids:
            problems.append(f"duplicate node id {nid!r}")
        node_ids.add(nid)
        values = read_data(node, "node", f"node {nid!r}")
        if not values.get("label", "").strip():
            problems.append(f"node {nid!r} has no label")
    for edge in (el for el in elements if _local(el.tag) == "edge"):
        eid, source, target = edge.get("id"), edge.get("source", ""), edge.get("target", "")
        label = f"edge {eid!r}" if eid else f"edge {source!r}->{target!r}"
        if not eid:
            problems.append(f"{label} has no id")
        elif eid in edge_ids:
            problems.append(f"duplicate edge id {eid!r}")
        else:
            edge_ids.add(eid)
        for end, ref in (("source", source), ("target", target)):
            if ref not in node_ids:
                problems.append(f"{label}: {end} {ref!r} is not a declared node")
        values = read_data(edge, "edge", label)
        weight = values.get("weight")
        if weight is None:
            problems.append(f"{label} has no weight")
        elif _FLOAT_RE.fullmatch(weight.strip()) and float(weight) <= 0:
            problems.append(f"{label} has weight {weight} (must be > 0)")
        triple = (source, target, values.get("relation", values.get("label", "")))
        if triple in seen_triples:
            problems.append(f"{label}: duplicate edge (source, target, relation) {triple!r}")
        seen_triples.add(triple)
    return problems
