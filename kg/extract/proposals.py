"""Proposals: who put forward what, from trigger nouns and verbs and the dependency parse.

Input: a sentence of a parsed Doc and the Context. Output: ProposalMention objects (trigger, proposers,
content, topic, duration, label), later resolved to Proposal nodes by
`kg.extract.proposal_book.ProposalBook` (anaphora such as "this initiative", proposer-less mentions joined
to the proposal with the same topic or the same wording).

Proposer: possessor ("Trump's proposal"), compound/adjective ("a U.S. proposal"), agent ("a proposal by
the US", "proposals of the US President"), subject of a light verb ("Trump made a proposal"), subject of
a trigger verb ("Putin proposed…"), agent of a passive ("was put forward by the US"), in
kg.extract.proposers; a state's proposal voiced by its own leader is the leader's.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.extract.common import Context, phrase
from kg.extract.proposers import HYPHENATED, advocacy, conditional_offer, joint_phrase, participle
from kg.extract.proposal_terms import duration_of, head_topic, scope_of, topic_of
from kg.extract.proposers import proposers as proposers_of
from kg.model import Proposal

NOT_CONTENT = {"recent", "latest", "new", "previous", "earlier", "initial", "above-mentioned", "own", "mentioned",
               "aforementioned"}
REQUESTS = {"ask", "call", "appeal", "press", "push"}
ANAPHORIC_DETS = {"this", "that", "these", "those", "the", "such", "its", "his", "her", "their"}


@dataclass
class ProposalMention:
    trigger: Token
    proposers: list[str]
    content: list[Token]
    topic: str | None
    duration: str | None
    label: str
    anaphoric: bool
    pledge: bool = False
    resolved: Proposal | None = None
    extra: dict = field(default_factory=dict)


def _content_clause(clause: Token) -> bool:
    """"a proposal that Russia and Ukraine refrain from …" (what is proposed), which the parser hangs on the
    noun as a relative clause with "that" as its object; not "a proposal that Russia rejected" (a gap): the
    clause opens with "that", has a subject of its own, is in the present or base form and has a complement
    of its own besides "that"."""
    if clause.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return True  # "a proposal that Russia stops strikes", parsed as a clause on the noun
    if clause.dep_ != "relcl" or clause.left_edge.lower_ != "that" or clause.tag_ not in ("VB", "VBP", "VBZ"):
        return False
    that = clause.left_edge
    return any(c.dep_ == "nsubj" and c.i != that.i for c in clause.children) and any(
        c.dep_ in ("dobj", "prep", "xcomp", "ccomp", "attr", "acomp") and c.i != that.i for c in clause.children)


def _content_tokens(trigger: Token, ctx: Context) -> list[Token]:
    """The tokens that say what is proposed."""
    c = ctx.cue
    toks: list[Token] = []
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ in ("acl", "relcl") and child.tag_ in ("VB", "VBG") or child.dep_ in ("ccomp", "appos"):
                toks.extend(child.subtree)
            elif _content_clause(child):  # "a Trump proposal that Russia and Ukraine refrain from …"
                toks.extend(t for t in child.subtree if not (t.i == child.left_edge.i and t.lower_ == "that"))
            elif child.dep_ == "prep" and child.lower_ in c["content_preps"] and child.lower_ != "by":
                pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None and not ctx.actors(pobj, conj=False) and pobj.lemma_.lower() not in c[
                        "condition_nouns"]:  # "backed the plan on condition that …" says what backing needs
                    toks.extend(child.subtree)
            elif child.dep_ in ("compound", "amod", "nummod", "nmod") and child.i < trigger.i \
                    and not ctx.res.at(child) and not ctx.gaz.countries_in(child.text) \
                    and child.lower_ not in ctx.cue["adjective_actors"] and child.lower_ not in NOT_CONTENT:
                toks.extend(t for t in child.subtree if not ctx.res.at(t))
        end = max(t.i for t in trigger.subtree)
        if trigger.dep_ == "dobj" and not any(t.i > trigger.i for t in toks):
            for sib in trigger.head.children:  # "welcomed the U.S. initiative to restore …", parsed with "to
                if sib.dep_ in ("advcl", "xcomp") and sib.i == end + 2 and any(  # restore" on the verb
                        a.dep_ == "aux" and a.lower_ == "to" and a.i == end + 1 for a in sib.children):
                    toks.extend(sib.subtree)
    elif participle(trigger):  # "the truce proposed by Washington", "a U.S. proposed ceasefire"
        toks.extend(t for t in trigger.head.subtree if t.i not in {x.i for x in trigger.subtree}
                    and not ctx.res.at(t) and t.dep_ not in ("det", "poss", "case"))
    elif any(c.dep_ == "prep" and c.lower_ == "for" for c in trigger.children) and trigger.lemma_ in REQUESTS:
        for child in trigger.children:  # "asked Washington for Patriot batteries": Washington is addressed
            if child.dep_ == "prep" and child.lower_ == "for":
                toks.extend(child.subtree)
    elif trigger.pos_ == "ADJ":  # "ready to stop hitting Russian energy targets if Russia did the same"
        verb, cond = conditional_offer(trigger, ctx) or (trigger, trigger)
        toks.extend(t for t in verb.subtree if t not in cond.subtree or cond is verb)
    else:
        for child in trigger.children:
            if child.dep_ in ("ccomp", "xcomp", "dobj", "dative") or (child.dep_ == "prep" and (
                    child.lower_ == "for" or (child.lower_ == "to" and trigger.lemma_ == "invite"))):
                toks.extend(child.subtree)
            elif child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in child.children):
                toks.extend(t for t in child.subtree if not (t.dep_ == "mark" and t.head.i == child.i))
                # "pushed for Russia to agree to a truce"
    made_by = {t.i for x in toks if x.dep_ == "acl" and x.tag_ == "VBN" and any(c.dep_ == "agent" for c in x.children)
               for t in x.subtree}  # "…, floated by France and Britain,": who made it, not what it is
    made_by |= {t.i for x in toks if x.dep_ == "relcl" and not _content_clause(x) and any(
        c.dep_ == "nsubj" and ctx.actors(c) for c in x.children)
                for t in x.subtree}  # "…, which Ukraine accepted during talks in Jeddah": what was done with it
    toks = sorted({t for t in toks if t.i not in made_by}, key=lambda t: t.i)
    while toks and toks[-1].is_punct:
        toks.pop()
    if toks and trigger.lemma_.lower() in c["named_whole_nouns"] and all(t.i < trigger.i for t in toks):
        toks.append(trigger)  # "China's 12-point peace plan", not "12-point peace" (but "a ceasefire proposal")
    return toks


def _label(toks: list[Token], trigger: Token, restating: frozenset[str] = frozenset()) -> str:
    ids = {t.i for t in toks}
    inner = {t.i for x in toks if x.dep_ == "relcl" and x.head.i in ids for t in x.subtree}
    inner |= {t.i for x in toks if x.dep_ == "appos" and x.head.i in ids and x.lemma_.lower() in restating
              for t in x.subtree}  # "a meeting in Turkey, an offer the Kremlin did not accept": not the offer
    toks = [t for t in toks if t.i not in inner]  # "a prisoner swap, which Moscow accepted": not the swap
    words = [t for t in toks if t.pos_ not in ("DET", "PUNCT")]
    if len(words) > 2 and words[0].lemma_.lower() in restating and words[1].lower_ in ("for", "of", "on", "to"):
        toks = [t for t in toks if t.i > words[0].i]  # "put forward a proposal for a ceasefire": the ceasefire
    return phrase(toks, ("to", "that", "for", "of", "on", "a", "an", "the", "concerning", "only"), 18) or trigger.text




def addressed(trigger: Token, ctx: Context) -> list[str]:
    """Who a proposal is put to: "asked Washington for…", "urged Russia to…", "called on Putin to…"."""
    out: list[str] = []
    if trigger.pos_ == "VERB":
        for child in trigger.children:
            if child.dep_ in ("dobj", "dative"):
                out.extend(ctx.actors(child))
            if child.dep_ == "prep" and child.lower_ == "on":
                for g in child.children:
                    if g.dep_ == "pobj":
                        out.extend(ctx.actors(g))
    return out


def is_appeal(tok: Token) -> bool:
    """'a call to preserve…', 'a call for talks' (an appeal), not 'a phone call'."""
    return any((ch.dep_ in ("acl", "relcl") and ch.tag_ == "VB" and any(a.lower_ == "to" for a in ch.children))
               or (ch.dep_ == "prep" and ch.lower_ == "for") for ch in tok.children)


def _puts_conditions(verb: Token, c: dict) -> bool:
    """Whether the verb's object is a condition ("set out conditions", "a number of demands")."""
    nouns = set(c["condition_nouns"]) | set(c["condition_list_nouns"])
    for obj in (o for o in verb.children if o.dep_ == "dobj"):
        inner = [g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
        if obj.lemma_.lower() in nouns or (obj.lemma_.lower() in c["collection_nouns"] and any(
                g.lemma_.lower() in nouns or g.lower_ in nouns for g in inner)):
            return True
    return False


def _is_trigger(tok: Token, ctx: Context) -> tuple[bool, bool]:
    """(is a proposal trigger, is a pledge)."""
    c = ctx.cue
    if advocacy(tok, ctx):
        return True, False
    if tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in c["proposal_nouns"]:
        if tok.lemma_ == "call":  # a call for / to … is an appeal, a phone call is an event
            return is_appeal(tok), False
        if tok.lemma_ == "request" and any(ch.lower_ == "for" for ch in tok.children):
            return True, False
        return True, False
    if tok.lower_.endswith(HYPHENATED) and tok.dep_ in ("amod", "compound"):
        return True, False
    if conditional_offer(tok, ctx) is not None:
        return True, False
    if tok.pos_ == "VERB":
        lemma = tok.lemma_.lower()
        particle = next((c2.lower_ for c2 in tok.children if c2.dep_ == "prt" or (
            c2.dep_ == "prep" and c2.i > tok.i and (c2.lower_ in ("for", "on") or c2.i == tok.i + 1)) or (
            c2.dep_ == "advmod" and c2.i == tok.i + 1 and c2.lower_ == "forward")), "") or next((  # "put forward"
            m.lower_ for c2 in tok.children if c2.dep_ in ("advcl", "xcomp", "ccomp") for m in c2.children
            if m.dep_ == "mark" and m.lower_ == "for" and m.i == tok.i + 1), "")  # "pushed for Russia to agree"
        pressed = lemma in ("press", "push") and any(c2.dep_ == "dobj" for c2 in tok.children) and any(
            c2.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c2.children)
            for c2 in tok.children)
        particle = particle or ("for" if pressed else "")  # "pressing Russia to agree" asks as "urged" does
        if (lemma in c["proposal_verbs"] or f"{lemma} {particle}" in c["proposal_verbs"]) and (
                _puts_conditions(tok, c) or any(x.dep_ in ("xcomp", "ccomp") and any(
                    x.lemma_.lower() in words for words in c["stance_verbs"].values()) and any(
                    o.dep_ == "dobj" and o.lemma_.lower() in c["proposal_nouns"] for o in x.children)
                    for x in tok.children)):
            return False, False  # "put forward a number of conditions", "urged Russia to accept the proposal"
        if lemma in c["proposal_verbs"] or f"{lemma} {particle}" in c["proposal_verbs"]:
            if lemma in ("call", "push", "appeal", "ask", "press") and particle not in ("for", "on"):
                return False, False
            if particle == "on" and lemma != "call":
                return False, False
            if lemma == "put" and particle != "forward":
                return False, False
            return True, False
        if lemma in c["pledge_verbs"] and not ctx.negated(tok):
            return True, True
        if lemma in c["declare_verbs"] and any(  # "Putin declared a three-day
                o.dep_ == "dobj" and topic_of(" ".join(t.text for t in o.subtree), ctx) == "ceasefire"  # ceasefire"
                for o in tok.children) and not ctx.negated(tok):
            return True, False  # a truce one side declares is its initiative
    return False, False


def find(sent: Span, ctx: Context) -> list[ProposalMention]:
    """Proposal mentions of one sentence, outer triggers only (an initiative inside an idea is one)."""
    found: list[ProposalMention] = []
    covered: set[int] = set()
    lowered = sent.text.lower()
    responding = any(f"{w} to" in lowered for w in ("in response", "responding", "in reply", "in answer"))
    for tok in ctx.tokens(sent):
        if tok.i in covered:
            continue
        ok, pledge = _is_trigger(tok, ctx)
        if not ok:
            continue
        content = _content_tokens(tok, ctx)
        covered.update(t.i for t in content)
        proposers = proposers_of(tok, ctx)
        if pledge and (not proposers or responding):
            continue  # a pledge made "in response to" a proposal is a response to it, not a new proposal
        if len({ctx.state(p) for p in proposers}) > 1 and joint_phrase(tok, ctx):
            continue  # "a U.S.-Russian delegation … pushing for": what two sides seek together is no proposal
        speaker, _ = ctx.speaker(tok)
        proposers = [ctx.personalise(p, speaker) for p in proposers]
        if pledge:  # "guarantees the soldiers life and dignified treatment": the pledge is the verb phrase
            content = sorted([tok, *content], key=lambda t: t.i)
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "poss")}
        for part in _items(tok, content):  # "proposed a ceasefire and a meeting": two proposals
            text = "".join(t.text_with_ws for t in part) or " ".join(t.text for t in tok.lefts)
            anaphoric = not part and (bool(dets & ANAPHORIC_DETS) or tok.tag_ == "NNS" or tok.pos_ == "VERB")
            topic = topic_of(text, ctx) or head_topic([t for t in part if t.i != tok.i], ctx) or (
                "talks" if tok.lemma_ == "invite" and any(t.dep_ in ("prep", "xcomp") for t in part) else None)
            # "invited Trump to Moscow": an invitation is to meet (to somewhere or to something)
            label = _label(part, tok, frozenset(ctx.cue["proposal_nouns"]))
            m = ProposalMention(tok, proposers, part, topic, duration_of(text, ctx), label, anaphoric, pledge)
            m.extra["scope"] = scope_of(part, ctx)
            m.extra["addressed"] = addressed(tok, ctx)
            found.append(m)
    return found


def _items(trigger: Token, content: list[Token]) -> list[list[Token]]:
    """The coordinated objects of a proposal verb, one per proposal; otherwise the content as it is."""
    obj = next((c for c in trigger.children if c.dep_ == "dobj"), None) if trigger.pos_ == "VERB" else None
    conjuncts = [c for c in obj.conjuncts if c.pos_ in ("NOUN", "PROPN")] if obj is not None else []
    if not conjuncts:
        return [content]
    inner = {t.i for c in conjuncts for t in c.subtree}
    items = [[t for t in obj.subtree if t.i not in inner]] + [list(c.subtree) for c in conjuncts]
    return [[t for t in item if not (t.dep_ == "cc" and t.head.i == obj.i)] for item in items]
