"""kg.query: every bundled query on a hand-built two-document TriG fixture, on both engines, and the formats.

Input: FIXTURE_TRIG (DATA_MODEL.md shape: one named graph per document). Output: pytest assertions.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.query import FORMATS, format_result, list_queries, run_query
from kg.query.engine import QUERIES_DIR, compact, resolve_query, with_prefixes

FIXTURE_TRIG = r"""@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix doc: <https://w3id.org/newskg/id/document/> .
@prefix actor: <https://w3id.org/newskg/id/actor/> .
@prefix proposal: <https://w3id.org/newskg/id/proposal/> .
@prefix condition: <https://w3id.org/newskg/id/condition/> .
@prefix stance: <https://w3id.org/newskg/id/stance/> .
@prefix event: <https://w3id.org/newskg/id/event/> .
@prefix ev: <https://w3id.org/newskg/id/evidence/> .
@prefix disc: <https://w3id.org/newskg/id/discrepancy/> .
@prefix build: <https://w3id.org/newskg/id/build/> .

# default graph: the build activity and the cross-source discrepancy
build:r1 a kg:BuildActivity ; kg:rulesVersion "r1" ; kg:modelName "en_core_web_sm" ; kg:modelVersion "3.8.0" .
disc:d1 a kg:Discrepancy ; rdfs:label "participants of the Jeddah talks" ; kg:aspect "participants" ;
    kg:concerns event:talks ; kg:sideA event:talks ; kg:sideB event:talks ;
    kg:sourceA doc:001-reuters-txt ; kg:sourceB doc:002-ap-txt ;
    kg:valueA "United States, Ukraine" ; kg:valueB "United States, Ukraine, Saudi Arabia" .

doc:001-reuters-txt {
  doc:001-reuters-txt a kg:Document ; dcterms:identifier "001_reuters.txt" ; dcterms:title "Ukraine backs ceasefire" ;
      dcterms:date "2025-03-11"^^xsd:date ; prov:wasGeneratedBy build:r1 .
  actor:donald-trump a kg:Person ; rdfs:label "Donald Trump" ; skos:altLabel "Trump" ; skos:exactMatch wd:Q22686 ;
      kg:linked true ; kg:mentionedIn doc:001-reuters-txt ; kg:role "President of the United States" .
  actor:volodymyr-zelensky a kg:Person ; rdfs:label "Volodymyr Zelensky" ; skos:exactMatch wd:Q3874799 ;
      kg:linked true ; kg:mentionedIn doc:001-reuters-txt ; kg:role "President of Ukraine" ; kg:affiliatedWith actor:ukraine .
  actor:vladimir-putin a kg:Person ; rdfs:label "Vladimir Putin" ; skos:exactMatch wd:Q7747 ;
      kg:linked true ; kg:mentionedIn doc:001-reuters-txt ; kg:role "President of Russia" .
  actor:ukraine a kg:Country ; rdfs:label "Ukraine" ; skos:exactMatch wd:Q212 ; kg:linked true ; kg:mentionedIn doc:001-reuters-txt .
  actor:united-states a kg:Country ; rdfs:label "United States" ; skos:exactMatch wd:Q30 ; kg:linked true ; kg:mentionedIn doc:001-reuters-txt .
  proposal:p1 a kg:Proposal ; rdfs:label "30-day ceasefire" ; kg:proposedBy actor:donald-trump, actor:united-states ;
      kg:topic "ceasefire" ; kg:duration "P30D"^^xsd:duration ; kg:addressedTo actor:vladimir-putin ; kg:evidence ev:e1 .
  condition:c2 a kg:Condition ; rdfs:label "security guarantees for Ukraine" ; kg:statedBy actor:volodymyr-zelensky ; kg:evidence ev:e3 .
  stance:s1 a kg:Stance ; rdfs:label "Zelensky supports the 30-day ceasefire" ; kg:holder actor:volodymyr-zelensky ;
      kg:target proposal:p1 ; kg:polarity kg:Support ; kg:inferred false ; kg:evidence ev:e2 ; kg:statedOn "2025-03-11"^^xsd:date .
  stance:s2 a kg:Stance ; rdfs:label "Putin rejects the 30-day ceasefire" ; kg:holder actor:vladimir-putin ;
      kg:target proposal:p1 ; kg:polarity kg:Oppose ; kg:inferred false ; kg:evidence ev:e4 .
  event:talks a kg:Talks ; rdfs:label "talks in Jeddah" ; kg:participant actor:united-states, actor:ukraine ;
      kg:date "2025-03-11"^^xsd:date ; kg:place "Jeddah" ; kg:evidence ev:e5 .
  event:statement a kg:Statement ; rdfs:label "Zelensky statement" ; kg:participant actor:volodymyr-zelensky ; kg:evidence ev:e3 .
  ev:e1 a kg:Evidence ; kg:sourceDocument doc:001-reuters-txt ; kg:text "Trump proposed a 30-day ceasefire." ;
      kg:beginIndex "0"^^xsd:nonNegativeInteger ; kg:endIndex "34"^^xsd:nonNegativeInteger ; kg:hedged false ; kg:negated false .
  ev:e2 a kg:Evidence ; kg:sourceDocument doc:001-reuters-txt ; kg:text "Zelensky said Ukraine accepts the ceasefire." ;
      kg:beginIndex "35"^^xsd:nonNegativeInteger ; kg:endIndex "79"^^xsd:nonNegativeInteger ; kg:attributedTo actor:volodymyr-zelensky ;
      kg:hedged false ; kg:negated false .
  ev:e3 a kg:Evidence ; kg:sourceDocument doc:001-reuters-txt ; kg:text "Zelensky demanded security guarantees." ;
      kg:beginIndex "80"^^xsd:nonNegativeInteger ; kg:endIndex "118"^^xsd:nonNegativeInteger ; kg:hedged false ; kg:negated false .
  ev:e4 a kg:Evidence ; kg:sourceDocument doc:001-reuters-txt ; kg:text "Putin rejected the plan." ;
      kg:beginIndex "119"^^xsd:nonNegativeInteger ; kg:endIndex "143"^^xsd:nonNegativeInteger ; kg:hedged false ; kg:negated false .
  ev:e5 a kg:Evidence ; kg:sourceDocument doc:001-reuters-txt ; kg:text "US and Ukrainian officials met in Jeddah." ;
      kg:beginIndex "144"^^xsd:nonNegativeInteger ; kg:endIndex "185"^^xsd:nonNegativeInteger ; kg:hedged false ; kg:negated false .
}

doc:002-ap-txt {
  doc:002-ap-txt a kg:Document ; dcterms:identifier "002_ap.txt" ; dcterms:title "Putin sets conditions" ;
      dcterms:date "2025-03-14"^^xsd:date ; prov:wasGeneratedBy build:r1 .
  actor:donald-trump a kg:Person ; rdfs:label "Donald Trump" ; skos:altLabel "Trump" ; skos:exactMatch wd:Q22686 ;
      kg:linked true ; kg:mentionedIn doc:002-ap-txt ; kg:role "President of the United States" .
  actor:volodymyr-zelensky a kg:Person ; rdfs:label "Volodymyr Zelensky" ; skos:exactMatch wd:Q3874799 ;
      kg:linked true ; kg:mentionedIn doc:002-ap-txt ; kg:role "President of Ukraine" ; kg:affiliatedWith actor:ukraine .
  actor:vladimir-putin a kg:Person ; rdfs:label "Vladimir Putin" ; skos:exactMatch wd:Q7747 ;
      kg:linked true ; kg:mentionedIn doc:002-ap-txt ; kg:role "President of Russia", "Supreme Commander-in-Chief" .
  actor:unlinked\/group\/kremlin-officials a kg:Group ; rdfs:label "Kremlin officials" ; kg:linked false ; kg:mentionedIn doc:002-ap-txt .
  proposal:p1 a kg:Proposal ; rdfs:label "30-day ceasefire" ; kg:proposedBy actor:donald-trump ;
      kg:topic "ceasefire" ; kg:evidence ev:e6 .
  proposal:p2 a kg:Proposal ; rdfs:label "halt to strikes on energy infrastructure" ; kg:proposedBy actor:vladimir-putin ;
      kg:topic "energy" ; kg:evidence ev:e7 .
  condition:c1 a kg:Condition ; rdfs:label "Ukraine halts mobilisation" ; kg:statedBy actor:vladimir-putin ;
      kg:conditionOf proposal:p1 ; kg:evidence ev:e8 .
  stance:s1 a kg:Stance ; rdfs:label "Zelensky supports the 30-day ceasefire" ; kg:holder actor:volodymyr-zelensky ;
      kg:target proposal:p1 ; kg:polarity kg:Support ; kg:inferred false ; kg:evidence ev:e9 ; kg:statedOn "2025-03-11"^^xsd:date .
  stance:s3 a kg:Stance ; rdfs:label "Putin conditionally accepts the 30-day ceasefire" ; kg:holder actor:vladimir-putin ;
      kg:target proposal:p1 ; kg:polarity kg:Conditional ; kg:inferred false ; kg:evidence ev:e8 .
  stance:s4 a kg:Stance ; rdfs:label "Putin supports halting energy strikes" ; kg:holder actor:vladimir-putin ;
      kg:target proposal:p2 ; kg:polarity kg:Support ; kg:inferred false ; kg:evidence ev:e7 .
  stance:s5 a kg:Stance ; rdfs:label "Zelensky opposes halting mobilisation" ; kg:holder actor:volodymyr-zelensky ;
      kg:target condition:c1 ; kg:polarity kg:Oppose ; kg:inferred true ; kg:evidence ev:e10 .
  event:call a kg:PhoneCall ; rdfs:label "Trump-Putin phone call" ; kg:participant actor:donald-trump, actor:vladimir-putin ;
      kg:date "2025-03-18"^^xsd:date ; kg:evidence ev:e11 .
  event:talks a kg:Talks ; rdfs:label "talks in Jeddah" ; kg:participant actor:united-states, actor:ukraine ;
      kg:date "2025-03-11"^^xsd:date ; kg:place "Jeddah" ; kg:evidence ev:e12 .
  event:meeting a kg:Meeting ; rdfs:label "a meeting" ; kg:evidence ev:e12 .
  ev:e6 a kg:Evidence ; kg:sourceDocument doc:002-ap-txt ; kg:text "Trump's 30-day ceasefire plan was discussed." ;
      kg:beginIndex "0"^^xsd:nonNegativeInteger ; kg:endIndex "44"^^xsd:nonNegativeInteger ; kg:hedged false ; kg:negated false .
  ev:e7 a kg:Evidence ; kg:sourceDocument doc:002-ap-txt ; kg:text "Putin agreed to halt strikes on energy infrastructure." ;
      kg:beginIndex "45"^^xsd:nonNegativeInteger ; kg:endIndex "99"^^xsd:nonNegativeInteger ; kg:attributedTo actor:vladimir-putin ;
      kg:hedged false ; kg:negated false .
  ev:e8 a kg:Evidence ; kg:sourceDocument doc:002-ap-txt ; kg:text "Putin said a truce is possible if Ukraine halts mobilisation." ;
      kg:beginIndex "100"^^xsd:nonNegativeInteger ; kg:endIndex "161"^^xsd:nonNegativeInteger ; kg:hedged false ; kg:negated false .
  ev:e9 a kg:Evidence ; kg:sourceDocument doc:002-ap-txt ; kg:text "Kyiv had already accepted the truce." ;
      kg:beginIndex "162"^^xsd:nonNegativeInteger ; kg:endIndex "198"^^xsd:nonNegativeInteger ; kg:hedged false ; kg:negated false .
  ev:e10 a kg:Evidence ; kg:sourceDocument doc:002-ap-txt ; kg:text "Kyiv will not stop mobilisation." ;
      kg:beginIndex "199"^^xsd:nonNegativeInteger ; kg:endIndex "231"^^xsd:nonNegativeInteger ; kg:hedged false ; kg:negated false .
  ev:e11 a kg:Evidence ; kg:sourceDocument doc:002-ap-txt ; kg:text "Trump and Putin spoke by phone on Tuesday." ;
      kg:beginIndex "232"^^xsd:nonNegativeInteger ; kg:endIndex "274"^^xsd:nonNegativeInteger ; kg:hedged true ; kg:negated false .
  ev:e12 a kg:Evidence ; kg:sourceDocument doc:002-ap-txt ; kg:text "Talks in Jeddah included Saudi mediators." ;
      kg:beginIndex "275"^^xsd:nonNegativeInteger ; kg:endIndex "316"^^xsd:nonNegativeInteger ; kg:hedged false ; kg:negated false .
}
"""

BUNDLED = [name for name, _, _ in list_queries()]

EXPECTED = {
    "actors": [
        ('id:actor/donald-trump', 'kg:Person', 'Donald Trump', 'wd:Q22686', '2', 'President of the United States'),
        ('id:actor/unlinked/group/kremlin-officials', 'kg:Group', 'Kremlin officials', None, '1', None),
        ('id:actor/ukraine', 'kg:Country', 'Ukraine', 'wd:Q212', '1', None),
        ('id:actor/united-states', 'kg:Country', 'United States', 'wd:Q30', '1', None),
        ('id:actor/vladimir-putin', 'kg:Person', 'Vladimir Putin', 'wd:Q7747', '2', 'President of Russia; Supreme Commander-in-Chief'),
        ('id:actor/volodymyr-zelensky', 'kg:Person', 'Volodymyr Zelensky', 'wd:Q3874799', '2', 'President of Ukraine'),
    ],
    "conditions": [
        ('(general)', 'security guarantees for Ukraine', 'Volodymyr Zelensky', 'id:condition/c2'),
        ('30-day ceasefire', 'Ukraine halts mobilisation', 'Vladimir Putin', 'id:condition/c1'),
    ],
    "contradicted": [
        ('Vladimir Putin', '30-day ceasefire', 'kg:Oppose', '001_reuters.txt', 'kg:Conditional', '002_ap.txt', 'id:stance/s2', 'id:stance/s3'),
    ],
    "discrepancies": [
        ('participants', 'participants of the Jeddah talks', 'talks in Jeddah', 'United States, Ukraine', '001_reuters.txt', 'talks in Jeddah', 'United States, Ukraine, Saudi Arabia', '002_ap.txt', 'id:discrepancy/d1'),
    ],
    "evidence": [
        ('id:proposal/p1', 'kg:Proposal', '30-day ceasefire', '001_reuters.txt', 'Trump proposed a 30-day ceasefire.', '0', '34'),
        ('id:stance/s1', 'kg:Stance', 'Zelensky supports the 30-day ceasefire', '001_reuters.txt', 'Zelensky said Ukraine accepts the ceasefire.', '35', '79'),
        ('id:condition/c2', 'kg:Condition', 'security guarantees for Ukraine', '001_reuters.txt', 'Zelensky demanded security guarantees.', '80', '118'),
        ('id:event/statement', 'kg:Statement', 'Zelensky statement', '001_reuters.txt', 'Zelensky demanded security guarantees.', '80', '118'),
        ('id:stance/s2', 'kg:Stance', 'Putin rejects the 30-day ceasefire', '001_reuters.txt', 'Putin rejected the plan.', '119', '143'),
        ('id:event/talks', 'kg:Talks', 'talks in Jeddah', '001_reuters.txt', 'US and Ukrainian officials met in Jeddah.', '144', '185'),
        ('id:proposal/p1', 'kg:Proposal', '30-day ceasefire', '002_ap.txt', "Trump's 30-day ceasefire plan was discussed.", '0', '44'),
        ('id:proposal/p2', 'kg:Proposal', 'halt to strikes on energy infrastructure', '002_ap.txt', 'Putin agreed to halt strikes on energy infrastructure.', '45', '99'),
        ('id:stance/s4', 'kg:Stance', 'Putin supports halting energy strikes', '002_ap.txt', 'Putin agreed to halt strikes on energy infrastructure.', '45', '99'),
        ('id:condition/c1', 'kg:Condition', 'Ukraine halts mobilisation', '002_ap.txt', 'Putin said a truce is possible if Ukraine halts mobilisation.', '100', '161'),
        ('id:stance/s3', 'kg:Stance', 'Putin conditionally accepts the 30-day ceasefire', '002_ap.txt', 'Putin said a truce is possible if Ukraine halts mobilisation.', '100', '161'),
        ('id:stance/s1', 'kg:Stance', 'Zelensky supports the 30-day ceasefire', '002_ap.txt', 'Kyiv had already accepted the truce.', '162', '198'),
        ('id:stance/s5', 'kg:Stance', 'Zelensky opposes halting mobilisation', '002_ap.txt', 'Kyiv will not stop mobilisation.', '199', '231'),
        ('id:event/call', 'kg:PhoneCall', 'Trump-Putin phone call', '002_ap.txt', 'Trump and Putin spoke by phone on Tuesday.', '232', '274'),
        ('id:event/meeting', 'kg:Meeting', 'a meeting', '002_ap.txt', 'Talks in Jeddah included Saudi mediators.', '275', '316'),
        ('id:event/talks', 'kg:Talks', 'talks in Jeddah', '002_ap.txt', 'Talks in Jeddah included Saudi mediators.', '275', '316'),
    ],
    "only-in": [
        ('001_reuters.txt', 'kg:Condition', 'security guarantees for Ukraine', 'id:condition/c2'),
        ('001_reuters.txt', 'kg:Stance', 'Putin rejects the 30-day ceasefire', 'id:stance/s2'),
        ('001_reuters.txt', 'kg:Statement', 'Zelensky statement', 'id:event/statement'),
        ('002_ap.txt', 'kg:Condition', 'Ukraine halts mobilisation', 'id:condition/c1'),
        ('002_ap.txt', 'kg:Meeting', 'a meeting', 'id:event/meeting'),
        ('002_ap.txt', 'kg:PhoneCall', 'Trump-Putin phone call', 'id:event/call'),
        ('002_ap.txt', 'kg:Proposal', 'halt to strikes on energy infrastructure', 'id:proposal/p2'),
        ('002_ap.txt', 'kg:Stance', 'Putin conditionally accepts the 30-day ceasefire', 'id:stance/s3'),
        ('002_ap.txt', 'kg:Stance', 'Putin supports halting energy strikes', 'id:stance/s4'),
        ('002_ap.txt', 'kg:Stance', 'Zelensky opposes halting mobilisation', 'id:stance/s5'),
    ],
    "proposals": [
        ('id:proposal/p1', '30-day ceasefire', 'Donald Trump, United States', 'Vladimir Putin', 'kg:Conditional', 'id:stance/s3'),
        ('id:proposal/p1', '30-day ceasefire', 'Donald Trump, United States', 'Vladimir Putin', 'kg:Oppose', 'id:stance/s2'),
        ('id:proposal/p1', '30-day ceasefire', 'Donald Trump, United States', 'Volodymyr Zelensky', 'kg:Support', 'id:stance/s1'),
        ('id:proposal/p2', 'halt to strikes on energy infrastructure', 'Vladimir Putin', 'Vladimir Putin', 'kg:Support', 'id:stance/s4'),
    ],
    "stance-history": [
        ('Vladimir Putin', '30-day ceasefire', '2025-03-11', 'Oppose', '', 'first', '001_reuters.txt', 'id:stance/s2'),
        ('Vladimir Putin', '30-day ceasefire', '2025-03-14', 'Conditional', 'Oppose', 'changed', '002_ap.txt', 'id:stance/s3'),
        ('Vladimir Putin', 'halt to strikes on energy infrastructure', '2025-03-14', 'Support', '', 'first', '002_ap.txt', 'id:stance/s4'),
        ('Volodymyr Zelensky', '30-day ceasefire', '2025-03-11', 'Support', '', 'first', '001_reuters.txt', 'id:stance/s1'),
        ('Volodymyr Zelensky', '30-day ceasefire', '2025-03-11', 'Support', '', 'first', '002_ap.txt', 'id:stance/s1'),
    ],
    "stance-matrix": [
        ('Vladimir Putin', '30-day ceasefire', 'Conditional | Oppose', 'id:actor/vladimir-putin', 'id:proposal/p1'),
        ('Vladimir Putin', 'halt to strikes on energy infrastructure', 'Support', 'id:actor/vladimir-putin', 'id:proposal/p2'),
        ('Volodymyr Zelensky', '30-day ceasefire', 'Support', 'id:actor/volodymyr-zelensky', 'id:proposal/p1'),
    ],
    "timeline": [
        ('2025-03-11', 'kg:Talks', 'talks in Jeddah', 'Ukraine, United States', 'id:event/talks'),
        ('2025-03-18', 'kg:PhoneCall', 'Trump-Putin phone call', 'Donald Trump, Vladimir Putin', 'id:event/call'),
        (None, 'kg:Statement', 'Zelensky statement', 'Volodymyr Zelensky', 'id:event/statement'),
        (None, 'kg:Meeting', 'a meeting', '', 'id:event/meeting'),
    ],
}


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.trig"
    path.write_text(FIXTURE_TRIG, encoding="utf-8")
    return path


def test_bundled_queries_are_listed_with_title_description_and_order():
    assert sorted(BUNDLED) == sorted(EXPECTED)
    for name, title, description in list_queries():
        text = (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
        assert text.startswith("# title:"), name
        assert title and description, name
        assert "ORDER BY" in text, name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bundled_query_rows(graph, name):
    result = run_query(name, [graph])
    assert result.kind == "select"
    assert result.rows == EXPECTED[name]
    assert len(result.terms) == len(result.rows)


def _normalised(terms):
    # Oxigraph stores xsd:nonNegativeInteger as xsd:integer: compare the kind and lexical value of each term
    return [tuple(None if t is None else (t["type"], t["value"], t.get("xml:lang")) for t in row) for row in terms]


@pytest.mark.parametrize("name", BUNDLED)
def test_engines_agree_on_every_bundled_query(graph, name):
    ox_result = run_query(name, [graph], engine="oxigraph")
    rdflib_result = run_query(name, [graph], engine="rdflib")
    assert ox_result.variables == rdflib_result.variables
    assert ox_result.rows == rdflib_result.rows
    assert _normalised(ox_result.terms) == _normalised(rdflib_result.terms)


@pytest.mark.parametrize("query", [
    "ASK { ?p a kg:Proposal }",
    "CONSTRUCT { ?e kg:date ?d } WHERE { ?e kg:date ?d }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
])
def test_engines_agree_on_ask_construct_and_graphs(graph, query):
    a, b = run_query(query, [graph], engine="oxigraph"), run_query(query, [graph], engine="rdflib")
    assert (a.kind, a.boolean, a.rows) == (b.kind, b.boolean, b.rows)


def test_default_graph_is_a_set_and_graphs_are_per_document(graph):
    # actor triples repeat in both document graphs but count once in the default (union) graph
    labels = run_query("SELECT ?l WHERE { ?a rdfs:label ?l FILTER(?l = \"Donald Trump\") }", [graph])
    assert labels.rows == [("Donald Trump",)]
    per_graph = run_query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
                          [graph])
    assert [g for g, _ in per_graph.rows] == ["id:document/001-reuters-txt", "id:document/002-ap-txt"]


def test_ask_and_construct(graph):
    assert run_query("ASK { ?e a kg:PhoneCall }", [graph]).boolean is True
    assert run_query("ASK { ?e a kg:Attack }", [graph]).boolean is False
    result = run_query("CONSTRUCT { ?e kg:date ?d } WHERE { ?e kg:date ?d }", [graph])
    assert result.kind == "graph" and len(result.triples) == 2
    nt = format_result(result, "nt")
    assert nt.count(" .\n") == 2 and "<https://w3id.org/newskg/ontology#date>" in nt


def test_prefixes_are_predeclared(graph):
    text = with_prefixes("SELECT * WHERE { ?s a kg:Proposal }")
    for prefix in ("kg", "rdfs", "rdf", "owl", "xsd", "skos", "dcterms", "prov", "schema", "id"):
        assert re.search(rf"PREFIX {prefix}: <", text), prefix
    rows = run_query("SELECT ?l WHERE { ?p a kg:Proposal ; rdfs:label ?l } ORDER BY ?l", [graph]).rows
    assert rows == [("30-day ceasefire",), ("halt to strikes on energy infrastructure",)]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_query_may_declare_its_own_prefix(graph, engine):
    query = "PREFIX kg: <http://example.org/other#>\nSELECT ?p WHERE { ?p a kg:Proposal }"
    assert with_prefixes(query).count("PREFIX kg:") == 1
    assert run_query(query, [graph], engine=engine).rows == []


def test_compact():
    assert compact("https://w3id.org/newskg/ontology#Proposal") == "kg:Proposal"
    assert compact("https://w3id.org/newskg/id/actor/donald-trump") == "id:actor/donald-trump"
    assert compact("http://example.org/x") == "http://example.org/x"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_malformed_query_is_e302(graph, engine):
    with pytest.raises(KgError) as err:
        run_query("SELECT ?x WHERE { ?x ?y", [graph], engine=engine)
    assert err.value.code == "E302"


def test_unknown_bundled_query_is_e303(graph):
    with pytest.raises(KgError) as err:
        run_query("no-such-query", [graph])
    assert err.value.code == "E303"
    assert "timeline" in str(err.value)


def test_unreadable_graph_is_e301(tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text("this is not { TriG", encoding="utf-8")
    for paths in ([bad], [tmp_path / "missing.trig"], [tmp_path / "graph.xyz"]):
        for engine in ("oxigraph", "rdflib"):
            with pytest.raises(KgError) as err:
                run_query("actors", paths, engine=engine)
            assert err.value.code == "E301"


def test_query_from_file_and_default_graph_location(graph, tmp_path, monkeypatch):
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT ?d WHERE { ?d a kg:Document } ORDER BY ?d", encoding="utf-8")
    assert len(run_query(str(rq), [graph]).rows) == 2
    assert resolve_query("timeline") == (QUERIES_DIR / "timeline.rq").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(KgError) as err:
        run_query("actors")
    assert err.value.code == "E301"
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "graph.trig").write_text(FIXTURE_TRIG, encoding="utf-8")
    assert run_query("actors").rows == EXPECTED["actors"]


def test_other_graph_formats(graph, tmp_path):
    import rdflib

    ds = rdflib.Dataset()
    ds.parse(graph, format="trig")
    nq = tmp_path / "graph.nq"
    nq.write_text(ds.serialize(format="nquads"), encoding="utf-8")
    assert run_query("timeline", [nq]).rows == EXPECTED["timeline"]
    merged = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    ttl = tmp_path / "graph.ttl"
    ttl.write_text(merged.serialize(format="turtle"), encoding="utf-8")
    for engine in ("oxigraph", "rdflib"):
        assert run_query("timeline", [ttl], engine=engine).rows == EXPECTED["timeline"]


def test_formats(graph):
    result = run_query("timeline", [graph])
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"), newline="")))
    assert rows[0] == result.variables
    assert len(rows) == len(result.rows) + 1
    assert rows[1][0] == "2025-03-11" and rows[1][1] == "https://w3id.org/newskg/ontology#Talks"

    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == result.variables
    first = data["results"]["bindings"][0]
    assert first["date"] == {"type": "literal", "value": "2025-03-11",
                             "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    assert first["label"] == {"type": "literal", "value": "talks in Jeddah"}
    assert first["event"]["type"] == "uri"
    assert "date" not in data["results"]["bindings"][2]  # unbound variables are left out

    tsv = format_result(result, "tsv").splitlines()
    assert tsv[0].split("\t") == ["?" + v for v in result.variables]
    assert tsv[1].split("\t")[1] == "<https://w3id.org/newskg/ontology#Talks>"
    assert tsv[1].split("\t")[0] == '"2025-03-11"^^<http://www.w3.org/2001/XMLSchema#date>'

    table = format_result(result, "table").splitlines()
    assert table[0].split() == result.variables
    assert set(table[1]) <= {"-", " "}
    assert table[-1] == "(4 rows)"
    assert "kg:Talks" in table[2]

    ask = run_query("ASK { ?s ?p ?o }", [graph])
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    with pytest.raises(KgError):
        format_result(result, "xml")
    assert set(FORMATS) >= {"table", "csv", "tsv", "json"}


def test_local_timeout_is_e302(tmp_path):
    from kg.query import QueryTimeout

    path = tmp_path / "many.nt"
    path.write_text("".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n" for i in range(500)),
                    encoding="utf-8")
    with pytest.raises(QueryTimeout) as err:
        run_query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", [path], timeout=0.2)
    assert err.value.code == "E302" and "timed out" in str(err.value)


# Cases the bundled queries must keep answering the same way however they are written: a condition stated by a
# labelled and an unlabelled actor, proposers without a label, a proposal with no proposer or stance, an event
# whose only participant has no label, an actor with two Wikidata links, several polarities of one holder.
EDGE_TRIG = r"""@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix doc: <https://w3id.org/newskg/id/document/> .
@prefix actor: <https://w3id.org/newskg/id/actor/> .
@prefix proposal: <https://w3id.org/newskg/id/proposal/> .
@prefix condition: <https://w3id.org/newskg/id/condition/> .
@prefix stance: <https://w3id.org/newskg/id/stance/> .
@prefix event: <https://w3id.org/newskg/id/event/> .
@prefix ev: <https://w3id.org/newskg/id/evidence/> .

doc:d1 {
  doc:d1 a kg:Document ; dcterms:identifier "d1.txt" ; dcterms:date "2025-03-01"^^xsd:date .
  actor:alice a kg:Person ; rdfs:label "Alice" ; skos:exactMatch wd:Q1, wd:Q2 ; kg:mentionedIn doc:d1 ; kg:role "envoy", "minister" .
  actor:bob a kg:Person ; kg:mentionedIn doc:d1 .
  actor:corp a kg:Organization ; rdfs:label "Corp" ; kg:mentionedIn doc:d1 .
  proposal:plan a kg:Proposal ; rdfs:label "plan" ; kg:proposedBy actor:corp, actor:alice, actor:bob ; kg:evidence ev:e1 .
  proposal:other a kg:Proposal ; rdfs:label "other plan" ; kg:evidence ev:e1 .
  condition:c1 a kg:Condition ; rdfs:label "cond one" ; kg:statedBy actor:alice, actor:bob ; kg:conditionOf proposal:plan ; kg:evidence ev:e2 .
  condition:c2 a kg:Condition ; rdfs:label "cond two" ; kg:statedBy actor:bob ; kg:evidence ev:e2 .
  stance:s1 a kg:Stance ; kg:holder actor:alice ; kg:target proposal:plan ; kg:polarity kg:Support ; kg:evidence ev:e1 .
  stance:s3 a kg:Stance ; kg:holder actor:corp ; kg:target proposal:plan ; kg:polarity kg:Neutral ; kg:evidence ev:e2 .
  stance:s5 a kg:Stance ; kg:holder actor:corp ; kg:target proposal:plan ; kg:polarity kg:Oppose ; kg:evidence ev:e2 .
  event:talks a kg:Talks ; rdfs:label "talks" ; kg:participant actor:bob ; kg:date "2025-03-01"^^xsd:date ; kg:evidence ev:e2 .
  event:meeting a kg:Meeting ; rdfs:label "meeting" ; kg:participant actor:corp, actor:alice ; kg:evidence ev:e1 .
  ev:e1 kg:sourceDocument doc:d1 ; kg:text "first" ; kg:beginIndex 0 ; kg:endIndex 5 .
  ev:e2 kg:sourceDocument doc:d1 ; kg:text "second" ; kg:beginIndex 6 ; kg:endIndex 12 .
}

doc:d2 {
  doc:d2 a kg:Document ; dcterms:identifier "d2.txt" ; dcterms:date "2025-03-05"^^xsd:date .
  actor:alice a kg:Person ; rdfs:label "Alice" ; kg:mentionedIn doc:d2 .
  stance:s2 a kg:Stance ; kg:holder actor:alice ; kg:target proposal:plan ; kg:polarity kg:Oppose ; kg:evidence ev:e3 .
  stance:s4 a kg:Stance ; kg:holder actor:corp ; kg:target proposal:plan ; kg:polarity kg:Oppose ; kg:evidence ev:e3 .
  ev:e3 kg:sourceDocument doc:d2 ; kg:text "third" ; kg:beginIndex 0 ; kg:endIndex 5 .
}
"""

EDGE_EXPECTED = {
    "actors": [
        ('id:actor/alice', 'kg:Person', 'Alice', 'wd:Q1', '2', 'envoy; minister'),
        ('id:actor/alice', 'kg:Person', 'Alice', 'wd:Q2', '2', 'envoy; minister'),
        ('id:actor/corp', 'kg:Organization', 'Corp', None, '1', None),
    ],
    "conditions": [
        ('(general)', 'cond two', None, 'id:condition/c2'),
        ('plan', 'cond one', 'Alice', 'id:condition/c1'),
    ],
    "contradicted": [
        ('Alice', 'plan', 'kg:Support', 'd1.txt', 'kg:Oppose', 'd2.txt', 'id:stance/s1', 'id:stance/s2'),
        ('Corp', 'plan', 'kg:Neutral', 'd1.txt', 'kg:Oppose', 'd2.txt', 'id:stance/s3', 'id:stance/s4'),
    ],
    "proposals": [
        ('id:proposal/other', 'other plan', None, None, None, None),
        ('id:proposal/plan', 'plan', 'Alice, Corp', 'Alice', 'kg:Oppose', 'id:stance/s2'),
        ('id:proposal/plan', 'plan', 'Alice, Corp', 'Alice', 'kg:Support', 'id:stance/s1'),
        ('id:proposal/plan', 'plan', 'Alice, Corp', 'Corp', 'kg:Neutral', 'id:stance/s3'),
        ('id:proposal/plan', 'plan', 'Alice, Corp', 'Corp', 'kg:Oppose', 'id:stance/s4'),
        ('id:proposal/plan', 'plan', 'Alice, Corp', 'Corp', 'kg:Oppose', 'id:stance/s5'),
    ],
    "stance-history": [
        ('Alice', 'plan', '2025-03-01', 'Support', '', 'first', 'd1.txt', 'id:stance/s1'),
        ('Alice', 'plan', '2025-03-05', 'Oppose', 'Support', 'changed', 'd2.txt', 'id:stance/s2'),
        ('Corp', 'plan', '2025-03-01', 'Neutral', '', 'first', 'd1.txt', 'id:stance/s3'),
        ('Corp', 'plan', '2025-03-01', 'Oppose', '', 'first', 'd1.txt', 'id:stance/s5'),
        ('Corp', 'plan', '2025-03-05', 'Oppose', 'Neutral | Oppose', 'changed', 'd2.txt', 'id:stance/s4'),
    ],
    "stance-matrix": [
        ('Alice', 'plan', 'Oppose | Support', 'id:actor/alice', 'id:proposal/plan'),
        ('Corp', 'plan', 'Neutral | Oppose', 'id:actor/corp', 'id:proposal/plan'),
    ],
    "timeline": [
        ('2025-03-01', 'kg:Talks', 'talks', '', 'id:event/talks'),
        (None, 'kg:Meeting', 'meeting', 'Alice, Corp', 'id:event/meeting'),
    ],
}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name", sorted(EDGE_EXPECTED))
def test_bundled_query_edge_cases(tmp_path, name, engine):
    path = tmp_path / "edge.trig"
    path.write_text(EDGE_TRIG, encoding="utf-8")
    assert run_query(name, [path], engine=engine).rows == EDGE_EXPECTED[name]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_stance_matrix_without_stances_is_empty(tmp_path, engine):
    # rdflib gives one unbound row for a GROUP BY over nothing: it must not turn into rows of labels
    path = tmp_path / "no-stances.trig"
    path.write_text(FIXTURE_TRIG.split("doc:001-reuters-txt {")[0] +
                    "<https://w3id.org/newskg/id/actor/x> rdfs:label \"X\" .\n", encoding="utf-8")
    assert run_query("stance-matrix", [path], engine=engine).rows == []
