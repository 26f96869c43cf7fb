"""What a proposal is about, read from its words: topic, duration and scope (and a fallback topic).

Input: text or tokens of a proposal (or of any phrase) and the Context (its cue lexicons). Output: the
topic name of cues.json `topics`, an ISO 8601 duration ("P30D", "PT12H"), the noun phrase the proposal
covers ("energy infrastructure"), or None. Shared by proposals, conditions, stances and events.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from kg.extract.common import Context, phrase

__all__ = ["duration_of", "head_topic", "scope_of", "topic_of"]

_TOPIC_PATTERNS: dict[int, tuple[list, list[tuple[str, re.Pattern]]]] = {}


def topic_of(text: str, ctx: Context) -> str | None:
    """The first topic of cues.json `topics` one of whose words the text contains as a whole word."""
    topics = ctx.cue["topics"]
    hit = _TOPIC_PATTERNS.get(id(topics))
    if hit is None or hit[0] is not topics:  # one alternation per topic, compiled once per lexicon
        hit = _TOPIC_PATTERNS[id(topics)] = (topics, [
            (name, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")) for name, words in topics
            if words])
    low = text.lower()
    return next((name for name, pattern in hit[1] if pattern.search(low)), None)


def duration_of(text: str, ctx: Context) -> str | None:
    units = ctx.cue["duration_units"]
    words = ctx.cue["number_words"]
    m = re.search(r"\b(\d+|" + "|".join(words) + r")[\s-]*(" + "|".join(units) + r")\b", text.lower())
    if not m:
        for word, iso in ctx.cue["duration_words"].items():  # "a month-long truce"
            if re.search(rf"\b{re.escape(word)}\b", text.lower()):
                return iso
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else words[m.group(1)]
    unit = units[m.group(2)]
    return f"PT{n}{unit}" if unit == "H" else f"P{n}{unit}"


def scope_of(toks: list[Token], ctx: Context) -> str | None:
    """What the proposal covers, as written: the noun phrase around its topic word ("energy infrastructure",
    "navigation in the Black Sea")."""
    words = {w for _, ws in ctx.cue["topics"] for w in ws if " " not in w}
    for t in toks:
        if t.lower_ in words:
            chunk = ctx.chunk_of(t)
            ids = {x.i for x in toks}
            span = [x for x in chunk if x.i in ids and x.dep_ not in ("poss", "case")] if chunk is not None else [t]
            return phrase(span, ("the", "a", "an", "of", "on", "to", "its", "their", "this")) or None
    return None


def head_topic(toks: list[Token], ctx: Context) -> str | None:
    """Fallback topic: the object of the content's verb, or the content's first noun not generic."""
    generic = set(ctx.cue["generic_heads"])
    ids = {t.i for t in toks}
    if any(t.pos_ == "VERB" and t.lemma_.lower() in ctx.cue["meeting_verbs"] and t.head.i not in ids for t in toks):
        return "talks"  # "ready to meet Putin if …", "proposed to negotiate directly": an offer of talks
    for t in toks:
        if t.dep_ in ("dobj", "pobj") and t.pos_ == "NOUN" and t.lemma_ not in generic:
            return t.lemma_.lower()
    for t in toks:
        if t.pos_ == "NOUN" and t.lemma_ not in generic:
            return t.lemma_.lower()
    return None
