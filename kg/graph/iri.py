"""Deterministic IRI minting: the same key gives the same IRI in every build, on every machine.

Input: a kind ("actor", "proposal", "evidence", …) and a key string. Output: an rdflib URIRef under
https://w3id.org/newskg/id/. Readable keys (actor ids, document names) are kept readable but
percent-encoded outside [A-Za-z0-9._~-/]; facts get the first 20 hex digits of the key's SHA-256.
"""
from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import URIRef

from kg.graph.vocab import ID

READABLE = {"actor", "document", "build"}


def safe_segment(text: str) -> str:
    """Percent-encode everything but unreserved characters and '/', after NFC-free UTF-8 encoding."""
    out = quote(text, safe="/-._~")
    out = "/".join(part if part not in ("", ".", "..") else f"%2E{part[1:]}" if part else "_"
                   for part in out.split("/"))
    return out or "_"


def digest(key: str, n: int = 20) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def mint(kind: str, key: str) -> URIRef:
    """The IRI of a `kind` node whose identity is `key`."""
    if kind in READABLE:
        return URIRef(f"{ID}{kind}/{safe_segment(key)}")
    return URIRef(f"{ID}{kind}/{digest(key)}")


def evidence_iri(doc_id: str, begin: int, end: int) -> URIRef:
    return mint("evidence", f"{doc_id}\x00{begin}\x00{end}")
