"""Stances whose target is a condition, and joint phrases resolved to the last pair of states.

A stance cue whose object is a condition noun ("rejected the demand", "dismissed the Kremlin's
conditions") targets the last condition stated by another side (by the possessor's side when named);
"both sides" after "Russian and Ukrainian delegations met" are those two states, while "the two
leaders" after two leaders talked stay those leaders.
"""
from __future__ import annotations

import pytest

from tests.extract_helpers import ids_at, parse, run

ZELENSKY, PUTIN, TRUMP = "volodymyr-zelensky", "vladimir-putin", "donald-trump"
WITHDRAW = "Russia demanded that Ukraine withdraw from four regions. "
RU_WITHDRAW = "condition|russia|withdraw"


def stances(text):
    out = run(text)[2]
    return [(s.holder, s.target, s.polarity) for s in out.stances]


# ---- stances on conditions -------------------------------------------------------------------------
@pytest.mark.parametrize("second, holder, polarity", [
    ("Kyiv rejected the demand as unacceptable.", "ukraine", "oppose"),
    ("Ukraine rejected Russia's demands.", "ukraine", "oppose"),
    ("Zelensky dismissed the Kremlin's conditions.", ZELENSKY, "oppose"),
    ("Kyiv did not accept the demand.", "ukraine", "oppose"),
    ("Kyiv turned down the demand on Friday.", "ukraine", "oppose"),
    ("Zelensky agreed to the condition.", ZELENSKY, "support"),
    ("Kyiv is considering the demand.", "ukraine", "neutral"),
    ("The European Union condemned the demands as absurd.", "european-union", "oppose"),
])
def test_stance_on_the_condition_of_the_previous_sentence(second, holder, polarity):
    assert stances(WITHDRAW + second) == [(holder, RU_WITHDRAW, polarity)]


def test_stance_on_a_condition_of_the_same_sentence():
    text = "Russia demanded that Ukraine withdraw from four regions, but Kyiv immediately rejected the demand."
    assert stances(text) == [("ukraine", RU_WITHDRAW, "oppose")]


def test_the_target_is_a_built_condition():
    out = run(WITHDRAW + "Kyiv rejected the demand.")[2]
    assert [s.target for s in out.stances] == [c.key for c in out.conditions]


def test_accepting_the_condition_of_the_other_side():
    text = "Ukraine demanded the release of all prisoners of war. Moscow accepted the condition."
    assert stances(text) == [("russia", "condition|ukraine|release", "support")]


def test_possessor_picks_that_sides_condition():
    # the last condition is Ukraine's own; "Russia's demands" are the earlier one
    text = WITHDRAW + "Ukraine demanded security guarantees. Zelensky rejected Russia's demands."
    assert stances(text) == [(ZELENSKY, RU_WITHDRAW, "oppose")]


def test_own_sides_condition_is_skipped_for_the_other_sides():
    text = "Moscow demanded that Kyiv drop its bid to join NATO. Ukraine demanded security guarantees. " \
           "Russia rejected the demand."
    assert stances(text) == [("russia", "condition|ukraine|security", "oppose")]


@pytest.mark.parametrize("second", ["Moscow accepted the demand.", "The Kremlin repeated the demand."])
def test_no_stance_on_ones_own_condition(second):
    assert stances(WITHDRAW + second) == []


def test_no_condition_no_stance():
    assert stances("Kyiv rejected the demand.") == []


def test_conditions_put_on_a_proposal_stay_a_stance_on_the_proposal():
    text = "Trump proposed a 30-day ceasefire. Putin put conditions on the truce."
    assert stances(text) == [(PUTIN, "proposal|donald-trump|ceasefire|P30D", "conditional")]


def test_a_proposal_object_wins_over_a_condition():
    text = WITHDRAW + "Trump proposed a 30-day ceasefire. Zelensky supported the proposal."
    assert stances(text) == [(ZELENSKY, "proposal|donald-trump|ceasefire|P30D", "support")]


# ---- joint phrases after two states ----------------------------------------------------------------
@pytest.mark.parametrize("text, phrase", [
    ("Russian and Ukrainian delegations met in Istanbul. Both sides agreed to meet again.", "Both sides"),
    ("The Russian and Ukrainian sides met in Istanbul. The two delegations agreed to meet again.",
     "two delegations"),
    ("Russia and Ukraine held talks in Istanbul on Friday. The two sides agreed to swap prisoners.", "two sides"),
    ("Delegations from Russia and Ukraine met in Istanbul. Both sides agreed to meet again.", "Both sides"),
    ("Trump and Putin spoke by phone on Tuesday. Later, the Russian and Ukrainian sides met in Istanbul. "
     "Both sides agreed to exchange prisoners.", "Both sides"),
])
def test_joint_phrase_after_a_pair_of_states(text, phrase):
    doc, res = parse(text)
    assert ids_at(doc, res, phrase) == ("russia", "ukraine")


def test_joint_phrase_after_states_counts_as_joint_holder():
    out = run("Russian and Ukrainian delegations met in Istanbul. Both sides agreed on the need for a truce.")[2]
    assert out.conditions == []  # a shared goal, not one side's condition


@pytest.mark.parametrize("text, phrase, expected", [
    ("Trump and Putin spoke by phone. The two leaders agreed to a 30-day halt on energy strikes.",
     "two leaders", (TRUMP, PUTIN)),
    # the leaders named later than the states
    ("The Russian and Ukrainian sides met in Istanbul. Later, Trump and Putin spoke by phone. "
     "Both sides agreed to exchange prisoners.", "Both sides", (TRUMP, PUTIN)),
    # "the two leaders" are persons even when two states were named since
    ("Trump and Putin spoke by phone. Russia and Ukraine will exchange prisoners. "
     "The two leaders also discussed the Black Sea.", "two leaders", (TRUMP, PUTIN)),
    # states in reported speech do not replace the leaders who talked
    ("Trump and Putin spoke by phone. The Kremlin said Russia and Ukraine would swap prisoners. "
     "Negotiators from both countries will meet in Jeddah.", "both countries", ("united-states", "russia")),
])
def test_person_pair_kept(text, phrase, expected):
    doc, res = parse(text)
    assert ids_at(doc, res, phrase) == expected


def test_three_states_are_not_a_pair():
    doc, res = parse("Russia, Ukraine and the United States met in Riyadh. Both sides agreed to meet again.")
    assert ids_at(doc, res, "Both sides") == ()
