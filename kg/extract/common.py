"""What the claim extractors share: the article's context, actors of a phrase, attribution, evidence.

Input: a parsed Doc, its resolved mentions (kg.mentions.Resolved), the Document and the Gazetteer.
Output: a Context whose helpers answer "which actors does this phrase name", "who says this sentence",
"is this clause hedged, negated, hypothetical", and build Evidence with offsets into Document.text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.linking_data import Gazetteer
from kg.mentions import Resolved
from kg.model import Attribution, Document, Evidence
from kg.rules_data import cues

SUBJECTS = ("nsubj", "nsubjpass", "csubj")


@dataclass
class Context:
    doc: Doc
    res: Resolved
    document: Document
    gaz: Gazetteer
    offset: int = 0  # Doc character 0 is Document.text[offset]
    source: str | None = None  # the article's last named source ("the Kremlin said in a statement")
    carry: str | None = None  # the speaker of the paragraph so far ("According to Zelensky, …. But if …")
    cue: dict = field(default_factory=cues)

    dateline: date | None = None  # "MOSCOW, March 18 (Reuters) -": the day the story is filed from
    last_explicit: date | None = None  # the last calendar date an event sentence named

    _starts: list[int] = field(default_factory=list)
    _sents: list[Span] = field(default_factory=list)

    _ents: dict[int, list[Span]] = field(default_factory=dict)
    _chunks: dict[int, Span] | None = None  # token i → the noun chunk holding it
    _toks: list[Token] | None = None  # the Doc's tokens, made once (Doc[i] builds a new Token each time)
    _per_sent: dict[tuple[str, int], object] = field(default_factory=dict)  # sentence-level answers

    def tokens(self, span: Span) -> list[Token]:
        """The tokens of a span of this Doc, from a list built once per Doc (iterating a Span calls Doc[i],
        which makes a new Token object every time: the claim finders walk each sentence many times)."""
        if self._toks is None:
            self._toks = list(self.doc)
        return self._toks[span.start:span.end]

    def chunk_of(self, tok: Token) -> Span | None:
        """The noun chunk inside the token's sentence that holds it, if any (Span.noun_chunks walks every
        chunk of the whole Doc on each call; this walks them once per Doc)."""
        if self._chunks is None:
            self._chunks = {}
            for chunk in self.doc.noun_chunks:
                for i in range(chunk.start, chunk.end):
                    self._chunks.setdefault(i, chunk)
        chunk = self._chunks.get(tok.i)
        sent = self.sent_of(tok)
        return chunk if chunk is not None and chunk.start >= sent.start and chunk.end <= sent.end else None

    def ents_of(self, sent: Span) -> list[Span]:
        """The entities of a sentence (Span.ents rescans every entity of the Doc)."""
        if not self._ents:
            self._ents = {s.start: [] for s in self.doc.sents}
            starts = sorted(self._ents)
            for ent in self.doc.ents:
                self._ents[starts[bisect_right(starts, ent.start) - 1]].append(ent)
        return self._ents.get(sent.start, [])

    def sent_of(self, tok: Token) -> Span:
        """The sentence of a token, by bisection over the sentence starts (Token.sent rescans the Doc)."""
        if not self._sents:
            self._sents = list(self.doc.sents)
            self._starts = [s.start for s in self._sents]
        return self._sents[bisect_right(self._starts, tok.i) - 1]

    @property
    def day(self) -> date | None:
        return self.document.date

    @property
    def event_day(self) -> date | None:
        return self.dateline or self.document.date

    # ---- actors -------------------------------------------------------------------------------
    def actors(self, tok: Token, conj: bool = True) -> list[str]:
        """Actors named by the phrase headed by `tok` (and its conjuncts): 'Trump and Putin' → both."""
        out: list[str] = []
        for t in (tok, *tok.conjuncts) if conj else (tok,):
            ids = self.res.at(t)
            if not ids:  # "Special Envoy … Steve Witkoff", "President of the United States Donald Trump": the
                heads = {t.i} | ({g.i for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children}
                                 if t.lemma_.lower() in self.cue["generic_names"] else set())  # name in apposition
                named = [c for c in t.subtree if c.dep_ in ("appos", "compound", "nmod") and c.head.i in heads
                         and self.res.at(c) and all(self.is_person(a) for a in self.res.at(c))]
                if named:
                    ids = self.res.at(named[0])
            if not ids and t.lemma_.lower() in self.cue["weapons"]:  # "Russian drones attacked…"
                for child in t.children:
                    if child.dep_ in ("amod", "compound") and self.gaz.countries_in(child.text):
                        ids = tuple(self.gaz.countries_in(child.text))
            if not ids:
                for child in t.children:  # "the delegation of Ukraine", "Trump's team", "a spokesperson for the
                    if child.dep_ in ("poss", "compound") or (  # European Commission"
                            child.dep_ == "prep" and child.lower_ in ("of", "from", "for")):
                        target = child if child.dep_ != "prep" else next(
                            (c for c in child.children if c.dep_ == "pobj"), None)
                        if target is not None and self.res.at(target) and t.lemma_ in self.cue_agentive():
                            ids = tuple(self.actors(target))  # "delegations from Russia and Ukraine"
            if ids and conj and all(self.is_person(a) for a in ids) and any(
                    c.pos_ == "CCONJ" for c in t.subtree if c.i < t.i):
                # "U.S. President Donald Trump and Russian President Vladimir Putin" parsed as one name
                # phrase headed by "Putin": the other person named inside it is coordinated with it
                before = [a for c in t.subtree if c.i < t.i for a in self.res.at(c)
                          if self.is_person(a) and a not in ids]
                ids = tuple(dict.fromkeys([*before, *ids]))
            out.extend(i for i in ids if i not in out)
        return out

    def cue_agentive(self) -> set[str]:
        return {"delegation", "delegations", "negotiator", "official", "representative", "team", "office", "side",
                "administration", "government", "website", "service", "ministry", "spokesman", "spokeswoman",
                "spokesperson", "envoy"}

    def subject_of(self, verb: Token) -> list[str]:
        """Actors in subject position of `verb`, following conjunction and xcomp/advcl chains upwards."""
        v: Token | None = verb
        for _ in range(4):
            if v is None:
                break
            for child in v.children:
                if child.dep_ == "nsubj" and child.tag_ in ("WP", "WDT") and v.dep_ == "relcl":
                    return self.actors(v.head)  # "Putin, who agreed to …" → Putin
                if child.dep_ in ("nsubj",) and self.actors(child):
                    return self.actors(child)
                if child.dep_ == "agent":
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self.actors(pobj)
            if any(c.dep_ == "nsubjpass" for c in v.children):
                return []
            if v.dep_ == "acl" and v.tag_ in ("VBD", "VBZ", "VBP", "VBG") and self.actors(v.head):
                return self.actors(v.head)  # "Zelenskiy, speaking in Tirana, called for …" (parsed as acl)
            if v.dep_ == "conj" and v.head.dep_ == "ccomp" and v.head.head.lemma_ in self.cue["reporting_verbs"] \
                    and any(c.dep_ == "nsubj" and c.pos_ == "NOUN" and not self.actors(c) for c in v.head.children):
                v = v.head.head  # "Macron said peace required guarantees and proposed …": the parser hangs the
                continue  # second verb on the reported clause, whose subject is no actor; it is the speaker's
            if v.dep_ == "pcomp" and v.head.dep_ == "prep":  # "stopped short of backing …", "would respond
                up = v.head.head  # after studying it": the one who stopped, who responds
                up = up.head if up.pos_ in ("ADV", "ADJ") and up.dep_ in ("advmod", "acomp") else up
                if up.pos_ in ("VERB", "AUX") and up.i != v.i:
                    v = up
                    continue
            if v.dep_ == "acl" and v.head.lemma_.lower() in self.cue["disposition_nouns"] \
                    and v.head.dep_ in ("dobj", "pobj") and v.head.head.i != v.head.i:
                v = v.head.head if v.head.dep_ == "dobj" else v.head.head.head  # "expressed (its) readiness
                continue  # to accept …", "spoke of his willingness to meet …": the one who has it
            if v.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp", "acomp", "oprd") and v.head.i != v.i \
                    and v.head.pos_ != "NOUN":  # acomp, oprd: "Macron is due / appears willing to …" → Macron
                v = v.head
            else:
                break
        return []

    def is_person(self, actor: str) -> bool:
        e = self.gaz.entries.get(actor)
        return (e is not None and e.type == "Person") or actor.startswith("unlinked/person")

    def state(self, actor: str) -> str:
        return self.gaz.state_of(actor) or actor

    def same_side(self, a: str, b: str) -> bool:
        return a == b or self.state(a) == self.state(b)

    def personalise(self, holder: str, speaker: str | None) -> str:
        """A state's position stated by its own leader or official is that person's ('According to
        Zelensky, Ukraine will support…' → Zelensky)."""
        if speaker and speaker != holder and self.is_person(speaker) and self.state(speaker) == holder:
            return speaker
        return holder

    # ---- attribution, hedging, negation ---------------------------------------------------------
    def speaker(self, tok: Token) -> tuple[str | None, str | None]:
        """Who reports the clause of `tok`: 'according to X', the subject of a reporting verb above it,
        the article's source for agentless 'it is emphasized that'."""
        sent = self.sent_of(tok)
        according = self._according_to(sent)
        if according:
            return according, "according to"
        for anc in tok.ancestors:
            if anc.pos_ in ("VERB", "AUX") and anc.lemma_ in self.cue["reporting_verbs"]:
                subj = self.subject_of(anc)
                if subj:
                    return subj[0], anc.lemma_
                if any(c.dep_ == "nsubjpass" for c in anc.children) and self.source:
                    return self.source, anc.lemma_
        for t in self.tokens(sent):  # '"…," the Kremlin said in a statement.'
            if t.lemma_ in self.cue["reporting_verbs"] and t.dep_ == "ROOT" and t.i > tok.i:
                subj = self.subject_of(t)
                if subj:
                    return subj[0], t.lemma_
        if self.carry:
            return self.carry, "context"
        return None, None

    def _according_to(self, sent: Span) -> str | None:
        """X of the sentence's first 'according to X' naming an actor."""
        key = ("according", sent.start)
        if key not in self._per_sent:
            self._per_sent[key] = None
            for t in self.tokens(sent):
                if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                    pobj = next((c for c in self.doc[t.i + 1].children if c.dep_ == "pobj"), None)
                    if pobj is not None and self.actors(pobj, conj=False):
                        self._per_sent[key] = self.actors(pobj, conj=False)[0]
                        break
        return self._per_sent[key]  # type: ignore[return-value]

    def sentence_speaker(self, sent: Span) -> str | None:
        """The speaker a sentence names ('according to X', 'X said'), for the sentences that follow."""
        for t in self.tokens(sent):
            if t.lower_ == "according" or (t.dep_ == "ROOT" and t.lemma_ in self.cue["reporting_verbs"]):
                saved, self.carry = self.carry, None
                who, _ = self.speaker(t if t.lower_ != "according" else sent.root)
                self.carry = saved
                if who and self.is_person(who):
                    return who
        return None

    def hedged(self, tok: Token) -> bool:
        """The sentence of `tok` hedges ('reportedly', 'is said to')."""
        sent = self.sent_of(tok)
        key = ("hedged", sent.start)
        if key not in self._per_sent:
            toks = self.tokens(sent)
            self._per_sent[key] = any(t.lower_ in self.cue["hedges"] and t.pos_ in ("ADV", "ADJ") for t in toks) \
                or any(t.lemma_ in self.cue["hedge_passives"] and t.tag_ == "VBN" and
                       any(c.dep_ == "xcomp" for c in t.children) for t in toks)
        return bool(self._per_sent[key])

    def negated(self, tok: Token) -> bool:
        return any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in tok.children)

    def irrealis(self, tok: Token) -> bool:
        """Hoped-for, planned, negated or hypothetical: 'looking forward to speaking', 'has not yet spoken'."""
        irr = self.cue["irrealis"]
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return True  # "ready to meet Putin", "hopes to speak with Trump"
        if any(c.dep_ == "det" and c.lower_ in ("any", "no") or c.dep_ == "amod" and c.lower_ in
               self.cue["irrealis_modifiers"] for c in tok.children):
            return True  # "rejected any talks", "no meeting is planned", "discussed a possible meeting"
        if tok.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "acomp" and (c.lemma_ in irr or c.lower_ in irr)
                                                      for c in tok.head.children):
            return True  # "talks with Putin were impossible": judged, not held
        for anc in (tok, *tok.ancestors):
            if anc.dep_ == "prep" and anc.lower_ in self.cue["presupposing_preps"] and \
                    anc.head.tag_ in ("VBD", "VBN") and not self.future(anc.head):
                break  # "refused a ceasefire after a call with Trump": the call took place, whatever the verb
                # says (not "only after the call will it be clear": a call to come)
            if anc.i != tok.i and anc.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in anc.children):
                return True  # governed by an infinitive: "agreed to start talks", "to resolve the talks"
            if self.negated(anc) or anc.lemma_ in irr or anc.lower_ in irr:
                if anc.i == tok.i and anc.lemma_ in ("stop", "end", "offer"):
                    continue
                return True
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in anc.children):
                return True
            if anc.lemma_ == "forward" or (anc.lemma_ == "look" and any(c.lower_ == "forward" for c in anc.children)):
                return True
            if anc.dep_ == "relcl" and anc.tag_ in ("VBD", "VBZ", "VBP"):
                break  # a finite relative clause says what is so: "to agree to a truce, which Ukraine accepted
                # during talks in Jeddah": the talks took place
        return False

    def future(self, tok: Token) -> bool:
        for anc in (tok, *list(tok.ancestors)[:3]):
            if any(c.lower_ in ("will", "would", "'ll", "shall") for c in anc.children):
                return True
            if anc.pos_ == "VERB":
                break
        return False

    def attribution(self, tok: Token) -> Attribution:
        speaker, cue = self.speaker(tok)
        return Attribution(speaker, cue, self.hedged(tok), self.negated(tok))

    # ---- evidence ---------------------------------------------------------------------------
    def evidence(self, sent: Span) -> Evidence:
        """The sentence as evidence, trimmed of surrounding space, offsets into Document.text."""
        text = sent.text
        lead = len(text) - len(text.lstrip())
        begin = self.offset + sent.start_char + lead
        end = begin + len(text.strip())
        return Evidence(self.document.id, begin, end, self.document.text[begin:end])


QUOTES = "\"“”"


def phrase(tokens, skip_lead: tuple[str, ...] = ("the", "a", "an", "and", "that", "to"), limit: int = 20) -> str:
    """A label from tokens: leading function words and edge punctuation dropped, the text's own spacing
    kept between neighbouring tokens ("Ukraine's", "30-day"), one space across gaps."""
    words = sorted((t for t in tokens if not (t.is_punct and t.text in QUOTES)), key=lambda t: t.i)
    while words and (words[0].is_punct or words[0].is_space or words[0].lower_ in skip_lead):
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].is_space):  # "…Putin.\n\n": the break, then the stop
        words = words[:-1]
    words = words[:limit]
    while words and (words[-1].is_punct or words[-1].is_space or words[-1].pos_ in ("CCONJ", "ADP", "DET")):
        words = words[:-1]  # cut at the limit: not "… of the conflict and"
    out = []
    for a, b in zip(words, words[1:] + [None]):
        out.append(a.text)
        if b is not None:
            out.append(a.whitespace_ if b.i == a.i + 1 else " ")
    return re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s+", " ", "".join(out))).strip()
