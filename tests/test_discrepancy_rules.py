"""The discrepancy rules against brute force: every pair of reports compared, on random small corpora.

The rules (kg.discrepancy.rules, kg.discrepancy.events) compare classes of alike reports and index the
documents by date, so that a fact told alike by many articles costs linear time; these properties check
that they find exactly what comparing every pair of reports finds.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.discrepancy import events as event_rules
from kg.discrepancy import rules, text
from kg.discrepancy.views import EVENT_DAYS, NOT_REPORTED, ONE_OFF, Found, View, Views, names, ordered, when
from kg.model import Condition, Event, Evidence, Proposal, Stance

DOCS = ["a", "b", "c", "d", "e"]
DAY0 = date(2025, 3, 17)
ACTORS = ["trump", "putin", "zelensky"]
SETTINGS = settings(max_examples=150, deadline=None)

days = st.one_of(st.none(), st.integers(0, 6).map(lambda n: DAY0 + timedelta(days=n)))
doc_dates = st.fixed_dictionaries({d: days for d in DOCS})


def _views(dates) -> Views:
    v = Views(dates=dict(dates))
    for k in ACTORS:
        v.names[k] = k.title()
        v.party[k] = k
    return v


def _count(found: list[Found]) -> Counter:
    return Counter(found)


@st.composite
def event_views(draw):
    v = _views(draw(doc_dates))
    for _ in range(draw(st.integers(0, 14))):
        doc = draw(st.sampled_from(DOCS))
        kind = draw(st.sampled_from([*ONE_OFF[:2], "Statement"]))
        day = DAY0 + timedelta(days=draw(st.integers(0, 4)))
        parts = sorted(draw(st.sets(st.sampled_from(ACTORS), min_size=1, max_size=3)))
        topic = draw(st.sampled_from(["", "energy"]))
        quantity = draw(st.sampled_from([None, "175 prisoners", "150 prisoners"]))
        sentence = draw(st.sampled_from(["They spoke.", f"They spoke on March {day.day}.", "on March 17"]))
        key = f"event|{kind}|{day.isoformat()}|{'+'.join(parts)}|{topic}"
        fact = Event(key, kind, parts, f"{kind} {topic}", day, quantity=quantity,
                     evidence=[Evidence(doc, 0, len(sentence), sentence)])
        v.events.append(View(doc, key, fact))
    return v


def brute_events(v: Views) -> list[Found]:
    usable = [x for x in v.events if x.fact.type in ONE_OFF and x.fact.date and x.fact.participants]
    told = defaultdict(list)
    for x in usable:
        told[(x.doc, x.fact.type, event_rules.event_topic(x.key))].append(x)
    out = []
    for i, p in enumerate(usable):
        for q in usable[i + 1:]:
            if p.doc == q.doc or (p.fact.type, event_rules.event_topic(p.key)) != (q.fact.type,
                                                                                    event_rules.event_topic(q.key)):
                continue
            if not set(p.fact.participants) & set(q.fact.participants):
                continue
            if abs((p.fact.date - q.fact.date).days) > EVENT_DAYS:
                continue
            if (p.key, text.numbers(p.fact.quantity)) == (q.key, text.numbers(q.fact.quantity)):
                continue
            a, b = (p, q) if p.doc < q.doc else (q, p)
            out += event_rules.event_found(v, event_rules.event_aspects(v, told, a, b), a, b)
    return out


@SETTINGS
@given(event_views())
def test_events_find_what_every_pair_finds(v):
    assert _count(rules.events(v)) == _count(brute_events(v))


@st.composite
def proposal_views(draw):
    v = _views(draw(doc_dates))
    for _ in range(draw(st.integers(0, 12))):
        doc = draw(st.sampled_from(DOCS))
        who = draw(st.sampled_from([["trump"], ["putin"]]))
        duration = draw(st.sampled_from([None, "P30D", "P20D"]))
        label = draw(st.sampled_from(["energy ceasefire", "energy and infrastructure ceasefire",
                                      "ceasefire on energy infrastructure"]))
        key = f"proposal|{who[0]}|energy|{duration}"
        v.proposals.append(View(doc, key, Proposal(key, who, label, "energy", duration=duration)))
    return v


def brute_proposals(v: Views) -> list[Found]:
    groups = defaultdict(list)
    for x in v.proposals:
        groups[(tuple(sorted(x.fact.proposers)), x.fact.topic)].append(x)
    out = []
    for (proposers, topic), views in groups.items():
        scopes = {id(x): text.scope(x.fact.label, [topic]) for x in views}
        durations, items = defaultdict(set), defaultdict(set)
        for x in views:
            durations[x.doc].add(x.fact.duration)
            items[x.doc].add(scopes[id(x)][0])
        subject = f"proposal by {names(v, proposers)} on {topic}"
        for i, p in enumerate(views):
            for q in views[i + 1:]:
                if p.doc == q.doc:
                    continue
                a, b = ordered(p, q)
                sa, sb = (rules.proposal_signature(x, scopes[id(x)], durations, items) for x in (a, b))
                out += rules._proposal_found(rules.proposal_aspects(sa, sb), a, b, sa, sb, subject)
    return out


@SETTINGS
@given(proposal_views())
def test_proposals_find_what_every_pair_finds(v):
    assert _count(rules.proposals(v, {"energy": ["energy"]})) == _count(brute_proposals(v))


@st.composite
def omission_views(draw):
    v = _views(draw(doc_dates))
    proposal = "proposal|trump|energy|P30D"
    v.reporters[proposal] = set(draw(st.sets(st.sampled_from(DOCS), min_size=1)))
    v.labels[proposal] = "energy ceasefire"
    for _ in range(draw(st.integers(0, 10))):
        doc = draw(st.sampled_from(DOCS))
        if draw(st.booleans()):
            holder = draw(st.sampled_from(ACTORS))
            label = draw(st.sampled_from(["an end to arms supplies", "a halt to arms supplies",
                                          "elections in Ukraine"]))
            key = f"condition|{holder}|{label.split()[-1]}"
            v.conditions.append(View(doc, key, Condition(key, [holder], label, proposal)))
        else:
            holder = draw(st.sampled_from(ACTORS))
            polarity = draw(st.sampled_from(["support", "oppose"]))
            key = f"stance|{holder}|{proposal}|{polarity}"
            v.stances.append(View(doc, key, Stance(key, holder, proposal, polarity,
                                                   inferred=draw(st.booleans()))))
    return v


def brute_omissions(v: Views, generic: frozenset[str]) -> list[Found]:
    """kg's first omission rule, before classes and date windows: every report against every document."""
    conds_of, telling = defaultdict(list), defaultdict(set)
    for x in v.conditions:
        conds_of[x.doc].append(x)
        telling[x.key].add(x.doc)
    holders_of, siding = defaultdict(set), defaultdict(set)
    for x in v.stances:
        party = v.party.get(x.fact.holder, x.fact.holder)
        holders_of[(x.doc, x.fact.target)].add(party)
        siding[(party, x.fact.target)].add(x.doc)
    out, done = [], set()
    for x in sorted(v.conditions, key=lambda x: when(v, x)):
        on = x.fact.on
        for doc in sorted(v.reporters[on] - telling[x.key] - {x.doc}):
            if (x.key, doc) in done or not v.not_before(doc, x.doc):
                continue
            if any(y.key == x.key or text.similar(y.fact.label, x.fact.label, generic) for y in conds_of[doc]):
                continue
            done.add((x.key, doc))
            out.append(Found("omission", x.key, on, x.doc, doc, x.fact.label, NOT_REPORTED, (x.key, on),
                             f"condition on {v.labels.get(on, on)}"))
    for x in sorted(v.stances, key=lambda x: when(v, x)):
        s = x.fact
        if s.inferred:
            continue
        party = v.party.get(s.holder, s.holder)
        for doc in sorted(v.reporters[s.target] - siding[(party, s.target)] - {x.doc}):
            if (x.key, doc) in done or not v.not_before(doc, x.doc):
                continue
            if party not in holders_of[(doc, s.target)]:
                done.add((x.key, doc))
                out.append(Found("omission", x.key, s.target, x.doc, doc, f"{v.names.get(s.holder, s.holder)}: "
                                 f"{s.polarity}", NOT_REPORTED, (x.key, s.target),
                                 f"stance on {v.labels.get(s.target, s.target)}"))
    return out


@SETTINGS
@given(omission_views())
def test_omissions_find_what_every_pair_finds(v):
    generic = frozenset({"supplies"})
    assert _count(rules.omissions(v, generic)) == _count(brute_omissions(v, generic))


def test_alike_reports_are_compared_once_per_class(monkeypatch):
    """50 articles date a call 18 March and 50 others 17 March, each in its own words: every pair across
    the groups is a date discrepancy (2,500), yet the tests run once, for the one pair of classes."""
    v = _views({f"d{n:03d}": DAY0 for n in range(100)})
    for n, doc in enumerate(v.dates):
        day = DAY0 + timedelta(days=n % 2)
        key = f"event|PhoneCall|{day.isoformat()}|putin+trump|"
        sentence = f"They spoke on March {day.day}."
        v.events.append(View(doc, key, Event(key, "PhoneCall", ["putin", "trump"], "call", day,
                                             evidence=[Evidence(doc, 0, len(sentence), sentence)])))
    calls = []
    real = event_rules.event_aspects
    monkeypatch.setattr(event_rules, "event_aspects", lambda *a: calls.append(a) or real(*a))
    found = rules.events(v)
    assert len(calls) == 1
    assert len(found) == 2500 and {f.aspect for f in found} == {"date"}
    assert _count(found) == _count(brute_events(v))
