"""The discrepancy rules: per-document views of the merged facts → pairs of reports that disagree.

Input: a Views object (for each document, the facts it reports: the per-article extraction when the
pipeline passes it, else the merged fact for every document that has evidence for it), the documents'
dates and the party (state) of each actor. Output: Found tuples (aspect, sides, sources, values,
concerned facts, subject) in no particular order; kg.discrepancy sorts, keys and labels them.

Every rule groups first (by event type and participant, by proposer and topic, by holder and target,
by proposal) and compares documents only inside a group, so the cost grows with the size of the groups,
not with the square of the corpus.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from kg.discrepancy import text

#: event types whose report on two nearby dates is the same occurrence told differently
ONE_OFF = ("PhoneCall", "Meeting", "Talks", "Agreement", "PrisonerExchange")
EVENT_DAYS = 2  # dates of the same event may differ by this many days at most
WINDOW_DAYS = 3  # stances and omissions: documents published at most this many days apart
NOT_REPORTED = "not reported"


@dataclass(frozen=True)
class View:
    doc: str
    key: str
    fact: object  # the model dataclass as this document reports it


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

    def near(self, a: str, b: str, days: int) -> bool:
        da, db = self.dates.get(a), self.dates.get(b)
        return da is None or db is None or abs((da - db).days) <= days

    def not_before(self, later: str, earlier: str) -> bool:
        """`later` was published on or after `earlier` (unknown dates pass), within the window."""
        dl, de = self.dates.get(later), self.dates.get(earlier)
        return dl is None or de is None or 0 <= (dl - de).days <= WINDOW_DAYS


def _event_topic(key: str) -> str:
    parts = key.split("|")
    return parts[4] if len(parts) == 5 and parts[0] == "event" else ""


def _ordered(a: View, b: View) -> tuple[View, View]:
    return (a, b) if (a.doc, a.key) <= (b.doc, b.key) else (b, a)


def events(v: Views) -> list[Found]:
    """Date, participants and quantity of the same one-off event as told by two documents.

    A date counts only where a sentence of that document writes it ("on March 17", "on Tuesday"): an event
    dated by default with its article's publication date disagrees with nothing.
    """
    usable = [x for x in v.events if x.fact.type in ONE_OFF and x.fact.date and x.fact.participants]
    buckets: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    told: dict[tuple, list[View]] = defaultdict(list)  # (doc, type, topic) -> its events
    for i, x in enumerate(usable):
        t = (x.fact.type, _event_topic(x.key))
        told[(x.doc, *t)].append(x)
        for p in x.fact.participants:
            buckets[(*t, p)].append((x.fact.date.toordinal(), i))
    # Two tellings with the same key (hence date) and the same numbers cannot differ: each bucket is split
    # by that signature and only different signatures dated at most EVENT_DAYS apart are paired, so an
    # event told alike by k articles costs k steps, not k² (the seed copies of `make bench`).
    pairs = set()
    for rows in buckets.values():
        alike: dict[tuple, list[int]] = defaultdict(list)
        for d, i in rows:
            alike[(d, usable[i].key, text.numbers(usable[i].fact.quantity))].append(i)
        sigs = sorted(alike, key=lambda s: (s[0], s[1], sorted(s[2])))
        days = [s[0] for s in sigs]
        for n, sig in enumerate(sigs):
            for other in sigs[n + 1:bisect.bisect_right(days, sig[0] + EVENT_DAYS)]:
                for i in alike[sig]:
                    for j in alike[other]:
                        if usable[i].doc != usable[j].doc:
                            pairs.add((i, j) if usable[i].doc < usable[j].doc else (j, i))
    out = []
    for i, j in sorted(pairs):
        a, b = usable[i], usable[j]
        fa, fb = a.fact, b.fact
        subject = f"{fa.type} " + " – ".join(sorted(v.names.get(p, p) for p in fa.participants))
        told_a, told_b = (told[(x.doc, fa.type, _event_topic(a.key))] for x in (a, b))
        if fa.date != fb.date:
            if _stated(v, a) and _stated(v, b) and not (
                    _tells(told_a, fb.date, set(fb.participants)) or _tells(told_b, fa.date, set(fa.participants))):
                out.append(Found("date", a.key, b.key, a.doc, b.doc, fa.date.isoformat(), fb.date.isoformat(),
                                 (a.key, b.key), subject))
        elif a.key != b.key:
            pa = {v.party.get(p, p) for p in fa.participants}
            pb = {v.party.get(p, p) for p in fb.participants}
            if len(pa) >= 2 and len(pb) >= 2 and pa != pb and not (
                    _tells(told_a, fb.date, set(fb.participants), exact=True) or
                    _tells(told_b, fa.date, set(fa.participants), exact=True)):
                out.append(Found("participants", a.key, b.key, a.doc, b.doc, _names(v, fa.participants),
                                 _names(v, fb.participants), (a.key, b.key), subject))
        na, nb = text.numbers(fa.quantity), text.numbers(fb.quantity)
        if na and nb and na != nb:
            out.append(Found("quantity", a.key, b.key, a.doc, b.doc, fa.quantity, fb.quantity,
                             tuple(dict.fromkeys((a.key, b.key))), subject))
    return out


def _tells(events: list[View], day: date, parts: set[str], exact: bool = False) -> bool:
    """Whether one of a document's events (of the kind compared) is on `day` with exactly / some of `parts`."""
    return any(y.fact.date == day and (set(y.fact.participants) == parts if exact else
                                       parts & set(y.fact.participants)) for y in events)


def _stated(v: Views, x: View) -> bool:
    """The event's date is written in one of its sentences in that document (not the article's date by default)."""
    return any(ev.doc_id == x.doc and text.states_date(ev.text, x.fact.date, v.dates.get(x.doc))
               for ev in x.fact.evidence)


def _names(v: Views, keys) -> str:
    return ", ".join(sorted(v.names.get(k, k) for k in keys))


def proposals(v: Views, topic_words: dict[str, list[str]]) -> list[Found]:
    """Duration (aspect quantity) and scope of the same proposer's proposal on one topic.

    Scope: the phrase of each label naming the topic (kg.discrepancy.text.scope), compared only when one
    side coordinates two or more items ("energy and infrastructure" against "energy infrastructure").
    """
    groups: dict[tuple, list[View]] = defaultdict(list)
    for x in v.proposals:
        groups[(tuple(sorted(x.fact.proposers)), x.fact.topic)].append(x)
    out = []
    for (proposers, topic), views in sorted(groups.items()):
        words = topic_words.get(topic, [topic.replace("-", " ")])
        scopes = {id(x): text.scope(x.fact.label, words) for x in views}
        durations, items = defaultdict(set), defaultdict(set)
        for x in views:
            durations[x.doc].add(x.fact.duration)
            items[x.doc].add(scopes[id(x)][0])
        subject = f"proposal by {_names(v, proposers)} on {topic}"
        for first, second in _differing_pairs(views, lambda x: (x.fact.duration, scopes[id(x)][0])):
            if first.doc == second.doc:
                continue
            a, b = _ordered(first, second)
            da, db = a.fact.duration, b.fact.duration
            if da and db and da != db and db not in durations[a.doc] and da not in durations[b.doc]:
                out.append(Found("quantity", a.key, b.key, a.doc, b.doc, text.duration_words(da),
                                 text.duration_words(db), tuple(dict.fromkeys((a.key, b.key))), subject))
            (ia, na, wa), (ib, nb, wb) = scopes[id(a)], scopes[id(b)]
            differ = bool(ia and ib and ia != ib and max(na, nb) >= 2 and ib not in items[a.doc]
                          and ia not in items[b.doc])
            if differ:
                out.append(Found("scope", a.key, b.key, a.doc, b.doc, wa, wb,
                                 tuple(dict.fromkeys((a.key, b.key))), subject))
    return out


def polarity(v: Views) -> list[Found]:
    """The same holder's stance on the same target with another polarity, in documents a few days apart."""
    groups: dict[tuple[str, str], list[View]] = defaultdict(list)
    for x in v.stances:
        if not x.fact.inferred:
            groups[(x.fact.holder, x.fact.target)].append(x)
    out = []
    for (holder, target), views in sorted(groups.items()):
        told = defaultdict(set)
        for x in views:
            told[x.doc].add(x.fact.polarity)
        for first, second in _differing_pairs(views, lambda x: x.fact.polarity):
            a, b = _ordered(first, second)
            pa, pb = a.fact.polarity, b.fact.polarity
            if a.doc == b.doc or pb in told[a.doc] or pa in told[b.doc]:
                continue
            if v.near(a.doc, b.doc, WINDOW_DAYS):
                subject = f"stance of {v.names.get(holder, holder)} on {v.labels.get(target, target)}"
                out.append(Found("polarity", a.key, b.key, a.doc, b.doc, pa, pb, (a.key, b.key, target),
                                 subject))
    return out


def omissions(v: Views, generic: frozenset[str]) -> list[Found]:
    """A condition on a proposal, or an explicit stance on it, that another report of the proposal leaves out.

    Only reports published on or after the first one's date (and within the window) are held to it;
    a condition counts as reported when the other document states the same condition or one worded alike.
    One omission per (condition or stance, leaving-out document): side A is the earliest report of it
    (then by id), so a fact told by k articles and left out by m gives m omissions, not k × m.
    """
    conds_of: dict[str, list[View]] = defaultdict(list)
    telling: dict[str, set[str]] = defaultdict(set)  # condition key -> documents stating it
    for x in v.conditions:
        conds_of[x.doc].append(x)
        telling[x.key].add(x.doc)
    holders_of: dict[tuple[str, str], set[str]] = defaultdict(set)  # (doc, target) -> parties with a stance
    siding: dict[tuple[str, str], set[str]] = defaultdict(set)  # (party, target) -> documents with its stance
    for x in v.stances:
        party = v.party.get(x.fact.holder, x.fact.holder)
        holders_of[(x.doc, x.fact.target)].add(party)
        siding[(party, x.fact.target)].add(x.doc)
    out, done = [], set()
    for x in sorted(v.conditions, key=lambda x: _when(v, x)):
        on = x.fact.on
        if not on or on not in v.reporters:
            continue
        for doc in sorted(v.reporters[on] - telling[x.key] - {x.doc}):  # (the set difference keeps this
            if (x.key, doc) in done or not v.not_before(doc, x.doc):  # linear when most reports agree)
                continue
            if any(y.key == x.key or text.similar(y.fact.label, x.fact.label, generic) for y in conds_of[doc]):
                continue
            done.add((x.key, doc))
            out.append(Found("omission", x.key, on, x.doc, doc, x.fact.label, NOT_REPORTED, (x.key, on),
                             f"condition on {v.labels.get(on, on)}"))
    for x in sorted(v.stances, key=lambda x: _when(v, x)):
        s = x.fact
        if s.inferred or s.target not in v.reporters:
            continue
        party = v.party.get(s.holder, s.holder)
        for doc in sorted(v.reporters[s.target] - siding[(party, s.target)] - {x.doc}):
            if (x.key, doc) in done or not v.not_before(doc, x.doc):
                continue
            if v.party.get(s.holder, s.holder) not in holders_of[(doc, s.target)]:
                done.add((x.key, doc))
                out.append(Found("omission", x.key, s.target, x.doc, doc,
                                 f"{v.names.get(s.holder, s.holder)}: {s.polarity}", NOT_REPORTED,
                                 (x.key, s.target), f"stance on {v.labels.get(s.target, s.target)}"))
    return out


def _differing_pairs(views: list[View], value) -> list[tuple[View, View]]:
    """The pairs (earlier, later in `views`) whose `value(view)` differ: views are bucketed by value and only
    buckets are paired, so a fact told alike by k articles costs k steps, not k²/2 comparisons."""
    buckets: dict = {}
    for n, x in enumerate(views):
        buckets.setdefault(value(x), []).append((n, x))
    groups = list(buckets.values())
    pairs = []
    for gi, g in enumerate(groups):
        for h in groups[gi + 1:]:
            pairs += [(n, m, x, y) if n < m else (m, n, y, x) for n, x in g for m, y in h]
    return [(x, y) for _, _, x, y in sorted(pairs, key=lambda p: (p[0], p[1]))]


def _when(v: Views, x: View) -> tuple[str, str, str]:
    day = v.dates.get(x.doc)
    return (day.isoformat() if day else "~", x.doc, x.key)
