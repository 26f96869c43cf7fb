"""Named entities where kg can use them: spaCy's trained NER run on windows around candidate tokens.

Input: a Doc after the tagger, the parser's sentence starts and the gazetteer ruler
(`doc.spans["gazetteer"]`). Output: the same Doc with `doc.ents` set by the pipeline's own NER model.

kg reads entities for three things only: names the gazetteer does not know (a capitalised token), dates
and times (a digit, a number word or a calendar word such as "week" or "yesterday": the `time_words` of
cues.json `entity_window`), and counts (a number). A name the gazetteer matched is linked from the
gazetteer, so its entity label is not needed. Tokens of those kinds outside the gazetteer's matches are
*triggers*; the NER model runs on the stretches of ±margin tokens around them (merged where they touch)
and keeps the entities that contain a trigger. The model's features for a token come from its neighbours
four tokens either side (a MaxoutWindowEncoder of depth 4, window 1), so with the default margin of 5 a
trigger is tagged with the same evidence as in a whole-document pass; on kg's test and probe articles the
entities containing a trigger were the same as a whole-document pass's but for header lines. About half
the tokens of a news article fall in a window, which halves the NER's time, spaCy's costliest component.

`KG_NER=full` (or `Settings(full_ner=True)`, `kg build --full-ner`) runs the NER over whole documents.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.attrs import NORM, ORTH, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from kg.rules_data import cues

NONE, CAPITAL, STRONG = 0, 1, 2
#: a capitalised first word of a sentence is a candidate only with one of these tags ("Ukrainian", "Kyiv")
FIRST_WORD_TAGS = ("NNP", "NNPS", "JJ")


@Language.factory("kg_entity_windows", default_config={"margin": None, "batch_size": 256})
def make_entity_windows(nlp: Language, name: str, margin: int | None, batch_size: int) -> EntityWindows:
    settings = cues()["entity_window"]
    return EntityWindows(nlp, name, settings["margin"] if margin is None else margin, settings["time_words"],
                         batch_size)


class EntityWindows:
    """A pipeline component wrapping the (disabled) `ner` component of the same pipeline."""

    def __init__(self, nlp: Language, name: str, margin: int, time_words: Iterable[str], batch_size: int):
        self.nlp, self.name, self.margin, self.batch_size = nlp, name, margin, batch_size
        self.time_words = frozenset(w.lower() for w in time_words)
        strings = nlp.vocab.strings
        self.first_word_tags = {strings.add(t) for t in FIRST_WORD_TAGS}
        self.pronoun_tag = strings.add("PRP")
        self._kinds: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        ner = self.nlp.get_pipe("ner")
        for batch in minibatch(docs, batch_size):
            pieces, found = [], {id(doc): [] for doc in batch}
            for doc in batch:
                pieces += self._windows(doc)
            subs = (sub for _, _, _, sub in pieces)
            for (doc, lo, triggers, _), sub in zip(pieces, ner.pipe(subs, batch_size=self.batch_size)):
                for ent in sub.ents:
                    if any(lo + i in triggers for i in range(ent.start, ent.end)):
                        found[id(doc)].append(Span(doc, lo + ent.start, lo + ent.end, label=ent.label))
            for doc in batch:
                doc.set_ents(found[id(doc)], default="outside")
                yield doc

    def kind(self, orth: int) -> int:
        """What a word can start, by its text alone: STRONG (digit, number or time word), CAPITAL, NONE."""
        kind = self._kinds.get(orth)
        if kind is None:
            lex = self.nlp.vocab[orth]
            text = lex.text
            if lex.like_num or any(c.isdigit() for c in text) or text.lower() in self.time_words:
                kind = STRONG
            else:
                kind = CAPITAL if any(c.isupper() for c in text) else NONE
            self._kinds[orth] = kind
        return kind

    def triggers(self, doc: Doc) -> list[int]:
        """The token indices that can belong to an entity kg reads, outside the gazetteer's matches."""
        covered = {i for span in doc.spans.get("gazetteer", ()) for i in range(span.start, span.end)}
        found = []
        for i, (orth, tag, start) in enumerate(doc.to_array([ORTH, TAG, SENT_START]).tolist()):
            kind = self.kind(orth)
            if kind == NONE or i in covered:
                continue
            if kind == CAPITAL and (tag == self.pronoun_tag or (start == 1 and tag not in self.first_word_tags)):
                continue
            found.append(i)
        return found

    def _windows(self, doc: Doc) -> list[tuple[Doc, int, set[int], Doc]]:
        """(doc, offset, triggers, sub-Doc) for each merged window of ±margin tokens around the triggers."""
        triggers = self.triggers(doc)
        spans: list[list[int]] = []
        for i in triggers:
            lo, hi = max(0, i - self.margin), min(len(doc), i + self.margin + 1)
            if spans and lo <= spans[-1][1]:
                spans[-1][1] = hi
            else:
                spans.append([lo, hi])
        if not spans:
            return []
        rows = doc.to_array([ORTH, SPACY, NORM])
        strings, marks = doc.vocab.strings, set(triggers)
        out = []
        for lo, hi in spans:
            part = rows[lo:hi]
            sub = Doc(doc.vocab, words=[strings[o] for o in part[:, 0].tolist()],
                      spaces=[bool(s) for s in part[:, 1].tolist()])
            sub.from_array([NORM], part[:, 2:3].copy())  # tokenizer exceptions set norms ("n't" → "not")
            out.append((doc, lo, marks, sub))
        return out
