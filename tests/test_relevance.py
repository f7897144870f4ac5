"""The structural relevance rule on invented fact sets (no parsing)."""

from extract.facts.relevance import decide


def test_an_action_against_an_offence_of_the_family_is_relevant():
    d = decide({"arrest"}, {"fraud"}, topic_near_action=False)
    assert d.relevant and d.score == 1.0 and "fraud" in d.reason


def test_no_action_no_crackdown():
    assert not decide(set(), {"fraud", "money_laundering"}, topic_near_action=True).relevant
    assert not decide({"warning"}, {"fraud"}, topic_near_action=True).relevant


def test_violence_beside_a_fraud_does_not_pull_a_scam_compound_case_down():
    d = decide({"sentence", "execution"}, {"fraud", "homicide", "kidnapping", "human_trafficking"}, False)
    assert d.relevant


def test_other_crimes_alone_are_not_relevant():
    assert not decide({"charge"}, {"homicide"}, topic_near_action=False).relevant
    assert not decide({"sentence"}, {"child_sexual_abuse"}, topic_near_action=False).relevant
    assert not decide({"charge"}, {"bribery"}, topic_near_action=False).relevant


def test_state_espionage_is_not_cybercrime_unless_money_is_at_stake():
    assert not decide({"charge"}, {"computer_intrusion", "espionage"}, False).relevant
    assert decide({"charge"}, {"computer_intrusion", "espionage", "fraud"}, False).relevant


def test_the_topic_words_beside_an_action_stand_in_for_a_missing_charge():
    assert decide({"arrest"}, set(), topic_near_action=True).relevant
    assert decide({"seizure"}, {"other"}, topic_near_action=True).relevant
    assert not decide({"arrest"}, {"other"}, topic_near_action=False).relevant


def test_a_sanctions_designation_is_an_action():
    d = decide({"other"}, {"organized_crime"}, topic_near_action=False, sanction=True)
    assert d.relevant and "sanctions" in d.reason
    assert not decide({"other"}, {"organized_crime"}, topic_near_action=False).relevant


def test_theft_with_violence_is_robbery_not_fraud():
    assert decide({"sentence"}, {"theft"}, topic_near_action=False).relevant  # an embezzling clerk
    assert not decide({"sentence"}, {"theft", "homicide"}, topic_near_action=False).relevant
    assert decide({"sentence"}, {"theft", "fraud", "assault"}, topic_near_action=False).relevant
