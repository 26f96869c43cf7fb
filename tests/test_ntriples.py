"""kg.export.ntriples: one N-Triples term, as pyoxigraph prints it, back into pyoxigraph / rdflib terms."""
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from kg.export.ntriples import RDF_DIR_LANG_STRING, RDF_LANG_STRING, XSD_STRING, ox_term, parts, rdflib_term
from kg.export.sorted_quads import to_oxigraph

INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
CUSTOM = "http://example.org/dt#custom"
DATATYPES = [XSD_STRING, INTEGER, "http://www.w3.org/2001/XMLSchema#date", CUSTOM]
LANGUAGES = ["en", "fr", "EN-us", "de-CH-1996", "zh-Hant-TW", "x-private"]

# any text pyoxigraph can hold (no lone surrogates), with the characters N-Triples escapes made frequent
CHARS = st.one_of(st.characters(exclude_categories=("Cs",)),
                  st.sampled_from('"\'\\\t\b\n\r\f\x00\x01\x1f\x7f\x85\u2028\ufeff\ufffe\uffff\U0001F600\U0010FFFD'))
TEXT = st.text(CHARS, max_size=40)
IRI_SAFE = "abcXYZ019-._~!$&'()*+,;=:@/?éßжλ中文\U0001F600"
IRIS = st.text(st.sampled_from(IRI_SAFE), max_size=30).map(lambda s: "http://example.org/" + s)
LABELS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_\-]{0,15}", fullmatch=True)


@given(TEXT, st.sampled_from(DATATYPES))
def test_ox_literal_with_datatype_round_trips(text, datatype):
    t = ox.Literal(text, datatype=ox.NamedNode(datatype))
    assert ox_term(str(t)) == t


@given(TEXT, st.sampled_from(LANGUAGES), st.sampled_from([None, ox.BaseDirection.LTR, ox.BaseDirection.RTL]))
def test_ox_literal_with_language_round_trips(text, language, direction):
    t = ox.Literal(text, language=language) if direction is None else \
        ox.Literal(text, language=language, direction=direction)
    assert ox_term(str(t)) == t


@given(IRIS, LABELS)
def test_ox_named_and_blank_nodes_round_trip(iri, label):
    for t in (ox.NamedNode(iri), ox.BlankNode(label), ox.BlankNode()):
        assert ox_term(str(t)) == t


@given(st.one_of(
    st.builds(Literal, TEXT),
    st.builds(lambda s, lang: Literal(s, lang=lang), TEXT, st.sampled_from(LANGUAGES)),
    st.builds(lambda s, dt: Literal(s, datatype=URIRef(dt)), TEXT, st.sampled_from(DATATYPES[1:])),
    IRIS.map(URIRef), LABELS.map(BNode)))
def test_rdflib_round_trip_through_to_oxigraph(x):
    assert rdflib_term(str(to_oxigraph(x))) == x


@given(TEXT)
def test_rdflib_xsd_string_comes_back_plain(text):
    back = rdflib_term(str(to_oxigraph(Literal(text, datatype=URIRef(XSD_STRING)))))
    assert back == Literal(text) and back.datatype is None and back.language is None


def _uchar(code, long, upper):
    digits = f"{code:08x}" if long or code > 0xFFFF else f"{code:04x}"
    return ("\\U" if len(digits) == 8 else "\\u") + (digits.upper() if upper else digits)


def _escape_piece():
    scalar = st.integers(0, 0x10FFFF).filter(lambda c: not 0xD800 <= c <= 0xDFFF)
    return st.one_of(
        st.sampled_from(["a", "é", "'", " ", "\U0001F600", "#", "^", "@", "<", ">"]),
        st.sampled_from([r"\t", r"\b", r"\n", r"\r", r"\f", r"\"", r"\'", r"\\"]),
        st.builds(_uchar, scalar, st.booleans(), st.booleans()))


@settings(max_examples=300)
@given(st.lists(_escape_piece(), max_size=12).map("".join), st.sampled_from(["", "@en", f"^^<{CUSTOM}>"]))
def test_any_escape_spelling_agrees_with_pyoxigraph_parser(body, suffix):
    key = f'"{body}"{suffix}'
    parsed = next(ox.parse(input=f"<http://s> <http://p> {key} .", format=ox.RdfFormat.N_TRIPLES)).object
    assert ox_term(key) == parsed
    assert parts(key)[1] == parsed.value


@pytest.mark.parametrize("key, value", [
    (r'"a\tb"', "a\tb"), (r'"a\bb"', "a\bb"), (r'"a\nb"', "a\nb"), (r'"a\rb"', "a\rb"), (r'"a\fb"', "a\fb"),
    (r'"a\"b"', 'a"b'), (r'"a\'b"', "a'b"), (r'"a\\b"', "a\\b"), (r'"\u00e9"', "é"), (r'"\u00E9t\u00e9"', "été"),
    (r'"\U0001F600"', "\U0001F600"), (r'"\\n"', "\\n"), (r'"\\\""', '\\"'), ('""', ""), ('"plain"', "plain"),
])
def test_each_escape(key, value):
    assert parts(key) == ("literal", value, XSD_STRING, None)
    assert ox_term(key) == ox.Literal(value)
    assert rdflib_term(key) == Literal(value)


def test_parts_kinds_and_datatypes():
    assert parts("<http://x/y>") == ("iri", "http://x/y", None, None)
    assert parts(r"<http://x/\u00E9\U0001F600>") == ("iri", "http://x/é\U0001F600", None, None)
    assert parts("_:b0") == ("blank", "b0", None, None)
    assert parts('"chat"@fr') == ("literal", "chat", RDF_LANG_STRING, "fr")
    assert parts('"x"@ar--rtl') == ("literal", "x", RDF_DIR_LANG_STRING, "ar--rtl")
    assert parts(f'"1"^^<{INTEGER}>') == ("literal", "1", INTEGER, None)
    assert parts(f'"x"^^<{XSD_STRING}>') == ("literal", "x", XSD_STRING, None)
    assert ox_term(r"<http://x/\u00E9>") == ox.NamedNode("http://x/é")
    assert ox_term('"x"@ar--rtl') == ox.Literal("x", language="ar", direction=ox.BaseDirection.RTL)
    assert ox_term(f'"1"^^<{INTEGER}>') == ox.Literal("1", datatype=ox.NamedNode(INTEGER))
    assert rdflib_term('"chat"@fr') == Literal("chat", lang="fr")
    assert rdflib_term(f'"1"^^<{INTEGER}>') == Literal("1", datatype=URIRef(INTEGER))
    assert rdflib_term(f'"x"^^<{XSD_STRING}>').datatype is None
    assert rdflib_term("_:b0") == BNode("b0") and rdflib_term("<http://x/y>") == URIRef("http://x/y")


@pytest.mark.parametrize("key", [
    "", "x", "<unterminated", '"no end', '"x"^^bad', "<a> <b>", "<http://a> .", "_:", "_:a b", "_:a>", '"',
    '"a\\"', r'"\q"', r'"\u12"', r'"\uD800"', r'"\U00110000"', '"a"b"', '"a\nb"', '"x" ', '"x"@', '"x"@1a',
    '"x"@en--up', '"x"^^<>', "<>", f'"x"^^<{INTEGER}', r"<http://x/\n>", r"<http://x/\'>", "http://x/y",
    '<<( <http://a> <http://b> <http://c> )>>',
])
def test_not_one_term_raises(key):
    for f in (parts, ox_term, rdflib_term):
        with pytest.raises(ValueError):
            f(key)


def test_pyoxigraph_validation_becomes_value_error():
    for key in ("<relative>", "_:-a", '"x"^^<relative>'):
        with pytest.raises(ValueError, match="not a valid RDF term"):
            ox_term(key)
    with pytest.raises(ValueError, match="base direction"):
        rdflib_term('"x"@en--ltr')
