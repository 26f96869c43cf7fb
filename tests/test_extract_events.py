"""Events (kg.extract.events via kg.extract.extract) on hand-written sentences.

Article date 2025-03-20 is a Thursday: "Tuesday" = 2025-03-18, "Monday" = 2025-03-17, "Sunday" = 2025-03-16.
Type, participants (as a set) and date; one node per real event; hoped-for, planned-without-participants,
negated and proposed events are not events.
"""
from __future__ import annotations

from datetime import date

import pytest

from tests.extract_helpers import run

TRUMP, PUTIN, ZELENSKY = "donald-trump", "vladimir-putin", "volodymyr-zelensky"
CALL = "Trump spoke with Putin on Tuesday. "


def evs(text, day=date(2025, 3, 20)):
    return [(e.type, set(e.participants), e.date) for e in run(text, day)[2].events]


def of_type(text, typ, day=date(2025, 3, 20)):
    return [(set(e.participants), e.date) for e in run(text, day)[2].events if e.type == typ]


# ---- the event types ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, typ, participants, day", [
    ("Trump spoke by phone with Putin on Tuesday.", "PhoneCall", {TRUMP, PUTIN}, date(2025, 3, 18)),
    ("Trump held a phone call with Putin on Tuesday.", "PhoneCall", {TRUMP, PUTIN}, date(2025, 3, 18)),
    ("On Wednesday, Trump had a conversation with Zelensky.", "PhoneCall", {TRUMP, ZELENSKY}, date(2025, 3, 19)),
    ("Lavrov and Rubio met in Riyadh on Feb. 18.", "Meeting", {"sergey-lavrov", "marco-rubio"}, date(2025, 2, 18)),
    ("Ukrainian and Russian delegations held talks in Istanbul on Monday.", "Talks", {"ukraine", "russia"},
     date(2025, 3, 17)),
    ("US and Russian delegations held talks in Riyadh on Monday.", "Talks", {"united-states", "russia"},
     date(2025, 3, 17)),
    ("Russia and Ukraine swapped 175 prisoners each on March 19.", "PrisonerExchange", {"russia", "ukraine"},
     date(2025, 3, 19)),
    ("Kyiv and Moscow exchanged 175 prisoners of war on Wednesday.", "PrisonerExchange", {"russia", "ukraine"},
     date(2025, 3, 19)),
    ("Russia and Ukraine will exchange 175 prisoners on Saturday.", "PrisonerExchange", {"russia", "ukraine"},
     date(2025, 3, 22)),
    ("The Kremlin released a statement on Tuesday.", "Statement", {"russia"}, date(2025, 3, 18)),
    ("Trump and Putin issued a joint statement on Tuesday.", "Statement", {TRUMP, PUTIN}, date(2025, 3, 18)),
    ("Russia launched a massive drone attack on Kyiv on Sunday.", "Attack", {"russia"}, date(2025, 3, 16)),
    ("Russia struck Kyiv with missiles on Sunday night.", "Attack", {"russia"}, date(2025, 3, 16)),
])
def test_event(text, typ, participants, day):
    assert evs(text) == [(typ, participants, day)]


def test_prisoner_exchange_quantity():
    (e,) = run("Russia and Ukraine swapped 175 prisoners each on March 19.")[2].events
    assert e.quantity == "175"


def test_agreement_after_call_takes_its_participants_and_date():
    got = of_type(CALL + "The two leaders agreed to halt strikes on energy facilities.", "Agreement")
    assert got == [({TRUMP, PUTIN, "united-states", "russia"}, date(2025, 3, 18))]


def test_conjoined_subject_phone_call():
    assert evs("Trump and Putin spoke by phone on Tuesday.") == [("PhoneCall", {TRUMP, PUTIN}, date(2025, 3, 18))]


@pytest.mark.parametrize("text, participants, day", [
    ("Witkoff met Putin in Moscow on March 13.", {"steve-witkoff", PUTIN}, date(2025, 3, 13)),
    ("Putin received Witkoff in the Kremlin on Thursday.", {"steve-witkoff", PUTIN}, date(2025, 3, 20)),
    ("Zelensky will meet Trump in Washington on Friday.", {ZELENSKY, TRUMP}, date(2025, 3, 21)),
])
def test_meeting_object_is_participant(text, participants, day):
    assert evs(text) == [("Meeting", participants, day)]


def test_delegations_from_states():
    assert evs("Delegations from Russia and Ukraine held talks in Istanbul on Monday.") == [
        ("Talks", {"russia", "ukraine"}, date(2025, 3, 17))]


def test_delegations_meeting_is_talks():
    assert evs("Ukrainian and Russian delegations met in Istanbul on Monday.") == [
        ("Talks", {"ukraine", "russia"}, date(2025, 3, 17))]


def test_said_in_a_statement():
    assert of_type("The Kremlin said in a statement on Tuesday that the talks were useful.", "Statement") == [
        ({"russia"}, date(2025, 3, 18))]


def test_news_conference_is_a_statement():
    assert of_type("Peskov told a news conference on Monday that the contacts were useful.", "Statement") == [
        ({"dmitry-peskov"}, date(2025, 3, 17))]


@pytest.mark.parametrize("text", [
    "Russian drones attacked Odesa overnight.",
    "Russian missiles struck Zhytomyr on Monday.",
])
def test_attack_by_demonym_weapon(text):
    assert [t for t, p, _ in evs(text) if t == "Attack" and p == {"russia"}] == ["Attack"]


# ---- one node per real event; relative dates --------------------------------------------------------------
def test_same_call_three_times_is_one_event():
    out = run(CALL + "During the call, the two leaders discussed the war. Trump later said the call was very "
              "good.")[2]
    assert [(e.type, set(e.participants), e.date, len(e.evidence)) for e in out.events] == [
        ("PhoneCall", {TRUMP, PUTIN}, date(2025, 3, 18), 3)]


def test_two_calls_two_events():
    got = of_type(CALL + "On Wednesday, Trump spoke with Zelensky.", "PhoneCall")
    assert got == [({TRUMP, PUTIN}, date(2025, 3, 18)), ({TRUMP, ZELENSKY}, date(2025, 3, 19))]


@pytest.mark.parametrize("second, day", [
    ("The previous day, Witkoff met Putin in Moscow.", date(2025, 3, 17)),
    ("That day, Zelensky met Macron in Paris.", date(2025, 3, 18)),
])
def test_relative_day(second, day):
    assert [d for _, d in of_type(CALL + second, "Meeting")] == [day]


def test_days_earlier():
    assert [d for _, d in of_type(CALL + "Witkoff met Putin in Moscow two days earlier.", "Meeting")] == [
        date(2025, 3, 16)]


def test_past_date_in_january_article():
    got = evs("Russia and Ukraine exchanged prisoners on Dec. 30.", day=date(2025, 1, 3))
    assert got == [("PrisonerExchange", {"russia", "ukraine"}, date(2024, 12, 30))]


# ---- not events ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Zelensky has not yet spoken with Putin.",
    "Zelensky proposed a halt to strikes on energy infrastructure.",  # an attack inside a proposal
    "Putin said Russia would stop attacking energy facilities.",
    "Trump called on Russia to agree to an unconditional ceasefire.",
])
def test_no_event(text):
    assert evs(text) == []


def test_hoped_for_call_is_not_an_event():
    assert evs("Zelensky hopes to speak with Trump next week.") == []


@pytest.mark.parametrize("text", [
    "Zelensky said he was ready to meet Putin in Istanbul on Thursday.",
    "Ukraine is willing to negotiate with Russia in Istanbul on Monday.",
])
def test_infinitive_trigger_is_not_an_event(text):
    assert evs(text) == []


@pytest.mark.parametrize("text", [
    "The Kremlin rejected any talks with Kyiv.",
    "Zelensky said talks with Putin were impossible.",
    "Peskov said a meeting between the presidents was possible.",
])
def test_talks_only_talked_about_are_not_an_event(text):
    assert evs(text) == []


def test_speaking_to_reporters_is_not_a_call():
    assert of_type("Zelensky spoke to reporters on Tuesday.", "PhoneCall") == []


def test_agreed_exchange_is_only_an_agreement():
    assert [t for t, _, _ in evs("Russia and Ukraine agreed to exchange 175 prisoners.")] == ["Agreement"]


@pytest.mark.parametrize("text", [
    "Trump said Putin had agreed.",
    "Trump proposed a 30-day ceasefire. Putin agreed in principle but said many questions remained.",
])
def test_one_sided_agree_is_not_an_agreement(text):
    assert of_type(text, "Agreement") == []


@pytest.mark.parametrize("text", [
    "US officials said the call would take place on Tuesday.",
    "Peskov said on Monday that the talks would continue.",
])
def test_planned_event_without_participants(text):
    assert [(t, p) for t, p, _ in evs(text) if not p] == []


@pytest.mark.parametrize("text", [
    CALL + "Both leaders agreed that the conflict needs to end.",
    CALL + "The two presidents agreed that the war must end quickly.",
    CALL + "The two leaders agreed it was important to keep talking.",
    CALL + "The two leaders agreed that a better relationship between the two countries has huge upside.",
])
def test_agreeing_that_something_ought_to_be_is_not_an_agreement(text):
    assert of_type(text, "Agreement") == []


@pytest.mark.parametrize("text", [
    CALL + "The two leaders agreed that prisoners would be exchanged on Wednesday.",
    CALL + "The two leaders agreed to halt strikes on energy facilities.",
])
def test_agreed_outcomes_stay_agreements(text):
    assert len(of_type(text, "Agreement")) == 1


def test_who_discussed_something_in_a_call_took_part_in_it():
    text = "Zelensky spoke a day after Trump and Putin discussed the idea in a lengthy phone call."
    assert evs(text) == [("PhoneCall", {TRUMP, PUTIN}, date(2025, 3, 19))]


def test_speaking_alone_is_not_a_call():
    assert of_type("Zelensky spoke on Tuesday.", "PhoneCall") == []


@pytest.mark.parametrize("text, typ, participants, day", [
    ("U.S. and Russian negotiators are expected to meet in Jeddah on Sunday.", "Talks", {"united-states", "russia"},
     date(2025, 3, 23)),
    ("Talks between Russia and Ukraine are scheduled for Monday in Istanbul.", "Talks", {"russia", "ukraine"},
     date(2025, 3, 24)),
])
def test_scheduled_event_with_parties_and_date(text, typ, participants, day):
    assert evs(text) == [(typ, participants, day)]


@pytest.mark.parametrize("text", [
    "Russia and Ukraine are not expected to meet on Monday.",
    "U.S. and Russian negotiators are expected to meet soon.",  # no date
    "Zelensky hopes to meet Putin on Monday.",
])
def test_unscheduled_or_undated_plans_are_not_events(text):
    assert evs(text) == []


def test_what_a_call_was_about_is_not_its_place():
    (e,) = run("Trump and Putin spoke on Tuesday about the Middle East.")[2].events
    assert e.type == "PhoneCall" and e.place is None
    (m,) = run("Lavrov and Rubio met in Jeddah on Feb. 18.")[2].events
    assert m.place == "Jeddah"


@pytest.mark.parametrize("text, participants", [
    ("Witkoff arrived in Moscow on Tuesday for talks with Putin.", {"steve-witkoff", PUTIN}),
    ("Zelensky travelled to Washington for a meeting with Trump on Tuesday.", {ZELENSKY, TRUMP}),
])
def test_who_travels_for_a_meeting_takes_part(text, participants):
    assert evs(text) == [("Meeting", participants, date(2025, 3, 18))]
