"""The event rule: one one-off event (a call, a meeting, talks, an agreement, an exchange) as told by two
documents with another date, other parties or other numbers.

Input: kg.discrepancy.views.Views. Output: Found records (aspects date, participants, quantity).
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import date

from kg.discrepancy import text
from kg.discrepancy.views import EVENT_DAYS, ONE_OFF, Found, View, Views, names


def event_topic(key: str) -> str:
    parts = key.split("|")
    return parts[4] if len(parts) == 5 and parts[0] == "event" else ""


def events(v: Views) -> list[Found]:
    """Date, participants and quantity of the same one-off event as told by two documents.

    A date counts only where a sentence of that document writes it ("on March 17", "on Tuesday"): an event
    dated by default with its article's publication date disagrees with nothing.
    """
    usable = [x for x in v.events if x.fact.type in ONE_OFF and x.fact.date and x.fact.participants]
    told: dict[tuple, list[View]] = defaultdict(list)  # (doc, type, topic) -> its events
    for x in usable:
        told[(x.doc, x.fact.type, event_topic(x.key))].append(x)
    # Tellings alike in all the tests below read (the event, its numbers, whether its sentence writes the
    # date, and what else its document tells of that kind) pass or fail together: the tests run once per
    # pair of such classes, so an event told alike by k articles costs k steps, not k² (the seed copies
    # of `make bench`, syndicated wire copy).
    classes: dict[tuple, list[View]] = defaultdict(list)
    for x in usable:
        others = told[(x.doc, x.fact.type, event_topic(x.key))]
        classes[(x.key, x.fact.date, frozenset(x.fact.participants), x.fact.quantity, _stated(v, x),
                 frozenset((y.fact.date, frozenset(y.fact.participants)) for y in others))].append(x)
    members = list(classes.values())  # class n: members[n]; its first view stands for it
    buckets: dict[tuple, list[int]] = defaultdict(list)  # (type, topic, participant) -> classes
    for n, views in enumerate(members):
        f = views[0].fact
        for p in f.participants:
            buckets[(f.type, event_topic(views[0].key), p)].append(n)
    candidates = set()
    for ns in buckets.values():
        ns.sort(key=lambda n: (members[n][0].fact.date, n))
        days = [members[n][0].fact.date.toordinal() for n in ns]
        for i, n in enumerate(ns):
            for m in ns[i + 1:bisect.bisect_right(days, days[i] + EVENT_DAYS)]:
                x, y = members[n][0], members[m][0]
                if (x.key, text.numbers(x.fact.quantity)) != (y.key, text.numbers(y.fact.quantity)):
                    candidates.add((min(n, m), max(n, m)))  # (the same event and numbers cannot differ)
    out = []
    for n, m in sorted(candidates):
        aspects = event_aspects(v, told, members[n][0], members[m][0])
        for x in members[n] if aspects else ():
            for y in members[m]:
                if x.doc != y.doc:
                    out += event_found(v, aspects, *((x, y) if x.doc < y.doc else (y, x)))
    return out


def event_aspects(v: Views, told: dict[tuple, list[View]], a: View, b: View) -> list[str]:
    """The aspects in which two tellings of an event differ (symmetric in a and b); `told`: (document,
    type, topic) → the events of that kind the document tells."""
    fa, fb = a.fact, b.fact
    told_a, told_b = (told[(x.doc, x.fact.type, event_topic(x.key))] for x in (a, b))
    out = []
    if fa.date != fb.date:
        if _stated(v, a) and _stated(v, b) and not (
                _tells(told_a, fb.date, set(fb.participants)) or _tells(told_b, fa.date, set(fa.participants))):
            out.append("date")
    elif a.key != b.key:
        pa = {v.party.get(p, p) for p in fa.participants}
        pb = {v.party.get(p, p) for p in fb.participants}
        if len(pa) >= 2 and len(pb) >= 2 and pa != pb and not (
                _tells(told_a, fb.date, set(fb.participants), exact=True) or
                _tells(told_b, fa.date, set(fa.participants), exact=True)):
            out.append("participants")
    na, nb = text.numbers(fa.quantity), text.numbers(fb.quantity)
    if na and nb and na != nb:
        out.append("quantity")
    return out


def event_found(v: Views, aspects: list[str], a: View, b: View) -> list[Found]:
    fa, fb = a.fact, b.fact
    subject = f"{fa.type} " + " – ".join(sorted(v.names.get(p, p) for p in fa.participants))
    values = {"date": (fa.date.isoformat(), fb.date.isoformat(), (a.key, b.key)),
              "participants": (names(v, fa.participants), names(v, fb.participants), (a.key, b.key)),
              "quantity": (fa.quantity, fb.quantity, tuple(dict.fromkeys((a.key, b.key))))}
    return [Found(aspect, a.key, b.key, a.doc, b.doc, *values[aspect], subject) for aspect in aspects]


def _tells(events: list[View], day: date, parts: set[str], exact: bool = False) -> bool:
    """Whether one of a document's events (of the kind compared) is on `day` with exactly / some of `parts`."""
    return any(y.fact.date == day and (set(y.fact.participants) == parts if exact else
                                       parts & set(y.fact.participants)) for y in events)


def _stated(v: Views, x: View) -> bool:
    """The event's date is written in one of its sentences in that document (not the article's date by default)."""
    return any(ev.doc_id == x.doc and text.states_date(ev.text, x.fact.date, v.dates.get(x.doc))
               for ev in x.fact.evidence)
