"""Who proposes, and offers that are proposals: the proposer side of kg.extract.proposals.

Input: a proposal trigger token (a verb, a noun, an adjective such as "ready") and the article's Context.
Output: the actor keys of its proposers (`proposers`), whether two of them are one joint body
(`joint_phrase`), the participle that names a proposal ("the truce proposed by …"), advocacy ("spoke in
favour of …") and conditional offers ("ready to … if …").
"""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.common import Context

HYPHENATED = ("-proposed", "-backed", "-brokered", "-drafted", "-sponsored", "-led")


def participle(tok: Token) -> bool:
    """A proposal verb used as a modifier of the proposed thing ('the truce proposed by Washington')."""
    return (tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod")) or tok.lower_.endswith(HYPHENATED)


def advocacy(tok: Token, ctx: Context) -> bool:
    """"Trump spoke / came out in favour of an early ceasefire": advocating it is putting it forward."""
    return tok.pos_ == "NOUN" and tok.lower_ in ctx.cue["advocacy_nouns"] and tok.dep_ == "pobj" \
        and tok.head.lower_ == "in" and tok.head.head.pos_ == "VERB" \
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)


OFFER_ADJECTIVES = ("ready", "willing", "prepared")
OFFER_MARKS = ("if", "provided", "providing")


def conditional_offer(tok: Token, ctx: Context) -> tuple[Token, Token] | None:
    """(offered verb, condition clause) of "Ukraine was ready to stop hitting Russian energy targets if
    Russia did the same": being ready to do something on a stated condition is an offer. Without the
    condition ("is ready to work with its partners") it is only a disposition; readiness to accept,
    support or study something is a stance (kg.extract.stances), not an offer."""
    if tok.lower_ not in OFFER_ADJECTIVES or tok.dep_ != "acomp" or ctx.negated(tok.head):
        return None
    verb = next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
    if verb is None:  # "ready for a complete ceasefire … if Russia reciprocated": the thing, on a condition
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"), None)
        cond = next((c for c in (*tok.children, *tok.head.children) if c.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in OFFER_MARKS for m in c.children)), None)
        return (prep, cond) if prep is not None and cond is not None else None
    if any(verb.lemma_.lower() in words for words in ctx.cue["stance_verbs"].values()):
        return None
    if verb.lemma_.lower() in ctx.cue["service_verbs"] or (verb.lemma_.lower() in ctx.cue["meeting_verbs"] and any(
            c.dep_ == "dobj" and ctx.actors(c) for c in verb.children)):  # "ready to meet Zelensky"
        return verb, verb  # "Turkey was ready to host talks", "… to mediate": a service offered to others
    chain, i = [verb], 0  # the offered verb and the verbs it governs ("ready to stop hitting … if …")
    while i < len(chain):
        chain.extend(c for c in chain[i].children if c.dep_ in ("xcomp", "conj") and c.pos_ == "VERB")
        i += 1
    for c in (*(c for v in chain for c in v.children), *tok.children, *tok.head.children):
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in OFFER_MARKS for m in c.children):
            return verb, c
    return None


def made_by(noun: Token, ctx: Context) -> list[str]:
    """Who made a proposal named as the thing done in a passive: "a proposal … was put forward by the United
    States", "the idea of European peacekeepers, floated by France and Britain" (a light or proposal verb
    whose agent is named)."""
    verbs = set(ctx.cue["light_verbs"]) | {v.split()[0] for v in ctx.cue["proposal_verbs"]}
    heads = [noun, *(g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "for")
                     for g in c.children if g.dep_ == "pobj")]  # "floated" may hang on "peacekeepers"
    made = [c for h in heads for c in h.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    if noun.dep_ == "nsubjpass":
        made.append(noun.head)
    for verb in made:
        if verb.lemma_.lower() in verbs:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None and ctx.actors(pobj):
                return ctx.actors(pobj)
    return []


def proposers(trigger: Token, ctx: Context) -> list[str]:
    """The actor keys of whoever puts forward the proposal `trigger` names (see the module docstring)."""
    if trigger.lower_.endswith(HYPHENATED):  # "the U.S.-proposed ceasefire"
        return ctx.gaz.countries_in(trigger.text.rsplit("-", 1)[0])
    if participle(trigger):
        found = ctx.subject_of(trigger)  # the agent: "proposed by Washington"
        for child in (*trigger.children, *trigger.head.children):
            if not found and child.dep_ in ("compound", "nmod", "npadvmod") and ctx.res.at(child):
                found = list(ctx.res.at(child))  # "a U.S. proposed ceasefire"
        return found
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ == "poss" and ctx.actors(child):
                return ctx.actors(child)
        for child in trigger.children:
            if child.dep_ in ("compound", "amod", "nmod") and child.i < trigger.i and ctx.res.at(child):
                return list(ctx.res.at(child))
            if child.dep_ in ("compound", "amod") and child.i < trigger.i and ctx.gaz.countries_in(child.text):
                found = [c for m in (child, *child.conjuncts) for c in ctx.gaz.countries_in(m.text)]
                return list(dict.fromkeys(found))  # "the Turkish offer", "a British and French plan"
            if child.dep_ == "amod" and child.lower_ in ctx.cue["adjective_actors"]:
                return [ctx.cue["adjective_actors"][child.lower_]]  # "European plans"
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and ctx.actors(pobj):
                    return ctx.actors(pobj)
        head = trigger.head
        if advocacy(trigger, ctx):
            return ctx.subject_of(head.head)
        if trigger.dep_ in ("dobj", "attr") and head.lemma_ in ctx.cue["light_verbs"]:
            return ctx.subject_of(head)
        by = made_by(trigger, ctx)
        if by:
            return by
        return []
    if trigger.pos_ == "ADJ":  # "Ukraine was ready to …": the subject of the copula
        return ctx.subject_of(trigger.head) or first_person(trigger.head, ctx)
    return ctx.subject_of(trigger) or first_person(trigger, ctx)


def first_person(verb: Token, ctx: Context) -> list[str]:
    """'"We propose a ceasefire in the air," Zelensky said': who speaks in the first person is the quote's
    speaker (as for stances); so are "they" who "said they were ready to …"."""
    v = verb
    for _ in range(3):
        if any(c.dep_ == "nsubj" and c.lower_ in ("we", "i", "they") for c in v.children):  # "leaders said
            # they were ready to send peacekeepers": the speakers
            speaker, _ = ctx.speaker(verb)
            return [speaker] if speaker else []
        if v.dep_ not in ("xcomp", "conj") or v.head.i == v.i:
            break
        v = v.head
    return []


def joint_phrase(trigger: Token, ctx: Context) -> bool:
    """"A U.S.-Russian delegation is pushing for …": the proposers are the two sides of one joint body (a
    hyphenated pair of states), not states named one by one ("Britain and France have offered …", "a
    British and French plan", "floated by France and Britain"), who propose together."""
    heads = [trigger, *list(trigger.ancestors)[:4]]  # the subject may sit on a governing verb ("the
    phrases = [c for h in heads for c in h.children  # U.S.-Russian delegation reached …, pushing for …")
               if c.dep_ in ("nsubj", "nsubjpass") or (h.i == trigger.i and c.dep_ in ("compound", "amod"))]
    for tok in (t for p in phrases for t in p.subtree):
        if tok.text == "-" and 0 < tok.i < len(tok.doc) - 1:
            left, right = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
            if (ctx.res.at(left) or ctx.gaz.countries_in(left.text)) and (
                    ctx.res.at(right) or ctx.gaz.countries_in(right.text)):
                return True
        if "-" in tok.text and len(ctx.gaz.countries_in(tok.text)) > 1:
            return True
    return False
