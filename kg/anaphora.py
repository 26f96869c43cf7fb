"""Mentions that point back: joint phrases and pronouns, resolved in reading order (kg.mentions' last step).

Input: a parsed Doc, the Gazetteer, the Resolved index of the names, titles and collectives already
found (kg.mentions), and a matcher of the joint phrases. Output: the same Resolved, with "the two leaders"
(the last pair of leaders talking), "both sides" (the two states named together since, if later),
personal pronouns (the last person in main-clause subject position) and "X said it …" (it = X) added,
and the subjects in order (Resolved.subjects).
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.linking_data import Gazetteer
from kg.rules_data import cues

if TYPE_CHECKING:
    from kg.mentions import Resolved

STATE_WORDS = {"country", "nation", "state", "government", "delegation", "capital", "negotiator", "team",
               "neighbour", "neighbor", "belligerent"}
PERSON_WORDS = {"leader", "president", "man", "minister", "head"}  # joint phrases naming persons
PRONOUNS = {"he", "him", "his", "she", "her", "hers"}


def in_reading_order(doc: Doc, gaz: Gazetteer, res: Resolved, joint: PhraseMatcher) -> None:
    """Resolve, in reading order, the joint phrases `joint` matches and the personal pronouns of `doc`."""
    joint_at = {}
    for _, s, e in joint(doc):
        if not any(res.at(t) for t in doc[s:e]):
            joint_at[s] = e
    pair: tuple[str, ...] = ()
    state_pair: tuple[str, ...] = ()  # "the Russian and Ukrainian sides", "Russia and Ukraine agreed"
    pair_at = state_pair_at = -1  # token index where each pair was last named
    talked = False  # whether a pair was named talking to each other
    group_at = -1  # where a larger group of leaders was last named ("a call with about 25 world leaders")
    last_subject: str | None = None
    toks = list(doc)  # Doc[i] makes a new Token each time
    for sent in doc.sents:
        persons, last_person = [], -1
        for tok in toks[sent.start:sent.end]:
            for i in (i for i in res.at(tok) if is_person(i, gaz)):
                persons, last_person = persons + [i] * (i not in persons), tok.i
        states = {gaz.state_of(p) or p for p in persons}
        talking = len(persons) == 2 and _talking(toks[sent.start:sent.end])
        if len(persons) == 2 and len(states) == 2 and (talking or not talked):
            # a pair talking (a call, a meeting, talks) outlives pairs merely named together after it:
            # "… after a call with Trump. Zelensky said Putin was not ready. The two presidents also agreed …"
            pair, pair_at = tuple(persons), last_person
            talked = talked or talking
        state_pair, state_pair_at = states_named_together(toks[sent.start:sent.end], gaz, res) or (
            state_pair, state_pair_at)
        i = sent.start
        main_subject = False
        while i < sent.end:
            tok = toks[i]
            span = doc[i:joint_at[i]] if i in joint_at else None
            persons_word = bool(span) and span[-1].lemma_.lower() in PERSON_WORDS
            use = pair if pair and (pair_at > state_pair_at or persons_word) else state_pair
            if i in joint_at and persons_word and group_at > pair_at and not _counted(span):
                i = joint_at[i]  # "… with about 25 world leaders. The leaders agreed …": the group, no pair
                continue
            if _group_of_leaders(tok):
                group_at = i
            if i in joint_at and use:
                states = span[-1].lemma_.lower() in STATE_WORDS or use is state_pair
                ids = tuple(dict.fromkeys(gaz.state_of(p) or p for p in use)) if states else use
                res.add(span, ids, "joint", surface=False)  # "both countries" are the states of the pair
                i = joint_at[i]
                continue
            if tok.lower_ in PRONOUNS and tok.pos_ == "PRON" and last_subject and not res.at(tok):
                res.add(doc[i:i + 1], (last_subject,), "pronoun", surface=False)
            if tok.lower_ == "it" and tok.dep_ == "nsubj" and tok.head.dep_ == "ccomp" and not res.at(tok):
                said = [res.at(c) for c in tok.head.head.children if c.dep_ == "nsubj"]
                if said and len(said[0]) == 1 and not is_person(said[0][0], gaz):
                    res.add(doc[i:i + 1], said[0], "pronoun", surface=False)  # "Washington said it had …"
            ids = res.at(tok)
            if not ids and tok.dep_ in ("nsubj", "nsubjpass"):  # "The head of the Russian delegation, Kremlin
                ids = next((res.at(c) for c in tok.children if c.dep_ == "appos" and res.at(c)), ())  # aide X,"
            if ids and len(ids) == 1 and tok.dep_ in ("nsubj", "nsubjpass") and is_person(ids[0], gaz) and (
                    tok.head.dep_ in ("ROOT", "conj") or not main_subject):
                # the subject of the main clause wins over one inside a reported clause:
                # "Trump said Putin had been constructive. He added…" → He = Trump
                last_subject = ids[0]
                main_subject = main_subject or tok.head.dep_ == "ROOT"
                res.subjects.append((tok.i, ids[0]))
            i += 1


def states_named_together(sent: Span | list[Token], gaz: Gazetteer, res: Resolved,
                          ) -> tuple[tuple[str, ...], int] | None:
    """The last two countries named together in the sentence: a collective mention of two ("the Russian
    and Ukrainian sides") or two names conjoined as the main clause's subject ("Russia and Ukraine held
    talks", "Delegations from Russia and Ukraine met"; not "the Kremlin said Russia and Ukraine would…")."""
    def country(ids):
        return bool(ids) and all(gaz.entries.get(i) and gaz.entries[i].type == "Country" for i in ids)
    found = None
    for tok in sent:
        ids, subj = res.at(tok), tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok
        if len(ids) == 2 and country(ids):
            found = (ids, tok.i)
        elif len(ids) == 1 and country(ids) and tok.dep_ != "conj" and len(tok.conjuncts) == 1 and \
                subj.dep_ in ("nsubj", "nsubjpass") and (subj.head.dep_ == "ROOT" or subj.head.dep_ == "conj"
                                                         and subj.head.head.dep_ == "ROOT"):
            other = tok.conjuncts[0]
            if len(res.at(other)) == 1 and country(res.at(other)) and res.at(other) != ids and \
                    tok.pos_ == other.pos_ == "PROPN":
                found = ((ids[0], res.at(other)[0]), max(tok.i, other.i))
    return found


def is_person(actor: str, gaz: Gazetteer) -> bool:
    e = gaz.entries.get(actor)
    return (e is not None and e.type == "Person") or actor.startswith("unlinked/person")


@lru_cache(maxsize=1)
def _talk_words() -> frozenset[str]:
    """Lemmas of the communication events' triggers (calls, meetings, talks: kg/rules/cues.json)."""
    events = cues()["events"]
    return frozenset(w.split()[-1] for typ in ("PhoneCall", "Meeting", "Talks")
                     for w in (*events[typ]["nouns"], *events[typ]["verbs"]))


def _talking(sent: list[Token]) -> bool:
    """Whether the sentence says someone talked: a call, meeting or talks trigger word in it."""
    words = _talk_words()
    return any(t.lemma_.lower() in words and t.pos_ in ("NOUN", "VERB") for t in sent)


def _group_of_leaders(tok) -> bool:
    """A plural "leaders" / "ministers" with a number or a qualifier: a group larger than a pair."""
    return tok.tag_ == "NNS" and tok.lemma_.lower() in PERSON_WORDS and any(
        c.dep_ in ("nummod", "amod", "compound") and c.lower_ not in ("two", "both") for c in tok.children)


def _counted(span: Span) -> bool:
    """"the two leaders", "both presidents": a phrase that says it means two."""
    return any(t.lower_ in ("two", "both") for t in span)
