"""Deterministic IRI minting: the same key gives the same IRI in every build, on every machine.

Input: a kind ("actor", "proposal", "evidence", …) and a key string. Output: an rdflib URIRef under
https://w3id.org/newskg/id/<kind>/. Actor, document and build keys made only of safe characters
([A-Za-z0-9._~-] segments starting with a letter or digit, joined by '/') stay readable
(id/actor/donald-trump); any other key, and every fact, becomes '_' + 20 hex digits of its SHA-256, so
any Unicode, quote, bracket, backslash or control character is safe, and no readable IRI can equal a
hashed one (a readable segment never starts with '_').
"""
from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

from kg.graph.vocab import ID

READABLE = {"actor", "document", "build"}
SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9][A-Za-z0-9._~-]*)*")


def digest(key: str, n: int = 20) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def local_name(kind: str, key: str) -> str:
    """The part after id/<kind>/: the key itself when readable and safe, else '_' + its digest."""
    if kind in READABLE and SAFE.fullmatch(key) and len(key) <= 200:
        return key
    return "_" + digest(key)


def mint(kind: str, key: str) -> URIRef:
    """The IRI of a `kind` node whose identity is `key`."""
    if not re.fullmatch(r"[a-z]+", kind):
        raise ValueError(f"bad IRI kind {kind!r}")
    return URIRef(f"{ID}{kind}/{local_name(kind, key)}")


def evidence_iri(doc_id: str, begin: int, end: int) -> URIRef:
    return mint("evidence", f"{doc_id}\x00{begin}\x00{end}")
