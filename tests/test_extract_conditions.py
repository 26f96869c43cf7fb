"""Conditions (kg.extract.conditions via kg.extract.extract) on hand-written sentences.

Holder = the actor who states the requirement (never the one who must act); `on` = the proposal the
requirement is attached to, or None for a settlement in general; one condition per listed item.
"""
from __future__ import annotations

import pytest

from tests.extract_helpers import run

TRUMP, PUTIN, ZELENSKY = "donald-trump", "vladimir-putin", "volodymyr-zelensky"
TRUMP_30 = "proposal|donald-trump|ceasefire|P30D"
PROPOSAL = "Trump proposed a 30-day ceasefire. "


def conds(text):
    return run(text)[2].conditions


def one(text):
    cs = conds(text)
    assert len(cs) == 1, [(c.holders, c.label, c.on) for c in cs]
    return cs[0]


# ---- condition verbs and nouns -------------------------------------------------------------------
@pytest.mark.parametrize("text, holder, word", [
    ("Moscow insists that Ukraine withdraw from the four regions.", "russia", "withdraw"),
    ("Moscow insists on Ukraine's withdrawal from the four regions.", "russia", "withdrawal"),
    ("Lavrov demanded that NATO rule out membership for Ukraine.", "sergey-lavrov", "NATO"),
    ("The Kremlin demanded an end to foreign military aid to Kyiv.", "russia", "aid"),
    ("Peskov said a key condition for a settlement is an end to Western arms supplies.", "dmitry-peskov", "arms"),
    ("Zelensky stressed that there could be no peace without security guarantees.", ZELENSKY, "guarantees"),
    ("The Kremlin said the deal would only come into force after sanctions were lifted.", "russia", "sanctions"),
    ("Putin said Russia would not agree to a ceasefire until Ukraine stops mobilization.", "vladimir-putin",
     "mobilization"),
    ("Lavrov said Moscow would need clear guarantees.", "sergey-lavrov", "guarantees"),
    ("Putin said any ceasefire must be accompanied by guarantees.", "vladimir-putin", "guarantees"),  # passive
])
def test_condition_without_proposal(text, holder, word):
    c = one(text)
    assert c.holders == [holder]
    assert c.on is None
    assert word.lower() in c.label.lower()


def test_list_gives_one_condition_per_item():
    cs = conds("The Kremlin set out three conditions: an end to mobilization, a halt to arms deliveries "
               "and elections in Ukraine.")
    assert len(cs) == 3
    assert {c.holders[0] for c in cs} == {"russia"}
    labels = " | ".join(c.label for c in cs)
    for word in ("mobilization", "arms", "elections"):
        assert word in labels


def test_list_of_demands_after_colon():
    cs = conds("The Kremlin listed its demands: recognition of Crimea and the lifting of sanctions.")
    assert sorted(c.label for c in cs) == ["lifting of sanctions", "recognition of Crimea"]


def test_demands_include():
    c = one("Russia's demands include the recognition of Crimea as Russian territory.")
    assert c.holders == ["russia"] and "Crimea" in c.label


# ---- modal need said by someone else ---------------------------------------------------------------
@pytest.mark.parametrize("text, holder, word", [
    ("Kyiv said any deal must include security guarantees.", "ukraine", "guarantees"),
    ("The Kremlin said any settlement must take into account Russia's security interests.", "russia", "interests"),
])
def test_modal_with_thing_subject(text, holder, word):
    c = one(text)
    assert c.holders == [holder] and word in c.label


@pytest.mark.parametrize("text, holder", [
    ("Zelensky said Russia must stop its attacks before any talks.", ZELENSKY),
    ("Kyiv said the Russian side must first agree to an unconditional ceasefire.", "ukraine"),
    ("Putin said Kyiv must stop mobilization during any truce.", PUTIN),
])
def test_modal_must_holder_is_the_speaker(text, holder):
    assert one(text).holders == [holder]


def test_need_to_said_by_someone_else():
    c = one("Russia needs to show it wants peace, Zelensky said.")
    assert c.holders == [ZELENSKY]


# ---- conditional clauses tied to a proposal ------------------------------------------------------------
@pytest.mark.parametrize("text, on_prefix, holder, word", [
    (PROPOSAL + "Putin said he would accept a ceasefire only if Western arms deliveries stopped.",
     TRUMP_30, PUTIN, "arms"),
    ("Putin said Russia would accept Trump's ceasefire proposal provided that Kyiv halted mobilization.",
     "proposal|donald-trump|ceasefire", PUTIN, "mobilization"),
    ("Zelensky said Ukraine would back the U.S. ceasefire proposal only if it included security guarantees.",
     "proposal|united-states|ceasefire", ZELENSKY, "guarantees"),
    (PROPOSAL + "The Kremlin said the truce would only work if Ukraine stopped mobilization.",
     TRUMP_30, "russia", "mobilization"),
    (PROPOSAL + "Putin said it was a good idea but that several issues had to be settled first, including "
     "control over the front line.", TRUMP_30, PUTIN, "control"),
])
def test_condition_on_proposal(text, on_prefix, holder, word):
    c = one(text)
    assert c.holders == [holder]
    assert c.on is not None and c.on.startswith(on_prefix)
    assert word in c.label


def test_without_refers_to_previous_proposal():
    c = one("Trump proposed a 30-day ceasefire. Putin said it would not work without strict monitoring.")
    assert c.holders == [PUTIN] and c.on == TRUMP_30


def test_own_terms_are_not_a_condition():
    out = run("Trump offered a ceasefire on condition that Russia halted strikes.")[2]
    assert len(out.proposals) == 1 and out.conditions == []


# ---- not conditions -------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Trump proposed a ceasefire. Putin did not demand anything in return.",
    "He did not demand anything.",
    "Both sides agreed on the need for a lasting peace.",
    "Putin and Trump agreed on the need for a lasting peace.",
    "Russia and the United States agreed on the need to restore embassies.",
    "Trump and Putin discussed the need for a ceasefire.",
    "If the talks fail, the war will go on.",
    "The talks began after the delegations arrived.",  # "after" without "only"
    "Zelensky said Ukraine did not need more time.",
])
def test_no_condition(text):
    assert conds(text) == []
