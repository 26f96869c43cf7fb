"""Claims of one article: proposals, conditions, stances and events, with attribution and evidence.

Input: a parsed spaCy Doc, its resolved mentions, the Document, the Gazetteer, and the offset of the
Doc's first character in Document.text. Output: a DocExtraction.

Sentences are read in order; each cue family finds mentions in the sentence, proposals are resolved
through the article's ProposalBook (anaphora, topic), events through its EventBook (one node per real
event). Stances are one per (holder, target): explicit before inferred, the person before the state they
speak for ("Russia supports…" and "Putin responded positively…" on the same proposal are one stance).
"""
from __future__ import annotations


from spacy.tokens import Doc

from kg.clean import DATELINE
from kg.extract import conditions, events, proposals, stances
from kg.extract.proposal_book import ProposalBook
from kg.extract.common import SUBJECTS, Context, phrase
from kg.linking_data import Gazetteer
from kg.mentions import Resolved
from kg.model import Actor, Condition, DocExtraction, Document, Stance


def _signature(tokens, ctx: Context) -> str:
    """What a condition is about: the head noun of its item, below generic heads, synonyms folded
    ("a halt to coercive mobilisation" and "the need to stop forced mobilization" are `mobilization`)."""
    generic, syn = set(ctx.cue["generic_heads"]), ctx.cue["condition_synonyms"]
    ids = {t.i for t in tokens}
    node = next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), None)
    for _ in range(8):
        if node is None or (node.lemma_.lower() not in generic and node.pos_ in ("NOUN", "PROPN", "VERB")):
            break
        order = ("pobj", "dobj", "prep", "acl", "xcomp", "pcomp", "ccomp", "advcl", "compound")
        kids = sorted((c for c in node.children if c.i in ids and c.dep_ in order), key=lambda c: order.index(c.dep_))
        node = kids[0] if kids else None
    if node is None:
        node = next((t for t in tokens if t.pos_ == "NOUN"), tokens[0])
    lemma = node.lemma_.lower()
    return syn.get(lemma, syn.get(node.lower_, lemma))


def _label(tokens) -> str:
    return phrase(tokens, ("the", "a", "an", "and", "that", "to", "only", "if", "on"))  # "insists on a halt …"


def dateline(head: str, day) -> object:
    """The date of a wire dateline ("KYIV, March 18 (Reuters) -") at the start of the body, if any."""
    from kg.extract.dates import resolve_date

    m = DATELINE.match(head.lstrip("\n "))
    return resolve_date(m.group(1), day) if m and day else None


def extract(doc: Doc, res: Resolved, document: Document, gaz: Gazetteer, offset: int = 0) -> DocExtraction:
    ctx = Context(doc, res, document, gaz, offset)
    text = doc.text  # Doc.text joins every token: compute it once
    ctx.dateline = dateline(text[:400], document.date)
    pbook, ebook = ProposalBook(ctx), events.EventBook(ctx)
    found_conditions, found_stances = [], []
    seen_conditions: list[conditions.ConditionMention] = []
    prev_props: list[proposals.ProposalMention] = []
    prev_subject: str | None = None
    prev_end = 0
    for sent in doc.sents:
        if not sent.text.strip() or not any(t.is_alpha for t in ctx.tokens(sent)):
            continue
        ev = ctx.evidence(sent)
        paragraph = "\n\n" in text[prev_end:sent.start_char]
        if paragraph or prev_end == 0:
            ctx.carry = None
        prev_end = sent.end_char
        props = proposals.find(sent, ctx)
        for m in props:
            pbook.add(m, ev)
        discussed = prev_props[-1] if prev_props else None
        st = stances.find(sent, ctx, props, discussed, seen_conditions)
        on_proposals = any(s.target is not None for s in st)
        cs = conditions.find(sent, ctx, props, prev_props, prev_subject, on_proposals or bool(props))
        if cs:  # "…rejected the demand" may speak of a condition stated in this very sentence
            seen_conditions.extend(cs)
            st = stances.find(sent, ctx, props, discussed, seen_conditions)
        for s in st:
            if s.target is not None and s.target not in props and s.target.resolved is None:
                pbook.add(s.target, ev)  # a target named by its topic: joins the proposal on that topic
        found_stances.extend((s, ev, ctx.attribution(s.cue)) for s in st)
        found_conditions.extend((c, ev, ctx.attribution(c.anchor), c.on in props) for c in cs)
        skip = {t.i for m in props for t in m.content} | {t.i for c in cs for item in c.items for t in item}
        for m in events.find(sent, ctx, ebook.current.date if ebook.current else ctx.day, skip, props):
            e = ebook.add(m, ev)
            if m.explicit_date and m.date:
                ctx.last_explicit = m.date
            if e is not None and e.type == "Statement" and e.participants:
                ctx.source = e.participants[0]
        for tok in ctx.tokens(sent):
            if tok.lemma_ in ctx.cue["reporting_verbs"] and tok.pos_ == "VERB":
                who = ctx.subject_of(tok)
                if who and not ctx.is_person(who[0]):
                    ctx.source = who[0]
        prev_props = props
        said = ctx.sentence_speaker(sent)
        if said:
            ctx.carry = said
        subjects = [ctx.res.at(t)[0] for t in ctx.tokens(sent) if t.dep_ in SUBJECTS and len(ctx.res.at(t)) == 1]
        prev_subject = subjects[-1] if subjects else None
    out = DocExtraction(document)
    out.proposals = pbook.finish()
    out.conditions = _conditions(found_conditions, ctx)
    out.stances = _stances(found_stances, out.conditions, ctx, found_conditions)
    out.events = ebook.finish(lambda a: gaz.entries[a].name if a in gaz.entries else res.unlinked[a].name
                              if a in res.unlinked else a)
    _actors(out, res, gaz)
    return out


def _conditions(found, ctx: Context) -> list[Condition]:
    by_key: dict[str, Condition] = {}
    for cm, ev, attribution, _ in found:
        on = cm.on.resolved if cm.on is not None else None
        if on is not None and any(ctx.same_side(cm.holder, p) for p in on.proposers):
            continue  # the terms of one's own offer are part of the offer
        for item in cm.items:
            key = f"condition|{cm.holder}|{_signature(item, ctx)}"
            c = by_key.get(key)
            if c is None:
                c = by_key[key] = Condition(key, [cm.holder], _label(item), on.key if on else None,
                                            attribution=attribution)
                c.extra_on = on  # type: ignore[attr-defined]
            if ev not in c.evidence:
                c.evidence.append(ev)
    return list(by_key.values())


def _stances(found, conds: list[Condition], ctx: Context, found_conditions=()) -> list[Stance]:
    chosen: dict[tuple[str, str], Stance] = {}
    attached = {(ev, ctx.state(cm.holder), cm.on.resolved.key) for cm, ev, _, _ in found_conditions
                if cm.on is not None and cm.on.resolved is not None}
    cond_keys = {c.key for c in conds}
    for sm, ev, attribution in found:
        if sm.target is None:  # a stance on a condition ("Kyiv rejected the demand")
            cm, item = sm.condition
            key = f"condition|{cm.holder}|{_signature(item, ctx)}"
            if key in cond_keys and not ctx.same_side(sm.holder, cm.holder) and (sm.holder, key) not in chosen:
                chosen[(sm.holder, key)] = Stance(f"stance|{sm.holder}|{key}|{sm.polarity}", sm.holder, key,
                                                  sm.polarity, [ev], attribution=attribution)
            elif (sm.holder, key) in chosen and ev not in chosen[(sm.holder, key)].evidence:
                chosen[(sm.holder, key)].evidence.append(ev)
            continue
        target = sm.target.resolved
        if target is not None and sm.polarity == "support" and (ev, ctx.state(sm.holder), target.key) in attached:
            sm.polarity = "conditional"  # "would accept the proposal provided that Kyiv halted mobilization"
        if target is None or any(ctx.same_side(sm.holder, p) for p in target.proposers):
            continue
        k = (sm.holder, target.key)
        s = chosen.get(k)
        if s is None:
            chosen[k] = Stance(f"stance|{sm.holder}|{target.key}|{sm.polarity}", sm.holder, target.key, sm.polarity,
                               [ev],
                               attribution=attribution)
        else:
            if sm.polarity == "conditional" and s.polarity == "support":
                s.polarity, s.key = "conditional", f"stance|{sm.holder}|{target.key}|conditional"
            if ev not in s.evidence:
                s.evidence.append(ev)
    for c in conds:
        on = getattr(c, "extra_on", None)
        if on is None:
            continue
        holder = c.holders[0]
        k = (holder, on.key)
        if k not in chosen:
            chosen[k] = Stance(f"stance|{holder}|{on.key}|conditional", holder, on.key, "conditional",
                               list(c.evidence[:1]),
                               inferred=True, attribution=c.attribution)
    result = list(chosen.values())
    persons = {(ctx.state(s.holder), s.target) for s in result if ctx.is_person(s.holder)}
    explicit = {(ctx.state(s.holder), s.target) for s in result if not s.inferred}
    return [s for s in result if not (
        (not ctx.is_person(s.holder) and (s.holder, s.target) in persons) or
        (s.inferred and (ctx.state(s.holder), s.target) in explicit and not ctx.is_person(s.holder)))]


def _actors(out: DocExtraction, res: Resolved, gaz: Gazetteer) -> None:
    acting = set()
    for p in out.proposals:
        acting.update(p.proposers)
    for c in out.conditions:
        acting.update(c.holders)
    for s in out.stances:
        acting.add(s.holder)
    for e in out.events:
        acting.update(e.participants)
    for f in [*out.proposals, *out.conditions, *out.stances, *out.events]:
        if f.attribution.source:
            acting.add(f.attribution.source)
    mentioned = {i for ids in res.tok_actor.values() for i in ids}
    for key in sorted(mentioned | acting):
        if key in gaz.entries:
            e = gaz.entries[key]
            out.actors[key] = Actor(key, e.name, e.type, e.wikidata, e.part_of or e.stands_for, True, e.aliases)
        elif key in res.unlinked and key in acting:
            out.actors[key] = res.unlinked[key]
    for key, forms in res.surface.items():
        if key in out.actors:
            out.surface[key] = set(forms)
