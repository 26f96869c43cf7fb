"""Wording: the content words of a short text and whether two wordings say the same thing.

Input: short strings (fact labels). Output: sets of crude stems without function words and measure nouns,
and `similar(a, b)`: at least half of the shorter wording's content words are shared. Used to join a
proposal named without its proposer to the proposal it words alike (kg.extract.proposals) and to tell
whether two articles report the same condition (kg.discrepancy). Pure functions, no state.
"""
from __future__ import annotations

import re
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: words that do not name what is covered: the measure itself, or a qualifier of it
MEASURE = _words(
    "ceasefire cease-fire truce halt pause moratorium stop stopping strike strikes striking attack attacks "
    "attacking hostility hostilities ban freeze renunciation refusal cessation proposal initiative plan deal "
    "agreement commitment mutual temporary immediate full complete partial day days week weeks month months "
    "hour hours")
#: heads that only say "the things of": dropped when another word of the item qualifies them
OBJECT_HEADS = _words(
    "infrastructure facility facilities sector sectors site sites target targets object objects system "
    "systems asset assets")
#: skipped inside a phrase without ending it
SKIP = frozenset(("the", "a", "an", "its", "their", "his", "her", "all", "each", "other", "other's", "s", "any",
                  "both", "such"))
COORD = frozenset(("and", "or", ",", "&", "plus"))
#: function words ignored when comparing wordings (also end a scope phrase)
STOP = _words(
    "to of on in at for from by with within without against along across over under into onto about between "
    "among during after before since until as than that which who whom whose this these those is are was were "
    "be been being has have had do does did will would shall should can could may might must not no nor but if "
    "then so also there here it they them he she we you i our your us said says say") | SKIP

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\w.-]*|,")


def stem(word: str) -> str:
    """A crude, deterministic stem: lower case, no possessive, no plural -s."""
    w = word.lower().replace("’", "'")
    w = w.removesuffix("'s")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@lru_cache(maxsize=65536)  # the same labels are compared across many article pairs
def content_words(text: str, extra_stop: frozenset[str] = frozenset()) -> frozenset[str]:
    """Stems of the words of `text` that are neither function words, measure nouns, numbers nor `extra_stop`."""
    out = set()
    for tok in _WORD.findall(text):
        low = tok.lower()
        if tok == "," or tok[0].isdigit() or low in STOP or low in MEASURE or low in extra_stop:
            continue
        out.add(stem(tok))
    return frozenset(out)


def similar(a: str, b: str, extra_stop: frozenset[str] = frozenset()) -> bool:
    """Two wordings of the same thing: at least half of the shorter one's content words are shared."""
    wa, wb = content_words(a, extra_stop), content_words(b, extra_stop)
    if not wa or not wb:
        return False
    return len(wa & wb) * 2 >= min(len(wa), len(wb))
