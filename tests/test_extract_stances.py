"""Stances (kg.extract.stances via kg.extract.extract) on hand-written sentences.

One stance per (holder, target); polarity from the cue and its negation/conditions; the target is a
proposal (also through anaphora); no stance without a proposal; the person rather than the state they
speak for; the proposer's own support is no stance.
"""
from __future__ import annotations

import pytest

from tests.extract_helpers import run

TRUMP, PUTIN, ZELENSKY = "donald-trump", "vladimir-putin", "volodymyr-zelensky"
PROPOSAL = "Trump proposed a 30-day ceasefire. "
TRUMP_30 = "proposal|donald-trump|ceasefire|P30D"


def stances(text):
    out = run(text)[2]
    return [(s.holder, s.target, s.polarity) for s in out.stances]


# ---- polarity ------------------------------------------------------------------------------------
@pytest.mark.parametrize("second, holder, polarity", [
    ("Zelensky supported the proposal.", ZELENSKY, "support"),
    ("Kyiv backed the initiative.", "ukraine", "support"),
    ("Macron welcomed the proposal.", "emmanuel-macron", "support"),
    ("The EU endorsed the plan.", "european-union", "support"),
    ("Zelensky said Ukraine accepts the proposal.", ZELENSKY, "support"),
    ("Moscow rejected the proposal.", "russia", "oppose"),
    ("Lavrov dismissed the idea.", "sergey-lavrov", "oppose"),
    ("Putin refused to accept the proposal.", PUTIN, "oppose"),
    ("Putin did not support the proposal.", PUTIN, "oppose"),
    ("Zelensky did not reject the proposal.", ZELENSKY, "neutral"),
    ("The Kremlin said it will study the initiative.", "russia", "neutral"),
    ("Putin said he would consider the proposal.", PUTIN, "neutral"),
    ("Zelensky said Ukraine has not yet accepted the proposal.", ZELENSKY, "neutral"),
    ("Putin put conditions on the proposal.", PUTIN, "conditional"),
    ("Zelensky said Ukraine would support the proposal if Russia did the same.", ZELENSKY, "conditional"),
    ("Putin welcomed this initiative.", PUTIN, "support"),
    ("Erdogan praised the proposal.", "recep-tayyip-erdogan", "support"),
    ("Putin ruled out the ceasefire.", PUTIN, "oppose"),
    ("Hungary blocked the proposal.", "hungary", "oppose"),
    ("Moscow objected to the proposal.", "russia", "oppose"),
    ("The Kremlin took note of the proposal.", "russia", "neutral"),
])
def test_polarity(second, holder, polarity):
    assert stances(PROPOSAL + second) == [(holder, TRUMP_30, polarity)]


def test_yet_to_accept_is_neutral():
    assert stances(PROPOSAL + "Russia has yet to accept the proposal.") == [("russia", TRUMP_30, "neutral")]


def test_agree_to_proposal_in_principle_is_conditional():
    assert stances(PROPOSAL + "Putin agreed to the proposal in principle but said many questions remained.") == [
        (PUTIN, TRUMP_30, "conditional")]


@pytest.mark.parametrize("second, holder, polarity", [
    ("Putin agreed in principle but said many questions remained.", PUTIN, "conditional"),  # "in" is no object
    ("Russia rejected it.", "russia", "oppose"),
    ("Zelensky said Ukraine was ready to accept it.", ZELENSKY, "support"),
])
def test_stance_on_proposal_of_previous_sentence_without_noun(second, holder, polarity):
    assert stances(PROPOSAL + second) == [(holder, TRUMP_30, polarity)]


@pytest.mark.parametrize("text, holder", [
    ("Trump's proposal for a 30-day ceasefire was welcomed by Zelensky.", ZELENSKY),
    ("Trump's proposal for a 30-day ceasefire was rejected by the Kremlin.", "russia"),
])
def test_passive_stance(text, holder):
    assert [(h, p) for h, _, p in stances(text)] == [(holder, "support" if "welcomed" in text else "oppose")]


def test_support_with_condition_in_same_sentence_is_conditional():
    got = stances("Putin said Russia would accept Trump's ceasefire proposal provided that Kyiv halted "
                  "mobilization.")
    assert [(h, p) for h, _, p in got] == [(PUTIN, "conditional")]


# ---- one stance per (holder, target); the person before the state --------------------------------------
def test_state_and_its_leader_give_one_stance_for_the_leader():
    got = stances(PROPOSAL + "Russia supported the proposal. Putin also backed the initiative.")
    assert got == [(PUTIN, TRUMP_30, "support")]


def test_state_position_reported_by_its_leader_is_the_leader():
    assert stances(PROPOSAL + "Putin said Russia supported the initiative.") == [(PUTIN, TRUMP_30, "support")]


def test_repeated_stance_is_one():
    got = stances(PROPOSAL + "Zelensky welcomed the proposal. Later, Zelensky again backed the initiative.")
    assert got == [(ZELENSKY, TRUMP_30, "support")]


def test_two_holders_two_stances():
    got = stances(PROPOSAL + "Zelensky welcomed the proposal. Moscow rejected the plan.")
    assert sorted(got) == [("russia", TRUMP_30, "oppose"), (ZELENSKY, TRUMP_30, "support")]


# ---- targets ------------------------------------------------------------------------------------------
def test_target_is_the_proposal_named_in_the_sentence():
    got = stances("Zelensky welcomed Trump's proposal for a 30-day ceasefire.")
    assert got == [(ZELENSKY, TRUMP_30, "support")]


def test_relative_clause_target():
    assert stances("Trump proposed a 30-day ceasefire, which Zelensky welcomed.") == [
        (ZELENSKY, TRUMP_30, "support")]


def test_demonym_adjective_picks_the_right_proposal():
    got = stances("Putin proposed a three-day truce in May. Zelensky rejected the Russian proposal.")
    assert got == [(ZELENSKY, "proposal|vladimir-putin|ceasefire|P3D", "oppose")]


# ---- no stance --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Putin backed the ceasefire.",  # nobody proposed it
    "The Kremlin rejected any talks.",
    "Zelensky welcomed the news.",
    PROPOSAL + "Trump said he strongly supported his proposal.",  # the proposer's own support
    PROPOSAL + "The United States supports the proposal.",  # the proposer's own state
])
def test_no_stance(text):
    assert stances(text) == []
