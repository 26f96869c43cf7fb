"""Proposals (kg.extract.proposals via kg.extract.extract) on hand-written sentences.

Proposer cues: possessor, agent, subject of a trigger verb, compound/adjective, light verb, "call for",
pledge verbs; durations; anaphora to an earlier proposal; proposal words with nobody proposing.
"""
from __future__ import annotations

import pytest

from tests.extract_helpers import run

TRUMP, PUTIN, ZELENSKY = "donald-trump", "vladimir-putin", "volodymyr-zelensky"


def only(out):
    assert len(out.proposals) == 1, [(p.proposers, p.label) for p in out.proposals]
    return out.proposals[0]


# ---- who proposes ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, proposer, word", [
    ("Macron's proposal for a month-long truce in the air and at sea was discussed in London.",
     "emmanuel-macron", "air"),  # possessor
    ("A proposal by Turkey to host talks was welcomed by the UN.", "turkey", "host"),  # agent
    ("Erdogan proposed hosting a new round of talks in Istanbul.", "recep-tayyip-erdogan", "Istanbul"),  # subject
    ("Moscow rejected the U.S. proposal for a ceasefire.", "united-states", "ceasefire"),  # compound
    ("Zelensky made an offer to exchange all prisoners.", ZELENSKY, "prisoners"),  # light verb
    ("Guterres called for an immediate ceasefire.", "antonio-guterres", "ceasefire"),  # call for
    ("Witkoff presented a new peace plan.", "steve-witkoff", "peace"),  # light verb 'present'
    ("Zelensky urged Russia to accept the truce.", ZELENSKY, "truce"),  # urge
    ("Putin promised to release all Ukrainian prisoners.", PUTIN, "prisoners"),  # pledge
    ("Erdogan offered to host the talks.", "recep-tayyip-erdogan", "host"),  # offer + infinitive
    ("Kyiv requested more air defense systems from Washington.", "ukraine", "air"),  # request (verb)
    ("Zelensky renewed his request for air defense systems.", ZELENSKY, "air"),  # request, possessive pronoun
    ("The Baltic Freedom Council called for new sanctions.", "unlinked/organization/baltic-freedom-council",
     "sanctions"),
    ("Macron said a lasting peace required guarantees and proposed that European troops monitor the truce.",
     "emmanuel-macron", "troops"),  # second verb hung on the reported clause by the parser
    ("Donald Trump, for his part, spoke in favour of an early ceasefire.", "donald-trump", "ceasefire"),  # advocacy
    ("Macron advocated a European monitoring mission.", "emmanuel-macron", "monitoring"),
])
def test_proposer(text, proposer, word):
    p = only(run(text)[2])
    assert p.proposers == [proposer]
    assert word.lower() in (p.label + " " + p.evidence[0].text).lower()


def test_state_proposal_voiced_by_its_leader_is_the_leader():
    p = only(run("According to Zelensky, Ukraine proposed an exchange of all prisoners.")[2])
    assert p.proposers == [ZELENSKY]


def test_participle_proposed_before_noun():
    p = only(run("Moscow rejected a U.S. proposed ceasefire.")[2])
    assert p.proposers == ["united-states"] and p.topic == "ceasefire"


def test_hyphenated_country_proposed():
    p = only(run("Kyiv accepted the U.S.-proposed 30-day ceasefire.")[2])
    assert p.proposers == ["united-states"] and p.duration == "P30D"


@pytest.mark.parametrize("text, proposer", [
    ("Moscow rejected the truce proposed by Washington.", "united-states"),
    ("The plan, put forward by France, envisages a month-long truce.", "france"),  # "forward" as advmod
])
def test_participle_proposed_by(text, proposer):
    p = only(run(text)[2])
    assert p.proposers == [proposer]


def test_call_on_someone_to_do():
    p = only(run("Trump called on Putin to accept a ceasefire.")[2])
    assert p.proposers == [TRUMP] and p.topic == "ceasefire"


def test_ask_for_is_a_request():
    p = only(run("Zelensky asked the United States for more air defense systems.")[2])
    assert p.proposers == [ZELENSKY]


def test_request_object_of_other_verb():
    p = only(run("Zelensky renewed a request for air defense systems.")[2])
    assert p.proposers == [ZELENSKY]


# ---- durations --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, duration", [
    ("Trump proposed a 30-day ceasefire.", "P30D"),
    ("Putin proposed a three-day truce over the holiday.", "P3D"),
    ("Trump proposed a ceasefire of 30 days.", "P30D"),
    ("Zelensky proposed a truce.", None),
])
def test_duration(text, duration):
    assert only(run(text)[2]).duration == duration


def test_duration_month_long():
    assert only(run("Macron proposed a month-long truce in the air and at sea.")[2]).duration == "P1M"


# ---- anaphora and distinct proposals ------------------------------------------------------------
@pytest.mark.parametrize("second", [
    "The Kremlin said it would study the initiative.",
    "The Kremlin said it would study this proposal.",
    "Zelensky backed the American idea.",
])
def test_anaphora_reuses_the_proposal(second):
    out = run("Trump proposed a 30-day ceasefire on energy infrastructure. " + second)[2]
    p = only(out)
    assert p.proposers == [TRUMP] and len(p.evidence) == 2
    assert [s.target for s in out.stances] == [p.key]


def test_two_proposers_two_proposals():
    out = run("Zelensky proposed a prisoner exchange. Putin proposed a ceasefire.")[2]
    assert sorted((p.proposers[0], p.topic) for p in out.proposals) == [
        (PUTIN, "ceasefire"), (ZELENSKY, "prisoners")]


def test_possessive_picks_the_right_earlier_proposal():
    out = run("Macron proposed a truce in the air and at sea. Trump proposed a 30-day ceasefire. "
              "The Kremlin rejected Macron's initiative.")[2]
    assert len(out.proposals) == 2
    (s,) = out.stances
    assert s.target.startswith("proposal|emmanuel-macron|")


# ---- no proposer, no proposal -------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "A ceasefire was discussed.",
    "The ceasefire proposal was discussed at length.",
    "Both sides stressed the need for peace.",
    "Trump and Putin spoke by phone for two hours.",
    "Zelensky did not promise anything.",
    "The Kremlin said the vote was in favour of Russia.",  # "in favour of" without a verb advocating it
])
def test_no_proposal(text):
    assert run(text)[2].proposals == []


def test_infinitive_hung_on_the_verb_is_the_content():
    """"welcomed the U.S. initiative to restore …": the parser attaches "to restore" to "welcomed"."""
    p = only(run("The Kremlin welcomed the U.S. initiative to restore the Black Sea grain deal.")[2])
    assert p.proposers == ["united-states"] and "grain deal" in p.label


def test_relative_clause_is_not_part_of_the_label():
    p = only(run("Witkoff proposed a prisoner swap, which Moscow accepted.")[2])
    assert p.label == "prisoner swap"


def test_topic_of_matches_whole_words_as_the_lexicon_lists_them():
    """topic_of compiles one alternation per topic; it must answer as a word-by-word search does."""
    import re

    from kg.extract.common import Context
    from kg.extract.proposals import topic_of
    from kg.rules_data import cues

    def reference(text: str) -> str | None:
        low = text.lower()
        return next((name for name, words in cues()["topics"]
                     if any(re.search(rf"\b{re.escape(w)}\b", low) for w in words)), None)

    ctx = Context.__new__(Context)
    ctx.cue = cues()
    words = [w for _, ws in cues()["topics"] for w in ws]
    texts = [f"They discussed {w} today" for w in words] + [f"the {w}s and pre{w}" for w in words] + \
        ["Nothing of the kind", "", "A CEASEFIRE NOW"]
    assert [topic_of(t, ctx) for t in texts] == [reference(t) for t in texts]
    assert topic_of(f"on {words[0]}", ctx) is not None
