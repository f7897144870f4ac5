"""The scorer follows the gold README's rules; checked on small hand-made records."""

from __future__ import annotations

import pytest

from extract.facts.scoring import Tally, format_table, match_amounts, match_set, norm_article, score


def test_tally_precision_recall_f1():
    t = Tally(tp=3, fp=1, fn=2)
    assert t.precision == pytest.approx(0.75)
    assert t.recall == pytest.approx(0.6)
    assert t.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_tally_empty_field_is_perfect_and_all_missed_is_zero():
    assert Tally().f1 == 1.0
    assert Tally(fn=4).f1 == 0.0
    assert Tally(fp=2).f1 == 0.0


def test_amounts_match_within_half_a_percent_same_currency_only():
    gold = [{"value": 1_000_000, "currency": "USD", "role": "loss"}]
    assert len(match_amounts(gold, [{"value": 1_004_000, "currency": "USD"}])[0]) == 1
    assert len(match_amounts(gold, [{"value": 1_006_000, "currency": "USD"}])[0]) == 0
    assert len(match_amounts(gold, [{"value": 1_000_000, "currency": "EUR"}])[0]) == 0


def test_each_gold_amount_matches_once():
    gold = [{"value": 500, "currency": "EUR", "role": "loss"}]
    pairs, missing, spurious = match_amounts(gold, [{"value": 500, "currency": "EUR"}, {"value": 500, "currency": "EUR"}])
    assert len(pairs) == 1 and missing == [] and len(spurious) == 1


def test_amount_pairs_prefer_closest_value():
    gold = [{"value": 1000, "currency": "USD", "role": "a"}, {"value": 1003, "currency": "USD", "role": "b"}]
    pairs, _, _ = match_amounts(gold, [{"value": 1003, "currency": "USD", "role": "x"}, {"value": 1000, "currency": "USD"}])
    assert [g["role"] for g, _ in pairs] == ["b", "a"]


def test_article_normalisation():
    assert norm_article("§ 1343") == norm_article("1343")
    assert norm_article("Article 313-1") == norm_article("313-1")
    assert norm_article("art. 52") == "52"
    assert norm_article("530.5 (a)") == "530.5(a)"


def test_places_fold_case_and_accents():
    tp, missing, spurious = match_set(
        "places", [{"name": "Besançon", "country": "FR"}, {"name": "Lyon", "country": "FR"}],
        [{"name": "BESANCON", "country": "FR"}, {"name": "Lyon", "country": "US"}],
    )
    assert tp == 1 and missing == [{"name": "Lyon", "country": "FR"}] and spurious == [{"name": "Lyon", "country": "US"}]


def test_score_micro_averages_and_accuracies():
    gold = [
        {"id": "a", "relevant": True, "amounts": [{"value": 10, "currency": "USD", "role": "loss"},
                                                    {"value": 7, "currency": "EUR", "role": "seized"}],
         "counts": [{"action": "arrested", "n": 3}], "charges": ["fraud"],
         "legal_refs": [{"jurisdiction": "US", "article": "1343"}]},
        {"id": "b", "relevant": False, "charges": [], "counts": [{"action": "victims", "n": 40}]},
    ]
    pred = [
        {"relevant": True, "amounts": [{"value": 10, "currency": "USD", "role": "proceeds"}],
         "counts": [{"action": "arrested", "n": 3}, {"action": "charged", "n": 3}], "charges": ["fraud", "theft"],
         "legal_refs": [{"jurisdiction": "us", "article": "§ 1343"}]},
        {"relevant": True, "counts": [{"action": "victims", "n": 40}]},
    ]
    s = score(gold, pred)
    assert (s.fields["amounts"].tp, s.fields["amounts"].fp, s.fields["amounts"].fn) == (1, 0, 1)
    assert (s.fields["counts"].tp, s.fields["counts"].fp, s.fields["counts"].fn) == (2, 1, 0)
    assert (s.fields["charges"].tp, s.fields["charges"].fp) == (1, 1)
    assert s.fields["legal_refs"].f1 == 1.0
    assert (s.amount_roles.correct, s.amount_roles.total) == (0, 1)
    assert (s.relevance.correct, s.relevance.total) == (1, 2)
    assert s.f1("relevance") == 0.5
    a, b = s.docs
    assert a.missing["amounts"] == [{"value": 7, "currency": "EUR", "role": "seized"}]
    assert a.wrong_roles[0]["gold"] == "loss" and a.wrong_roles[0]["predicted"] == "proceeds"
    assert b.relevance == (False, True)
    table = format_table(s)
    assert "amounts" in table and "relevance" in table and "0.500" in table


def test_score_rejects_misaligned_lists():
    with pytest.raises(ValueError, match="2 gold documents but 1"):
        score([{}, {}], [{}])
