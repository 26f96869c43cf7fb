"""Actor mention resolution (kg.mentions.resolve) on hand-written sentences.

Each test names one resolution case: titles, roles at the article's date, metonymy, transliteration
variants, unlinked persons and their surnames, pronouns, joint phrases, places that are not actors and
unlinked organisations. Assertions are on the actor ids of the tokens of a phrase (Resolved.at).
"""
from __future__ import annotations

from datetime import date

import pytest

from tests.extract_helpers import ids_at, parse, run

TRUMP, PUTIN, ZELENSKY, LAVROV = "donald-trump", "vladimir-putin", "volodymyr-zelensky", "sergey-lavrov"


# ---- titles before a name ---------------------------------------------------------------------
@pytest.mark.parametrize("text, phrase, expected", [
    ("US President Donald Trump said on Monday that he wanted a deal.", "US President Donald Trump", TRUMP),
    ("Russian Foreign Minister Sergei Lavrov told reporters that no deal was close.",
     "Russian Foreign Minister Sergei Lavrov", LAVROV),
    ("Ukrainian President Volodymyr Zelenskyy said the meeting was useful.",
     "Ukrainian President Volodymyr Zelenskyy", ZELENSKY),
    ("Kremlin spokesman Dmitry Peskov told journalists the call went well.",
     "Kremlin spokesman Dmitry Peskov", "dmitry-peskov"),
])
def test_title_and_name_is_one_person(text, phrase, expected):
    doc, res = parse(text)
    assert ids_at(doc, res, phrase) == (expected,)


# ---- roles resolved at the article's date -----------------------------------------------------
@pytest.mark.parametrize("text, phrase, day, expected", [
    ("The Russian president said he was open to a meeting.", "The Russian president", date(2025, 3, 20), PUTIN),
    ("The US president said he would keep helping Kyiv.", "The US president", date(2024, 6, 1), "joe-biden"),
    ("The US president said he would keep helping Kyiv.", "The US president", date(2025, 3, 20), TRUMP),
    ("The Ukrainian leader said he was ready to travel.", "The Ukrainian leader", date(2025, 3, 20), ZELENSKY),
    ("The French president said Europe had to rearm.", "The French president", date(2025, 3, 20),
     "emmanuel-macron"),
    ("The president of Ukraine said a meeting was possible.", "The president of Ukraine", date(2025, 3, 20),
     ZELENSKY),
    ("Russia's foreign minister said the meeting was useful.", "Russia's foreign minister", date(2025, 3, 20),
     LAVROV),
])
def test_role_resolves_to_holder_on_the_day(text, phrase, day, expected):
    doc, res = parse(text, day)
    assert ids_at(doc, res, phrase) == (expected,)


# ---- institutions, capitals and collectives stand for their state ------------------------------
@pytest.mark.parametrize("text, phrase, expected", [
    ("The Kremlin said the contacts were useful.", "Kremlin", "russia"),
    ("Washington and Kyiv signed a minerals deal, the White House said.", "Washington", "united-states"),
    ("Washington and Kyiv signed a minerals deal, the White House said.", "Kyiv", "ukraine"),
    ("Washington and Kyiv signed a minerals deal, the White House said.", "White House", "united-states"),
    ("Kiev said a meeting was possible.", "Kiev", "ukraine"),
    ("The Ukrainian side said the Russians had broken the truce.", "The Ukrainian side", "ukraine"),
    ("The Ukrainian side said the Russians had broken the truce.", "Russians", "russia"),
    ("Zelensky thanked American partners for their help.", "American partners", "united-states"),
    ("US officials said the plan was ready.", "US officials", "united-states"),
    ("European leaders gathered in Paris on Monday.", "European leaders", "european-leaders"),
])
def test_metonymy_and_collectives(text, phrase, expected):
    doc, res = parse(text)
    assert ids_at(doc, res, phrase) == (expected,)


def test_pair_of_demonyms_names_both_states():
    doc, res = parse("Ukrainian and Russian delegations sat down in Istanbul.")
    assert set(ids_at(doc, res, "delegations")) == {"ukraine", "russia"}


# ---- spelling variants ------------------------------------------------------------------------
def test_zelensky_transliterations_are_one_actor():
    doc, res = parse("Zelenskiy spoke first. Zelenskyy later left the room. Volodymyr Zelensky said he was tired.")
    assert ids_at(doc, res, "Zelenskiy") == ids_at(doc, res, "Zelenskyy") == \
        ids_at(doc, res, "Volodymyr Zelensky") == (ZELENSKY,)


def test_lavrov_transliterations_are_one_actor():
    doc, res = parse("Sergey Lavrov spoke first. Then Sergei Lavrov spoke again.")
    assert ids_at(doc, res, "Sergey Lavrov") == ids_at(doc, res, "Sergei Lavrov") == (LAVROV,)


# ---- unlinked persons: the surname alone joins the full name ----------------------------------
@pytest.mark.parametrize("text, full, surname", [
    ("Jane Placeholder, a senior analyst, said the plan was vague. Placeholder said it would fail.",
     "Jane Placeholder", "Placeholder"),
    ("Selina Marchetti, an Italian diplomat, said the meeting was over. Marchetti added that nothing had changed.",
     "Selina Marchetti", "Marchetti"),
])
def test_unlinked_surname_joins_full_name(text, full, surname):
    doc, res = parse(text)
    key = ids_at(doc, res, full)
    assert len(key) == 1 and key[0].startswith("unlinked/person/")
    assert ids_at(doc, res, surname, nth=1) == key
    assert not res.unlinked[key[0]].linked and res.unlinked[key[0]].type == "Person"


def test_unlinked_surname_missed_by_ner_still_joins():
    doc, res = parse("Tomas Verhoeven said on Monday that the deal was close. Verhoeven added that it was not signed.")
    key = ids_at(doc, res, "Tomas Verhoeven")
    assert key and ids_at(doc, res, "Verhoeven", nth=1) == key


# ---- pronouns and joint phrases ----------------------------------------------------------------
def test_pronoun_after_subject():
    doc, res = parse("Putin met the envoy in Moscow. He said the meeting was productive.")
    assert ids_at(doc, res, "He") == (PUTIN,)


def test_pronoun_after_reported_clause_is_the_speaker():
    doc, res = parse("Trump said Putin had been very constructive. He added that a deal was near.")
    assert ids_at(doc, res, "He") == (TRUMP,)


@pytest.mark.parametrize("text, phrase", [
    ("Trump spoke with Putin on Tuesday. The two leaders agreed to keep talking.", "two leaders"),
    ("Trump spoke with Putin on Tuesday. Both leaders praised the talks.", "Both leaders"),
])
def test_two_leaders_after_a_pair(text, phrase):
    doc, res = parse(text)
    assert set(ids_at(doc, res, phrase)) == {TRUMP, PUTIN}


def test_two_leaders_of_one_state_are_not_a_pair():
    doc, res = parse("Putin spoke with Lavrov on Tuesday. The two leaders agreed to keep talking.")
    assert ids_at(doc, res, "two leaders") == ()


# ---- places are not actors --------------------------------------------------------------------
@pytest.mark.parametrize("text, place", [
    ("Envoys gathered in the Middle East last week.", "Middle East"),
    ("Drones struck Kharkiv overnight, Kharkiv Mayor Ihor Terekhov said.", "Kharkiv"),  # NER: Kharkiv/PERSON
])
def test_places_are_not_actors(text, place):
    doc, res = parse(text)
    assert ids_at(doc, res, place) == ()
    assert not [k for k in res.unlinked if place.lower().replace(" ", "-") in k]


def test_unlisted_town_is_not_a_country():
    _doc, res = parse("Officials in Zhytomyr said the shelling continued.")
    assert not [a for a in res.unlinked.values() if a.type == "Country"]


def test_unlisted_place_acting_as_subject_stays_an_actor():
    _doc, res = parse("Gagauzia rejected the plan.")  # tagged GPE by the NER, in subject position
    assert [a.name for a in res.unlinked.values() if a.type == "Country"] == ["Gagauzia"]


# ---- unlinked organisations --------------------------------------------------------------------
def test_unlinked_organisation_from_ner():
    doc, res, out = run("The Baltic Freedom Council called for new sanctions.")
    key = ids_at(doc, res, "Baltic Freedom Council")
    assert key == ("unlinked/organization/baltic-freedom-council",)
    actor = out.actors[key[0]]
    assert actor.type == "Organization" and actor.linked is False


def test_unlinked_actor_not_acting_is_not_exported():
    _doc, res, out = run("Selina Marchetti, an Italian diplomat, said the meeting was over.")
    assert "unlinked/person/selina-marchetti" in res.unlinked
    assert "unlinked/person/selina-marchetti" not in out.actors


def test_both_countries_after_a_pair_of_leaders_are_their_states():
    doc, res = parse("Trump spoke with Putin on Tuesday. Both countries want better relations.")
    assert set(ids_at(doc, res, "Both countries")) == {"united-states", "russia"}


def test_it_in_a_reported_clause_is_the_state_that_reports():
    from tests.extract_helpers import ids_at, parse

    doc, res = parse("The United States said on Tuesday it had reached an agreement with Ukraine.")
    assert ids_at(doc, res, "it had") == ("united-states",)
    doc, res = parse("Putin said it was too early to talk about a ceasefire.")
    assert ids_at(doc, res, "it was") == ()  # a person's "it" is not the person


def test_a_subject_named_in_apposition_is_whom_he_stands_for():
    doc, res = parse("Umerov led Kyiv's delegation. The head of the Russian delegation, Kremlin aide Vladimir "
                     "Medinsky, said Moscow was satisfied. He said Ukraine had asked for a meeting.")
    assert ids_at(doc, res, "He") == ("vladimir-medinsky",)
