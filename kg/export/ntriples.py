r"""One RDF term's N-Triples form, as pyoxigraph prints it, back into a term, without pyoxigraph's parser.

Input: the N-Triples form of ONE term, `str(t)` of a pyoxigraph NamedNode, BlankNode or Literal: `<http://x/y>`,
`_:b0`, `"a \"q\"\nb"`, `"chat"@fr`, `"x"@ar--rtl`, `"1"^^<http://www.w3.org/2001/XMLSchema#integer>`.
Output: its parts (`parts`: kind, lexical value, datatype IRI, language), the equal pyoxigraph term (`ox_term`) or
the rdflib term that kg.export.sorted_quads.to_oxigraph maps to it (`rdflib_term`; xsd:string → plain Literal).
Anything that is not exactly one term raises ValueError. Every escape N-Triples allows is undone in one regex
substitution, none if there is no backslash: ECHAR (\t \b \n \r \f \" \' \\) and UCHAR (\uXXXX, \UXXXXXXXX) in
literals, UCHAR in IRIs (Oxigraph writes none there). IRIs and blank node labels are checked for structure only
(one term): pyoxigraph's constructors validate them fully. No memo here: callers keep one term per distinct form.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

__all__ = ["RDF_DIR_LANG_STRING", "RDF_LANG_STRING", "XSD_STRING", "TermMemo", "ox_term", "parts", "rdflib_term"]

XSD_STRING = (XSD := "http://www.w3.org/2001/XMLSchema#") + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"

_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
# groups: 1 ECHAR, 2/3 UCHAR, 4 not allowed raw; in IRIs (no ECHAR there) group 1 never matches: (?!) fails
_LITERAL_ESCAPE = re.compile(r'\\(?:([tbnrf"\'\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))|([\\"\n\r])')
_IRI_ESCAPE = re.compile(r"\\(?:(?!)(.)|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))|([\\>])")
_LANGUAGE = re.compile(r"[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--(?:ltr|rtl))?")
_NOT_LABEL = re.compile(r'[\s<>"\\]')
_DATATYPES = {XSD + n: ox.NamedNode(XSD + n) for n in ("integer", "decimal", "double", "boolean", "date", "dateTime")}


def _char(m: re.Match[str]) -> str:
    i = m.lastindex
    if i == 1:
        return _ECHAR[m[1]]
    if i == 4:
        raise ValueError("a backslash starting no escape" if m[4] == "\\" else f"{m[4]!r} unescaped")
    code = int(m[i], 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise ValueError(f"escape of U+{code:04X}, not a Unicode scalar value")
    return chr(code)


def _unescape(pattern: re.Pattern[str], text: str, key: str) -> str:
    try:
        return pattern.sub(_char, text)
    except ValueError as e:
        raise ValueError(f"not one N-Triples term: {key!r} ({e})") from None


def parts(key: str) -> tuple[str, str, str | None, str | None]:
    """N-Triples form → ("iri", IRI, None, None), ("blank", label, None, None) or ("literal", lexical value,
    datatype IRI, language or None), unescaped; datatypes as pyoxigraph's: xsd:string for a plain literal,
    rdf:langString with a language, rdf:dirLangString with a base direction (language "tag--ltr"/"tag--rtl")."""
    first = key[:1]
    if first == "<":
        if key[-1] == ">" and len(key) > 2:
            iri = key[1:-1]
            return "iri", _unescape(_IRI_ESCAPE, iri, key) if ">" in iri or "\\" in iri else iri, None, None
    elif first == '"':
        end = key.rfind('"')
        if end > 0:
            value = key[1:end]
            if "\\" in value or '"' in value or "\n" in value or "\r" in value:
                value = _unescape(_LITERAL_ESCAPE, value, key)
            if end == len(key) - 1:
                return "literal", value, XSD_STRING, None
            if key[end + 1] == "@":
                tag = key[end + 2:]
                if (tag.isalpha() and tag.isascii()) or _LANGUAGE.fullmatch(tag):
                    return "literal", value, RDF_DIR_LANG_STRING if "--" in tag else RDF_LANG_STRING, tag
            elif key[-1] == ">" and key.startswith("^^<", end + 1) and len(key) > end + 5:
                iri = key[end + 4:-1]
                return "literal", value, _unescape(_IRI_ESCAPE, iri, key) if ">" in iri or "\\" in iri else iri, None
    elif first == "_" and key[1:2] == ":" and ((label := key[2:]).isalnum() or label and not _NOT_LABEL.search(label)):
        return "blank", label, None, None
    raise ValueError(f"not one N-Triples term (<IRI>, _:label or \"literal\"): {key!r}")


def ox_term(key: str) -> Any:
    """N-Triples form → the equal pyoxigraph NamedNode, BlankNode or Literal (ValueError if not one term)."""
    kind, value, datatype, language = parts(key)
    try:
        if kind == "iri":
            return ox.NamedNode(value)
        if kind == "blank":
            return ox.BlankNode(value)
        if language is not None:
            if datatype == RDF_DIR_LANG_STRING:
                tag, _, direction = language.partition("--")
                return ox.Literal(value, language=tag, direction=getattr(ox.BaseDirection, direction.upper()))
            return ox.Literal(value, language=language)
        if datatype == XSD_STRING:
            return ox.Literal(value)
        return ox.Literal(value, datatype=_DATATYPES.get(datatype) or ox.NamedNode(datatype))
    except ValueError as e:  # pyoxigraph's validation (IRI syntax, blank node label, language tag)
        raise ValueError(f"not a valid RDF term: {key!r} ({e})") from None


def rdflib_term(key: str) -> Any:
    """N-Triples form → the rdflib URIRef, BNode or Literal that to_oxigraph maps to it (xsd:string → the
    plain Literal(value)). ValueError if not one term, or for a base direction (rdflib has none)."""
    kind, value, datatype, language = parts(key)
    if kind == "iri":
        return URIRef(value)
    if kind == "blank":
        return BNode(value)
    if language is not None:
        if datatype == RDF_DIR_LANG_STRING:
            raise ValueError(f"rdflib has no literal with a base direction: {key!r}")
        return Literal(value, lang=language)
    return Literal(value) if datatype == XSD_STRING else Literal(value, datatype=URIRef(datatype))


class TermMemo(dict):
    """form → the term `convert(form)` makes (ox_term, rdflib_term), made when first asked for; forgets
    everything past `limit` entries (for streams of forms: kg.export.spill, kg.graph.validate_memo)."""

    def __init__(self, convert: Callable[[str], Any], limit: int = 1 << 15):
        super().__init__()
        self.convert, self.limit = convert, limit

    def __missing__(self, key: str) -> Any:
        if len(self) >= self.limit:
            self.clear()
        term = self[key] = self.convert(key)
        return term
