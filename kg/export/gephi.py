"""GraphML and GEXF files for Gephi, deterministic and written atomically.

Input: a networkx graph (normally `kg.export.project.project(ds)`: a MultiDiGraph whose keys are unique
edge ids) and a destination path.
Output: `graph.graphml` / `graph.gexf`; two writes of the same graph are byte-identical.

GraphML is written by hand rather than with networkx because `nx.write_graphml(named_key_ids=True)`
uses the attribute name as key id for nodes AND edges, so "label"/"evidence_count" collide (GraphML
requires unique key ids), and without it the ids are d0…dN — Gephi reads key id "d3" as the node label
and "d7" as the edge label (yEd convention), whatever their attr.name says. Here node keys are named
after the attribute ("label", "size", "r"…, which Gephi maps by id) and edge keys are "e_<name>"
("e_label", "e_weight", which Gephi maps through attr.name). Types: bool → boolean, int → int (long
beyond 32 bits), float → double, anything else → string; lists become "; "-joined strings, dicts, None
and empty strings are dropped, characters XML 1.0 forbids are removed; a node without a usable label is
labelled with its id (Gephi shows the label). Nodes are sorted by id, edges by
(source, target, key); edge ids are the multigraph keys (or the `id` attribute, else "e<n>"), made unique.

GEXF is networkx's 1.2draft writer (Gephi's native reader handles it; networkx's "1.3" output has a wrong
xsi namespace) on a freshly built, sorted copy, with the time-dependent `lastmodifieddate` removed and
a fixed creator; nodes get `viz` colour (r, g, b, a=1.0) and size from the projection's attributes.
"""
from __future__ import annotations

import io
import math
import os
import re
from typing import Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from kg.export.atomic import atomic_open

__all__ = ["gexf_bytes", "graphml_bytes", "write_gexf", "write_graphml"]

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NMTOKEN_BAD = re.compile(r"[^A-Za-z0-9._:-]")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def _xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _clean(value: Any) -> Any:
    """A scalar fit for a file, or None to drop it."""
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple | set | frozenset):
        items = [str(v) for v in value if v is not None and str(v) != ""]
        value = "; ".join(sorted(items) if isinstance(value, set | frozenset) else items)
    text = _xml_safe(str(value))
    return text if text.strip() else None


def _clean_attrs(data: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out = {}
    for k in sorted(data, key=str):
        if k in skip:
            continue
        v = _clean(data[k])
        if v is not None:
            out[_xml_safe(str(k))] = v
    return out


def _node_attrs(n: Any, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(node id, cleaned attributes); a node whose label is missing or blank is labelled with its id."""
    nid = _xml_safe(str(n))
    attrs = _clean_attrs(data)
    if not isinstance(attrs.get("label"), str) or not attrs["label"].strip():
        attrs["label"] = nid
    return nid, dict(sorted(attrs.items()))


def _sorted_edges(G: nx.Graph) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(source, target, unique edge id, attributes) in a stable order."""
    if G.is_multigraph():
        raw = [(str(u), str(v), str(data.get("id", k)), data) for u, v, k, data in G.edges(keys=True, data=True)]
    else:
        raw = [(str(u), str(v), str(data["id"]) if "id" in data else "", data) for u, v, data in G.edges(data=True)]
    raw.sort(key=lambda e: (e[0], e[1], e[2]))
    used: set[str] = set()
    out = []
    for n, (u, v, eid, data) in enumerate(raw):
        eid = _xml_safe(eid) or f"e{n}"
        base, i = eid, 1
        while eid in used:
            eid, i = f"{base}.{i}", i + 1
        used.add(eid)
        out.append((u, v, eid, _clean_attrs(data, skip=("id",))))
    return out


def _xml_type(values: list[Any]) -> str:
    types = {type(v) for v in values}
    if types == {bool}:
        return "boolean"
    if types <= {int}:
        return "int" if all(-(2**31) <= v < 2**31 for v in values) else "long"
    if types <= {int, float}:
        return "double"
    return "string"


def _fmt(value: Any, xml_type: str) -> str:
    if xml_type == "boolean":
        return "true" if value else "false"
    if xml_type == "double":
        return repr(float(value))
    return str(value)


def _esc(text: str, attr: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if attr:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


def _key_id(name: str, scope: str, used: set[str]) -> str:
    base = _NMTOKEN_BAD.sub("_", name) or "attr"
    base = base if scope == "node" else f"e_{base}"
    if re.fullmatch(r"d\d+", base):
        base = f"k_{base}"
    kid, i = base, 1
    while kid in used:
        kid, i = f"{base}_{i}", i + 1
    used.add(kid)
    return kid


def graphml_bytes(G: nx.Graph) -> bytes:
    """GraphML document (UTF-8 bytes) with named, unique key ids and unique edge ids."""
    nodes = sorted((_node_attrs(n, d) for n, d in G.nodes(data=True)), key=lambda x: x[0])
    edges = _sorted_edges(G)
    keys: dict[tuple[str, str], tuple[str, str]] = {}  # (scope, name) → (key id, type)
    used: set[str] = set()
    for scope, items in (("node", [d for _, d in nodes]), ("edge", [e[3] for e in edges])):
        names = sorted({k for d in items for k in d})
        for name in names:
            xml_type = _xml_type([d[name] for d in items if name in d])
            keys[(scope, name)] = (_key_id(name, scope, used), xml_type)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           (f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">')]
    for (scope, name), (kid, xml_type) in keys.items():
        out.append(f'  <key id="{kid}" for="{scope}" attr.name="{_esc(name, True)}" attr.type="{xml_type}"/>')
    out.append(f'  <graph id="G" edgedefault="{"directed" if G.is_directed() else "undirected"}">')

    def data_lines(scope: str, d: dict[str, Any]) -> list[str]:
        lines = []
        for name, value in d.items():
            kid, xml_type = keys[(scope, name)]
            lines.append(f'      <data key="{kid}">{_esc(_fmt(value, xml_type))}</data>')
        return lines

    for nid, d in nodes:
        out.append(f'    <node id="{_esc(nid, True)}">')
        out.extend(data_lines("node", d))
        out.append("    </node>")
    for u, v, eid, d in edges:
        out.append(f'    <edge id="{_esc(eid, True)}" source="{_esc(u, True)}" target="{_esc(v, True)}">')
        out.extend(data_lines("edge", d))
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out).encode("utf-8")


def write_graphml(G: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write `graphml_bytes(G)` to `path` atomically."""
    data = graphml_bytes(G)
    with atomic_open(path, "wb") as fh:
        fh.write(data)


class _GEXFWriter(GEXFWriter):
    """networkx's writer without the multigraph `key` attribute and without time-dependent metadata."""

    def __init__(self) -> None:
        super().__init__(encoding="utf-8", prettyprint=True, version="1.2draft")
        meta = self.xml.find("meta")
        if meta is not None:
            meta.attrib.pop("lastmodifieddate", None)
            creator = meta.find("creator")
            if creator is not None:
                creator.text = "kg"

    def add_attributes(self, node_or_edge, xml_obj, data, default):
        data = {k: v for k, v in data.items() if k != "key"}
        return super().add_attributes(node_or_edge, xml_obj, data, default)


def gexf_bytes(G: nx.Graph) -> bytes:
    """GEXF 1.2draft document (UTF-8 bytes) with viz colour and size; deterministic."""
    H = nx.MultiDiGraph() if G.is_directed() else nx.MultiGraph()
    for n, d in sorted((_node_attrs(n, d) for n, d in G.nodes(data=True)), key=lambda x: x[0]):
        viz: dict[str, Any] = {}
        if all(isinstance(d.get(c), int) for c in "rgb"):
            viz["color"] = {"r": d["r"], "g": d["g"], "b": d["b"], "a": 1.0}
        if isinstance(d.get("size"), int | float) and not isinstance(d.get("size"), bool):
            viz["size"] = float(d["size"])
        if viz:
            d["viz"] = viz
        H.add_node(n, **d)
    for u, v, eid, d in _sorted_edges(G):
        H.add_edge(u, v, key=eid, id=eid, **d)
    writer = _GEXFWriter()
    writer.add_graph(H)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def write_gexf(G: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write `gexf_bytes(G)` to `path` atomically."""
    data = gexf_bytes(G)
    with atomic_open(path, "wb") as fh:
        fh.write(data)
