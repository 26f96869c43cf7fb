"""Conditions: requirements an actor attaches to a proposal or to a settlement in general.

Input: a sentence, the Context, and the proposal mentions of the sentence (and of the one before).
Output: ConditionMention objects (holder, item tokens, the proposal mention they attach to, or None).

Cues (kg/rules/cues.json): condition nouns ("a key condition … should be X"), condition lists
("several key conditions: A, B and C", "points concerning A, B and C": one condition per item),
need nouns ("the need to stop X"), condition verbs ("insist on X"), modal need said by someone else
("Russia needs to show sincerity", said by Zelensky), conditional clauses ("only if", "provided that",
"if" next to a proposal or stance), conditional prepositions ("in the event of X"), and negated
necessity ("would not be fruitful without X"). Joint holders ("both sides agreed on the need…") state
shared goals, not conditions, and are skipped.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.common import Context
from kg.extract.condition_cues import (CONDITIONAL_ON, as_long_as, copula_of, have_to, on_topic, only_then,
                                       split_coordination, that_clause, urged_on_another)
from kg.extract.proposals import ProposalMention, topic_of


@dataclass
class ConditionMention:
    anchor: Token
    items: list[list[Token]]
    holder: str | None
    on: ProposalMention | None
    general: bool  # tied to a settlement in general: "a key condition for preventing escalation"


def _governing_verb(tok: Token) -> Token | None:
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            return anc
    return None


def _wanted(clause: Token, but: Token | None = None) -> list[Token]:
    """What is wanted, as written: the clause (or object) without its infinitive "to" nor `but`'s subtree
    ("Moscow wants Kyiv to halt mobilisation before agreeing": "Kyiv halt mobilisation")."""
    skip = {t.i for t in but.subtree} if but is not None else set()
    return [t for t in clause.subtree if t.i not in skip and not (
        t.dep_ == "aux" and t.lower_ == "to" and t.head.i == clause.i)]


def _holder(anchor: Token, ctx: Context, skip_own_subject: bool, prev_subject: str | None) -> str | None:
    """The actor who states the condition: the subject of the verb above the cue (not the one who must
    act, for modal needs), else the sentence's speaker, else the discourse subject of the sentence before."""
    speaker, _ = ctx.speaker(anchor)
    owner = next((c for c in anchor.children if c.dep_ == "poss" and ctx.actors(c)), None)
    if anchor.pos_ == "NOUN" and owner is not None:  # "Russia's demands include…", "Kyiv's conditions"
        return ctx.personalise(ctx.actors(owner)[0], speaker)
    verb: Token | None = anchor if anchor.pos_ in ("VERB", "AUX") else _governing_verb(anchor)
    first = True
    while verb is not None:
        if not (first and skip_own_subject):
            subj = ctx.subject_of(verb)
            if len(subj) > 1 or any(ctx.res.at(c) and len(ctx.res.at(c)) > 1 for c in verb.children
                                    if c.dep_ == "nsubj"):
                return "JOINT"
            if subj:
                return ctx.personalise(subj[0], speaker)
            if first and prev_subject and verb.tag_ == "VB" and verb.dep_ in ("ROOT", "ccomp", "conj") and not any(
                    c.dep_ in ("nsubj", "nsubjpass", "expl", "aux") for c in verb.children):
                return prev_subject  # a clause without a subject continues the previous sentence's
        first = False
        verb = _governing_verb(verb)
    if speaker:
        return speaker
    return prev_subject


def _proposal_near(anchor: Token, props: list[ProposalMention]) -> ProposalMention | None:
    return min(props, key=lambda p: abs(p.trigger.i - anchor.i)) if props else None


def find(sent: Span, ctx: Context, props: list[ProposalMention], prev_props: list[ProposalMention],
         prev_subject: str | None, stance_in_context: bool) -> list[ConditionMention]:
    c = ctx.cue
    out: list[ConditionMention] = []
    used: set[int] = set()

    def add(anchor, items, own_subject, on, general=False):
        items = [i for i in items if i and not any(t.i in used for t in i)]
        if not items:
            return
        holder = _holder(anchor, ctx, own_subject, prev_subject)
        if holder is None or holder == "JOINT":
            return
        for i in items:
            used.update(t.i for t in i)
        out.append(ConditionMention(anchor, items, holder, None if general else on, general))

    here = _proposal_near(sent.root, props)
    for tok in ctx.tokens(sent):
        low, lemma = tok.lower_, tok.lemma_.lower()
        if tok.i in used:
            continue
        if tok.pos_ == "NOUN" and lemma in c["condition_nouns"] and copula_of(tok) is not None:
            be = copula_of(tok)  # "a full ceasefire was a precondition for …", "… would be one of the
            subj = next(ch for ch in be.children if ch.dep_ == "nsubj")  # main preconditions"
            if ctx.actors(subj) or subj.pos_ == "PRON" or ctx.negated(be):
                continue  # "Russia is a condition …" names no requirement; "it was a condition" says nothing
            add(be, [[t for t in subj.subtree if t.dep_ != "det" or t.i != subj.left_edge.i]], True, here,
                here is None)
        elif tok.pos_ == "NOUN" and low in c["condition_list_nouns"] and (
                lemma in c["condition_nouns"] or props):
            region = [t for t in ctx.tokens(sent) if t.i > tok.i and t.text not in ("\"", "“", "”")]
            intro = next((t for t in region if t.text == ":"), None) or next(  # a colon introduces the list
                (t for t in region if t.lower_ in c["list_introducers"] and not any(  # even after "on Thursday"
                    g.ent_type_ in ("DATE", "TIME") for g in t.children)), None)
            if intro is None and tok.dep_ == "nsubj" and tok.head.lemma_ in ("include", "be", "comprise"):
                obj = next((ch for ch in tok.head.children if ch.dep_ in ("dobj", "attr")), None)
                if obj is not None:  # "Russia's demands include the recognition of Crimea and …"
                    add(tok, split_coordination(obj), False, _proposal_near(tok, props))
                continue
            if intro is None:
                continue
            heads = [t for t in region if t.i > intro.i and (t.head.i <= intro.i or t.head.i < tok.i
                                                              or t.head.i == intro.i) and not t.is_punct]
            items = []
            triggers = {p.trigger.i for p in props}
            for h in heads:
                items.extend(i for i in split_coordination(h) if not any(t.i in triggers for t in i))
            root = sent.root
            if not heads and intro.text == ":" and root.i > intro.i:  # "Conditions were set …: the truce
                later = [c for c in root.conjuncts if c.i > root.i]  # must not …, and arms deliveries must stop"
                inner = {t.i for c in later for t in c.subtree}
                items = [[t for t in root.subtree if t.i > intro.i and t.i not in inner and not (
                    t.dep_ in ("cc", "punct") and t.head.i == root.i)]] + [list(c.subtree) for c in later]
            add(tok, items, False, _proposal_near(tok, props))
        elif tok.pos_ == "NOUN" and lemma in c["condition_nouns"] and tok.tag_ == "NN":
            head = tok.head
            clause = that_clause(tok)  # "Putin's demand that Ukraine withdraw …"
            owned = any(ch.dep_ == "poss" and ctx.actors(ch) for ch in tok.children)
            if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_ == "be":  # "the condition is a ceasefire", not
                attr = next((ch for ch in head.children if ch.dep_ == "attr"), None)  # "that demand is unacceptable"
                if attr is None:
                    if clause is not None and owned:
                        add(tok, [[t for t in clause.subtree if t.dep_ != "mark"]], False, here)
                    continue  # "Putin's demand that … is unacceptable" states it; "that demand is …" not
                for_prep = next((ch for ch in tok.children if ch.dep_ == "prep" and ch.lower_ == "for"), None)
                on_prop = [p for p in props if for_prep is not None and p.trigger in for_prep.subtree]
                general = for_prep is not None and not on_prop
                add(tok, [list(attr.subtree)], True, on_prop[0] if on_prop else here, general)
            elif clause is not None and (owned or head.lemma_ in c["light_verbs"]):  # "rejected Putin's demand
                add(tok, [[t for t in clause.subtree if t.dep_ != "mark"]], False, here)  # that …", "made the demand"
        elif tok.pos_ == "NOUN" and lemma in c["need_nouns"] and tok.tag_ == "NN":
            comp = [ch for ch in tok.children if ch.dep_ in ("acl", "prep", "relcl")]
            if not comp or ctx.negated(tok.head):
                continue
            gov = _governing_verb(tok)
            if gov is not None and gov.lemma_ in ("agree", "discuss", "talk", "share"):
                continue
            add(tok, [[t for t in tok.subtree if t.dep_ != "det"]], False, here, here is None)
        elif tok.pos_ == "VERB" and lemma == "need" and not ctx.negated(tok) and any(
                ch.dep_ == "dobj" and ch.pos_ == "NOUN" for ch in tok.children) and (ctx.subject_of(tok) or any(
                    ch.dep_ == "nsubj" and ch.lower_ == "we" for ch in tok.children) and tok.dep_ in ("ROOT", "ccomp")
                and not any(ch.dep_ == "mark" for ch in tok.children) and ctx.speaker(tok)[0]):
            obj = next(ch for ch in tok.children if ch.dep_ == "dobj" and ch.pos_ == "NOUN")
            add(tok, [list(obj.subtree)], False, here)  # "Moscow would need clear guarantees"
        elif tok.pos_ == "VERB" and lemma in c["condition_verbs"] and not ctx.negated(tok) and (
                ctx.subject_of(tok) or tok.dep_ != "relcl"):  # not "any deal that would require Kyiv to …"
            obj = next((ch for ch in tok.children if ch.dep_ in ("dobj", "ccomp") or
                        (ch.dep_ == "prep" and ch.lower_ == "on")), None)
            if obj is not None:
                then = [ch for ch in tok.children if ch.dep_ == "xcomp" and obj.dep_ == "dobj"]  # "require the West
                add(tok, [sorted([*obj.subtree, *(t for x in then for t in x.subtree)], key=lambda t: t.i)],  # to
                    False, here)  # stop arming Ukraine": who must do what
        elif lemma in ("need", "must") and tok.tag_ in ("VBZ", "VBP", "MD") and not ctx.negated(tok):
            verb = tok if lemma == "need" else tok.head
            xcomp = next((ch for ch in verb.children if ch.dep_ == "xcomp"), None) if lemma == "need" else verb
            own = next((ch for ch in verb.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
            subj = ctx.actors(own) if own is not None else ctx.subject_of(verb)  # "the ceasefire must …"
            speaker, _ = ctx.speaker(tok)
            if xcomp is None or speaker is None or (subj and ctx.same_side(speaker, subj[0])):
                continue  # "Russia needs to show sincerity" said by Zelensky; not Russia saying it needs to
            if not subj and not any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")
                                    for c in verb.children):  # "any ceasefire must be accompanied by …"
                continue  # "any deal must include…" has a subject; "it must be done" has none worth a condition
            add(verb, [[t for t in (xcomp.subtree if lemma == "need" else verb.subtree) if t.i != tok.i]], True, here)
        elif lemma == "have" and tok.pos_ in ("VERB", "AUX") and not ctx.negated(tok) and have_to(tok) is not None \
                and any(c.dep_ == "nsubj" and c.pos_ == "NOUN" for c in tok.children) and ctx.speaker(tok)[0]:
            inf = have_to(tok)  # "Lavrov said any truce would have to include a halt to arms deliveries"
            drop = {tok.i, *(a.i for a in tok.children if a.dep_ == "aux"), *(a.i for a in inf.children
                                                                              if a.dep_ == "aux")}
            subj = next(c for c in tok.children if c.dep_ == "nsubj")
            add(tok, [[t for t in tok.subtree if t.i not in drop]], True, here or on_topic(subj, prev_props, ctx))
        elif lemma == "should" and tok.tag_ == "MD" and here is not None and not ctx.negated(tok.head) and any(
                ch.dep_ == "nsubj" and ch.pos_ == "NOUN" and topic_of(ch.text, ctx) for ch in tok.head.children):
            # "we agree with the proposal, but the ceasefire should lead to a long-term peace": what the
            # proposed thing itself should do, said with a stance on it, is a condition on it
            add(tok.head, [[t for t in tok.head.subtree if t.i != tok.i]], True, here)
        elif tok.dep_ == "mark" and (low in ("if", "unless", "provided", "providing") or as_long_as(tok) or (
                low == "that" and tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("provided", "providing", "condition"))):
            clause = tok.head
            near = here or _proposal_near(tok, prev_props)
            anchor = clause.head if clause.head.i != clause.i else clause
            able = [a for a in (anchor, *anchor.children) if a.lemma_.lower() in c["possible_adjectives"] and (
                a.i == anchor.i or a.dep_ == "acomp")]  # "is only possible if", "would be achievable only if"
            only = low == "if" and bool(able) and (tok.doc[tok.i - 1].lower_ == "only" or any(
                o.lower_ == "only" and o.dep_ == "advmod" for a in able for o in a.children))
            if near is None and not stance_in_context and not only:
                continue  # ("a lasting settlement is only possible if …": a condition even on no proposal)
            if urged_on_another(anchor, ctx):
                continue  # when another party should act, not a requirement on a proposal
            add(anchor, [[t for t in clause.subtree if t.i != tok.i]], False, near, near is None and only)
        elif low in ("provided", "providing") and tok.dep_ in ("prep", "advcl") and any(
                ch.dep_ in ("ccomp", "advcl") and ctx.subject_of(ch) for ch in tok.children):
            clause = next(ch for ch in tok.children if ch.dep_ in ("ccomp", "advcl"))  # "…, provided Russia
            near = here or _proposal_near(tok, prev_props)  # accepts it" parsed as a preposition with a clause
            if near is not None or stance_in_context:
                add(tok.head, [list(clause.subtree)], False, near)
        elif tok.dep_ == "mark" and low in ("after", "once", "when", "until") and only_then(tok, ctx):
            clause = tok.head  # "the deal would only come into force after sanctions were lifted"
            near = here or _proposal_near(tok, prev_props)
            add(clause.head if clause.head.i != clause.i else clause,
                [[t for t in clause.subtree if t.i != tok.i]], False, near, near is None)
        elif tok.dep_ == "prep" and low == "on" and (tok.head.lemma_ in CONDITIONAL_ON or any(
                c.dep_ == "acomp" and c.lower_ in CONDITIONAL_ON for c in tok.head.children)):
            pobj = next((ch for ch in tok.children if ch.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:  # "a ceasefire must be conditional on a halt to arms supplies"
                add(tok.head, [list(pobj.subtree)], False, here)
        elif tok.dep_ == "prep" and low == "before" and any(
                g.dep_ == "pcomp" and g.lemma_ in c["consent_verbs"] or g.dep_ == "pobj" and topic_of(g.text, ctx)
                for g in tok.children) and (tok.head.lemma_ in c["want_verbs"] or sent.root.lemma_ in c["want_verbs"]):
            wanter = tok.head if tok.head.lemma_ in c["want_verbs"] else sent.root  # "says it wants … before any
            obj = next((ch for ch in wanter.children if ch.dep_ == "dobj" or ch.dep_ in ("ccomp", "xcomp") and any(
                g.dep_ == "nsubj" for g in ch.children)), None)  # truce"; "Moscow wants guarantees / Kyiv to …
            if obj is not None:  # that … before agreeing to any deal": what it wants first is a condition
                named = next((g for g in tok.subtree if g.pos_ == "NOUN" and topic_of(g.text, ctx)), None)
                near = here or (on_topic(named, prev_props, ctx) if named is not None else None)  # "to a truce"
                add(wanter, [_wanted(obj, tok)], False, near)
        elif tok.dep_ == "prep" and (low == "without" and (ctx.negated(tok.head) or ctx.negated(tok.head.head) or any(
                a.dep_ == "acomp" and a.lemma_ in c["impossible_adjectives"] for a in tok.head.children))):
            pobj = next((ch for ch in tok.children if ch.dep_ in ("pobj", "pcomp")), None)
            near = here or _proposal_near(tok, prev_props)
            if pobj is not None:  # "talks would not be fruitful without Ukraine's participation"
                add(tok.head, [list(pobj.subtree)], False, near, near is None)
        elif tok.dep_ == "prep" and low == "in" and tok.head.dep_ in ("ccomp", "xcomp") and tok.head.head.lemma_ in \
                c["want_verbs"] and not ctx.negated(tok.head.head) and any(
                    g.dep_ == "pobj" and g.lower_ in ("exchange", "return") for g in tok.children):
            clause = tok.head  # "Russia wants Ukraine to withdraw from Donetsk in exchange for a ceasefire"
            add(clause.head, [[t for t in clause.subtree if t not in tok.subtree and t.dep_ != "aux"]], False,
                here, here is None)
        elif tok.dep_ == "prep" and low in ("during", "under") and tok.head.dep_ in ("ccomp", "xcomp") and \
                tok.head.head.lemma_ in c["want_verbs"] and not ctx.negated(tok.head.head) and any(
                    ch.dep_ == "nsubj" for ch in tok.head.children) and any(
                    g.dep_ == "pobj" and topic_of(g.text, ctx) for g in tok.children):
            clause, pobj = tok.head, next(g for g in tok.children if g.dep_ == "pobj")  # "Moscow wants Ukraine
            near = here or on_topic(pobj, prev_props, ctx)  # to halt mobilisation during any truce": what it
            add(clause.head, [_wanted(clause)], False, near, near is None)  # asks of it
        elif tok.dep_ == "prep" and ((low in ("of", "to") and tok.head.lower_ in ("case", "event", "subject")
                                      and tok.head.head.dep_ in ("prep", "amod", "acomp"))
                                     or (low == "for" and tok.head.lower_ in ("exchange", "return")
                                         and tok.head.head.lower_ == "in")):
            pobj = next((ch for ch in tok.children if ch.dep_ == "pobj"), None)
            if pobj is not None and (here is not None or low != "for"):  # the price of an offer; "handed
                add(tok, [list(pobj.subtree)], False, here)  # over 31 prisoners in exchange for 15" is a swap
    return out
