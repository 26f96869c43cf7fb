"""ReportData → the report as Markdown (CommonMark + GitHub tables).

Input: kg.report.data.ReportData and the file name of the picture written beside it (report.svg).
Output: Markdown text with the same sections as the HTML page: overview, picture (an image link to the
SVG file), proposals, timeline, discrepancies, stance history. Graph text is escaped so that it cannot
break a table or start markup.
"""
from __future__ import annotations

import re

from kg.discrepancy.text import duration_words
from kg.report.data import Evidence, Fact, ReportData, Side, stance_history
from kg.report.html import SECTIONS

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def esc(text: str) -> str:
    """Text safe inside a table cell: markup characters backslash-escaped, line breaks as spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return ["_None._", ""]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out + [""]


def _ev(evs: list[Evidence]) -> str:
    return "<br>".join(f"“{esc(e.text)}” ({esc(e.doc)})" for e in evs) or "—"


def _side(side: Side) -> str:
    return _ev(side.evidence) + (f" (+{side.more} more)" if side.more else "")


def _names(data: ReportData, iris: list[str]) -> str:
    return esc(", ".join(sorted(data.name(i) for i in iris))) or "—"


def _proposal(data: ReportData, p: Fact) -> list[str]:
    a = p.attrs
    out = [f"### {esc(p.label)}", "", f"- **Proposed by:** {_names(data, p.actors.get('proposedBy', []))}",
           f"- **Topic:** {esc(a.get('topic', ''))}"]
    if a.get("duration"):
        out.append(f"- **Duration:** {esc(duration_words(a['duration']))} ({esc(a['duration'])})")
    if a.get("scope"):
        out.append(f"- **Scope:** {esc(a['scope'])}")
    if p.actors.get("addressedTo"):
        out.append(f"- **Addressed to:** {_names(data, p.actors['addressedTo'])}")
    out += ["", "Reported in:", ""] + [f"> “{esc(e.text)}” ({esc(e.doc)})  " for e in p.evidence] + [""]
    out += ["**Conditions**", ""] + _table(["Condition", "Stated by", "Evidence"], [
        [esc(c.label), _names(data, c.actors.get("statedBy", [])), _ev(c.evidence)] for c in data.conditions_of(p.iri)])
    out += ["**Stances**", ""] + _table(["Polarity", "Holder", "Stated on", "Evidence"], [
        [esc(s.attrs.get("polarity", "Neutral").lower()) + (" (inferred)" if s.attrs.get("inferred") == "true" else ""),
         _names(data, s.actors.get("holder", [])), esc(s.attrs.get("statedOn", "")), _ev(s.evidence)]
        for s in data.stances_on(p.iri)])
    return out


def render(data: ReportData, svg_name: str = "report.svg", title: str = "Knowledge-graph report") -> str:
    """The Markdown text."""
    heading = dict(SECTIONS)
    out = [f"# {esc(title)}", ""]
    out += [f"## {heading['overview']}", ""] + _table(["What", "Count"], [
        ["Documents", str(len(data.documents))], ["Actors", str(len(data.actors))],
        ["Proposals", str(len(data.proposals))], ["Conditions", str(len(data.conditions))],
        ["Stances", str(len(data.stances))], ["Events", str(len(data.events))],
        ["Discrepancies", str(len(data.discrepancies))]])
    out += ["### Documents", ""] + _table(["Document", "Date", "Title"],
                                          [[esc(i), esc(d), esc(t)] for i, d, t in data.documents])
    image = f"![Actors, proposals and conditions, edges coloured by stance polarity]({svg_name})"
    note = f"_The picture is the file {esc(svg_name)} beside this report (inline in report.html)._"
    out += [f"## {heading['picture']}", "", image, "", note, ""]
    out += [f"## {heading['proposals']}", ""]
    for p in data.proposals:
        out += _proposal(data, p)
    alone = [c for c in data.conditions if c.links.get("conditionOf") not in data.facts]
    if alone:
        out += ["### Conditions not tied to a proposal", ""] + _table(["Condition", "Stated by", "Evidence"], [
            [esc(c.label), _names(data, c.actors.get("statedBy", [])), _ev(c.evidence)] for c in alone])
    columns = ["Date", "Type", "Event", "Participants", "Details", "Evidence"]
    out += [f"## {heading['timeline']}", ""] + _table(columns, [
        [esc(e.attrs.get("date", "undated")), esc(e.kind), esc(e.label), _names(data, e.actors.get("participant", [])),
         esc("; ".join(f"{k}: {e.attrs[k]}" for k in ("place", "quantity") if k in e.attrs)), _ev(e.evidence)]
        for e in data.events])
    out += [f"## {heading['discrepancies']}", ""] + _table(
        ["Aspect", "Discrepancy", "Value A", "Source A", "Evidence A", "Value B", "Source B", "Evidence B"], [
            [esc(aspect), esc(label), f"**{esc(a.value)}**", esc(a.source), _side(a),
             f"**{esc(b.value)}**", esc(b.source), _side(b)] for aspect, label, a, b in data.discrepancies])
    out += [f"## {heading['stance-history']}", ""]
    history = stance_history(data)
    for actor, rows in history.items():
        table = []
        for target, s, day, doc, change in rows:
            pol = s.attrs.get("polarity", "Neutral")
            table.append([esc(target), esc(day or "undated"), esc(pol.lower()), change, esc(doc),
                          _ev([e for e in s.evidence if e.doc == doc])])
        out += [f"### {esc(actor)}", ""] + _table(["On", "Date", "Polarity", "Change", "Document", "Evidence"], table)
    if not history:
        out += ["_None._", ""]
    return "\n".join(out).rstrip("\n") + "\n"
