"""What the discrepancy rules compare: per-document views of facts, the records they find, and the
documents' dates (kg.discrepancy.rules, kg.discrepancy.events).

Input: filled by kg.discrepancy._views from the merged Corpus (and the per-article extractions). Output:
View / Found / Views records and the small helpers both rule modules use.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

#: event types whose report on two nearby dates is the same occurrence told differently
ONE_OFF = ("PhoneCall", "Meeting", "Talks", "Agreement", "PrisonerExchange")
EVENT_DAYS = 2  # dates of the same event may differ by this many days at most
WINDOW_DAYS = 3  # stances and omissions: documents published at most this many days apart
NOT_REPORTED = "not reported"


@dataclass(frozen=True, slots=True)
class View:
    doc: str
    key: str
    fact: object  # the model dataclass as this document reports it


class Reported:
    """A fact as one article reports it, with only the attributes the rules read (the model's fact also
    holds its attribution and addressees, in a per-instance dict): the views of 10,000 articles' facts
    are held at once."""

    __slots__ = ("date", "duration", "evidence", "holder", "holders", "inferred", "label", "on", "participants",
                 "place", "polarity", "proposers", "quantity", "scope", "target", "topic", "type")

    def __init__(self, fact: object, shared: dict | None = None):
        """`shared`: equal values met before (strings, lists of actors as tuples) to use instead of the
        fact's own copies."""
        for name in self.__slots__:
            value = getattr(fact, name, None)
            if shared is not None and name != "evidence":
                if isinstance(value, list):
                    value = tuple(value)
                if isinstance(value, (str, tuple)):
                    value = shared.setdefault(value, value)
            setattr(self, name, value)


@dataclass(frozen=True)
class Found:
    aspect: str
    side_a: str
    side_b: str
    source_a: str
    source_b: str
    value_a: str
    value_b: str
    concerns: tuple[str, ...]
    subject: str  # what the discrepancy is about, for its label


@dataclass
class Views:
    proposals: list[View] = field(default_factory=list)
    conditions: list[View] = field(default_factory=list)
    stances: list[View] = field(default_factory=list)
    events: list[View] = field(default_factory=list)
    dates: dict[str, date | None] = field(default_factory=dict)
    party: dict[str, str] = field(default_factory=dict)  # actor key -> state key (or itself)
    names: dict[str, str] = field(default_factory=dict)  # actor key -> name
    labels: dict[str, str] = field(default_factory=dict)  # fact key -> merged label
    reporters: dict[str, set[str]] = field(default_factory=dict)  # fact key -> docs with evidence
    _window: tuple | None = field(default=None, repr=False)  # held_to's date index

    def near(self, a: str, b: str, days: int) -> bool:
        da, db = self.dates.get(a), self.dates.get(b)
        return da is None or db is None or abs((da - db).days) <= days

    def not_before(self, later: str, earlier: str) -> bool:
        """`later` was published on or after `earlier` (unknown dates pass), within the window."""
        dl, de = self.dates.get(later), self.dates.get(earlier)
        return dl is None or de is None or 0 <= (dl - de).days <= WINDOW_DAYS

    def held_to(self, doc: str) -> set[str] | None:
        """The documents `not_before(·, doc)` lets through (None: all of them, doc being undated)."""
        day = self.dates.get(doc)
        if day is None:
            return None
        if self._window is None:
            dated = sorted((d.toordinal(), k) for k, d in self.dates.items() if d is not None)
            undated = {k for k, d in self.dates.items() if d is None}
            self._window = ([o for o, _ in dated], [k for _, k in dated], undated)
        ords, docs, undated = self._window
        n = day.toordinal()
        return set(docs[bisect.bisect_left(ords, n):bisect.bisect_right(ords, n + WINDOW_DAYS)]) | undated


def ordered(a: View, b: View) -> tuple[View, View]:
    return (a, b) if (a.doc, a.key) <= (b.doc, b.key) else (b, a)


def names(v: Views, keys) -> str:
    return ", ".join(sorted(v.names.get(k, k) for k in keys))


def within(v: Views, doc: str, docs: set[str]) -> set[str]:
    """The `docs` held to doc's report by the date window (v.held_to), intersected in C: of many
    documents far from each other in time, the loop sees only the few near enough."""
    near = v.held_to(doc)
    return docs if near is None else docs & near


def when(v: Views, x: View) -> tuple[str, str, str]:
    day = v.dates.get(x.doc)
    return (day.isoformat() if day else "~", x.doc, x.key)
