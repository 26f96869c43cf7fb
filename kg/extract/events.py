"""Events: calls, meetings, talks, agreements, prisoner exchanges, statements and attacks.

Input: a sentence and the Context. Output: EventMention objects (type, participants, date, place,
quantity, topic), joined into Event nodes by `EventBook` (the same call mentioned five times is one).

Triggers are nouns and verbs of kg/rules/cues.json ("phone call", "had a conversation", "spoke with",
"reached an agreement", "It was agreed", "will exchange 175 captives", "released a statement").
Participants come from the subject of the verb carrying the trigger and from "with/between" phrases;
an agentless "it was agreed" takes the participants of the event being described. Dates are the date
expressions nearest in the parse, resolved against the article's date; hoped-for, planned and negated
events ("looking forward to speaking", "has not yet spoken") are not events.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Span, Token

from kg.extract.common import Context
from kg.extract.dates import is_relative_anaphor, resolve_date, shift_anaphor
from kg.extract.proposals import is_appeal, topic_of
from kg.model import Event

COMMUNICATION = ("PhoneCall", "Meeting", "Talks")
DELEGATIONS = {"negotiator", "delegation", "official", "team", "expert", "representative", "diplomat"}


@dataclass
class EventMention:
    trigger: Token
    type: str
    participants: list[str]
    date: date | None
    explicit_date: bool
    place: str | None = None
    quantity: str | None = None
    topic: str | None = None
    extra: dict = field(default_factory=dict)


def _tree_distance(a: Token, b: Token) -> int:
    pa = [a, *a.ancestors]
    pb = [b, *b.ancestors]
    ids_b = {t.i: n for n, t in enumerate(pb)}
    for n, t in enumerate(pa):
        if t.i in ids_b:
            return n + ids_b[t.i]
    return 99


def _date(trigger: Token, sent: Span, ctx: Context, future: bool, last: date | None) -> date | None:
    best, best_d = None, 99
    explicit = [resolve_date(e.text, ctx.day, future) for e in ctx.ents_of(sent) if e.label_ in ("DATE", "TIME")
                and not is_relative_anaphor(e.text)]
    explicit = [d for d in explicit if d]
    if explicit:
        last = explicit[0]
    elif ctx.last_explicit is not None:
        last = ctx.last_explicit  # "two days earlier" counts back from the last date the article named
    trigger_ancestors = {a.i for a in trigger.ancestors}
    for ent in ctx.ents_of(sent):
        if ent.label_ not in ("DATE", "TIME"):
            continue
        text = ent.text
        if ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in ("after", "before", "earlier", "later") \
                and re.fullmatch(r"(a|an|one|two|three|four|five|six|seven|\d+) days?", text.lower()):
            text = f"{text} {ent.doc[ent.end].lower_}"  # "a day" + "after"
        if any(a.dep_ == "prep" and a.lower_ in ctx.cue["background_preps"] and a.i not in trigger_ancestors
               for a in ent.root.ancestors):
            continue  # "after their first call on Feb. 12" dates that call, not this one
        if is_relative_anaphor(text) and last is not None:
            value = shift_anaphor(text, last)
            if text.lower().endswith(("after", "before")) and trigger.i >= ent.end:
                value = last - (value - last)  # "the call came a day after [Trump spoke with Putin]"
        else:
            value = resolve_date(text, ctx.day, future)
        if value is None:
            continue
        d = _tree_distance(trigger, ent.root)
        if d < best_d:
            best, best_d = value, d
    return best


def _type_of(tok: Token, ctx: Context) -> str | None:
    lemma, ev = tok.lemma_.lower(), ctx.cue["events"]
    if tok.pos_ in ("NOUN", "PROPN"):
        for head, mods in ev["Statement"]["compound_nouns"].items():  # "news conference", "press release"
            if lemma == head and any(c.dep_ in ("compound", "amod") and c.lower_ in mods for c in tok.children):
                return "Statement"
        for typ, spec in ev.items():
            if lemma in spec["nouns"] or tok.lower_ in spec["nouns"]:
                if typ == "PrisonerExchange" and not _prisoners(tok, ctx):
                    continue
                if typ == "PhoneCall" and lemma == "call" and is_appeal(tok):
                    continue
                if typ == "Talks" and lemma == "round" and not any(c.lower_ == "of" for c in tok.children):
                    continue
                if tok.tag_ == "NNS" and tok.lower_ not in spec["nouns"] and not (
                        typ == "Agreement" and _with_parties(tok, ctx)):
                    continue  # "several rounds of contacts", "existing agreements": no single event
                return typ
        return None
    if tok.pos_ == "VERB":
        for typ, spec in ev.items():
            if lemma in spec["verbs"]:
                if typ == "PrisonerExchange" and not _prisoners(tok, ctx):
                    continue
                if typ == "PhoneCall" and not (
                        any(c.dep_ == "prep" and c.lower_ in ("with", "to") and any(
                            ctx.actors(g) for g in c.children if g.dep_ == "pobj") for c in tok.children)
                        or any(c.lower_ in ("phone", "telephone") for c in tok.subtree)
                        or len(ctx.subject_of(tok)) > 1):
                    continue  # "spoke with X", "spoke by phone", "Trump and Putin spoke"
                if typ == "Statement":
                    continue  # statements come from their noun ("released a statement")
                return typ
        if lemma in ev["Statement"]["report_verbs"]:
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if subj and any(t.lemma_ in ("website", "service", "office", "ministry") or any(
                    ctx.gaz.entries.get(a) and ctx.gaz.entries[a].type == "Organization"
                    for a in ctx.res.at(t)) for t in subj[0].subtree):
                return "Statement"
    return None


def _prisoners(tok: Token, ctx: Context) -> bool:
    objects = ctx.cue["events"]["PrisonerExchange"]["objects"]
    near = list(tok.subtree) + [c for c in tok.head.children] + [tok.head]
    return any(t.lemma_.lower() in objects or t.lower_ in objects for t in near if t.i != tok.i)


def _participants(tok: Token, ctx: Context) -> list[str]:
    out: list[str] = []
    carrier = tok.head if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "attr") else tok
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.head.pos_ in ("VERB", "AUX") \
            and tok.head.lower_ in ("in", "through", "via"):
        carrier = tok.head.head  # "the Kremlin said in a statement", "told him in a phone call"
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "for" \
            and tok.head.head.lemma_.lower() in ctx.cue["travel_verbs"]:
        carrier = tok.head.head  # "Witkoff arrived in Moscow for talks with Putin": the traveller takes part
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass"):
        carrier = tok
    in_verb = carrier.i != tok.i and tok.dep_ == "pobj" and carrier.lemma_.lower() in ctx.cue["in_event_verbs"]
    if carrier.i == tok.i or carrier.lemma_.lower() in ctx.cue["event_carriers"] or in_verb \
            or carrier.lemma_.lower() in ctx.cue["travel_verbs"]:
        # "Trump and Putin discussed the idea in a phone call": who discussed it took part in the call
        # "Trump and Putin held a call"; not "Washington welcomed the prisoner exchange"
        out.extend(ctx.subject_of(carrier) if carrier.pos_ in ("VERB", "AUX") else [])
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in ("after", "following", "during") \
            and tok.head.head.pos_ in ("VERB", "AUX") \
            and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
        speaker, _ = ctx.speaker(tok)  # "Zelensky said Ukraine would … after a call with Trump"
        out.extend(ctx.personalise(a, speaker) for a in ctx.subject_of(tok.head.head))
    nodes = {tok.i: tok, carrier.i: carrier}
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        nodes[tok.head.i] = tok.head
    if carrier.pos_ == "VERB" and carrier.lemma_ in ("meet", "receive", "visit", "host", "call", "phone"):
        for child in carrier.children:  # "Witkoff met Putin", "Putin received Witkoff"
            if child.dep_ == "dobj":
                out.extend(ctx.actors(child))
    for node in nodes.values():
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in ("with", "between", "to", "among") and not (
                    child.lower_ == "to" and node.lemma_.lower() in ctx.cue["travel_verbs"]):  # not "went to X"
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    out.extend(ctx.actors(pobj))
            if child.dep_ in ("compound", "amod", "poss", "nmod") and ctx.res.at(child):
                out.extend(ctx.res.at(child))
            if child.dep_ in ("compound", "amod") and not ctx.res.at(child):
                out.extend(ctx.gaz.countries_in(child.text))  # "a Russian missile attack"
                for g in child.children:
                    out.extend(ctx.res.at(g))
    if carrier.i == tok.i and tok.pos_ == "NOUN":
        for child in tok.children:
            if child.dep_ == "nsubj":
                out.extend(ctx.actors(child))
    return list(dict.fromkeys(out))


def _setting(tok: Token, ctx: Context) -> bool:
    """The event is where a reported past action happened ("agreed … in their first talks", "said at the
    meeting"): the first verb above it that is not an infinitive is neither future nor hypothetical."""
    if tok.pos_ != "NOUN" or tok.dep_ != "pobj" or tok.head.lower_ not in ("in", "at", "during"):
        return False
    if any(c.dep_ == "amod" and c.lower_ in ("next", "upcoming", "future", "further", "possible", "potential")
           for c in tok.children):
        return False
    v = tok.head.head
    while v.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        v = v.head
    return v.pos_ in ("VERB", "AUX") and v.tag_ in ("VBD", "VBN") and not (ctx.future(v) or ctx.irrealis(v))


def _scheduled(tok: Token, ctx: Context) -> bool:
    """"negotiators are expected / due / set to meet", "talks are scheduled for Monday": a planned event
    (counted when its parties and date are given), unlike one hoped for, offered or only agreed to."""
    head = tok.head if tok.dep_ in ("xcomp", "nsubjpass", "nsubj") else None
    if head is None or head.i == tok.i or ctx.negated(head):
        return False
    if not (head.lemma_.lower() in ctx.cue["schedule_verbs"] or head.lower_ in ctx.cue["schedule_verbs"]):
        return False
    return not any(a.lemma_ in ctx.cue["irrealis"] or ctx.negated(a) for a in head.ancestors)


def _shared_view(verb: Token, ctx: Context) -> bool:
    """"agreed that X must / needs to / should …", "agreed it was important to …": the that-clause states
    what ought to be (cues.json view_markers), unlike "agreed that prisoners would be exchanged"."""
    marks = ctx.cue["view_markers"]
    for c in verb.children:
        if c.dep_ != "ccomp":
            continue
        if any(h.lemma_.lower() in marks or h.lower_ in marks
               for h in (c, *(x for x in c.children if x.dep_ in ("aux", "acomp", "xcomp")))):
            return True
        if c.tag_ in ("VBZ", "VBP") and c.lemma_ in ("be", "have") and not any(x.dep_ == "xcomp" for x in c.children):
            return True  # "agreed that a better relationship has huge upside": a present judgement
    return False


def _quantity(sent: Span, trigger: Token) -> str | None:
    m = re.search(r"\b(\d[\d,]*)\s+(?:for|in exchange for)\s+(\d[\d,]*)\b", sent.text)
    if m:
        return f"{m.group(1)} for {m.group(2)}"
    nums = [t for t in sent if t.like_num and t.ent_type_ == "CARDINAL"]
    if nums:
        return min(nums, key=lambda t: _tree_distance(trigger, t)).text
    return None


def find(sent: Span, ctx: Context, last_date: date | None, skip: set[int], props=()) -> list[EventMention]:
    out = []
    for tok in sent:
        if tok.i in skip:
            continue
        typ = _type_of(tok, ctx)
        if typ is None:
            continue
        if tok.pos_ == "VERB" and any(c.dep_ == "dobj" and _type_of(c, ctx) for c in tok.children):
            continue  # "hosted the talks", "held a meeting": the noun is the event
        if typ == "Agreement" and tok.pos_ in ("NOUN", "PROPN"):
            if tok.head.lemma_ not in ctx.cue["events"]["Agreement"]["reach_verbs"] or (
                    tok.tag_ == "NNS" and not _with_parties(tok, ctx)) or tok.dep_ not in ("dobj", "attr", "nsubjpass"):
                continue  # plural "agreements" are a category, unless made with named parties
        if typ == "Agreement" and tok.pos_ == "VERB" and (tok.tag_ == "VBG" or ctx.future(tok)):
            continue
        if typ == "Agreement" and tok.pos_ == "VERB" and len({ctx.state(a) for a in ctx.subject_of(tok)}) == 1:
            continue  # one side agreeing to something accepts it (a stance); an agreement takes two
        if typ == "Agreement" and tok.pos_ == "VERB" and _shared_view(tok, ctx):
            continue  # "both agreed that the war must end": a view they share, not an agreed outcome
        accused = _accused(tok, ctx) if typ == "Attack" else []
        if typ == "Attack" and not accused and (tok.tag_ == "NNS" or not (
                ctx.subject_of(tok if tok.pos_ == "VERB" else tok.head) or _participants(tok, ctx))):
            continue  # an attack needs an attacker; plural "strikes" are a category, not an event
        parts = accused or _participants(tok, ctx)
        sched = _scheduled(tok, ctx)
        if sched:  # "U.S. and Russian negotiators are expected to meet": the raised subject takes part
            parts = list(dict.fromkeys(parts + [a for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")
                                                and c.i != tok.i for a in ctx.actors(c)]))
        future = ctx.future(tok) or sched
        when = _date(tok, sent, ctx, future, last_date)
        scheduled = typ == "PrisonerExchange" and when and ctx.future(tok) and not ctx.negated(tok) and not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        planned = sched and when is not None and len(parts) >= 2
        setting = _setting(tok, ctx)  # "agreed to swap prisoners in their first talks": the talks took place
        if setting and not parts:  # "in their first talks": whom "their" stands for
            parts = [a for c in tok.children if c.dep_ == "poss" and c.tag_ == "PRP$" for a in ctx.actors(c)]
        if ctx.irrealis(tok) and not (scheduled or planned or setting):
            continue  # an exchange or a meeting scheduled for a date is an event; one agreed or hoped for is not
        if typ == "PhoneCall" and tok.pos_ == "VERB" and len(parts) < 2:
            continue  # "Zelensky spoke a day after …": speaking is a call only with someone
        if typ in ("Talks",) and parts and all(ctx.is_person(p) for p in parts):
            typ = "Meeting"
        subj = next((c for c in (tok if tok.pos_ == "VERB" else tok.head).children if c.dep_ == "nsubj"), None)
        if typ == "Meeting" and ((subj is not None and subj.lemma_.lower() in DELEGATIONS) or (
                parts and not any(ctx.is_person(p) for p in parts))):
            typ = "Talks"  # "negotiators from both countries will meet", "the delegations met": delegation talks
        place = next((e.text for e in ctx.ents_of(sent) if e.label_ in ("GPE", "LOC") and not ctx.res.at(e.root)
                      and _tree_distance(tok, e.root) <= 3 and e.root.head.lower_ in ("in", "at")), None)
        # ("in Riyadh", "at the Alaska summit"; not "spoke about the Middle East")
        topic = topic_of(" ".join(t.text for t in tok.subtree) if tok.pos_ == "NOUN" else
                         " ".join(t.text for t in tok.subtree if t.i > tok.i), ctx)
        if typ == "Agreement":
            inside = [p for p in props if p.trigger in tok.subtree or p.trigger in tok.head.subtree]
            if inside and (inside[0].resolved or inside[0]).topic:
                topic = (inside[0].resolved or inside[0]).topic
            parts += [s for s in (ctx.gaz.state_of(p) for p in parts if ctx.is_person(p)) if s and s not in parts]
        quantity = _quantity(sent, tok) if typ == "PrisonerExchange" else None
        background = any(a.dep_ == "prep" and a.lower_ in ctx.cue["background_preps"] for a in tok.ancestors)
        out.append(EventMention(tok, typ, parts, when, when is not None, place, quantity, topic,
                                {"background": background}))
    return out


def _accused(tok: Token, ctx: Context) -> list[str]:
    """"Russia accused Ukraine of attacking an oil depot": the accused is the attacker (as the accuser
    tells it; the event's attribution names the accuser)."""
    if tok.pos_ != "VERB" or tok.dep_ != "pcomp" or tok.head.lower_ != "of":
        return []
    verb = tok.head.head
    if verb.lemma_ not in ("accuse", "blame"):
        return []
    return [a for c in verb.children if c.dep_ == "dobj" for a in ctx.actors(c)]


def _with_parties(tok: Token, ctx: Context) -> list[str]:
    """The parties after "with" of an event noun ("agreements with Ukraine and Russia")."""
    return [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
            for g in c.children if g.dep_ == "pobj" for a in ctx.actors(g)]


class EventBook:
    """The events of one article; mentions of the same event are joined."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.items: list[Event] = []
        self.current: Event | None = None
        self.topics: dict[int, str | None] = {}

    def _compatible(self, e: Event, m: EventMention) -> bool:
        if e.type != m.type:
            return False
        if e.date and m.date and e.date != m.date:
            return False
        if e.participants and m.participants and not set(e.participants) & set(m.participants):
            return False
        persons_e = {p for p in e.participants if self.ctx.is_person(p)}
        persons_m = {p for p in m.participants if self.ctx.is_person(p)}
        if e.type in ("PhoneCall", "Meeting") and len(persons_e) >= 2 and len(persons_m) >= 2 \
                and not (persons_e <= persons_m or persons_m <= persons_e):
            return False  # Trump–Zelensky is not the Trump–Putin call
        if m.type == "Agreement" and self.topics.get(id(e)) != m.topic:
            return False
        return True

    def add(self, m: EventMention, ev) -> Event | None:
        if m.type == "Agreement" and not m.participants and self.current is not None and m.trigger.pos_ == "VERB":
            m.participants = list(self.current.participants)
            m.participants += [s for s in (self.ctx.gaz.state_of(p) for p in m.participants if self.ctx.is_person(p))
                               if s and s not in m.participants]
        if m.type == "Agreement" and m.date is None and self.current is not None:
            m.date = self.current.date
        if not m.participants:
            if m.date is not None and m.explicit_date:
                same = [e for e in self.items if self._compatible(e, m)]
                return self._use(same[-1], m, ev) if same else None  # a dated event with nobody named
            target = self.current if self.current is not None and (
                m.type == self.current.type or m.type in COMMUNICATION) else None
            if target is None:
                return None
            return self._use(target, m, ev)
        definite = m.trigger.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") and c.lower_ in (
            "the", "this", "that", "these", "those") for c in m.trigger.children)
        if definite and not m.explicit_date and not m.participants and self.current is not None and (
                self.current.type == m.type or (m.type in COMMUNICATION and self.current.type in COMMUNICATION)):
            return self._use(self.current, m, ev)  # "the talks", "the prisoner exchange": the event described
        same = [e for e in self.items if self._compatible(e, m)]
        if same:
            if m.date is None:  # undated: the event being described, else the article's first
                chosen = self.current if self.current in same else same[0]
            else:
                chosen = ([e for e in same if e.date == m.date] or same)[-1]
            return self._use(chosen, m, ev)
        if m.date is None and m.type in COMMUNICATION + ("Statement", "Attack") and not self.ctx.future(m.trigger):
            m.date = self.ctx.event_day  # the dateline's day, else the article's
        e = Event("", m.type, list(m.participants), label="", date=m.date, place=m.place, quantity=m.quantity)
        self.topics[id(e)] = m.topic
        self.items.append(e)
        return self._use(e, m, ev)

    def _use(self, e: Event, m: EventMention, ev) -> Event:
        for p in m.participants:
            if p not in e.participants:
                e.participants.append(p)
        e.date = e.date or m.date
        e.place = e.place or m.place
        e.quantity = e.quantity or m.quantity
        if ev not in e.evidence:
            e.evidence.append(ev)
        if e.type in COMMUNICATION and not m.extra.get("background"):
            self.current = e
        return e

    def finish(self, names) -> list[Event]:
        for e in self.items:
            topic = self.topics.get(id(e)) or ""
            e.key = "|".join(["event", e.type, e.date.isoformat() if e.date else "", ",".join(sorted(
                e.participants)), topic if e.type == "Agreement" else ""])
            who = " – ".join(names(p) for p in e.participants) or "unknown participants"
            e.label = f"{e.type} {who}" + (f" ({e.date.isoformat()})" if e.date else "")
        return [e for e in self.items if e.evidence]
