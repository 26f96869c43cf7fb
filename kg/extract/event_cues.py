"""What one event trigger says: its type, parties, date, and whether it happened, is planned or judged.

Input: a trigger token ("call", "met", "agreement", "swapped") with its sentence and the article's Context.
Output: plain values for kg.extract.events.find — the event type or None, the participants (actor keys),
the date, the quantity of an exchange, and tests: a planned event ("are expected to meet on Sunday"), a
setting of a past action ("agreed … in their first talks"), a shared view rather than an agreed outcome
("agreed that the war must end"), an accusation ("accused Ukraine of attacking …").
"""
from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from kg.extract.common import Context
from kg.extract.dates import is_relative_anaphor, resolve_date, shift_anaphor
from kg.extract.proposals import is_appeal


def tree_distance(a: Token, b: Token) -> int:
    pa = [a, *a.ancestors]
    pb = [b, *b.ancestors]
    ids_b = {t.i: n for n, t in enumerate(pb)}
    for n, t in enumerate(pa):
        if t.i in ids_b:
            return n + ids_b[t.i]
    return 99


def date_of(trigger: Token, sent: Span, ctx: Context, future: bool, last: date | None) -> date | None:
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
        if any(a.dep_ == "ccomp" and a.i != trigger.i and a.i not in trigger_ancestors for a in ent.root.ancestors):
            continue  # "agreed that they would exchange prisoners on Wednesday" dates the exchange, not the agreeing
        if is_relative_anaphor(text) and last is not None:
            value = shift_anaphor(text, last)
            if text.lower().endswith(("after", "before")) and trigger.i >= ent.end:
                value = last - (value - last)  # "the call came a day after [Trump spoke with Putin]"
        else:
            value = resolve_date(text, ctx.day, future)
        if value is None:
            continue
        d = tree_distance(trigger, ent.root)
        if d < best_d:
            best, best_d = value, d
    return best


def vaguely_past(trigger: Token, sent: Span, ctx: Context) -> bool:
    """A past the article does not date near the trigger ("during talks last week", "earlier this month"):
    the event is not on the dateline's day."""
    return any(e.label_ == "DATE" and tree_distance(trigger, e.root) <= 3 and resolve_date(e.text, ctx.day, False)
               is None and re.search(r"\b(last|earlier|ago|previous|past)\b", e.text.lower())
               for e in ctx.ents_of(sent))


def type_of(tok: Token, ctx: Context) -> str | None:
    lemma, ev = tok.lemma_.lower(), ctx.cue["events"]
    if tok.pos_ in ("NOUN", "PROPN"):
        for head, mods in ev["Statement"]["compound_nouns"].items():  # "news conference", "press release"
            if lemma == head and any(c.dep_ in ("compound", "amod") and c.lower_ in mods for c in tok.children):
                return "Statement"
        for typ, spec in ev.items():
            if lemma in spec["nouns"] or tok.lower_ in spec["nouns"]:
                if typ == "PrisonerExchange" and not prisoners(tok, ctx):
                    continue
                if typ == "PhoneCall" and lemma == "call" and is_appeal(tok):
                    continue
                if typ == "Talks" and lemma == "round" and not any(c.lower_ == "of" for c in tok.children):
                    continue
                if tok.tag_ == "NNS" and tok.lower_ not in spec["nouns"] and not (
                        typ == "Agreement" and with_parties(tok, ctx)):
                    continue  # "several rounds of contacts", "existing agreements": no single event
                return typ
        return None
    if tok.pos_ == "VERB" and lemma in ctx.cue["launch_verbs"] and any(  # "Russia launched 147 drones at
            c.dep_ == "dobj" and c.lemma_.lower() in ctx.cue["projectiles"] for c in tok.children):  # Ukraine"
        return "Attack"
    if tok.pos_ == "VERB":
        for typ, spec in ev.items():
            if lemma in spec["verbs"]:
                if typ == "PrisonerExchange" and not prisoners(tok, ctx):
                    continue
                if typ == "PhoneCall" and not (
                        any(c.dep_ == "prep" and c.lower_ in ("with", "to") and any(
                            ctx.actors(g) for g in c.children if g.dep_ == "pobj") for c in tok.children)
                        or any(c.lower_ in ("phone", "telephone") for c in tok.subtree)
                        or len(ctx.subject_of(tok)) > 1):
                    continue  # "spoke with X", "spoke by phone", "Trump and Putin spoke"
                if typ == "Statement":
                    continue  # statements come from their noun ("released a statement")
                if lemma in ("receive", "host", "welcome", "greet") and not any(
                        c.dep_ == "dobj" and (ctx.actors(c) or type_of(c, ctx)) for c in tok.children) and (
                        lemma in ("welcome", "greet") or any(c.dep_ == "dobj" for c in tok.children)):
                    continue  # "received weapons", "welcomed the proposal": receiving someone is a meeting
                return typ
        if lemma in ev["Statement"]["report_verbs"]:
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if subj and any(t.lemma_ in ("website", "service", "office", "ministry") or any(
                    ctx.gaz.entries.get(a) and ctx.gaz.entries[a].type == "Organization"
                    for a in ctx.res.at(t)) for t in subj[0].subtree):
                return "Statement"
    return None


def prisoners(tok: Token, ctx: Context) -> bool:
    objects = ctx.cue["events"]["PrisonerExchange"]["objects"]
    near = list(tok.subtree) + [c for c in tok.head.children] + [tok.head]
    return any(t.lemma_.lower() in objects or t.lower_ in objects for t in near if t.i != tok.i)


def participants(tok: Token, ctx: Context) -> list[str]:
    out: list[str] = []
    carrier = tok.head if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "attr") else tok
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.head.pos_ in ("VERB", "AUX") \
            and (tok.head.lower_ in ("in", "through", "via", "at") or tok.head.lower_ == "during" and
                 tok.head.head.lemma_.lower() in ctx.cue["addressing_verbs"]):
        carrier = tok.head.head  # "the Kremlin said in a statement", "told him in a phone call"
        if carrier.lemma_.lower() in ctx.cue["addressing_verbs"] and tok.head.lower_ != "at":
            out.extend(a for c in carrier.children if c.dep_ in ("dobj", "dative") for a in ctx.actors(c))
            # "Putin told / assured Trump in / during a phone call": whom he told was on the call
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "for" \
            and tok.head.head.lemma_.lower() in ctx.cue["travel_verbs"]:
        carrier = tok.head.head  # "Witkoff arrived in Moscow for talks with Putin": the traveller takes part
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass"):
        carrier = tok
    measure = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else None
    if measure is not None and measure.dep_ in ("dobj", "attr") and measure.lemma_.lower() in ctx.cue["event_measures"]:
        carrier = measure.head  # "held 12 hours of talks", "held several rounds of negotiations"
    in_verb = carrier.i != tok.i and tok.dep_ == "pobj" and carrier.lemma_.lower() in ctx.cue["in_event_verbs"]
    if carrier.i == tok.i or carrier.lemma_.lower() in ctx.cue["event_carriers"] or in_verb \
            or carrier.lemma_.lower() in ctx.cue["travel_verbs"]:
        # "Trump and Putin discussed the idea in a phone call": who discussed it took part in the call
        # "Trump and Putin held a call"; not "Washington welcomed the prisoner exchange"
        out.extend(ctx.subject_of(carrier) if carrier.pos_ in ("VERB", "AUX") else [])
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in ("after", "following", "during") \
            and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
        verb = tok.head.head  # "said at a news conference following talks with Lukashenko": up to the verb
        for _ in range(4):
            if verb.pos_ in ("VERB", "AUX") or verb.dep_ not in ("pobj", "prep"):
                break
            verb = verb.head
        if verb.pos_ in ("VERB", "AUX"):
            speaker, _ = ctx.speaker(tok)  # "Zelensky said Ukraine would … after a call with Trump"
            out.extend(ctx.personalise(a, speaker) for a in ctx.subject_of(verb))
    nodes = {tok.i: tok, carrier.i: carrier}
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        nodes[tok.head.i] = tok.head
    if carrier.pos_ == "VERB" and carrier.lemma_ in ("meet", "receive", "visit", "host", "call", "phone", "welcome",
                                                     "greet"):
        for child in carrier.children:  # "Witkoff met Putin", "Putin received Witkoff"
            if child.dep_ == "dobj":
                out.extend(ctx.actors(child))
    for node in nodes.values():
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ == "to" and node.lemma_.lower() in ("visit", "trip", "tour",
                                                                                    "welcome", "greet"):
                continue  # "a visit to Turkey", "welcomed Zelensky to Downing Street": a place, not a party
            if child.dep_ == "prep" and (child.lower_ in ("with", "between", "to", "among") or (
                    child.lower_ == "of" and node.i == tok.i and tok.pos_ == "NOUN")) and not (  # "a summit of
                    child.lower_ == "to" and node.lemma_.lower() in ctx.cue["travel_verbs"]):  # European leaders"
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    out.extend(ctx.actors(pobj))
            if child.dep_ in ("compound", "amod", "poss", "nmod") and ctx.res.at(child):
                out.extend(ctx.res.at(child))
                for g in child.children:  # "the US-Ukraine talks": US hangs on Ukraine, across the hyphen
                    if g.dep_ in ("compound", "amod", "nmod", "conj") and g.i < child.i + 2:
                        out.extend(ctx.res.at(g))
            if child.dep_ in ("compound", "amod") and not ctx.res.at(child):
                out.extend(ctx.gaz.countries_in(child.text))  # "a Russian missile attack"
                for g in child.children:  # "direct Russian-Ukrainian talks": Russian hangs on Ukrainian
                    out.extend(ctx.res.at(g) or (ctx.gaz.countries_in(g.text) if g.dep_ in ("amod", "compound")
                                                 and g.i == child.i - 2 else []))
    if carrier.i == tok.i and tok.pos_ == "NOUN":
        for child in tok.children:
            if child.dep_ == "nsubj":
                out.extend(ctx.actors(child))
    return list(dict.fromkeys(out))


def setting(tok: Token, ctx: Context) -> bool:
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


def scheduled(tok: Token, ctx: Context) -> bool:
    """"negotiators are expected / due / set to meet", "talks are scheduled for Monday": a planned event
    (counted when its parties and date are given), unlike one hoped for, offered or only agreed to."""
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ctx.cue["event_carriers"]:
        tok = tok.head  # "Macron is due to host a summit …": the carrier verb is what is due
    head = tok.head if tok.dep_ in ("xcomp", "nsubjpass", "nsubj") else None
    if head is None or head.i == tok.i or ctx.negated(head):
        return False
    if not (head.lemma_.lower() in ctx.cue["schedule_verbs"] or head.lower_ in ctx.cue["schedule_verbs"]):
        return False
    return not any(a.lemma_ in ctx.cue["irrealis"] or ctx.negated(a) for a in head.ancestors)


def shared_view(verb: Token, ctx: Context) -> bool:
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


def quantity(sent: Span, trigger: Token) -> str | None:
    m = re.search(r"\b(\d[\d,]*)\s+(?:for|in exchange for)\s+(\d[\d,]*)\b", sent.text)
    if m:
        return f"{m.group(1)} for {m.group(2)}"
    nums = [t for t in sent if t.like_num and t.ent_type_ == "CARDINAL"]
    if nums:
        return min(nums, key=lambda t: tree_distance(trigger, t)).text
    return None


def accused(tok: Token, ctx: Context) -> list[str]:
    """"Russia accused Ukraine of attacking an oil depot": the accused is the attacker (as the accuser
    tells it; the event's attribution names the accuser)."""
    node = tok  # also "accused Russia of violating the truce with a drone attack": up from the attack
    for _ in range(4):
        if node.dep_ == "pcomp" and node.head.lower_ == "of" and node.head.head.lemma_ in ("accuse", "blame"):
            return [a for c in node.head.head.children if c.dep_ == "dobj" for a in ctx.actors(c)]
        if node.head.i == node.i or node.dep_ not in ("pcomp", "pobj", "prep", "dobj"):
            break
        node = node.head
    return []


def with_parties(tok: Token, ctx: Context) -> list[str]:
    """The parties after "with" of an event noun ("agreements with Ukraine and Russia")."""
    return [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
            for g in c.children if g.dep_ == "pobj" for a in ctx.actors(g)]


def agrees_with_proposal(tok: Token, ctx: Context) -> bool:
    """"agree with / to the proposal(s)": accepting a proposal (a stance), not an agreement between parties."""
    nouns = ctx.cue["proposal_nouns"]
    return any(c.dep_ == "prep" and c.lower_ in ("with", "to") and any(
        g.dep_ == "pobj" and g.lemma_.lower() in nouns for g in c.children) for c in tok.children)
