"""ReportData → a static SVG picture of who proposes what, who sets which condition, who stands where.

Input: kg.report.data.ReportData. Output: an SVG document as text (UTF-8, no scripts, no external
resources), byte-identical for the same data.

Layout: three columns, actors | proposals | conditions. The order inside a column is a barycentre
heuristic (two sweeps: actors by the mean row of their proposals and conditions, proposals by the mean
row of their actors, conditions under their proposal), ties broken by label, so it is deterministic
and reduces crossings. Edges are cubic curves drawn under the boxes: proposes (dark, dashed), states a
condition (purple), condition of (grey, thin) and stances coloured by polarity (dotted when inferred).
Every box carries its full label in a <title> (a tooltip), the visible text is shortened.
"""
from __future__ import annotations

from html import escape

from kg.report.data import ReportData

POLARITY_COLOUR = {"Support": "#1a9850", "Oppose": "#d73027", "Conditional": "#e08e0b", "Neutral": "#7f8c8d"}
EDGE_STYLE = {"proposes": ("#34495e", "6 4", 1.6), "states": ("#a569bd", "", 1.2),
              "conditionOf": ("#95a5a6", "2 3", 1.2)}
COLS = {"actor": (20, 210), "proposal": (400, 330), "condition": (830, 300)}  # x, box width
WIDTH, ROW, TOP, BOX_H = 1150, 38, 70, 28


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _order(data: ReportData) -> tuple[list[str], list[str], list[str], list[tuple[str, str, str, str]]]:
    """(actors, proposals, conditions, edges (kind, source, target, polarity)) in display order."""
    edges: list[tuple[str, str, str, str]] = []
    for p in data.proposals:
        edges += [("proposes", a, p.iri, "") for a in p.actors.get("proposedBy", [])]
    for c in data.conditions:
        edges += [("states", a, c.iri, "") for a in c.actors.get("statedBy", [])]
        if c.links.get("conditionOf") in data.facts:
            edges.append(("conditionOf", c.iri, c.links["conditionOf"], ""))
    for s in data.stances:
        target = s.links.get("target", "")
        if target in data.facts:
            pol = s.attrs.get("polarity", "Neutral") + (" inferred" if s.attrs.get("inferred") == "true" else "")
            edges += [("stance", a, target, pol) for a in s.actors.get("holder", [])]
    edges = sorted(set(edges))
    cond_iris = {c.iri for c in data.conditions}
    ends = {e[1] for e in edges} | {e[2] for e in edges}
    conditions = [c.iri for c in data.conditions if c.iri in ends]
    proposals = [p.iri for p in data.proposals]
    actors = sorted({e[1] for e in edges if e[0] != "conditionOf"}, key=lambda a: (data.name(a), a))
    out_nb: dict[str, list[str]] = {}
    in_nb: dict[str, list[str]] = {}
    cond_of: dict[str, str] = {}
    for kind, src, dst, _ in edges:
        if kind == "conditionOf":
            cond_of[src] = dst
        else:
            out_nb.setdefault(src, []).append(dst)
            in_nb.setdefault(dst, []).append(src)

    rows = max(len(actors), len(proposals), len(conditions), 1)

    def ys(items: list[str]) -> dict[str, float]:
        """Vertical positions of a column's items (short columns are centred)."""
        offset = (rows - len(items)) * ROW // 2
        return {iri: offset + i * ROW for i, iri in enumerate(items)}

    def bary(items: list[str], neighbours, y: dict[str, float]) -> list[str]:
        def key(item: str):
            found = [y[n] for n in neighbours(item) if n in y]
            return (sum(found) / len(found) if found else 1e9, data.name(item), item)
        return sorted(items, key=key)

    stated_by = {c.iri: c.actors.get("statedBy", []) for c in data.conditions}
    for _ in range(3):
        actors = bary(actors, lambda a: out_nb.get(a, []), {**ys(proposals), **ys(conditions)})
        proposals = bary(proposals, lambda p: [a for a in in_nb.get(p, []) if a not in cond_iris], ys(actors))
        conditions = bary(conditions, lambda c: [cond_of[c]] if c in cond_of else stated_by.get(c, []),
                          {**ys(actors), **ys(proposals)})
    return actors, proposals, conditions, edges


def render(data: ReportData) -> str:
    """The SVG document."""
    actors, proposals, conditions, edges = _order(data)
    rows = max(len(actors), len(proposals), len(conditions), 1)
    height = TOP + rows * ROW + 90
    pos: dict[str, tuple[str, int]] = {}
    for col, items in (("actor", actors), ("proposal", proposals), ("condition", conditions)):
        offset = (rows - len(items)) * ROW // 2  # centre short columns
        for i, iri in enumerate(items):
            pos[iri] = (col, TOP + offset + i * ROW)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="kg-svg-title" '
            f'font-family="Helvetica, Arial, sans-serif" font-size="12">')
    out = [head,
           '<title id="kg-svg-title">Actors, proposals and conditions, with stances by polarity</title>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>']
    for col, label in (("actor", "Actors"), ("proposal", "Proposals"), ("condition", "Conditions")):
        x, w = COLS[col]
        out.append(f'<text x="{x + w // 2}" y="{TOP - 30}" text-anchor="middle" font-weight="bold" '
                   f'font-size="14" fill="#2c3e50">{label}</text>')
    if not proposals and not actors:
        out.append(f'<text x="{WIDTH // 2}" y="{TOP + 20}" text-anchor="middle" fill="#7f8c8d">'
                   'no proposals, conditions or stances in this graph</text>')
    seen: dict[tuple[str, str], int] = {}
    for kind, src, dst, pol in edges:
        if src not in pos or dst not in pos:
            continue
        out.append(_edge(kind, pos[src], pos[dst], pol, seen.setdefault((src, dst), 0)))
        seen[(src, dst)] += 1
    for iri, (col, y) in sorted(pos.items(), key=lambda kv: (kv[1][1], kv[1][0], kv[0])):
        out.append(_box(col, y, data.name(iri), iri))
    out.append(_legend(height - 60))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _edge(kind: str, src: tuple[str, int], dst: tuple[str, int], pol: str, nth: int) -> str:
    (scol, sy), (dcol, dy) = src, dst
    sx = COLS[scol][0] + (COLS[scol][1] if COLS[scol][0] < COLS[dcol][0] else 0)
    dx = COLS[dcol][0] + (0 if COLS[scol][0] < COLS[dcol][0] else COLS[dcol][1])
    shift = (nth + 1) // 2 * 5 * (1 if nth % 2 else -1)  # parallel edges: 0, +5, -5, +10, …
    y1, y2 = sy + BOX_H // 2 + shift, dy + BOX_H // 2 + shift
    mid = (sx + dx) // 2
    if kind == "stance":
        name = pol.split()[0]
        colour, dash, width = POLARITY_COLOUR.get(name, "#7f8c8d"), ("1 4" if "inferred" in pol else ""), 2.6
        title = f"stance: {pol}"
    else:
        (colour, dash, width), title = EDGE_STYLE[kind], kind
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<path class="edge {escape(kind)}" d="M{sx},{y1} C{mid},{y1} {mid},{y2} {dx},{y2}" fill="none" '
            f'stroke="{colour}" stroke-width="{width}"{dash_attr} stroke-linecap="round" opacity="0.85">'
            f'<title>{escape(title)}</title></path>')


def _box(col: str, y: int, label: str, iri: str) -> str:
    x, w = COLS[col]
    fill, stroke = {"actor": ("#eaf2f8", "#2e86c1"), "proposal": ("#fdf2e9", "#ca6f1e"),
                    "condition": ("#f4ecf7", "#8e44ad")}[col]
    radius = 14 if col == "actor" else 4
    chars = w // 7
    return (f'<g class="node {col}"><title>{escape(label)} — {escape(iri)}</title>'
            f'<rect x="{x}" y="{y}" width="{w}" height="{BOX_H}" rx="{radius}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="1.5"/><text x="{x + 10}" y="{y + BOX_H // 2 + 4}" fill="#1b2631">'
            f'{escape(_short(label, chars))}</text></g>')


def _legend(y: int) -> str:
    items = [(f"stance: {p.lower()}", c, "") for p, c in POLARITY_COLOUR.items()]
    items += [("inferred stance", "#7f8c8d", "1 4")]
    items += [(name, EDGE_STYLE[kind][0], EDGE_STYLE[kind][1])
              for kind, name in (("proposes", "proposes"), ("states", "states condition"),
                                 ("conditionOf", "condition of"))]
    parts = [f'<g class="legend" transform="translate(20,{y})">']
    for i, (label, colour, dash) in enumerate(items):
        x, yy = (i % 5) * 220, (i // 5) * 22
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{x}" y1="{yy}" x2="{x + 34}" y2="{yy}" stroke="{colour}" stroke-width="2.6"'
                     f'{dash_attr}/><text x="{x + 42}" y="{yy + 4}" fill="#2c3e50">{escape(label)}</text>')
    parts.append("</g>")
    return "".join(parts)
