"""An indexed stand-in for spaCy's AttributeRuler that sets exactly the same attributes, faster.

Input: a loaded spaCy Language whose "attribute_ruler" holds its patterns (en_core_web_sm: 179 patterns
mapping TAG, LOWER, DEP and IS_SPACE to POS, MORPH, LEMMA, TAG, DEP). Output: the same Language with that
component replaced by "kg_attribute_index" (`use_index(nlp)`), or left as it is when a pattern uses
something the index does not know (then nothing changes).

Why: spaCy's Matcher tries every pattern at every token, which made the attribute ruler 13 % of the
pipeline's time on news text (more than the parser). Here each pattern is filed under the token value it
needs (its LOWER string, else its TAG), so a token only tries the few patterns filed under its own values.
The semantics are spaCy's (spacy/pipeline/attributeruler.py): every pattern is matched against the Doc as
it was before the component ran, then the matched attributes are set in pattern order, later patterns
winning, with spaCy's own `set_token_attrs`. tests/test_attribute_index.py compares every token's tag,
POS, morphology, lemma and dependency with both components over the test articles.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_COLUMNS = ("LOWER", "TAG", "DEP", "IS_SPACE")  # read with Doc.to_array: hashes (booleans as 0/1)
_COLUMN = {name: n for n, name in enumerate(_COLUMNS)}


class _Strings:
    """Hash → string, memoised (REGEX tests need the text; the other tests compare hashes)."""

    def __init__(self, store) -> None:
        self.store, self.memo = store, {}

    def __call__(self, h: int) -> str:
        s = self.memo.get(h)
        if s is None:
            s = self.memo[h] = self.store[h] if h else ""
        return s


def _value_test(key: str, value, strings: _Strings) -> Callable[[int], bool] | None:
    """A test of one attribute's hash, as the Matcher reads the pattern value; None if not supported."""
    def h(v):
        return int(bool(v)) if key == "IS_SPACE" else strings.store.add(v) if v else 0

    if not isinstance(value, dict):
        want = h(value)
        return lambda v: v == want
    if len(value) != 1:
        return None
    (op, arg), = value.items()
    if op == "IN":
        allowed = frozenset(h(v) for v in arg)
        return lambda v: v in allowed
    if op == "NOT_IN":
        banned = frozenset(h(v) for v in arg)
        return lambda v: v not in banned
    if op == "REGEX" and key != "IS_SPACE":
        rx, seen = re.compile(arg), {}

        def search(v: int) -> bool:
            hit = seen.get(v)
            if hit is None:
                hit = seen[v] = rx.search(strings(v)) is not None
            return hit
        return search
    return None


def _token_test(spec: dict, strings: _Strings) -> Callable[[list[int]], bool] | None:
    tests = []
    for key, value in spec.items():
        test = _value_test(key, value, strings) if key in _COLUMN else None
        if test is None:
            return None
        tests.append((_COLUMN[key], test))
    return lambda row: all(test(row[col]) for col, test in tests)


def _keys(spec: dict, strings: _Strings) -> tuple[int, list[int]] | None:
    """Where to file a pattern whose first token is `spec`: (column, hashes), or None (try at every token)."""
    for key in ("LOWER", "TAG"):
        value = spec.get(key)
        if isinstance(value, str):
            return _COLUMN[key], [strings.store.add(value)]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return _COLUMN[key], [strings.store.add(v) for v in value["IN"]]
    return None


class AttributeIndex:
    """Callable component: `AttributeIndex.from_ruler(ruler)(doc)` == `ruler(doc)`, attribute for attribute."""

    def __init__(self) -> None:
        # entries: (pattern number, token tests of the sequence, index of the token to set)
        self.filed: dict[int, dict[int, list]] = {_COLUMN["LOWER"]: {}, _COLUMN["TAG"]: {}}
        self.always: list = []
        self.attrs: list[dict] = []
        self._starts: dict[tuple[int, ...], list] = {}  # distinct token row → entries its first test passes

    @classmethod
    def from_ruler(cls, ruler) -> AttributeIndex | None:
        index = cls()
        strings = _Strings(ruler.vocab.strings)
        index.attrs = list(ruler.attrs)
        for number, pattern in enumerate(ruler.patterns):
            for sequence in pattern["patterns"]:
                tests = [_token_test(spec, strings) for spec in sequence]
                if not sequence or any(t is None for t in tests):
                    return None
                target = pattern.get("index", 0)
                target = target if target >= 0 else len(sequence) + target
                if not 0 <= target < len(sequence):
                    return None
                entry = (number, tests, target)
                filed = _keys(sequence[0], strings)
                if filed is None:
                    index.always.append(entry)
                else:
                    for value in filed[1]:
                        index.filed[filed[0]].setdefault(value, []).append(entry)
        return index

    def _first_token_matches(self, row: list[int]) -> list:
        """The entries whose first token test passes on `row` (memoised per distinct row)."""
        if len(self._starts) > 500_000:
            self._starts.clear()
        lower, tag = self.filed[_COLUMN["LOWER"]], self.filed[_COLUMN["TAG"]]
        candidates = (*lower.get(row[_COLUMN["LOWER"]], ()), *tag.get(row[_COLUMN["TAG"]], ()), *self.always)
        return sorted((e for e in candidates if e[1][0](row)), key=lambda e: e[0])

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import IDS

        rows = doc.to_array([IDS[c] for c in _COLUMNS]).tolist() if len(doc) else []
        n, starts = len(rows), self._starts
        hits: list[tuple[int, int]] = []  # (pattern number, token index): matched on the unchanged Doc
        for i, row in enumerate(rows):
            key = tuple(row)
            entries = starts.get(key)
            if entries is None:
                entries = starts[key] = self._first_token_matches(row)
            for number, tests, target in entries:
                if i + len(tests) <= n and all(test(rows[i + k]) for k, test in enumerate(tests[1:], 1)):
                    hits.append((number, i + target))
        merged: dict[int, dict] = {}  # token → attributes, later patterns overriding earlier ones
        for number, i in sorted(hits):
            merged.setdefault(i, {}).update(self.attrs[number])
        for i, attrs in merged.items():
            set_token_attrs(doc[i], attrs)
        return doc


@Language.factory("kg_attribute_index")
def make_attribute_index(nlp: Language, name: str) -> AttributeIndex:
    return AttributeIndex()  # filled by use_index() from the ruler it replaces


def use_index(nlp: Language) -> bool:
    """Replace nlp's "attribute_ruler" by the equivalent index; False (nothing changed) when not possible."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    index = AttributeIndex.from_ruler(nlp.get_pipe("attribute_ruler"))
    if index is None:
        return False
    component = nlp.replace_pipe("attribute_ruler", "kg_attribute_index")
    component.__dict__.update(index.__dict__)
    return True
