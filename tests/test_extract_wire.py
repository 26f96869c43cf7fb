"""Patterns found on wire copy written in other styles (Reuters/AP/TASS-like reports of the March 2025
ceasefire diplomacy), each a general rule: joint offers, "provided" clauses, what a proposed thing
"should" do, hosted calls, meetings that are not ("received weapons"), accepting a proposal is no
agreement, and talks named under a noun ("a news conference following talks with …").

Input: hand-written sentences through tests.extract_helpers.run. Output: pytest results.
"""
from __future__ import annotations

from datetime import date

import pytest

from tests.extract_helpers import conditions, events, proposals, run, stances

US_TRUCE = "The United States proposed a 30-day ceasefire. "


def test_states_named_one_by_one_offer_together():
    out = run("Britain and France have offered to send troops to Ukraine to police a future truce.")[2]
    assert [p for p, _, _ in proposals(out)] == [["france", "united-kingdom"]]
    assert run("A U.S.-Russian delegation is pushing for a new round of talks.")[2].proposals == []


def test_a_provided_clause_is_a_condition_and_makes_the_stance_conditional():
    out = run(US_TRUCE + "Ukraine said it was ready to accept the proposal, provided Russia accepts and "
                         "implements it at the same time.")[2]
    [(holder, label, on)] = conditions(out)
    assert holder == "ukraine" and label.startswith("Russia accepts") and on.startswith("proposal|united-states")
    assert stances(out) == [("ukraine", "conditional")]


def test_a_proposal_to_stop_hostilities_is_the_ceasefire_proposal():
    out = run(US_TRUCE + "Russia agrees with the proposal to cease hostilities, Putin said.")[2]
    assert stances(out) == [("vladimir-putin", "support")]
    assert [s.target for s in out.stances] == [p.key for p in out.proposals]


def test_what_the_proposed_thing_should_do_is_a_condition_on_it():
    out = run(US_TRUCE + "\"We agree with the proposals to cease hostilities, but the ceasefire should lead to "
                         "a long-term peace,\" Putin said.")[2]
    [(holder, label, on)] = conditions(out)
    assert holder == "vladimir-putin" and "long-term peace" in label and on == out.proposals[0].key
    assert stances(out) == [("vladimir-putin", "conditional")]
    assert events(out, "Agreement") == []  # agreeing with a proposal is a stance on it
    out = run(US_TRUCE + "The truce should start next week, Peskov said.")[2]  # no stance: a plain view
    assert out.conditions == []


def test_agreeing_with_a_proposal_is_no_agreement_but_agreeing_to_a_truce_is():
    assert events(run("\"We agree with the proposals to cease hostilities,\" Putin said.")[2], "Agreement") == []
    [e] = events(run("Russia and Ukraine agreed to a 30-day truce on Tuesday.")[2], "Agreement")
    assert set(e.participants) == {"russia", "ukraine"}


def test_a_hosted_call_is_an_event_of_its_host():
    [e] = events(run("British Prime Minister Keir Starmer on Saturday hosted a video call with about 25 "
                     "leaders to discuss the plans.")[2])
    assert e.type == "PhoneCall" and e.participants == ["keir-starmer"]


def test_receiving_things_is_no_meeting_receiving_people_is():
    assert events(run("Putin asked whether Ukraine would receive weapons.")[2]) == []
    assert events(run("Ukraine will receive more air defence systems next month.")[2]) == []
    [e] = events(run("Putin received Witkoff in the Kremlin on Thursday.")[2])
    assert e.type == "Meeting" and set(e.participants) == {"vladimir-putin", "steve-witkoff"}


def test_talks_named_under_a_noun_count_the_speaker_in():
    text = ("Russia agrees with the idea, Russian President Vladimir Putin said at a news conference following "
            "talks with Belarusian President Alexander Lukashenko.")
    found = [set(e.participants) for e in run(text)[2].events if e.type in ("Meeting", "Talks")]
    assert {"vladimir-putin", "alexander-lukashenko"} in found


def test_readiness_on_a_condition_is_an_offer():
    out = run("Zelensky said Ukraine was ready to stop hitting Russian energy targets if Russia did the same.")[2]
    assert [(p.proposers, p.label) for p in out.proposals] == [(["volodymyr-zelensky"],
                                                                "stop hitting Russian energy targets")]
    assert [p for p, _, _ in proposals(run("Kyiv is willing to hold elections if martial law ends.")[2])] == [
        ["ukraine"]]
    # a disposition without a condition, and readiness to accept, are no offers
    assert run("Putin said Russia is ready to work with its U.S. partners.")[2].proposals == []
    assert run("Ukraine was ready to accept the proposal if Russia did the same.")[2].proposals == []
    assert run("Ukraine was not ready to stop its strikes if Russia did the same.")[2].proposals == []


def test_no_label_runs_into_the_blank_lines_after_a_title():
    text = ("Trump proposed a truce.\n\nRussia agrees to stop the fighting at sea after Riyadh talks\n\n\n\n"
            "RIYADH, March 25 (Reuters) - The United States said on Tuesday that talks went well.")
    out = run(text)[2]
    labels = [f.label for f in (*out.proposals, *out.conditions, *out.events)]
    assert labels and not any("\n" in label or "  " in label for label in labels)


def test_a_thing_said_to_be_a_condition_is_one():
    out = run("The EU said a full ceasefire was a precondition for lifting sanctions.")[2]
    assert conditions(out) == [("european-union", "full ceasefire", None)]
    out = run("The EU said a full ceasefire was one of the conditions for lifting sanctions.")[2]
    assert conditions(out) == [("european-union", "full ceasefire", None)]
    out = run("Trump proposed a 30-day ceasefire. Putin said a halt to Western arms supplies was a key condition "
              "for the truce.")[2]
    assert [(h, label) for h, label, _ in conditions(out)] == [("vladimir-putin", "halt to Western arms supplies")]
    assert run("Russia is a key condition.")[2].conditions == []
    assert run("The EU said it was not a precondition.")[2].conditions == []


def test_a_spokesperson_for_a_body_speaks_for_it():
    text = ("\"The unprovoked end of the Russian aggression would be one of the main preconditions,\" a "
            "spokesperson for the European Commission said.")
    assert conditions(run(text)[2]) == [("european-commission", "unprovoked end of the Russian aggression", None)]


def test_a_states_forces_attack_for_it():
    [e] = events(run("Ukraine's General Staff said Russian forces had shelled a power substation in Kherson "
                     "overnight.")[2], "Attack")
    assert e.participants == ["russia"]


def test_a_summit_someone_is_due_to_host_is_a_planned_meeting_of_host_and_guests():
    text = ("French President Emmanuel Macron is due to host a summit of European leaders in Paris on Thursday "
            "to discuss security guarantees for Ukraine.")
    [e] = events(run(text)[2])
    assert e.type == "Meeting" and set(e.participants) == {"emmanuel-macron", "european-leaders"}
    assert e.date is not None
    assert events(run("Macron hopes to host a summit of European leaders in Paris on Thursday.")[2]) == []


def test_hyphenated_parties_of_talks_and_coordinated_proposers():
    [e] = events(run("The two discussed the next steps following the US-Ukraine talks in Jeddah.")[2], "Talks")
    assert set(e.participants) == {"united-states", "ukraine"}
    out = run("Lavrov rejected a British and French plan to deploy troops.")[2]
    assert [p for p, _, _ in proposals(out)] == [["france", "united-kingdom"]]
    assert stances(out) == [("sergey-lavrov", "oppose")]


def test_handing_over_proposals_is_making_them():
    out = run("Lavrov said that Moscow had handed Washington its proposals on the Black Sea.")[2]
    assert [(p, topic) for p, topic, _ in proposals(out)] == [(["sergey-lavrov"], "black-sea")]


def test_the_leaders_after_a_larger_group_are_not_the_last_pair():
    text = ("On Saturday, Starmer said Putin would have to come to the table, as he held a virtual meeting with "
            "about 25 world leaders. The leaders agreed to increase military support for Ukraine.")
    [agreement] = events(run(text)[2], "Agreement")
    assert "vladimir-putin" not in agreement.participants
    [agreement] = events(run("Trump spoke with Putin on Tuesday. The leaders agreed to a 30-day halt to strikes "
                             "on energy facilities.")[2], "Agreement")
    assert {"donald-trump", "vladimir-putin"} <= set(agreement.participants)


def test_a_summit_of_a_group_of_leaders_is_a_meeting():
    [e] = events(run("European leaders held a summit in Paris on Monday.")[2])
    assert e.type == "Meeting"


def test_passive_proposals_and_the_endorsement_joined_to_them():
    out = run("A proposal for an unconditional 30-day ceasefire was put forward by the United States this week "
              "and quickly endorsed by Ukraine.")[2]
    assert proposals(out) == [(["united-states"], "ceasefire", "P30D")]
    assert stances(out) == [("ukraine", "support")]
    out = run("The idea of European peacekeepers, floated by France and Britain, has been rejected by Russia.")[2]
    assert [(p.proposers, p.label) for p in out.proposals] == [(["france", "united-kingdom"],
                                                                "European peacekeepers")]
    assert stances(out) == [("russia", "oppose")]


def test_a_joint_delegation_pushing_for_something_proposes_nothing():
    assert run("The U.S.-Russian delegation reached an agreement in Riyadh, pushing for the end of the war.")[2] \
        .proposals == []


def test_conditions_listed_after_a_colon():
    out = run("Conditions were set by the Kremlin on Thursday: the truce must not allow Ukraine to regroup, and "
              "Western arms deliveries must stop during the pause.")[2]
    assert [(h, label) for h, label, _ in conditions(out)] == [
        ("russia", "truce must not allow Ukraine to regroup"),
        ("russia", "Western arms deliveries must stop during the pause")]
    assert conditions(run("Russia set out its conditions on Tuesday.")[2]) == []


def test_when_another_party_should_act_is_no_condition_on_a_proposal():
    out = run("Trump proposed a 30-day ceasefire. Zelenskyy says the US should use strong steps against Russia if "
              "Moscow refuses the ceasefire.")[2]
    assert out.conditions == [] and out.stances == []
    out = run("Trump proposed a 30-day ceasefire. Putin said Russia would accept the ceasefire if Ukraine stopped "
              "mobilization.")[2]
    assert [(h, label) for h, label, _ in conditions(out)] == [("vladimir-putin", "Ukraine stopped mobilization")]


def test_who_led_the_delegations_at_a_meeting_held_talks_and_a_visit_is_no_meeting_with_a_country():
    [e] = events(run("Secretary of State Marco Rubio and Russian Foreign Minister Sergey Lavrov led the delegations "
                     "at the meeting in Riyadh on Tuesday.")[2])
    assert e.type == "Talks" and {"marco-rubio", "sergey-lavrov"} <= set(e.participants)
    assert events(run("Zelensky said during a visit to Turkey on Tuesday that peace was possible.")[2]) == []


def test_the_minerals_deal_is_a_topic():
    out = run("Trump had proposed the minerals deal as a way for the United States to recoup aid.")[2]
    assert [(p, topic) for p, topic, _ in proposals(out)] == [(["donald-trump"], "minerals")]


def test_an_invitation_somewhere_is_a_proposal_to_meet():
    out = run("Putin invited Trump to Moscow, Peskov said.")[2]
    assert [(p, topic) for p, topic, _ in proposals(out)] == [(["vladimir-putin"], "talks")]
    assert "Moscow" in out.proposals[0].label
    assert run("Trump invited Zelensky.")[2].proposals == []


def test_labels_cut_at_the_limit_do_not_end_on_a_function_word():
    from kg.extract.common import phrase

    doc = run("Putin pointed out the need to eliminate the root causes of the conflict and the threats.")[0]
    label = phrase(list(doc), limit=14)
    assert label.split()[-1] not in ("and", "of", "the") and label.startswith("Putin pointed out")


def test_ones_own_plan_is_not_labelled_own():
    out = run("Ukraine will present its own peace plan to Washington.")[2]
    assert [p.label for p in out.proposals] == ["peace plan"]


def test_what_a_settlement_would_require_someone_to_do():
    out = run("Putin has reportedly told Donald Trump that any lasting settlement would require the West to stop "
              "arming Ukraine. Western officials say that demand is unacceptable.")[2]
    assert [(h, label) for h, label, _ in conditions(out)] == [("vladimir-putin", "West to stop arming Ukraine")]
    assert [(h, label) for h, label, _ in conditions(run("Russia's condition is a halt to Western arms "
                                                         "deliveries.")[2])] == [("russia",
                                                                                  "halt to Western arms deliveries")]


def test_appearing_willing_to_offer_is_an_offer():
    out = run("Washington appears willing to offer Moscow some relief on agricultural exports in return for a "
              "Black Sea truce.")[2]
    assert [p for p, _, _ in proposals(out)] == [["united-states"]]


def test_launching_drones_at_a_country_is_an_attack():
    [e] = events(run("Russia launched 147 drones at Ukraine overnight, the Ukrainian air force said on Sunday.")[2])
    assert e.type == "Attack" and e.participants == ["russia"]
    assert events(run("Ukraine launched a new diplomatic initiative.")[2]) == []


def test_the_terms_of_a_swap_are_no_condition_but_the_price_of_an_offer_is():
    out = run("Russia's Defense Ministry said Moscow also handed over 31 wounded Ukrainian prisoners in exchange "
              "for 15 wounded Russian soldiers.")[2]
    assert out.conditions == []
    out = run("Zelenskyy proposed extending the pause on strikes against civilian infrastructure for 30 days.")[2]
    assert proposals(out) == [(["volodymyr-zelensky"], "ceasefire", "P30D")]


def test_floating_an_action_proposes_it_and_an_offer_in_apposition_is_no_part_of_the_label():
    out = run("Macron and Starmer have floated sending European troops to Ukraine as part of a reassurance force.")[2]
    assert [(p, t) for p, t, _ in proposals(out)] == [(["emmanuel-macron", "keir-starmer"], "troop")]
    out = run("Zelensky proposed a meeting with Putin in Turkey, an offer the Kremlin did not immediately accept.")[2]
    assert [p.label for p in out.proposals] == ["meeting with Putin in Turkey"]
    assert stances(out) == [("russia", "neutral")]  # not accepted *immediately*: not yet, no refusal


def test_a_demand_named_with_its_content_is_a_condition_of_its_owner():
    out = run("Zelensky rejected Putin's demand that Ukraine withdraw its troops from four regions.")[2]
    assert [(h, label) for h, label, _ in conditions(out)] == [
        ("vladimir-putin", "Ukraine withdraw its troops from four regions")]
    assert stances(out) == [("volodymyr-zelensky", "oppose")]
    assert run("Russia made a demand that Ukraine withdraw its troops.")[2].conditions[0].holders == ["russia"]
    assert run("Zelensky rejected the demand that Ukraine withdraw its troops.")[2].conditions == []  # whose?


def test_a_judging_adjective_is_a_stance_of_the_one_who_says_so():
    out = run(US_TRUCE + "The proposal is unacceptable, Putin said.")[2]
    assert stances(out) == [("vladimir-putin", "oppose")]
    out = run(US_TRUCE + "Peskov said the plan was not acceptable to Moscow.")[2]
    assert stances(out) == [("russia", "oppose")]  # the one it is (not) acceptable to
    out = run("Putin's demand that Ukraine withdraw its troops from four regions is unacceptable, Zelensky said.")[2]
    assert len(out.conditions) == 1 and stances(out) == [("volodymyr-zelensky", "oppose")]
    assert run("The situation is unacceptable, Putin said.")[2].stances == []
    assert run("That demand is unacceptable, Zelensky said.")[2].conditions == []


def test_who_has_the_readiness_to_accept_holds_the_stance():
    out = run("Ukraine expressed readiness to accept the U.S. proposal for a ceasefire.")[2]
    assert stances(out) == [("ukraine", "support")]
    out = run("Putin spoke of his willingness to consider the American proposal for a ceasefire.")[2]
    assert stances(out) == [("vladimir-putin", "neutral")]


def test_readiness_to_meet_on_a_condition_is_an_offer_of_talks():
    out = run("Zelensky was prepared to meet Putin if a ceasefire was in place.")[2]
    assert [(p, t) for p, t, _ in proposals(out)] == [(["volodymyr-zelensky"], "talks")]
    out = run("Putin proposed to negotiate directly with Kyiv in Istanbul.")[2]
    assert [(p, t) for p, t, _ in proposals(out)] == [(["vladimir-putin"], "talks")]


def test_hours_or_rounds_of_talks_held_are_talks_of_those_who_held_them():
    for text in ("U.S. and Russian officials held 12 hours of talks in Riyadh on Monday.",
                 "American and Russian negotiators held several rounds of talks in Riyadh on Monday."):
        [e] = events(run(text)[2])
        assert e.type == "Talks" and sorted(e.participants) == ["russia", "united-states"]
        assert str(e.date) == "2025-03-17"


def test_drafting_or_preparing_a_plan_proposes_it():
    out = run("Russia was preparing a plan for a ceasefire.")[2]
    assert [(p, t) for p, t, _ in proposals(out)] == [(["russia"], "ceasefire")]
    assert run("Russia was preparing an offensive in the Sumy region.")[2].proposals == []


def test_we_in_a_quote_is_the_speaker_proposing():
    out = run("\"We ask for more air defence systems,\" Zelenskiy told reporters.")[2]
    assert [p for p, _, _ in proposals(out)] == [["volodymyr-zelensky"]]
    out = run("\"We are ready to stop strikes on energy if Russia does the same,\" Zelenskiy said.")[2]
    assert [p for p, _, _ in proposals(out)] == [["volodymyr-zelensky"]]
    assert run("We propose a ceasefire.")[2].proposals == []  # nobody said it


def test_hypothetical_undated_talks_and_agreements_made_elsewhere_are_no_events():
    out = run("Putin and Trump spoke by phone on Monday. He said the conditions for that would be negotiated "
              "between the two parties themselves.")[2]
    assert [e.type for e in out.events] == ["PhoneCall"]
    out = run("Putin and Trump had also discussed a prisoner exchange of 1,000 for 1,000 agreed in Istanbul.")[2]
    assert events(out, "Agreement") == []  # agreed earlier, by others
    [e] = events(run("Trump said he would speak with Putin on Tuesday.")[2])  # dated: a planned call
    assert e.type == "PhoneCall" and str(e.date) == "2025-03-25"


def test_what_two_sides_agree_on_is_no_stance_on_a_third_partys_proposal_of_that_topic():
    text = ("Merz urged Trump to press for a ceasefire before any summit. Ushakov said Putin and Trump agreed to "
            "consider raising the level of the representatives in direct talks.")
    out = run(text)[2]
    assert stances(out) == []
    out = run("Merz proposed talks in Geneva. Putin agreed to hold talks in Geneva.")[2]
    assert stances(out) == [("vladimir-putin", "support")]  # one side agreeing: a stance


def test_readiness_to_host_mediate_or_send_is_an_offer_without_a_condition():
    out = run("Turkish President Recep Tayyip Erdogan told Putin that Turkey was ready to host talks between Russia "
              "and Ukraine.")[2]
    assert [(p, t) for p, t, _ in proposals(out)] == [(["recep-tayyip-erdogan"], "talks")]
    out = run("Saudi Arabia's crown prince offered to mediate between Moscow and Kyiv.")[2]
    assert [(p, t) for p, t, _ in proposals(out)] == [(["mohammed-bin-salman"], "talks")]
    assert run("Ukraine is ready to work with its partners.")[2].proposals == []  # a disposition


def test_a_label_of_modifiers_only_keeps_its_noun():
    out = run("China's 12-point peace plan calls for a ceasefire and the resumption of peace talks.")[2]
    assert [p.label for p in out.proposals] == ["12-point peace plan"]


def test_releasing_or_returning_prisoners_is_a_prisoner_exchange():
    [e] = events(run("Russia released 10 Ukrainian prisoners on Friday.")[2])
    assert e.type == "PrisonerExchange" and e.participants == ["russia"] and str(e.date) == "2025-03-14"
    assert events(run("Russia returned 23 seriously wounded Ukrainian soldiers.")[2], "PrisonerExchange")
    assert [e.type for e in events(run("The Kremlin released a statement on Friday.")[2])] == ["Statement"]
    assert events(run("Ukraine will return to the negotiating table.")[2]) == []


def test_the_president_of_a_country_named_after_the_title_takes_part():
    [e] = events(run("Vladimir Putin had a telephone conversation with President of the United States Donald "
                     "Trump.")[2])
    assert e.type == "PhoneCall" and e.participants == ["vladimir-putin", "donald-trump"]


def test_putting_forward_conditions_is_no_proposal_and_a_proposal_for_x_is_labelled_x():
    out = run("The Russian side put forward a number of conditions, including the lifting of sanctions on "
              "Rosselkhozbank.")[2]
    assert out.proposals == [] and [(h, label) for h, label, _ in conditions(out)] == [
        ("russia", "lifting of sanctions on Rosselkhozbank")]
    assert [p.label for p in run("Trump put forward a proposal for a ceasefire.")[2].proposals] == ["ceasefire"]


def test_being_against_or_throwing_weight_behind_is_a_stance():
    assert stances(run(US_TRUCE + "Kyiv is in favour of the plan.")[2]) == [("ukraine", "support")]
    assert stances(run(US_TRUCE + "Russia is against the proposal.")[2]) == [("russia", "oppose")]
    out = run("Macron proposed a truce in the air and at sea. London threw its weight behind the French idea.")[2]
    assert stances(out) == [("united-kingdom", "support")]


def test_backing_a_plan_on_condition_is_conditional_and_the_condition_is_on_the_plan():
    out = run(US_TRUCE + "Kyiv backed the plan on condition that Russia also stops its attacks.")[2]
    assert stances(out) == [("ukraine", "conditional")]
    [(holder, label, on)] = conditions(out)
    assert holder == "ukraine" and label == "Russia also stops its attacks" and on == out.proposals[0].key


def test_what_is_wanted_before_agreeing_or_without_which_a_deal_is_impossible_is_a_condition():
    out = run("Moscow wants guarantees that Ukraine will never join NATO before agreeing to any deal.")[2]
    assert [(h, label) for h, label, _ in conditions(out)] == [("russia", "guarantees that Ukraine will never join NATO")]
    out = run("The Kremlin said a settlement was impossible without addressing the root causes of the conflict.")[2]
    assert [(h, label) for h, label, _ in conditions(out)] == [("russia", "addressing the root causes of the conflict")]
    assert run("Putin wants to meet Trump before the summer.")[2].conditions == []


def test_an_undated_agreement_takes_the_date_of_its_parties_last_call_even_a_background_one():
    out = run("Putin on Tuesday agreed to a pause on attacks after a lengthy phone call with Trump. The White "
              "House said the leaders agreed that the movement to peace will begin with an energy ceasefire.")[2]
    [a] = events(out, "Agreement")
    assert str(a.date) == "2025-03-18" and {"vladimir-putin", "donald-trump"} <= set(a.participants)


@pytest.mark.parametrize("sentence, holder, polarity", [
    ("Putin voiced support for the proposal.", "vladimir-putin", "support"),
    ("Zelensky gave his backing to the plan.", "volodymyr-zelensky", "support"),
    ("Putin has signalled openness to the proposal.", "vladimir-putin", "neutral"),
    ("Moscow is open to the plan.", "russia", "neutral"),
    ("Moscow poured cold water on the plan.", "russia", "oppose"),
    ("Putin stopped short of backing the proposal.", "vladimir-putin", "oppose"),
    ("Medvedev mocked the proposal on Telegram.", "dmitry-medvedev", "oppose"),
    ("Moscow remains opposed to the plan.", "russia", "oppose"),
    ("Berlin is supportive of the plan.", "germany", "support"),
])
def test_stances_said_with_nouns_and_idioms(sentence, holder, polarity):
    assert stances(run(US_TRUCE + sentence)[2]) == [(holder, polarity)]


def test_a_called_off_or_postponed_meeting_is_no_event():
    assert run("The planned summit between Trump and Putin in Budapest was called off.")[2].events == []
    assert run("Russia suspended the talks with Ukraine on Monday.")[2].events == []
    assert run("Hungary blocked the EU statement supporting Ukraine.")[2].events == []  # never issued
    assert [e.type for e in run("Trump and Putin held a call on Tuesday.")[2].events] == ["PhoneCall"]


def test_studying_before_responding_and_it_after_the_idea_named():
    out = run(US_TRUCE + "The Kremlin said Russia would respond to the proposal after studying it.")[2]
    assert stances(out) == [("russia", "neutral")]
    out = run(US_TRUCE + "Putin said the idea was right and Russia supported it, but there were nuances.")[2]
    assert stances(out) == [("vladimir-putin", "support")]


def test_as_long_as_is_a_condition_and_makes_the_stance_conditional():
    out = run(US_TRUCE + "Russia would accept the truce as long as Ukraine did not use it to rearm.")[2]
    assert stances(out) == [("russia", "conditional")]
    assert [(h, label) for h, label, _ in conditions(out)] == [("russia", "Ukraine did not use it to rearm")]
    assert run(US_TRUCE + "The talks lasted as long as five hours.")[2].conditions == []


def test_they_who_said_they_were_ready_offer_and_an_undated_agreement_takes_the_dateline():
    out = run("European leaders have said they are ready to send peacekeepers to Ukraine once a ceasefire is "
              "agreed, but Moscow has said it would not accept that.")[2]
    assert [p for p, _, _ in proposals(out)] == [["european-leaders"]]
    assert stances(out) == [("russia", "oppose")]
    [a] = events(run("Trump and Putin agree to limited truce on energy infrastructure.")[2])
    assert a.type == "Agreement" and str(a.date) == "2025-03-20"  # no other date: the article's


def test_russian_ukrainian_talks_have_both_sides_and_a_call_named_by_sides_is_the_ministers_call():
    [e] = events(run("The second round of direct Russian-Ukrainian talks took place in Istanbul on Monday.")[2])
    assert e.type == "Talks" and sorted(e.participants) == ["russia", "ukraine"]
    out = run("U.S.-Russian phone call: On March 15, U.S. Secretary of State Marco Rubio spoke with Russian "
              "Foreign Minister Sergey Lavrov.")[2]
    [call] = events(out)
    assert {"marco-rubio", "sergey-lavrov"} <= set(call.participants) and str(call.date) == "2025-03-15"


def test_readiness_to_meet_someone_is_an_offer_and_rejecting_the_invitation_a_stance_on_it():
    out = run("The Kremlin said Putin was ready to meet Zelensky, but only in Moscow. Zelensky rejected the "
              "invitation. He proposed that Putin come to Kyiv instead.")[2]
    assert sorted((p[0], t) for p, t, _ in proposals(out)) == [("vladimir-putin", "talks"),
                                                               ("volodymyr-zelensky", "talks")]
    assert stances(out) == [("volodymyr-zelensky", "oppose")]
    assert [s.target for s in out.stances] == [next(p.key for p in out.proposals if p.proposers == ["vladimir-putin"])]


def test_what_a_truce_would_have_to_include_is_a_condition_on_the_truce_proposed_before():
    out = run(US_TRUCE + "Lavrov said any truce would have to include a halt to Western arms deliveries.")[2]
    [(holder, label, on)] = conditions(out)
    assert holder == "sergey-lavrov" and label == "any truce include a halt to Western arms deliveries"
    assert on == out.proposals[0].key
    assert run("Ukraine will have to make concessions, Trump said.")[2].conditions == []  # no thing proposed


def test_what_one_wants_in_exchange_for_a_ceasefire_is_a_condition():
    out = run("Russia wants Ukraine to withdraw from the remaining parts of Donetsk in exchange for a ceasefire.")[2]
    assert [(h, label) for h, label, _ in conditions(out)] == [
        ("russia", "Ukraine withdraw from the remaining parts of Donetsk")]


def test_european_officials_we_need_and_an_attack_one_is_accused_of():
    out = run("European officials said they would not lift sanctions until Russia withdrew its troops.")[2]
    assert [h for h, _, _ in conditions(out)] == ["europeans"]
    out = run("\"We will need clear guarantees,\" Lavrov said.")[2]
    assert [(h, label) for h, label, _ in conditions(out)] == [("sergey-lavrov", "clear guarantees")]
    out = run("\"They will stay there as long as we need this operation,\" Zelensky said.")[2]
    assert "this operation" not in [label for _, label, _ in conditions(out)]  # a subordinate "we need"
    [e] = events(run("Ukraine accused Russia of violating the energy truce with a drone attack on a power "
                     "substation in Kherson.")[2])
    assert e.type == "Attack" and e.participants == ["russia"]


def test_welcoming_someone_somewhere_is_a_meeting_welcoming_a_proposal_is_not():
    [e] = events(run("Starmer welcomed Zelensky to Downing Street on Saturday.")[2])
    assert e.type == "Meeting" and e.participants == ["keir-starmer", "volodymyr-zelensky"]
    assert events(run("Zelensky welcomed the proposal on Saturday.")[2]) == []
    assert events(run("Russia received weapons from North Korea.")[2]) == []


def test_what_the_proposed_thing_must_do_after_a_conjunction_is_a_condition():
    out = run(US_TRUCE + "Putin said Russia agreed with the proposal, but that the ceasefire must lead to lasting "
                         "peace and eliminate the root causes of the crisis.")[2]
    [(holder, label, on)] = conditions(out)
    assert holder == "vladimir-putin" and label.startswith("ceasefire lead to lasting peace")
    assert on == out.proposals[0].key and stances(out) == [("vladimir-putin", "conditional")]
    assert run("Putin said Russia must defend its interests.")[2].conditions == []  # one's own side


def test_urging_someone_to_accept_anothers_proposal_is_no_new_proposal():
    assert run("Rubio urged Russia to accept the U.S. proposal.")[2].proposals == []
    out = run("Macron urged Putin to accept a 30-day ceasefire.")[2]
    assert [(p, t, d) for p, t, d in proposals(out)] == [(["emmanuel-macron"], "ceasefire", "P30D")]


def test_declared_truces_and_readiness_for_a_truce_on_a_condition_are_proposals():
    out = run("Putin unilaterally declared a three-day ceasefire for the Victory Day celebrations.")[2]
    assert proposals(out) == [(["vladimir-putin"], "ceasefire", "P3D")]
    out = run("Zelenskyy said Ukraine was ready for a complete ceasefire in the air and at sea if Russia "
              "reciprocated.")[2]
    assert [(p, t) for p, t, _ in proposals(out)] == [(["volodymyr-zelensky"], "ceasefire")]
    assert run("Ukraine is ready for talks.")[2].proposals == []
    assert run("Russia declared war on Ukraine.")[2].proposals == []


def test_refusing_to_meet_a_condition_is_a_stance_on_it_and_insist_on_labels_drop_on():
    out = run("Russia insists on a halt to Western military aid. Washington has refused to meet that condition.")[2]
    assert [(h, label) for h, label, _ in conditions(out)] == [("russia", "halt to Western military aid")]
    assert stances(out) == [("united-states", "oppose")]


def test_a_call_in_an_after_phrase_of_a_past_clause_took_place_whatever_the_verb():
    [e] = events(run("Putin agreed to halt strikes on energy facilities but stopped short of endorsing a full "
                     "ceasefire, after a phone call with his US counterpart Donald Trump.")[2], "PhoneCall")
    assert set(e.participants) == {"vladimir-putin", "donald-trump"}
    # a call still to come is not: "only after the call will it be clear"
    assert events(run("Zelensky said he has not yet spoken to Trump, and only after the call will it be clear "
                      "which proposals will be supported.")[2], "PhoneCall") == []


def test_the_two_presidents_are_the_pair_that_talked_not_the_last_pair_named():
    out = run("Putin agreed to a pause in strikes after a phone call with his US counterpart Donald Trump on "
              "Tuesday. Zelensky said Putin was not ready for peace. The two presidents also agreed that "
              "Russia and Ukraine would exchange 175 prisoners each on Wednesday.")[2]
    agreements = events(out, "Agreement")
    assert agreements and all({"vladimir-putin", "donald-trump"} <= set(e.participants) and
                              "volodymyr-zelensky" not in e.participants for e in agreements)


def test_a_date_inside_the_agreed_clause_dates_what_was_agreed_not_the_agreeing():
    out = run("Trump and Putin spoke by phone on Tuesday. The two presidents also agreed that Russia and "
              "Ukraine would exchange 175 prisoners each on Wednesday.", day=date(2025, 3, 18))[2]
    assert {str(e.date) for e in events(out, "Agreement")} == {"2025-03-18"}
    assert {str(e.date) for e in events(out, "PrisonerExchange")} == {"2025-03-19"}


def test_pushing_for_someone_to_agree_to_a_truce_proposes_it_and_is_no_stance_of_theirs():
    out = run("Trump had been pushing for Russia to agree to a 30-day unconditional ceasefire, which Ukraine "
              "accepted last week.")[2]
    assert proposals(out) == [(["donald-trump"], "ceasefire", "P30D")]
    assert stances(out) == [("ukraine", "support")]  # Ukraine accepted it; Russia was only asked to
    out = run("Trump had been pressing Russia to agree to a 30-day ceasefire.")[2]
    assert proposals(out) == [(["donald-trump"], "ceasefire", "P30D")] and out.stances == []
    assert stances(run(US_TRUCE + "Trump wants Russia to agree to the ceasefire.")[2]) == []
    assert stances(run(US_TRUCE + "Putin wants to agree to the ceasefire.")[2]) == [("vladimir-putin", "support")]
    assert run("Trump pressed reporters for answers.")[2].proposals == []
    assert run("The army pushed Russian troops to retreat.")[2].proposals == []


def test_what_one_side_wants_of_the_other_during_any_truce_or_before_agreeing_is_a_condition_on_it():
    out = run("Trump proposed a 30-day ceasefire. Moscow also wants Ukraine to halt its mobilisation and "
              "rearmament during any truce.")[2]
    [(holder, label, on)] = conditions(out)
    assert holder == "russia" and label.startswith("Ukraine halt its mobilisation") and on == out.proposals[0].key
    out = run("Trump proposed a 30-day ceasefire. Moscow wants Ukraine to halt mobilisation before agreeing to "
              "a truce.")[2]
    [(holder, label, on)] = conditions(out)
    assert (holder, label, on) == ("russia", "Ukraine halt mobilisation", out.proposals[0].key)
    assert ("ukraine", "support") not in stances(out)  # nobody agreed: "before agreeing"
    assert run("Moscow wants Ukraine to halt its mobilisation during the war.")[2].conditions == []
    assert run(US_TRUCE + "Russia wants to keep its troops in place during any truce.")[2].conditions == []


def test_speaking_at_a_press_conference_is_no_call():
    out = run("Speaking at a press conference in Helsinki with the Finnish president, Alexander Stubb, "
              "Zelenskyy said Ukraine would support the proposal.")[2]
    assert events(out, "PhoneCall") == [] and events(out, "Statement")
    assert events(run("Zelenskyy spoke with Trump on Wednesday.")[2], "PhoneCall")


def test_the_call_after_a_planned_call_is_the_call_that_took_place():
    out = run("Putin agreed to a limited pause after a phone call with Trump on Tuesday. Zelenskyy said he "
              "planned to speak to Trump later on Wednesday. Hours after the call, Russia launched dozens of "
              "drones at Ukraine.")[2]
    held = [e for e in events(out, "PhoneCall") if "vladimir-putin" in e.participants]
    planned = [e for e in events(out, "PhoneCall") if "volodymyr-zelensky" in e.participants]
    assert len(held) == 1 and len(held[0].evidence) == 2 and all(len(e.evidence) == 1 for e in planned)


def test_what_an_actor_did_with_a_proposal_is_not_its_content_and_a_vague_past_is_no_date():
    out = run("Trump had been pushing for Russia to agree to a 30-day unconditional ceasefire, which Ukraine "
              "accepted last week during talks with US officials in Saudi Arabia.")[2]
    assert "Ukraine" not in out.proposals[0].label
    [talks] = events(out, "Talks")
    assert set(talks.participants) == {"ukraine", "united-states"} and talks.date is None  # not the dateline
    [talks] = events(run("Ukraine and the US held talks in Jeddah.")[2], "Talks")
    assert str(talks.date) == "2025-03-20"  # undated: the article's day, as before


def test_whom_one_told_or_assured_in_a_call_was_on_the_call():
    for text in ("Putin told Trump in a phone call on Tuesday that Russia would halt strikes.",
                 "Putin assured Trump during their phone call on Tuesday that Russia would halt strikes."):
        [e] = events(run(text)[2], "PhoneCall")
        assert set(e.participants) == {"vladimir-putin", "donald-trump"} and str(e.date) == "2025-03-18"
    assert events(run("Putin told reporters at a press conference that Russia would halt strikes.")[2],
                  "PhoneCall") == []


def test_what_one_wants_before_any_truce_is_a_condition_on_it():
    out = run(US_TRUCE + "The Kremlin says it wants an end to all Western military aid before any broader truce.")[2]
    [(holder, label, on)] = conditions(out)
    assert (holder, label, on) == ("russia", "end to all Western military aid", out.proposals[0].key)
    assert run(US_TRUCE + "Putin wants to meet Trump before any truce.")[2].conditions == []  # no object wanted


def test_a_that_clause_parsed_as_relative_on_a_proposal_noun_is_what_is_proposed():
    out = run("Putin agreed to a Trump proposal that Russia and Ukraine refrain from attacking each other's "
              "energy infrastructure for 30 days.")[2]
    assert proposals(out) == [(["donald-trump"], "energy", "P30D")]
    assert stances(out) == [("vladimir-putin", "support")]
    assert run("Trump made a proposal that Russia rejected.")[2].proposals == []  # a gap: no content
    out = run("Trump made a proposal that Russia stops strikes on energy facilities.")[2]
    assert [(p, t) for p, t, _ in proposals(out)] == [(["donald-trump"], "energy")]


def test_a_question_asks_and_tells_no_agreement():
    out = run("What did Trump and Putin agree on in their call?")[2]
    assert events(out, "Agreement") == [] and events(out, "PhoneCall")  # the call is presupposed


def test_only_possible_if_is_a_condition_even_on_no_proposal():
    for text in ("Lavrov said a lasting settlement is only possible if the root causes of the conflict are "
                 "eliminated.", "Lavrov said a settlement would be achievable only if Kyiv withdrew its troops."):
        [(holder, _, on)] = conditions(run(text)[2])
        assert holder == "sergey-lavrov" and on is None
    assert run("Lavrov said talks are possible if the weather is good.")[2].conditions == []  # not "only"


def test_a_possible_or_future_meeting_is_no_event():
    assert events(run("Umerov said the two sides had also discussed a possible meeting between Presidents "
                      "Zelenskyy and Putin.")[2], "Meeting") == []
    assert events(run("The sides discussed a future summit of the two leaders.")[2]) == []
    [e] = events(run("Zelenskyy and Putin held a meeting in Istanbul on Friday.")[2], "Meeting")
    assert set(e.participants) == {"volodymyr-zelensky", "vladimir-putin"}


def test_calling_a_proposal_or_a_demand_unacceptable_or_reasonable_is_a_stance_on_it():
    out = run("Russia demanded that Ukraine withdraw its troops as a condition for a ceasefire. Kyiv called the "
              "demand unacceptable.")[2]
    assert [(s.holder, s.polarity) for s in out.stances] == [("ukraine", "oppose")]
    assert out.stances[0].target == out.conditions[0].key
    assert stances(run(US_TRUCE + "Zelensky called the proposal reasonable.")[2]) == [
        ("volodymyr-zelensky", "support")]
    assert run(US_TRUCE + "Zelensky called the proposal.")[2].stances == []
