"""Tests of ontology/*.ttl: parsing, declaration of every kg.graph.vocab.KG term, documentation, hierarchy,
PLOVER alignment, SHACL shapes (hand-built conforming and broken graphs), kg.graph.reasoning's disjointness.

Input: the files in ontology/. Output: pytest results.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef, namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

from kg.graph.reasoning import disjointness_violations
from kg.graph.vocab import EVENT_TYPES, ID, KG, PLOVER, SCHEMA, SEM

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
TTL_FILES = sorted(ONTOLOGY_DIR.glob("*.ttl"))
KG_NS = str(KG._NS)
DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, OWL.NamedIndividual,
                     SKOS.ConceptScheme}
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty}
KG_TERMS = sorted(KG.__annotations__)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def plover() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "plover.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: p.name)
def test_turtle_parses_with_rdflib(path):
    assert {p.name for p in TTL_FILES} >= {"kg.ttl", "shapes.ttl", "plover.ttl"}
    assert len(Graph().parse(path, format="turtle")) > 50


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: p.name)
def test_turtle_parses_with_rapper(path):
    out = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)], check=False, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "error" not in out.stderr.lower(), out.stderr


@pytest.mark.parametrize("name", KG_TERMS)
def test_every_vocab_term_is_declared(ontology, name):
    types = set(ontology.objects(KG[name], RDF.type))
    assert types & DECLARATION_TYPES, f"kg:{name} is not declared in ontology/kg.ttl"


def test_header(ontology):
    onto = URIRef("https://w3id.org/newskg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology and (onto, OWL.versionInfo, Literal("1.0.0")) in ontology
    assert all(ontology.value(onto, p) for p in (DCTERMS.title, DCTERMS.description, DCTERMS.license))


def declared(ontology: Graph, types: set) -> list[URIRef]:
    return sorted(s for t in types for s in ontology.subjects(RDF.type, t) if str(s).startswith(KG_NS))


def english(graph: Graph, s, p) -> list[Literal]:
    return [o for o in graph.objects(s, p) if isinstance(o, Literal) and o.language == "en" and str(o).strip()]


def test_classes_and_properties_are_documented(ontology):
    terms = declared(ontology, {OWL.Class} | PROPERTY_TYPES)
    assert len(terms) == len(KG_TERMS) - 5  # all but the polarity scheme and its four concepts
    for term in terms:
        assert english(ontology, term, RDFS.label), f"{term} has no rdfs:label@en"
        assert english(ontology, term, RDFS.comment), f"{term} has no rdfs:comment@en"


def test_properties_have_domain_and_range(ontology):
    for prop in declared(ontology, PROPERTY_TYPES):
        assert ontology.value(prop, RDFS.domain) is not None, f"{prop} has no rdfs:domain"
        assert ontology.value(prop, RDFS.range) is not None, f"{prop} has no rdfs:range"


def union_members(ontology: Graph, node) -> set:
    lst = ontology.value(node, OWL.unionOf)
    return set(ontology.items(lst)) if lst is not None else {node}


def test_domains_and_ranges_that_the_brief_fixes(ontology):
    assert union_members(ontology, ontology.value(KG.target, RDFS.range)) == {KG.Proposal, KG.Condition}
    for p in (KG.attributedTo, KG.hedged, KG.negated):
        assert union_members(ontology, ontology.value(p, RDFS.domain)) == {KG.Fact, KG.Evidence}
    assert ontology.value(KG.evidence, RDFS.domain) == KG.Fact
    assert ontology.value(KG.polarity, RDFS.range) == KG.Polarity
    xsd = namespace.XSD
    ranges = {p: ontology.value(p, RDFS.range) for p in (KG.beginIndex, KG.statedOn, KG.duration)}
    assert ranges == {KG.beginIndex: xsd.nonNegativeInteger, KG.statedOn: xsd.date, KG.duration: xsd.duration}
    for p in (KG.partOf, KG.affiliatedWith):
        assert (ontology.value(p, RDFS.domain), ontology.value(p, RDFS.range)) == (KG.Actor, KG.Country)


def test_hierarchy(ontology):
    def sup(c):
        return set(ontology.transitive_objects(c, RDFS.subClassOf))

    for actor in (KG.Person, KG.Organization, KG.Country, KG.Group):
        assert {KG.Actor, PROV.Agent} <= sup(actor)
    assert SCHEMA.Person in sup(KG.Person) and SCHEMA.Country in sup(KG.Country)
    assert {PROV.Entity, SCHEMA.NewsArticle} <= sup(KG.Document)
    for claim in (KG.Proposal, KG.Condition, KG.Stance):
        assert {KG.Claim, KG.Fact, PROV.Entity} <= sup(claim)
    for event in EVENT_TYPES:
        assert {KG.Event, KG.Fact, SEM.Event} <= sup(KG[event])
    assert PROV.Activity in sup(KG.BuildActivity) and PROV.Entity in sup(KG.Discrepancy) & sup(KG.Evidence)


def test_disjointness_axioms(ontology):
    sets = [set(ontology.items(m)) for adc in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
            for m in ontology.objects(adc, OWL.members)]
    assert {KG.Person, KG.Organization, KG.Country, KG.Group} in sets
    assert {KG.Proposal, KG.Condition, KG.Stance, KG.Event} in sets
    assert {KG.Actor, KG.Fact, KG.Document, KG.Evidence} in sets


def test_polarity_concepts(ontology):
    assert (KG.PolarityScheme, RDF.type, SKOS.ConceptScheme) in ontology
    for concept in (KG.Support, KG.Oppose, KG.Conditional, KG.Neutral):
        assert {SKOS.Concept, KG.Polarity} <= set(ontology.objects(concept, RDF.type))
        assert (concept, SKOS.inScheme, KG.PolarityScheme) in ontology
        assert english(ontology, concept, SKOS.prefLabel)


def test_no_named_individuals(ontology):
    # pySHACL deep-copies owl:NamedIndividual nodes of the ont_graph through SKOS cycles: minutes, not 0.1 s
    assert not list(ontology.subjects(RDF.type, OWL.NamedIndividual))


def test_event_classes_align_with_declared_plover_concepts(ontology, plover):
    for event in EVENT_TYPES:
        matches = {o for p in (SKOS.closeMatch, SKOS.relatedMatch) for o in ontology.objects(KG[event], p)}
        assert matches, f"kg:{event} has no PLOVER alignment"
        for concept in matches:
            assert str(concept).startswith(str(PLOVER))
            assert {(concept, RDF.type, SKOS.Concept), (concept, SKOS.inScheme, PLOVER.PLOVER)} <= set(plover)
            assert english(plover, concept, SKOS.prefLabel) and english(plover, concept, SKOS.definition)
    assert (PLOVER.PLOVER, RDF.type, SKOS.ConceptScheme) in plover
    assert {(KG.PhoneCall, SKOS.closeMatch, PLOVER.CONSULT), (KG.Attack, SKOS.closeMatch, PLOVER.ASSAULT),
            (KG.PrisonerExchange, SKOS.closeMatch, PLOVER.RETREAT)} <= set(ontology)


GOOD = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix act: <https://w3id.org/newskg/id/actor/> .
@prefix doc: <https://w3id.org/newskg/id/document/> .
@prefix ev: <https://w3id.org/newskg/id/evidence/> .
@prefix f: <https://w3id.org/newskg/id/> .

f:build a kg:BuildActivity ; kg:rulesVersion "1.0.0" ; kg:modelName "en_core_web_sm" ; kg:modelVersion "3.8.0" .
doc:000_x a kg:Document ; dcterms:identifier "000_x.txt" ; dcterms:title "Call" ;
    dcterms:date "2025-03-18"^^xsd:date ; prov:wasGeneratedBy f:build .
act:Q7747 a kg:Person ; rdfs:label "Vladimir Putin" ; skos:altLabel "Putin" ; kg:linked true ;
    kg:role "President of Russia" ; skos:exactMatch <http://www.wikidata.org/entity/Q7747> ;
    kg:mentionedIn doc:000_x ; kg:affiliatedWith act:Q159 .
act:Q159 a kg:Country ; rdfs:label "Russia" ; skos:altLabel "the Kremlin" ; kg:linked true .
act:Q22686 a kg:Person ; rdfs:label "Donald Trump" ; kg:linked true .
ev:e1 a kg:Evidence ; kg:sourceDocument doc:000_x ; kg:text "Trump proposed a 30-day ceasefire." ;
    kg:beginIndex "0"^^xsd:nonNegativeInteger ; kg:endIndex "34"^^xsd:integer ;
    kg:attributedTo act:Q159 ; kg:hedged false ; kg:negated false .
f:p1 a kg:Proposal ; rdfs:label "30-day ceasefire" ; kg:proposedBy act:Q22686 ; kg:topic "ceasefire" ;
    kg:duration "P30D"^^xsd:duration ; kg:scope "energy" ; kg:addressedTo act:Q159 ; kg:evidence ev:e1 .
f:c1 a kg:Condition ; rdfs:label "no foreign military aid" ; kg:statedBy act:Q159 ; kg:conditionOf f:p1 ;
    kg:evidence ev:e1 .
f:s1 a kg:Stance ; rdfs:label "Putin: conditional" ; kg:holder act:Q7747 ; kg:target f:p1 ;
    kg:polarity kg:Conditional ; kg:inferred false ; kg:statedOn "2025-03-18"^^xsd:date ; kg:evidence ev:e1 .
f:v1 a kg:PhoneCall ; rdfs:label "Trump-Putin call" ; kg:participant act:Q7747, act:Q22686 ;
    kg:date "2025-03-18"^^xsd:date ; kg:place "Moscow" ; kg:quantity "2" ; kg:evidence ev:e1 .
f:d1 a kg:Discrepancy ; rdfs:label "dates differ" ; kg:concerns f:v1 ; kg:aspect "date" ;
    kg:sideA f:v1 ; kg:sideB f:v1 ; kg:sourceA doc:000_x ; kg:sourceB doc:000_x ;
    kg:valueA "2025-03-18" ; kg:valueB "2025-03-19" .
"""

STANCE, EVIDENCE, PROPOSAL = ID["s1"], ID["evidence/e1"], ID["p1"]
RUSSIA, DOC, EVENT, DISCREPANCY = ID["actor/Q159"], ID["document/000_x"], ID["v1"], ID["d1"]


def good() -> Graph:
    return Graph().parse(data=GOOD, format="turtle")


def shacl(data: Graph, shapes: Graph, ontology: Graph | None) -> tuple[bool, list[tuple]]:
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    results = [(report.value(r, SH.focusNode), str(report.value(r, SH.resultMessage)))
               for r in report.objects(None, SH.result)]
    return conforms, results


def test_every_property_shape_has_a_message(shapes):
    props = list(shapes.objects(None, SH.property))
    assert len(props) > 40
    for ps in props:
        assert english(shapes, ps, SH.message), f"property shape on {shapes.value(ps, SH.path)} has no sh:message"
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert list(shapes.objects(node_shape, SH.targetClass)) or english(shapes, node_shape, SH.message)


def test_shapes_graph_is_valid_shacl(shapes):
    conforms, _, text = pyshacl.validate(good(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


@pytest.mark.parametrize("with_ontology", [True, False])
def test_conforming_graph_conforms(shapes, ontology, with_ontology):
    conforms, results = shacl(good(), shapes, ontology if with_ontology else None)
    assert conforms, results


BROKEN = [  # (case, how the good graph is broken, triple, expected message); the focus is the triple's subject
    ("stance with two polarities", "add", (STANCE, KG.polarity, KG.Support), "exactly one kg:polarity"),
    ("polarity not a polarity", "set", (STANCE, KG.polarity, KG.Polarity), "exactly one kg:polarity"),
    ("stance target is an actor", "set", (STANCE, KG.target, RUSSIA), "exactly one kg:target"),
    ("stance without holder", "remove", (STANCE, KG.holder, None), "exactly one kg:holder"),
    ("evidence without text", "remove", (EVIDENCE, KG.text, None), "exactly one kg:text"),
    ("negative offset", "set", (EVIDENCE, KG.beginIndex, Literal(-1)), "exactly one kg:beginIndex"),
    ("begin after end", "set", (EVIDENCE, KG.beginIndex, Literal(99)), "not be greater than its kg:endIndex"),
    ("evidence without document", "remove", (EVIDENCE, KG.sourceDocument, None), "exactly one kg:sourceDocument"),
    ("proposal without proposer", "remove", (PROPOSAL, KG.proposedBy, None), "at least one kg:proposedBy"),
    ("proposer not an actor", "set", (PROPOSAL, KG.proposedBy, ID["actor/x"]), "at least one kg:proposedBy"),
    ("fact without evidence", "remove", (EVENT, KG.evidence, None), "at least one kg:evidence"),
    ("event date not a date", "set", (EVENT, KG.date, Literal("18 March")), "at most one kg:date"),
    ("actor with two of the four classes", "add", (RUSSIA, RDF.type, KG.Person), "exactly one of kg:Person"),
    ("actor with two labels", "add", (RUSSIA, RDFS.label, Literal("Moscow")), "exactly one rdfs:label"),
    ("document with two ids", "add", (DOC, DCTERMS.identifier, Literal("y")), "exactly one dcterms:identifier"),
    ("unknown aspect", "set", (DISCREPANCY, KG.aspect, Literal("tone")), "exactly one kg:aspect"),
]


@pytest.mark.parametrize("with_ontology", [True, False])
@pytest.mark.parametrize(("case", "how", "triple", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_graph_does_not_conform(shapes, ontology, case, how, triple, message, with_ontology):
    g = good()
    getattr(g, how)(triple)
    conforms, results = shacl(g, shapes, ontology if with_ontology else None)
    assert not conforms
    assert {f for f, _ in results} == {triple[0]}, results
    assert any(message in m for _, m in results), results


def test_clean_graph_has_no_disjointness_violation():
    assert disjointness_violations(good(), ONTOLOGY_DIR) == []


def test_person_and_country_is_reported():
    x = ID["actor/x"]
    g = Graph().parse(data=f'<{x}> a <{KG.Person}>, <{KG.Country}> ; <{RDFS.label}> "X" .', format="turtle")
    assert disjointness_violations(g, ONTOLOGY_DIR) == [(ID["actor/x"], KG.Country, KG.Person)]


def broken_by_inference() -> Graph:
    g = good()
    g.add((RUSSIA, RDF.type, KG.Person))  # Person and Country
    g.add((ID["actor/Q22686"], KG.evidence, EVIDENCE))  # an actor used as a fact: Actor and Fact
    g.add((PROPOSAL, KG.participant, RUSSIA))  # a proposal used as an event: Proposal and Event
    g.add((BNode("b1"), KG.holder, EVIDENCE))  # evidence used as an actor (range): Actor and Evidence
    return g


EXPECTED = [(ID["actor/Q159"], KG.Country, KG.Person), (ID["actor/Q22686"], KG.Actor, KG.Fact),
            (EVIDENCE, KG.Actor, KG.Evidence), (PROPOSAL, KG.Event, KG.Proposal)]


@pytest.mark.parametrize("summarise", [True, False])
def test_inferred_disjointness_violations(summarise):
    assert disjointness_violations(broken_by_inference(), ONTOLOGY_DIR, summarise=summarise) == EXPECTED


def test_dataset_input_is_flattened():
    ds = Dataset()
    ds.graph(ID["document/a"]).add((ID["actor/x"], RDF.type, KG.Person))
    ds.graph(ID["document/b"]).add((ID["actor/x"], RDF.type, KG.Organization))
    assert disjointness_violations(ds, ONTOLOGY_DIR) == [(ID["actor/x"], KG.Organization, KG.Person)]


def test_same_as_falls_back_to_the_full_closure():
    g = good()
    g.add((RUSSIA, OWL.sameAs, ID["actor/Q7747"]))  # Russia = Putin: a Country that is a Person
    found = disjointness_violations(g, ONTOLOGY_DIR)
    assert (RUSSIA, KG.Country, KG.Person) in found and (ID["actor/Q7747"], KG.Country, KG.Person) in found
