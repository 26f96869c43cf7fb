"""Stances: who supports, opposes, conditionally supports or is weighing a proposal.

Input: a sentence, the Context and its proposal mentions. Output: StanceMention objects
(holder, target proposal mention, polarity, cue token).

Polarity comes from the lexicons of kg/rules/cues.json: stance verbs ("support", "reject", "consider"),
phrases over lemmas ("respond positively", "put conditions on", "agree in principle", "yet to accept"),
response nouns with an adjective ("a constructive response to"). Negation flips support to oppose and
oppose to neutral ("did not support" is not support); a conditional clause on the cue ("supports … if")
makes it conditional. The target is the proposal mentioned after the cue, within its phrase, or the
proposal under discussion for anaphora ("this initiative"). With no proposal, a condition noun as the
cue's object ("Kyiv rejected the demand", "Ukraine rejected Russia's demands") targets the last condition
stated in the article by another side (by the possessor's side when there is one).
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.common import Context
from kg.extract.condition_cues import as_long_as
from kg.extract.conditions import ConditionMention
from kg.extract.proposals import ProposalMention, duration_of, topic_of


NEGATED = {"support": "oppose", "oppose": "neutral"}  # "did not support" opposes; "did not reject" is neutral


@dataclass
class StanceMention:
    cue: Token
    holder: str
    target: ProposalMention | None  # None when the target is a condition
    polarity: str
    condition: tuple[ConditionMention, list[Token]] | None = None  # (condition mention, its item)


def _phrase_index(ctx: Context) -> dict[str, list[tuple[list[str], str]]]:
    """The stance phrases by their first word (computed once per lexicon)."""
    index = ctx.cue.get("_phrase_index")
    if index is None:
        index = {}
        for polarity, phrases in ctx.cue["stance_phrases"].items():
            for phrase in phrases:
                words = phrase.split()
                index.setdefault(words[0], []).append((words, polarity))
        ctx.cue["_phrase_index"] = index
    return index


def _phrase_hits(sent: Span, ctx: Context) -> list[tuple[Token, str]]:
    """Lexicon phrases matched on lemmas, allowing adverbs in between ('responded very positively')."""
    lemmas = [(t, t.lemma_.lower()) for t in ctx.tokens(sent) if not t.is_punct and t.pos_ not in ("DET", "PART")
              and t.tag_ != "PRP$" or t.lower_ in ("to", "not")]  # "threw its weight behind"
    index = _phrase_index(ctx)
    hits = []
    for i, (first, first_lemma) in enumerate(lemmas):
        for words, polarity in index.get(first_lemma, []) + (index.get(first.lower_, []) if first.lower_ != first_lemma
                                                              else []):
            j, k = i, 0
            while j < len(lemmas) and k < len(words):
                tok, lemma = lemmas[j]
                if lemma == words[k] or tok.lower_ == words[k] or (words[k] == "condition" and lemma == "conditions"):
                    k += 1
                elif j == i or tok.pos_ not in ("ADV", "ADJ", "NUM") or j - i > len(words) + 2:
                    break
                j += 1
            if k == len(words):  # anchor on the phrase's verb: "has yet to ACCEPT", "PUT conditions on"
                span = [t for t, _ in lemmas[i:j]]
                verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
                hits.append((verbs[0] if polarity in ("conditional", "support") and verbs else
                             (verbs[-1] if verbs else span[0]), polarity))
    return hits


def _cues(sent: Span, ctx: Context) -> list[tuple[Token, str]]:
    c = ctx.cue
    found: dict[int, tuple[Token, str]] = {}
    for tok, polarity in _phrase_hits(sent, ctx):
        found.setdefault(tok.i, (tok, polarity))
    for tok in ctx.tokens(sent):
        lemma = tok.lemma_.lower()
        if tok.i in found:
            continue
        if tok.pos_ == "VERB":
            for polarity, verbs in c["stance_verbs"].items():
                if lemma in verbs:
                    found[tok.i] = (tok, polarity)
            if lemma in c["response_verbs"]:
                for child in tok.children:
                    if child.lower_ in c["response_adverbs"]:
                        found[tok.i] = (tok, c["response_adverbs"][child.lower_])
        elif tok.pos_ == "NOUN" and lemma in c["response_nouns"]:
            for child in tok.children:
                if child.dep_ == "amod" and child.lower_ in c["response_polarity"]:
                    found[tok.i] = (tok, c["response_polarity"][child.lower_])
    return sorted(found.values(), key=lambda x: x[0].i)


def _asked_of(verb: Token, ctx: Context) -> bool:
    """Whether the verb is what someone is asked to do: "pushed for Russia to agree", "pressed Moscow to
    accept", "wants Kyiv to agree" (asking_verbs); not "convinced Moscow to accept" (it did)."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    if verb.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in verb.children):
        return verb.head.lemma_.lower() in ctx.cue["asking_verbs"]
    head = verb.head
    return verb.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in ctx.cue["asking_verbs"] and any(
        head.i < c.i < verb.i for c in (*head.children, *verb.children) if c.dep_ in ("dobj", "nsubj"))


def _verb_of(cue: Token) -> Token:
    return cue.head if cue.pos_ == "NOUN" and cue.head.pos_ in ("VERB", "AUX") else cue


def _by_topic(cue: Token, ctx: Context) -> ProposalMention | None:
    """'Putin rejected a full 30-day ceasefire', 'Russia agreed to halt strikes on energy facilities': no
    proposal word, but the object names the topic of a proposal; resolved later to the article's proposal
    with that topic and duration (never creates one)."""
    verb = _verb_of(cue)
    for child in (*cue.children, *verb.children):
        if child.dep_ in ("dobj", "xcomp", "ccomp") or (child.dep_ == "prep" and child.lower_ in ("to", "with", "on")):
            toks = [t for t in child.subtree if not t.is_space]  # not the blank lines after a title
            text = " ".join(t.text for t in toks)
            topic = topic_of(text, ctx)
            if topic:
                return ProposalMention(child, [], toks, topic, duration_of(text, ctx), text, False)
    return None


def _phrase_words(ctx: Context) -> set[str]:
    """Nouns that belong to the stance cues themselves ("put conditions on", "gave a positive response to")."""
    c = ctx.cue
    words = {w for phrases in c["stance_phrases"].values() for ph in phrases for w in ph.split()}
    return words | set(c["condition_nouns"]) | set(c["condition_list_nouns"]) | set(c["response_nouns"])


def _target(cue: Token, props: list[ProposalMention], cue_words: set[str]) -> ProposalMention | None:
    verb = _verb_of(cue)
    subj = {t.i for c in verb.children if c.dep_ == "nsubj" for t in c.subtree}  # a passive subject is the target
    passive = {t.i for c in verb.children if c.dep_ == "nsubjpass" for t in c.subtree}
    # another clause joined to this one ("agreed to X but rejected Y", "opposed X, while Y called for Z")
    # speaks of its own target
    subj |= {t.i for c in verb.children if (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")) or (
        c.dep_ == "advcl" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)) for t in c.subtree}
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children) and not any(
            c.dep_ in ("nsubjpass", "nsubj") for c in verb.children):  # "was put forward by the US and
        shared = [p for p in props for c in verb.head.children  # endorsed by Ukraine": the shared passive
                  if c.dep_ == "nsubjpass" and p.trigger in c.subtree]  # subject is what is endorsed
        if shared:
            return shared[0]
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None and obj.pos_ == "NOUN" and obj.lemma_.lower() not in cue_words \
            and not any(p.trigger in obj.subtree for p in props):
        return None  # "opposed new sanctions": its own object, not a proposal of this sentence
    inside = [p for p in props if p.trigger.i not in subj and (
        p.trigger in verb.subtree or p.trigger in cue.subtree) and (p.trigger.i > verb.i - 1 or p.trigger.i in passive)]
    if inside:
        return min(inside, key=lambda p: p.trigger.i)
    after = [p for p in props if p.trigger.i > cue.i and p.trigger.i - cue.i < 12 and p.trigger.i not in subj]
    if after:
        return after[0]
    if verb.dep_ == "relcl" or any(c.lower_ == "which" for c in verb.subtree):
        before = [p for p in props if p.trigger.i < cue.i]
        return before[-1] if before else None
    return None


def _refers_back(cue: Token) -> bool:
    """'Russia rejected it', 'Putin agreed in principle': a pronoun object or no object at all."""
    verb = _verb_of(cue)
    objs = [c for c in (*cue.children, *verb.children) if c.dep_ in ("dobj", "xcomp", "ccomp", "nsubjpass") or (
        c.dep_ == "prep" and c.lower_ in ("to", "with", "on", "for", "about"))]  # not "in principle"
    return not objs or any(c.lower_ in ("it", "this", "that", "them") for c in objs)


def _condition_nouns(ctx: Context) -> set[str]:
    """Nouns that name a condition as the object of a stance ('rejected the demand'); vague list nouns
    ('points', 'issues') are left out: 'rejected the issue' says nothing of a condition."""
    return set(ctx.cue["condition_nouns"])


def _condition_object(cue: Token, ctx: Context) -> Token | None:
    """The condition noun the cue acts on: 'rejected the demand', 'agreed to Moscow's conditions'."""
    nouns = _condition_nouns(ctx)
    verb = _verb_of(cue)
    inner = [g for c in cue.children if c.dep_ == "xcomp" for g in c.children]  # "refused to meet that condition"
    for child in (*cue.children, *(verb.children if verb is not cue else ()), *inner):
        objs = [child] if child.dep_ in ("dobj", "nsubjpass") else \
            [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" else []
        for obj in objs:
            if obj.pos_ == "NOUN" and obj.lemma_.lower() in nouns:
                return obj
    return None


def _condition_target(noun: Token, holder: str, ctx: Context,
                      conds: list[ConditionMention]) -> tuple[ConditionMention, list[Token]] | None:
    """The last condition of the article stated by another side than `holder`; by the possessor's side
    when the noun has one ("Russia's demands", "the Kremlin's conditions")."""
    owner = next((c for c in noun.children if c.dep_ == "poss" and ctx.actors(c)), None)
    owners = ctx.actors(owner) if owner is not None else []
    for cm in reversed(conds):
        if not cm.items or cm.holder is None or ctx.same_side(holder, cm.holder):
            continue
        if owner is not None and not any(ctx.same_side(o, cm.holder) for o in owners):
            continue
        return cm, cm.items[0]
    return None


def find(sent: Span, ctx: Context, props: list[ProposalMention],
         discussed: ProposalMention | None = None, conds: list[ConditionMention] = ()) -> list[StanceMention]:
    """Stances of one sentence; `discussed` is the proposal the previous sentence spoke of, for 'it';
    `conds` the condition mentions of the article so far, for 'rejected the demand'."""
    out: list[StanceMention] = _judged(sent, ctx, props, discussed, conds)
    cue_words = _phrase_words(ctx)  # once per sentence, not per cue
    for cue, polarity in _cues(sent, ctx):
        verb = _verb_of(cue)
        if polarity == "neutral" and cue.lemma_ == "discuss" and not any(p for p in props):
            continue
        target = _target(cue, props, cue_words)
        if target is None and len({ctx.state(h) for h in ctx.subject_of(verb)}) < 2:
            target = _by_topic(cue, ctx)  # not "Putin and Trump agreed to consider …": what they agree on
        if target is None and discussed is not None and not props and _refers_back(cue):
            target = discussed
        if target is None and props and _refers_back(cue) and any(c.lower_ == "it" for c in verb.children):
            target = max((p for p in props if p.trigger.i < cue.i), key=lambda p: p.trigger.i, default=None)
            # "the idea was right and Russia supported it": the proposal just named
        on_condition = None
        if target is None and polarity != "conditional" and conds:
            on_condition = _condition_object(cue, ctx)  # "put conditions on" is a stance on a proposal
        if target is None and on_condition is None:
            continue
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children):
            continue  # "sanctions if Moscow rejected a ceasefire", "asked whether Kyiv would accept": hypothetical
        if verb.dep_ == "pcomp" and verb.head.lower_ in ("before", "until", "without"):
            continue  # "wants guarantees before agreeing to a truce": not agreed (yet)
        if _asked_of(verb, ctx):
            continue  # "Trump pushed for Russia to agree to a truce": asked of Russia, not Russia's stance
        if polarity == "support" and "in principle" in sent.text.lower():
            polarity = "conditional"  # "agreed in principle, but…"
        if ctx.negated(verb) or ctx.negated(cue):
            polarity = NEGATED.get(polarity, polarity)
        if polarity == "support" and any(ch.dep_ == "advcl" and any(
                m.dep_ == "mark" and (m.lower_ in ("if", "unless", "provided") or as_long_as(m)) for m in ch.children)
                for ch in verb.children):
            polarity = "conditional"
        holders = ctx.subject_of(verb)
        speaker, _ = ctx.speaker(verb)
        if not holders and speaker:
            holders = [speaker]
        for h in holders:
            holder = ctx.personalise(h, speaker)
            if target is not None:
                out.append(StanceMention(cue, holder, target, polarity))
                continue
            cond = _condition_target(on_condition, holder, ctx, list(conds))
            if cond is not None:
                out.append(StanceMention(cue, holder, None, polarity, cond))
    return out


def _judged(sent: Span, ctx: Context, props: list[ProposalMention], discussed: ProposalMention | None,
            conds: list[ConditionMention]) -> list[StanceMention]:
    """'The proposal is unacceptable, Zelensky said', 'Putin's demand that … is unacceptable': a judging
    adjective (kg/rules/cues.json stance_adjectives) predicated of a proposal or a condition; the holder
    is the one who says so, negation flips it ('is not acceptable')."""
    out: list[StanceMention] = []
    for adj in ctx.tokens(sent):
        polarity = next((pol for pol, words in ctx.cue["stance_adjectives"].items()
                         if adj.lower_ in words), None)
        if polarity is None:
            continue
        be = adj.head
        if adj.dep_ == "oprd" and be.lemma_.lower() in ctx.cue["calling_verbs"]:
            # "Kyiv called the demand unacceptable", "…, a demand Kyiv called unacceptable": the one who calls
            subj = next((c for c in be.children if c.dep_ == "dobj"), None) or (  # it so judges it
                be.head if be.dep_ in ("acl", "relcl") and be.head.pos_ == "NOUN" else None)
            holders = ctx.subject_of(be)
            if subj is None or len(holders) != 1:
                continue
            speaker = holders[0]
        elif adj.dep_ not in ("acomp", "attr") or be.lemma_ != "be":
            continue
        else:
            subj, speaker = next((c for c in be.children if c.dep_ == "nsubj"), None), None
        if subj is None or any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in be.children):
            continue
        target = next((p for p in props if p.trigger in subj.subtree), None)
        if target is None and discussed is not None and not props and subj.lower_ in ("it", "this", "that"):
            target = discussed
        noun = subj if subj.pos_ == "NOUN" and subj.lemma_.lower() in _condition_nouns(ctx) else None
        speaker = speaker or ctx.speaker(be)[0]
        to = [a for c in adj.children if c.dep_ == "prep" and c.lower_ == "to"
              for o in c.children if o.dep_ == "pobj" for a in ctx.actors(o)]  # "not acceptable to Moscow"
        speaker = to[0] if to else speaker
        if speaker is None or (target is None and noun is None):
            continue
        if ctx.negated(be) or ctx.negated(adj):
            polarity = NEGATED[polarity]
        if target is not None:
            out.append(StanceMention(adj, speaker, target, polarity))
        elif (cond := _condition_target(noun, speaker, ctx, list(conds))) is not None:
            out.append(StanceMention(adj, speaker, None, polarity, cond))
    return out
