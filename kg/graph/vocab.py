"""The ontology's terms as checked namespaces: a misspelt term raises instead of minting a wrong IRI.

Input: nothing. Output: KG (ontology terms), ID (base of instance IRIs) and the external namespaces used.
Every term listed here must be declared in ontology/kg.ttl (tests/test_ontology.py checks it).
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/newskg/ontology"
ID = Namespace("https://w3id.org/newskg/id/")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")
PLOVER = Namespace("https://w3id.org/newskg/plover#")


class KG(DefinedNamespace):
    """https://w3id.org/newskg/ontology#"""

    _fail = True
    _NS = Namespace("https://w3id.org/newskg/ontology#")

    # classes
    Document: URIRef
    Evidence: URIRef
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    Country: URIRef
    Group: URIRef
    Fact: URIRef
    Claim: URIRef
    Proposal: URIRef
    Condition: URIRef
    Stance: URIRef
    Event: URIRef
    PhoneCall: URIRef
    Meeting: URIRef
    Talks: URIRef
    Agreement: URIRef
    PrisonerExchange: URIRef
    Statement: URIRef
    Attack: URIRef
    Polarity: URIRef
    Discrepancy: URIRef
    BuildActivity: URIRef
    # polarity concepts and their scheme
    PolarityScheme: URIRef
    Support: URIRef
    Oppose: URIRef
    Conditional: URIRef
    Neutral: URIRef
    # provenance
    evidence: URIRef
    sourceDocument: URIRef
    text: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    attributedTo: URIRef
    hedged: URIRef
    negated: URIRef
    inferred: URIRef
    rulesVersion: URIRef
    modelName: URIRef
    modelVersion: URIRef
    # actors
    mentionedIn: URIRef
    partOf: URIRef
    affiliatedWith: URIRef
    linked: URIRef
    role: URIRef
    # claims
    proposedBy: URIRef
    topic: URIRef
    duration: URIRef
    scope: URIRef
    addressedTo: URIRef
    statedBy: URIRef
    conditionOf: URIRef
    holder: URIRef
    target: URIRef
    polarity: URIRef
    # events
    participant: URIRef
    date: URIRef
    place: URIRef
    quantity: URIRef
    # discrepancies (cross-source)
    concerns: URIRef
    aspect: URIRef
    sideA: URIRef
    sideB: URIRef
    valueA: URIRef
    valueB: URIRef
    sourceA: URIRef
    sourceB: URIRef
    statedOn: URIRef


POLARITY = {"support": KG.Support, "oppose": KG.Oppose, "conditional": KG.Conditional, "neutral": KG.Neutral}
EVENT_TYPES = ("PhoneCall", "Meeting", "Talks", "Agreement", "PrisonerExchange", "Statement", "Attack")
ACTOR_TYPES = ("Person", "Organization", "Country", "Group")

PREFIXES = {
    "kg": str(KG._NS),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "wd": str(WD),
}
