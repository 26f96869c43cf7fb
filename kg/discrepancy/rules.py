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

from collections import defaultdict

from kg.discrepancy import text
from kg.discrepancy.events import events
from kg.discrepancy.views import NOT_REPORTED, WINDOW_DAYS, Found, View, Views, names, ordered, when, within

__all__ = ["Found", "View", "Views", "events", "omissions", "polarity", "proposal_aspects", "proposals",
           "WINDOW_DAYS"]


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
        by_label = {label: text.scope(label, words) for label in {x.fact.label for x in views}}
        scopes = {id(x): by_label[x.fact.label] for x in views}
        durations, items = defaultdict(set), defaultdict(set)
        for x in views:
            durations[x.doc].add(x.fact.duration)
            items[x.doc].add(scopes[id(x)][0])
        subject = f"proposal by {names(v, proposers)} on {topic}"
        # views alike in everything the tests read (own duration and scope, their document's durations and
        # items) pass or fail together: the tests run once per pair of such classes (a proposal told alike
        # by k articles: k steps, not k²)
        classes: dict[tuple, list[View]] = defaultdict(list)
        for x in views:
            classes[proposal_signature(x, scopes[id(x)], durations, items)].append(x)
        sigs = list(classes)
        for i, c1 in enumerate(sigs):
            for c2 in sigs[i + 1:]:
                aspects = proposal_aspects(c1, c2)
                for x, y in ((x, y) for x in classes[c1] for y in classes[c2] if x.doc != y.doc) if aspects else ():
                    a, b = ordered(x, y)
                    sa, sb = (c1, c2) if a is x else (c2, c1)
                    out += _proposal_found(aspects, a, b, sa, sb, subject)
    return out


def proposal_signature(x: View, scope: tuple, durations: dict[str, set], items: dict[str, set]) -> tuple:
    """What proposals() reads of a view: its duration and scope, its document's durations and items."""
    return x.fact.duration, scope, frozenset(durations[x.doc]), frozenset(items[x.doc])


def proposal_aspects(c1: tuple, c2: tuple) -> list[str]:
    """The aspects (quantity: duration; scope) in which views of signatures c1, c2 differ (symmetric):
    another duration or scope item, which the other side's document does not also tell."""
    (da, (ia, na, _), durations_a, items_a), (db, (ib, nb, _), durations_b, items_b) = c1, c2
    if (da, ia) == (db, ib):
        return []
    out = []
    if da and db and da != db and db not in durations_a and da not in durations_b:
        out.append("quantity")
    if ia and ib and ia != ib and max(na, nb) >= 2 and ib not in items_a and ia not in items_b:
        out.append("scope")
    return out


def _proposal_found(aspects: list[str], a: View, b: View, sa: tuple, sb: tuple, subject: str) -> list[Found]:
    values = {"quantity": (text.duration_words(sa[0]), text.duration_words(sb[0])), "scope": (sa[1][2], sb[1][2])}
    return [Found(aspect, a.key, b.key, a.doc, b.doc, *values[aspect], tuple(dict.fromkeys((a.key, b.key))), subject)
            for aspect in aspects]


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
            a, b = ordered(first, second)
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
    # open_[(key, what it is about)]: the documents not yet found leaving it out; the earliest reports of a
    # fact usually settle every other document, so its later reports cost nothing (k reports of a fact
    # left out by m documents: k + m steps, not k × m)
    open_: dict[tuple[str, str], set[str]] = {}
    told_alike: dict[tuple[str, str], set[str]] = defaultdict(set)
    for x in sorted(v.conditions, key=lambda x: when(v, x)):
        on = x.fact.on
        if not on or on not in v.reporters:
            continue
        left = open_.get((x.key, on))
        if left is None:
            left = open_[x.key, on] = v.reporters[on] - telling[x.key]
        alike = told_alike[x.key, x.fact.label]  # documents found stating it in these words
        for doc in sorted(within(v, x.doc, left - alike - {x.doc})):
            if (x.key, doc) in done or not v.not_before(doc, x.doc):
                continue
            if any(y.key == x.key or text.similar(y.fact.label, x.fact.label, generic) for y in conds_of[doc]):
                alike.add(doc)
                continue
            left.discard(doc)
            done.add((x.key, doc))
            out.append(Found("omission", x.key, on, x.doc, doc, x.fact.label, NOT_REPORTED, (x.key, on),
                             f"condition on {v.labels.get(on, on)}"))
    for x in sorted(v.stances, key=lambda x: when(v, x)):
        s = x.fact
        if s.inferred or s.target not in v.reporters:
            continue
        party = v.party.get(s.holder, s.holder)
        left = open_.get((x.key, s.target))
        if left is None:
            left = open_[x.key, s.target] = v.reporters[s.target] - siding[(party, s.target)]
        for doc in sorted(within(v, x.doc, left - {x.doc})):
            if (x.key, doc) in done or not v.not_before(doc, x.doc):
                continue
            left.discard(doc)  # settled either way: whether doc has a stance of that party is all there is
            if party not in holders_of[(doc, s.target)]:
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
