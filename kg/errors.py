"""Errors with a stable code and a hint, in the manner of spaCy's error codes.

Input: a code from CODES. Output: KgError, whose str() is one line naming the code, the message and the hint.
"""
from __future__ import annotations

CODES: dict[str, str] = {
    # input (E1xx): a file is rejected, the rest of the build goes on
    "E101": "empty file",
    "E102": "binary file",
    "E103": "undecodable text",
    "E104": "not English",
    "E105": "too large",
    "E106": "unreadable file",
    "E107": "no article text",
    "E108": "malformed JSON Lines record",
    "E109": "unsupported input",
    "E110": "extraction failed",
    # model and configuration (E2xx)
    "E201": "spaCy model not installed",
    "E202": "bad configuration",
    "E203": "output folder not writable",
    # graph, ontology, query (E3xx)
    "E301": "graph file unreadable",
    "E302": "SPARQL query error",
    "E303": "unknown bundled query",
    "E304": "SPARQL endpoint error",
    "E305": "gold annotations unreadable",
    # warnings (W1xx): the file is still built
    "W101": "impossible date in header",
    "W102": "fallback decoding",
    "W103": "page chrome removed",
    "W104": "unparseable date in record",
    "W105": "unsupported files skipped",
    "W106": "duplicate document id renamed",
}


class KgError(Exception):
    """A user-facing error: `code` is stable, `hint` says what to do next."""

    def __init__(self, code: str, message: str, hint: str = "", path: str | None = None):
        assert code in CODES, code
        self.code, self.message, self.hint, self.path = code, message, hint, path
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}{self.code} {CODES[self.code]}: {self.message}{hint}"


class InputRejected(KgError):
    """One input file cannot be built; the others still are."""
