"""ReportData (+ its SVG picture) → one self-contained HTML page.

Input: kg.report.data.ReportData and the SVG text from kg.report.svg. Output: an HTML5 document as text:
inline CSS, the picture inline, no script, no external resource (no fonts, images or links off the page),
every piece of graph text escaped with html.escape. Sections: overview, picture, proposals, timeline,
discrepancies, stance history (ids: overview, picture, proposals, timeline, discrepancies, stance-history).
"""
from __future__ import annotations

from html import escape

from kg.discrepancy.text import duration_words
from kg.report.data import Evidence, Fact, ReportData, stance_history
from kg.report.svg import POLARITY_COLOUR

SECTIONS = (("overview", "Overview"), ("picture", "Actors and proposals"), ("proposals", "Proposals"),
            ("timeline", "Timeline of events"), ("discrepancies", "Discrepancies between sources"),
            ("stance-history", "Stance history"))

CSS = """
body{font:15px/1.45 Helvetica,Arial,sans-serif;color:#1b2631;margin:0;background:#f7f9fa}
main{max-width:1200px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:26px;margin:8px 0}h2{border-bottom:2px solid #d5dbdb;padding-bottom:4px;margin-top:36px}
h3{margin:22px 0 6px}nav a{margin-right:14px;color:#1f618d}
table{border-collapse:collapse;width:100%;margin:8px 0 14px;background:#fff}
th,td{border:1px solid #d5dbdb;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eaeded}td.n{text-align:right}
.pol{display:inline-block;padding:1px 7px;border-radius:9px;color:#fff;font-size:12px;white-space:nowrap}
.src{color:#566573;font-size:12px;white-space:nowrap}blockquote{margin:2px 0;color:#424949}
.card{background:#fff;border:1px solid #d5dbdb;border-radius:6px;padding:6px 16px 10px;margin:14px 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0}dt{font-weight:bold}
dd{margin:0}.picture{overflow-x:auto;background:#fff;border:1px solid #d5dbdb;border-radius:6px}
.muted{color:#7f8c8d}#discrepancies td:nth-child(3),#discrepancies td:nth-child(4){width:34%}
"""


def _pol(name: str) -> str:
    colour = POLARITY_COLOUR.get(name, "#7f8c8d")
    return f'<span class="pol" style="background:{colour}">{escape(name.lower())}</span>'


def _ev(evs: list[Evidence]) -> str:
    if not evs:
        return '<span class="muted">—</span>'
    return "".join(f'<blockquote>“{escape(e.text)}” <span class="src">{escape(e.doc)}</span></blockquote>'
                   for e in evs)


def _table(head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return '<p class="muted">None.</p>'
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _names(data: ReportData, iris: list[str]) -> str:
    return escape(", ".join(sorted(data.name(i) for i in iris))) or '<span class="muted">—</span>'


def _stance_rows(data: ReportData, stances: list[Fact]) -> list[list[str]]:
    rows = []
    for s in stances:
        inferred = " (inferred)" if s.attrs.get("inferred") == "true" else ""
        rows.append([_pol(s.attrs.get("polarity", "Neutral")) + escape(inferred),
                     _names(data, s.actors.get("holder", [])), escape(s.attrs.get("statedOn", "")), _ev(s.evidence)])
    return rows


def _proposal(data: ReportData, p: Fact) -> str:
    a = p.attrs
    facts = [("Proposed by", _names(data, p.actors.get("proposedBy", []))), ("Topic", escape(a.get("topic", "")))]
    if a.get("duration"):
        facts.append(("Duration", escape(f"{duration_words(a['duration'])} ({a['duration']})")))
    if a.get("scope"):
        facts.append(("Scope", escape(a["scope"])))
    if p.actors.get("addressedTo"):
        facts.append(("Addressed to", _names(data, p.actors["addressedTo"])))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    conds = [[escape(c.label), _names(data, c.actors.get("statedBy", [])), _ev(c.evidence)]
             for c in data.conditions_of(p.iri)]
    return (f'<div class="card proposal"><h3>{escape(p.label)}</h3><dl>{dl}</dl>'
            f"<h4>Reported in</h4>{_ev(p.evidence)}"
            f"<h4>Conditions</h4>{_table(['Condition', 'Stated by', 'Evidence'], conds)}"
            f"<h4>Stances</h4>"
            f"{_table(['Polarity', 'Holder', 'Stated on', 'Evidence'], _stance_rows(data, data.stances_on(p.iri)))}"
            "</div>")


def render(data: ReportData, svg: str, title: str = "Knowledge-graph report") -> str:
    """The HTML page."""
    counts = [("Documents", len(data.documents)), ("Actors", len(data.actors)), ("Proposals", len(data.proposals)),
              ("Conditions", len(data.conditions)), ("Stances", len(data.stances)), ("Events", len(data.events)),
              ("Discrepancies", len(data.discrepancies))]
    parts = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>",
             f"<h1>{escape(title)}</h1><nav>"
             + "".join(f'<a href="#{i}">{escape(t)}</a>' for i, t in SECTIONS) + "</nav>"]
    body = {
        "overview": _table(["What", "Count"], [[escape(k), f'<span class="n">{v}</span>'] for k, v in counts])
        + "<h3>Documents</h3>" + _table(["Document", "Date", "Title"], [[escape(i), escape(d), escape(t)]
                                                                       for i, d, t in data.documents]),
        "picture": '<p>Who proposes what, who attaches which condition and who stands where (edge colour = '
                   f'polarity). Hover a box for its full label.</p><div class="picture">{svg}</div>',
        "proposals": "".join(_proposal(data, p) for p in data.proposals) or '<p class="muted">None.</p>',
        "timeline": _table(["Date", "Type", "Event", "Participants", "Details", "Evidence"], [
            [escape(e.attrs.get("date", "undated")), escape(e.kind), escape(e.label),
             _names(data, e.actors.get("participant", [])),
             escape("; ".join(f"{k}: {e.attrs[k]}" for k in ("place", "quantity") if k in e.attrs)), _ev(e.evidence)]
            for e in data.events]),
        "discrepancies": _table(["Aspect", "Discrepancy", "Side A", "Side B"], [
            [escape(aspect), escape(label)] + [
                f"<b>{escape(s.value)}</b><br>{escape(s.label)}<br><span class=\"src\">{escape(s.source)}</span>"
                + _ev(s.evidence) + (f'<span class="muted">(+{s.more} more)</span>' if s.more else "") for s in (a, b)]
            for aspect, label, a, b in data.discrepancies]),
        "stance-history": _history(data),
    }
    conditions_alone = [c for c in data.conditions if c.links.get("conditionOf") not in data.facts]
    if conditions_alone:
        body["proposals"] += "<h3>Conditions not tied to a proposal</h3>" + _table(
            ["Condition", "Stated by", "Evidence"],
            [[escape(c.label), _names(data, c.actors.get("statedBy", [])), _ev(c.evidence)] for c in conditions_alone])
    for ident, heading in SECTIONS:
        parts.append(f'<section id="{ident}"><h2>{escape(heading)}</h2>{body[ident]}</section>')
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _history(data: ReportData) -> str:
    out = []
    for actor, rows in stance_history(data).items():
        table = []
        for target, s, day, doc, change in rows:
            pol = s.attrs.get("polarity", "Neutral")
            table.append([escape(target), escape(day or "undated"), _pol(pol), escape(change), escape(doc),
                          _ev([e for e in s.evidence if e.doc == doc])])
        out.append(f"<h3>{escape(actor)}</h3>" + _table(["On", "Date", "Polarity", "Change", "Document", "Evidence"],
                                                         table))
    return "".join(out) or '<p class="muted">None.</p>'
