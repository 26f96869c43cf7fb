"""Find and resolve the actor mentions of one article.

Input: a parsed spaCy Doc (with doc.spans["gazetteer"]), the Gazetteer, the article's date.
Output: Mentions, a token → actor-ids index used by the claim extractors, and the unlinked actors.

Resolution order: names (gazetteer, then NER), titles and roles at the article's date ("the Russian
president", "US President Donald Trump"), collective nouns ("the Russian side", "American partners"),
demonyms used as nouns ("the Russians"), then in reading order the joint phrases ("the two leaders"
= the last pair of leaders talking; "both sides" = the two states named together since, if later) and
personal pronouns (the last person in subject position), in kg.anaphora.
Institutions that stand for their state ("the Kremlin") resolve to the state.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kg.anaphora import in_reading_order
from kg.linking_data import Gazetteer, norm
from kg.model import Actor, Mention
from kg.rules_data import cues

_TOKENIZER = English().tokenizer
NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Country", "NORP": "Group"}


@dataclass
class Resolved:
    """The actors of one Doc: mentions in order, a token index, unlinked actors, surface forms."""

    mentions: list[Mention] = field(default_factory=list)
    tok_actor: dict[int, tuple[str, ...]] = field(default_factory=dict)
    unlinked: dict[str, Actor] = field(default_factory=dict)
    surface: dict[str, set[str]] = field(default_factory=dict)
    subjects: list[tuple[int, str]] = field(default_factory=list)  # (token index, person id) in nsubj

    def at(self, tok: Token) -> tuple[str, ...]:
        return self.tok_actor.get(tok.i, ())

    def add(self, span: Span, ids: tuple[str, ...], source: str, surface: bool = True) -> None:
        ids = tuple(dict.fromkeys(i for i in ids if i))
        if not ids:
            return
        for t in span:
            self.tok_actor[t.i] = ids
        self.mentions.append(Mention(span.start_char, span.end_char, span.text, source, ids[0] if len(ids) == 1
                                     else None, -1))
        if surface and len(ids) == 1:
            text = re.sub(r"^(the|The)\s+", "", span.text.strip())
            text = re.sub(r"['\u2019]s$", "", text)
            if text:
                self.surface.setdefault(ids[0], set()).add(text)


_MATCHERS: dict[tuple[int, str], PhraseMatcher] = {}


def phrase_matcher(vocab: Vocab, name: str, phrases: list[str]) -> PhraseMatcher:
    """A cached LOWER phrase matcher over `phrases` (tokenised like the pipeline's tokenizer)."""
    key = (id(vocab), name)
    if key not in _MATCHERS:
        m = PhraseMatcher(vocab, attr="LOWER")
        m.add(name, [_TOKENIZER(p) for p in sorted(set(phrases))])
        _MATCHERS[key] = m
    return _MATCHERS[key]


def _title_matcher(doc: Doc, gaz: Gazetteer) -> PhraseMatcher:
    return phrase_matcher(doc.vocab, "TITLE", list(gaz.roles_lexicon.get("titles", {})))


def _countries_of_token(tok: Token, gaz: Gazetteer, res: Resolved) -> list[str]:
    """Countries a token names: a resolved mention, a demonym, a name, or a hyphenated pair of them."""
    found = []
    for i in res.at(tok):
        e = gaz.entries.get(i)
        if e is not None and e.type == "Country":
            found.append(i)
        elif e is not None and e.type == "Organization" and gaz.state_of(i):
            found.append(gaz.state_of(i))
    return found or gaz.countries_in(tok.text)


def _country_of_token(tok: Token, gaz: Gazetteer, res: Resolved) -> str | None:
    found = _countries_of_token(tok, gaz, res)
    return found[0] if len(found) == 1 else None


def _gazetteer_names(doc: Doc, gaz: Gazetteer, res: Resolved) -> None:
    taken: set[int] = set()
    for ent in doc.ents:  # "America" inside "Latin America" is not the United States
        if ent.label_ == "LOC" and gaz.lookup(ent.text) is None:
            taken.update(t.i for t in ent)
    for span in sorted(doc.spans.get("gazetteer", []), key=lambda s: (-len(s), s.start)):
        if any(t.i in taken for t in span):
            continue
        if span.label_ not in gaz.entries:
            continue
        entry = gaz.entries[span.label_]
        if entry.type == "Country" and span.root.dep_ in ("amod",) and span.root.tag_ == "JJ":
            continue
        taken.update(t.i for t in span)
        res.add(span, (gaz.acting_as(entry.id),), "gazetteer")


def _ner_names(doc: Doc, gaz: Gazetteer, res: Resolved) -> None:
    places = set(cues()["places"])
    for ent in doc.ents:
        if ent.label_ not in NER_TYPES or any(res.at(t) for t in ent):
            continue
        text = re.sub(r"^(the|The)\s+", "", ent.text).strip()
        text = re.sub(r"['\u2019]s$", "", text)
        if not text or norm(text) in places or not any(c.isupper() for c in text):
            continue
        if "-" in text and len(gaz.countries_in(text)) > 1:  # "U.S.-Russia", "U.S.-Ukrainian"
            if ent.root.dep_ not in ("amod", "compound", "nmod"):
                res.add(ent, tuple(gaz.countries_in(text)), "ner", surface=False)
            continue
        if len(ent) == 1 and norm(text) in cues()["generic_names"]:
            continue
        if ent.label_ == "NORP" or gaz.by_demonym.get(norm(text)):
            country = gaz.by_demonym.get(norm(text))
            if country and ent.root.pos_ in ("NOUN", "PROPN") and ent.root.dep_ not in ("amod", "compound"):
                res.add(ent, (country,), "ner")  # "the Russians"
            continue
        found = gaz.lookup(text)
        if found:
            res.add(ent, (gaz.acting_as(found),), "ner")
            continue
        if ent.label_ == "GPE" and ent.root.dep_ not in ("nsubj", "nsubjpass", "poss") and not (
                ent.root.dep_ == "pobj" and ent.root.head.lower_ == "by"):
            continue  # a place not in the gazetteer (which lists the countries) acts only as a subject:
            # "officials in Zhytomyr" is a town, not a Country actor
        key = _unlinked(text, NER_TYPES[ent.label_], res)
        res.add(ent, (key,), "ner")


def _unlinked(text: str, typ: str, res: Resolved) -> str:
    """Within-article merging of unlinked names: a surname alone joins the earlier full name."""
    n = norm(text)
    if typ == "Person" and " " not in n:
        for key, actor in res.unlinked.items():
            if actor.type == "Person" and norm(actor.name).split(" ")[-1] == n:
                return key
    key = f"unlinked/{typ.lower()}/{re.sub(r'[^a-z0-9]+', '-', n).strip('-') or 'x'}"
    if key not in res.unlinked or typ == "Person" and len(text) > len(res.unlinked[key].name):
        res.unlinked[key] = Actor(key, text, typ, linked=False)
    return key


def _surnames(doc: Doc, res: Resolved) -> None:
    """A surname alone joins an unlinked person named in full earlier, even where the NER missed it."""
    last_names = {}
    for key, actor in res.unlinked.items():
        parts = actor.name.split()
        if actor.type == "Person" and len(parts) > 1:
            last_names.setdefault(parts[-1], key)
    for tok in doc:
        key = last_names.get(tok.text)
        if key and not res.at(tok) and tok.pos_ == "PROPN":
            first = min(i for i, ids in res.tok_actor.items() if ids == (key,))
            if tok.i > first:
                res.add(doc[tok.i:tok.i + 1], (key,), "surname", surface=False)


def _titles(doc: Doc, gaz: Gazetteer, day: date | None, res: Resolved) -> None:
    """'US President Donald Trump', 'the Russian president', 'President of Russia', 'the Ukrainian leader'."""
    for _, start, end in _title_matcher(doc, gaz)(doc):
        title = doc[start:end]
        role = gaz.title_role(title.text)
        if role is None or any(res.at(t) for t in title):
            continue
        nxt = doc[end] if end < len(doc) else None
        person = res.at(nxt) if nxt is not None else ()
        left = start
        country = None
        while left > 0 and doc[left - 1].text not in ",;:\n" and (
                doc[left - 1].tag_ in ("NNP", "JJ", "DT", "NNPS", "POS", "HYPH") or res.at(doc[left - 1])):
            c = _country_of_token(doc[left - 1], gaz, res)
            if c:
                country = country or c
            elif doc[left - 1].tag_ not in ("DT", "POS", "HYPH"):
                break
            left -= 1
        if person and nxt is not None and gaz.entries.get(person[0], None) and \
                gaz.entries[person[0]].type == "Person":
            pend = max(t.i for t in doc[end:end + 5] if res.at(t) == person) + 1
            res.add(doc[left:pend], person, "role")
            continue
        if country is None and end + 1 < len(doc) and doc[end].lower_ == "of":
            country = _country_of_token(doc[end + 1], gaz, res)
            if country:
                end += 2
        if country is None:
            continue
        holder = gaz.holder_of(role, country, day)
        if holder:
            res.add(doc[left:end], (holder,), "role")


def _collectives(doc: Doc, gaz: Gazetteer, res: Resolved) -> None:
    """'the Russian side', 'the Russian and Ukrainian sides', 'American partners', 'the U.S. delegation'."""
    collective = gaz.roles_lexicon.get("collective", {})
    for tok in doc:
        if tok.lower_ not in collective or res.at(tok) or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        countries = []
        for child in tok.children:
            if child.dep_ in ("amod", "compound", "nmod", "poss"):
                for c in (child, *child.conjuncts):
                    if collective[tok.lower_] == "STATE":
                        countries.extend(x for x in _countries_of_token(c, gaz, res) if x not in countries)
        if not countries and tok.i > 0 and doc[tok.i - 1].dep_ == "compound":
            country = _country_of_token(doc[tok.i - 1], gaz, res)
            if country:
                countries.append(country)
        if not countries and collective[tok.lower_] == "STATE":  # "European officials", "Western diplomats"
            groups = cues()["adjective_actors"]
            countries = [groups[c.lower_] for c in tok.children if c.dep_ == "amod" and c.lower_ in groups
                         and groups[c.lower_] in gaz.entries][:1]
        if countries:
            left = min([tok.i] + [c.i for c in tok.lefts if c.dep_ in ("amod", "compound", "det", "nmod", "poss",
                                                                       "cc", "conj")])
            res.add(doc[left:tok.i + 1], tuple(countries), "collective", surface=len(countries) == 1)


def resolve(doc: Doc, gaz: Gazetteer, day: date | None) -> Resolved:
    """All actor mentions of `doc`, resolved to gazetteer ids or unlinked keys."""
    res = Resolved()
    _gazetteer_names(doc, gaz, res)
    _titles(doc, gaz, day, res)
    _ner_names(doc, gaz, res)
    _surnames(doc, res)
    _collectives(doc, gaz, res)
    phrases = gaz.roles_lexicon.get("joint", [])
    joint = phrase_matcher(doc.vocab, "JOINT", phrases + [p[4:] for p in phrases if p.startswith("the two ")])
    in_reading_order(doc, gaz, res, joint)
    res.mentions.sort(key=lambda m: (m.begin, m.end))
    return res
