"""The data that flows between stages: frozen dataclasses, no behaviour.

ingest → Document; clean → CleanText; mentions → Mention; linking → Actor; extract → Proposal,
Condition, Stance, Event (each with Evidence); pipeline → DocExtraction (everything about one article).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Document:
    """One input article. `text` is the article exactly as read (decoded), offsets point into it."""

    id: str  # the input file's name (dcterms:identifier), or "<file>#<n>" for JSON Lines records
    path: str
    text: str
    date: date | None = None
    title: str | None = None
    url: str | None = None
    body_start: int = 0  # offset of the first character after the header line
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """A sentence of a document: `doc.text[begin:end] == text`."""

    doc_id: str
    begin: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    """A real-world actor: from the gazetteer (linked) or from the NER (unlinked)."""

    key: str  # gazetteer id ("donald-trump") or "unlinked/<type>/<normalised name>"
    name: str
    type: str  # Person | Organization | Country | Group
    wikidata: str | None = None
    part_of: str | None = None  # key of the state an institution belongs to
    linked: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A span of a Doc that refers to an actor (after linking `actor` is the actor key)."""

    begin: int  # character offsets in the document text
    end: int
    text: str
    source: str  # ner | gazetteer | role | pronoun | collective
    actor: str | None = None
    sent: int = -1


@dataclass(frozen=True)
class Attribution:
    """Who reports a claim, and how firmly."""

    source: str | None = None  # actor key of the speaker ("the Kremlin said"), if any
    cue: str | None = None  # the reporting expression ("said", "according to")
    hedged: bool = False
    negated: bool = False


@dataclass
class Proposal:
    key: str  # deterministic identity: proposer + topic + duration
    proposers: list[str]
    label: str
    topic: str
    evidence: list[Evidence] = field(default_factory=list)
    duration: str | None = None  # xsd:duration, e.g. P30D
    scope: str | None = None
    addressed: list[str] = field(default_factory=list)
    attribution: Attribution = field(default_factory=Attribution)


@dataclass
class Condition:
    key: str
    holders: list[str]
    label: str
    on: str | None  # proposal key
    evidence: list[Evidence] = field(default_factory=list)
    attribution: Attribution = field(default_factory=Attribution)


@dataclass
class Stance:
    key: str
    holder: str
    target: str  # proposal or condition key
    polarity: str  # support | oppose | conditional | neutral
    evidence: list[Evidence] = field(default_factory=list)
    inferred: bool = False
    attribution: Attribution = field(default_factory=Attribution)


@dataclass
class Event:
    key: str
    type: str  # PhoneCall | Meeting | Talks | Agreement | PrisonerExchange | Statement | Attack
    participants: list[str]
    label: str
    date: date | None = None
    place: str | None = None
    quantity: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    attribution: Attribution = field(default_factory=Attribution)


@dataclass
class DocExtraction:
    """Everything extracted from one document: the unit that is cached and turned into a named graph."""

    document: Document
    actors: dict[str, Actor] = field(default_factory=dict)
    surface: dict[str, set[str]] = field(default_factory=dict)  # actor key -> surface forms seen
    proposals: list[Proposal] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
