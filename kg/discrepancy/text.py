"""Wording helpers for the discrepancy rules: content words, scope items, numbers, durations.

Input: short strings (fact labels, quantities, xsd:durations) and a topic's trigger words.
Output: normalised word sets, the scope items of a proposal label with the phrase they come from,
the numbers in a quantity, a duration in words. Pure functions, no state.

Scope: in "halt to strikes on energy infrastructure" the phrase naming the topic is "energy
infrastructure", one item (energy); in "energy and infrastructure ceasefire" it is two coordinated
items (energy, infrastructure). The phrase is the run of words around a topic word, cut at
prepositions, verbs and other function words; coordinators ("and", "or", ",") split it into items;
measure nouns (ceasefire, strikes, halt …) are dropped, and object heads (infrastructure, facilities,
sector …) are dropped when they only qualify another word of their item.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from kg.extract.dates import resolve_date
from kg.extract.wording import (  # noqa: F401 - re-exported for the rules
    _WORD, COORD, MEASURE, OBJECT_HEADS, SKIP, STOP, content_words, similar, stem,
)


_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_EXPR = re.compile(rf"\b{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
                        rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:,?\s+\d{{4}})?"
                        r"|\b\d{4}[-./]\d{1,2}[-./]\d{1,2}\b"
                        r"|\b(?:yesterday|today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday"
                        r"|sunday)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?)?$")


def _runs(tokens: list[re.Match]) -> list[list[re.Match]]:
    """Maximal runs of content words and coordinators (function words end a run, SKIP words do not)."""
    runs, cur = [], []
    for tok in tokens:
        low = tok.group().lower()
        if low in SKIP:
            continue
        if low in STOP:
            if cur:
                runs.append(cur)
            cur = []
            continue
        cur.append(tok)
    if cur:
        runs.append(cur)
    return runs


def _written(label: str, run: list[re.Match]) -> str:
    """The run as written in the label, without measure words, numbers and coordinators at its ends."""
    def edge(t: re.Match) -> bool:
        w = t.group().lower()
        return w in MEASURE or w in COORD or w[0].isdigit()
    while len(run) > 1 and edge(run[-1]):
        run = run[:-1]
    while len(run) > 1 and edge(run[0]):
        run = run[1:]
    return label[run[0].start():run[-1].end()]


def _items(run: list[str]) -> tuple[frozenset[tuple[str, ...]], int]:
    """The scope items of a run, and how many coordinated parts it has (before dropping empty ones)."""
    parts, cur = [], []
    for tok in run:
        if tok.lower() in COORD:
            parts.append(cur)
            cur = []
        else:
            cur.append(tok)
    parts.append(cur)
    items = set()
    for part in parts:
        words = [stem(w) for w in part if w.lower() not in MEASURE and not w[0].isdigit()]
        if len(words) > 1:
            words = [w for w in words if w not in OBJECT_HEADS] or words
        if words:
            items.add(tuple(words))
    return frozenset(items), len([p for p in parts if p])


def scope(label: str, topic_words: list[str]) -> tuple[frozenset[tuple[str, ...]], int, str]:
    """(items, coordinated parts, phrase as written) of the phrase of `label` naming the topic.

    Among the runs that contain a topic word, the one with the most coordinated parts wins (the first on a
    tie). No topic word in the label: (empty, 0, "").
    """
    tokens = list(_WORD.finditer(label))
    triggers = [tuple(stem(w) for w in _WORD.findall(t)) for t in topic_words]
    best: tuple[frozenset[tuple[str, ...]], int, str] = (frozenset(), 0, "")
    for run in _runs(tokens):
        stems = [stem(t.group()) for t in run]
        hit = any(trig and any(tuple(stems[i:i + len(trig)]) == trig for i in range(len(stems)))
                  for trig in triggers)
        if not hit:
            continue
        items, n = _items([t.group() for t in run])
        if items and n > best[1]:
            best = (items, n, _written(label, run))
    return best


@lru_cache(maxsize=1 << 14)  # asked once per (fact, document) pair: the same sentences and days recur
def states_date(sentence: str, day: date, ref: date | None) -> bool:
    """Whether the sentence writes a date expression naming `day` (resolved against the article's date
    `ref`), rather than the day being the article's date taken by default."""
    return any(day in (resolve_date(m.group(), ref), resolve_date(m.group(), ref, future=True))
               for m in _DATE_EXPR.finditer(sentence))


def numbers(text: str | None) -> frozenset[str]:
    """The numbers written in a quantity ("175 for 175" → {"175"})."""
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(text or ""))


def duration_words(value: str) -> str:
    """An xsd:duration in words ("P30D" → "30 days"); other strings unchanged."""
    m = _DURATION.match(value or "")
    if not m or not any(m.groups()):
        return value
    names = ("year", "month", "week", "day", "hour")
    out = [f"{int(n)} {name}{'s' if int(n) != 1 else ''}" for n, name in zip(m.groups(), names) if n]
    return " ".join(out)
