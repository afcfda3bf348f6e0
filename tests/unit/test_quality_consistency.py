"""Great Expectations suites of the cross-source marts (stories, quote and stance consistency,
source scorecard) and the impossible-value rules on figures: good frames pass, broken ones fail."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from newsfacts import quality


def _figures() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "figure_id": ["f1", "f2"],
            "article_id": ["a1", "a2"],
            "qualifier": ["exact", "exact"],
            "modality": ["reported", "reported"],
            "unit": ["percent", "count"],
            "value": [33.3, 4200.0],
            "value_low": [None, None],
            "value_high": [None, None],
            "char_start": [0, 10],
            "char_end": [3, 15],
            "is_share": [True, False],
            "eff_low": [32.967, 4158.0],
            "eff_high": [33.633, 4242.0],
        }
    )


def _stories() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "story_id": ["s1", "s2"],
            "label": ["Budget passes", "Bridge closes"],
            "n_articles": [4, 1],
            "n_independent_articles": [3, 1],
            "first_date": [dt.date(2025, 3, 4), None],
            "last_date": [dt.date(2025, 3, 5), None],
        }
    )


def _quote_pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pair_id": ["q1|q2", "q1|q3"],
            "story_id": ["s1", "s1"],
            "speaker_entity_id": ["e1", "e1"],
            "article_id_a": ["a1", "a1"],
            "article_id_b": ["a2", "a3"],
            "relation": ["fragment", "wording_conflict"],
            "status": ["agree", "wording_conflict"],
            "similarity": [100.0, 72.7],
            "explanation": ["a1 and a2 quote ...", "a1 and a3 quote ..."],
        }
    )


def _stances() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "stance_key": ["s1|e1", "s1|e2"],
            "actor_entity_id": ["e1", "e2"],
            "status": ["conflict", "single_source"],
            "n_articles": [2, 1],
            "explanation": ["2 independent articles disagree ...", "Only article a1 ..."],
        }
    )


def _scorecard() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "copy"],
            "story_id": ["s1", "s1", "s1"],
            "is_independent": [True, True, False],
            "n_comparable": [3, 2, 0],
            "corroboration_rate": [0.5, None, None],
        }
    )


CASES = {
    "stories": (quality.validate_stories, _stories),
    "quote_consistency": (quality.validate_quote_consistency, _quote_pairs),
    "stance_consistency": (quality.validate_stance_consistency, _stances),
    "source_scorecard": (quality.validate_source_scorecard, _scorecard),
    "figures": (quality.validate_figures, _figures),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_valid_frames_pass(name):
    validate, frame = CASES[name]
    result = validate(frame())
    assert result.success, result.failures
    assert result.failures == []


@pytest.mark.parametrize(
    ("name", "column", "row", "bad", "expected"),
    [
        ("figures", "value", 0, 150.0, ("expect_column_values_to_be_between", "value")),
        ("figures", "value", 1, -3.0, ("expect_column_values_to_be_between", "value")),
        ("figures", "eff_low", 1, 5000.0,
         ("expect_column_pair_values_a_to_be_greater_than_b", "eff_high,eff_low")),
        ("stories", "story_id", 1, "s1", ("expect_column_values_to_be_unique", "story_id")),
        ("stories", "label", 0, None, ("expect_column_values_to_not_be_null", "label")),
        ("stories", "n_independent_articles", 0, 5,
         ("expect_column_pair_values_a_to_be_greater_than_b",
          "n_articles,n_independent_articles")),
        ("quote_consistency", "relation", 0, "similar",
         ("expect_column_values_to_be_in_set", "relation")),
        ("quote_consistency", "similarity", 1, 140.0,
         ("expect_column_values_to_be_between", "similarity")),
        ("quote_consistency", "article_id_b", 0, "a1",
         ("expect_column_pair_values_a_to_be_greater_than_b", "article_id_b,article_id_a")),
        ("stance_consistency", "status", 0, "contested",
         ("expect_column_values_to_be_in_set", "status")),
        ("stance_consistency", "stance_key", 1, "s1|e1",
         ("expect_column_values_to_be_unique", "stance_key")),
        ("source_scorecard", "n_comparable", 2, 4,
         ("expect_column_values_to_be_in_set", "n_comparable")),
        ("source_scorecard", "corroboration_rate", 0, 1.5,
         ("expect_column_values_to_be_between", "corroboration_rate")),
    ],
)  # fmt: skip
def test_each_broken_rule_fails(name, column, row, bad, expected):
    validate, make = CASES[name]
    frame = make()
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = bad
    result = validate(frame)
    assert not result.success
    matching = [f for f in result.failures if (f["expectation"], f["column"]) == expected]
    assert matching, result.failures
    assert any("error" not in f and f["severity"] == "critical" for f in matching)


def test_empty_marts_pass():
    for name, (validate, make) in CASES.items():
        assert validate(make().iloc[0:0]).success, name
