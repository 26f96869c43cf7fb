"""Events: calls, meetings, talks, agreements, prisoner exchanges, statements and attacks.

Input: a sentence and the Context. Output: EventMention objects (type, participants, date, place,
quantity, topic), joined into Event nodes by `EventBook` (the same call mentioned five times is one).

Triggers are nouns and verbs of kg/rules/cues.json ("phone call", "had a conversation", "spoke with",
"reached an agreement", "It was agreed", "will exchange 175 captives", "released a statement").
Participants come from the subject of the verb carrying the trigger and from "with/between" phrases;
an agentless "it was agreed" takes the participants of the event being described. Dates are the date
expressions nearest in the parse, resolved against the article's date; hoped-for and negated events
("looking forward to speaking", "has not yet spoken") are not events, scheduled ones with their parties
and date are ("are expected to meet in Jeddah on Sunday"). What one trigger says (type, parties, date,
planned, judged, shared view) is read in kg.extract.event_cues; this module decides and joins.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Span, Token

from kg.extract.common import Context
from kg.extract import event_cues as ec
from kg.extract.proposals import topic_of
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


def find(sent: Span, ctx: Context, last_date: date | None, skip: set[int], props=()) -> list[EventMention]:
    out = []
    for tok in ctx.tokens(sent):
        if tok.i in skip:
            continue
        typ = ec.type_of(tok, ctx)
        if typ is None:
            continue
        if tok.pos_ == "VERB" and sent.text.rstrip().endswith("?"):
            continue  # "What did Trump and Putin agree on?", "Will they meet?": asked, not told
        if tok.dep_ in ("nsubjpass", "dobj") and tok.head.lemma_.lower() in ctx.cue["cancel_verbs"] and (
                tok.head.lemma_.lower() != "call" or any(c.lower_ == "off" for c in tok.head.children)):
            continue  # "the summit was called off", "postponed the talks": it did not take place
        if tok.pos_ == "VERB" and any(c.dep_ == "dobj" and ec.type_of(c, ctx) for c in tok.children):
            continue  # "hosted the talks", "held a meeting": the noun is the event
        if typ == "Agreement" and tok.pos_ in ("NOUN", "PROPN"):
            if tok.head.lemma_ not in ctx.cue["events"]["Agreement"]["reach_verbs"] or (tok.tag_ == "NNS" and not
                    ec.with_parties(tok, ctx)) or tok.dep_ not in ("dobj", "attr", "nsubjpass"):
                continue  # plural "agreements" are a category, unless made with named parties
        if typ == "Agreement" and tok.pos_ == "VERB" and (tok.tag_ == "VBG" or ctx.future(tok)):
            continue
        if typ == "Agreement" and tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl") and not any(
                c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "agent") for c in tok.children):
            continue  # "discussed a prisoner exchange … agreed in Istanbul": agreed earlier, by others
        if typ == "Agreement" and tok.pos_ == "VERB" and len({ctx.state(a) for a in ctx.subject_of(tok)}) == 1:
            continue  # one side agreeing to something accepts it (a stance); an agreement takes two
        if typ == "Agreement" and tok.pos_ == "VERB" and ec.agrees_with_proposal(tok, ctx):
            continue  # "we agree with the proposals to cease hostilities": a stance on them, no agreement
        if typ == "Agreement" and tok.pos_ == "VERB" and ec.shared_view(tok, ctx):
            continue  # "both agreed that the war must end": a view they share, not an agreed outcome
        accused = ec.accused(tok, ctx) if typ == "Attack" else []
        if typ == "Attack" and not accused and (tok.tag_ == "NNS" or not (
                ctx.subject_of(tok if tok.pos_ == "VERB" else tok.head) or ec.participants(tok, ctx))):
            continue  # an attack needs an attacker; plural "strikes" are a category, not an event
        parts = accused or ec.participants(tok, ctx)
        sched = ec.scheduled(tok, ctx)
        if sched:  # "U.S. and Russian negotiators are expected to meet": the raised subject takes part
            parts = list(dict.fromkeys(parts + [a for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")
                                                and c.i != tok.i for a in ctx.actors(c)]))
        future = ctx.future(tok) or sched
        when = ec.date_of(tok, sent, ctx, future, last_date)
        scheduled = typ == "PrisonerExchange" and when and ctx.future(tok) and not ctx.negated(tok) and not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        planned = sched and when is not None and len(parts) >= 2
        setting = ec.setting(tok, ctx)  # "agreed to swap prisoners in their first talks": the talks took place
        if setting and not parts:  # "in their first talks": whom "their" stands for
            parts = [a for c in tok.children if c.dep_ == "poss" and c.tag_ == "PRP$" for a in ctx.actors(c)]
        if tok.pos_ == "VERB" and when is None and any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might")
                                                       for c in tok.children):
            continue  # "the conditions would be negotiated between the parties": undated, hypothetical
        if ctx.irrealis(tok) and not (scheduled or planned or setting):
            continue  # an exchange or a meeting scheduled for a date is an event; one agreed or hoped for is not
        if typ == "PhoneCall" and tok.pos_ == "VERB" and len(parts) < 2:
            continue  # "Zelensky spoke a day after …": speaking is a call only with someone
        if typ == "PhoneCall" and tok.pos_ == "VERB" and any(
                c.dep_ == "prep" and c.lower_ == "at" and ec.type_of(g, ctx) == "Statement"
                for c in tok.children for g in c.children if g.dep_ == "pobj"):
            continue  # "speaking at a press conference with Stubb": the press conference is the event
        if typ in ("Talks",) and parts and all(ctx.is_person(p) for p in parts):
            typ = "Meeting"
        subj = next((c for c in (tok if tok.pos_ == "VERB" else tok.head).children if c.dep_ == "nsubj"), None)
        led = tok.head.head if tok.dep_ == "pobj" else tok.head  # "Rubio and Lavrov led the delegations at
        delegations = any(c.dep_ == "dobj" and c.lemma_.lower() in DELEGATIONS for c in led.children) or (  # the
            subj is not None and subj.lemma_.lower() in DELEGATIONS)  # meeting"; "the delegations met"
        if typ == "Meeting" and (delegations or (
                parts and not any(ctx.is_person(p) or _group(p, ctx) for p in parts))):
            typ = "Talks"  # "negotiators from both countries will meet", "the delegations met": delegation talks
        place = next((e.text for e in ctx.ents_of(sent) if e.label_ in ("GPE", "LOC") and not ctx.res.at(e.root)
                      and ec.tree_distance(tok, e.root) <= 3 and e.root.head.lower_ in ("in", "at")), None)
        # ("in Riyadh", "at the Alaska summit"; not "spoke about the Middle East")
        topic = topic_of(" ".join(t.text for t in tok.subtree) if tok.pos_ == "NOUN" else
                         " ".join(t.text for t in tok.subtree if t.i > tok.i), ctx)
        if typ == "Agreement":
            inside = [p for p in props if p.trigger in tok.subtree or p.trigger in tok.head.subtree]
            if inside and (inside[0].resolved or inside[0]).topic:
                topic = (inside[0].resolved or inside[0]).topic
            parts += [s for s in (ctx.gaz.state_of(p) for p in parts if ctx.is_person(p)) if s and s not in parts]
        quantity = ec.quantity(sent, tok) if typ == "PrisonerExchange" else None
        background = any(a.dep_ == "prep" and a.lower_ in ctx.cue["background_preps"] for a in tok.ancestors)
        out.append(EventMention(tok, typ, parts, when, when is not None, place, quantity, topic,
                                {"background": background, "planned": bool(future or planned),
                                 "vague": when is None and ec.vaguely_past(tok, sent, ctx)}))
    return out


def _group(actor: str, ctx: Context) -> bool:
    """A group of people ("European leaders"), who meet in person like persons do."""
    e = ctx.gaz.entries.get(actor)
    return (e is not None and e.type == "Group") or actor.startswith("unlinked/group")


class EventBook:
    """The events of one article; mentions of the same event are joined."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.items: list[Event] = []
        self.current: Event | None = None
        self.held: Event | None = None  # the last communication event told as having taken place
        self.held_before: Event | None = None  # … or named as the background of another ("after a call with …")
        self.current_planned = False  # whether `current` is still to come
        self.topics: dict[int, str | None] = {}

    def _compatible(self, e: Event, m: EventMention) -> bool:
        if e.type != m.type:
            return False
        if e.date and m.date and e.date != m.date:
            return False
        if e.participants and m.participants and not set(e.participants) & set(m.participants) and (
                {self.ctx.state(p) for p in e.participants} != {self.ctx.state(p) for p in m.participants}):
            return False  # "the U.S.-Russian call" is "Rubio spoke with Lavrov": the same two sides
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
        if m.type == "Agreement" and m.date is None:  # agreed in the call or talks being described, else in the
            talks = [e for e in self.items if e.type in COMMUNICATION and e.date and (  # last one of its parties
                not m.participants or set(e.participants) & set(m.participants))]
            m.date = self.current.date if self.current is not None else talks[-1].date if talks else None
        current = self.current
        if self.current_planned and not m.extra.get("planned") and not self.ctx.future(m.trigger):
            current = self.held or self.held_before or current  # "He plans to call Trump today. Hours after
            # the call, Russia attacked": the call that took place
        if not m.participants:
            if m.date is not None and m.explicit_date:
                same = [e for e in self.items if self._compatible(e, m)]
                return self._use(same[-1], m, ev) if same else None  # a dated event with nobody named
            target = current if current is not None and (
                m.type == current.type or m.type in COMMUNICATION) else None
            if target is None:
                return None
            return self._use(target, m, ev)
        definite = m.trigger.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") and c.lower_ in (
            "the", "this", "that", "these", "those") for c in m.trigger.children)
        if definite and not m.explicit_date and not m.participants and current is not None and (
                current.type == m.type or (m.type in COMMUNICATION and current.type in COMMUNICATION)):
            return self._use(current, m, ev)  # "the talks", "the prisoner exchange": the event described
        same = [e for e in self.items if self._compatible(e, m)]
        if same:
            if m.date is None:  # undated: the event being described, else the article's first
                chosen = self.current if self.current in same else same[0]
            else:
                chosen = ([e for e in same if e.date == m.date] or same)[-1]
            return self._use(chosen, m, ev)
        if m.date is None and m.type in COMMUNICATION + ("Statement", "Attack", "Agreement") and not self.ctx.future(
                m.trigger) and not m.extra.get("vague"):  # not "during talks last week"
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
            self.current, self.current_planned = e, bool(m.extra.get("planned"))
            if not m.extra.get("planned"):
                self.held = e
        elif e.type in COMMUNICATION and not m.extra.get("planned"):
            self.held_before = e
        return e

    def finish(self, names) -> list[Event]:
        for e in self.items:
            topic = self.topics.get(id(e)) or ""
            e.key = "|".join(["event", e.type, e.date.isoformat() if e.date else "", ",".join(sorted(
                e.participants)), topic if e.type == "Agreement" else ""])
            who = " – ".join(names(p) for p in e.participants) or "unknown participants"
            e.label = f"{e.type} {who}" + (f" ({e.date.isoformat()})" if e.date else "")
        return [e for e in self.items if e.evidence]
