"""Great Expectations checks in newsfacts.quality: good frames pass, each broken rule fails.

GX is imported on the first validation (about 4 s); the later ones take a fraction of a second.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from newsfacts import quality
from newsfacts.quality import (
    QualityResult,
    validate_articles,
    validate_figure_consistency,
    validate_figures,
)


def _figures() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "figure_id": ["f1", "f2", "f3", "f4"],
            "article_id": ["a1", "a1", "a2", "a3"],
            "qualifier": ["exact", "range", "at_least", "approx"],
            "modality": ["reported", "reported", "forecast", "target"],
            "unit": ["percent", "count", "USD", "percent"],
            "value": [30.0, 42.5, 1.2e9, 100.0],
            # Bounds only on the range row: the other rows' nulls must not be compared.
            "value_low": [None, 40.0, None, None],
            "value_high": [None, 45.0, None, None],
            "char_start": [0, 10, 3, 7],
            "char_end": [3, 27, 15, 11],
            # Row 3 is a share of a whole (a market share of 100 %): at most 100 is an error rule.
            "is_share": [False, False, False, True],
            "eff_low": [29.7, 40.0, 1.188e9, 99.0],
            "eff_high": [30.3, 45.0, 1.212e9, 101.0],
        }
    )


def _consistency() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "fact_key": ["budget|c|USD|2025|reported", "staff|h|count|2024|reported"],
            "status": ["corroborated", "conflict"],
            "n_articles": [3, 2],
            "n_distinct_values": [2, 2],
        }
    )


def _articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3"],
            "word_count": [350, 120, 1],
            "content_hash": ["h1", "h2", "h3"],
        }
    )


def _assert_fails_on(result: QualityResult, expected: tuple[str, str]) -> None:
    """The rule ran (no error), found the bad row, and made the whole result fail."""
    assert not result.success
    matching = [f for f in result.failures if (f["expectation"], f["column"]) == expected]
    assert matching, result.failures
    (failure,) = matching
    assert "error" not in failure, failure
    assert failure["severity"] == "critical"
    assert failure["unexpected_count"] >= 1


def test_valid_figures_pass():
    result = validate_figures(_figures())
    assert result.success, result.failures
    assert result.failures == []
    assert result.n_expectations == len(quality.FIGURE_EXPECTATIONS)


@pytest.mark.parametrize(
    ("column", "row", "bad_value", "expected"),
    [
        ("figure_id", 1, "f1", ("expect_column_values_to_be_unique", "figure_id")),
        ("figure_id", 0, None, ("expect_column_values_to_not_be_null", "figure_id")),
        ("article_id", 2, None, ("expect_column_values_to_not_be_null", "article_id")),
        ("qualifier", 0, "roughly", ("expect_column_values_to_be_in_set", "qualifier")),
        ("modality", 3, "rumour", ("expect_column_values_to_be_in_set", "modality")),
        ("unit", 2, None, ("expect_column_values_to_not_be_null", "unit")),
        ("value", 2, None, ("expect_column_values_to_not_be_null", "value")),
        (
            "value_low",
            1,
            46.0,
            ("expect_column_pair_values_a_to_be_greater_than_b", "value_high,value_low"),
        ),
        (
            "char_end",
            0,
            0,
            ("expect_column_pair_values_a_to_be_greater_than_b", "char_end,char_start"),
        ),
    ],
)
def test_each_broken_figure_rule_fails(column, row, bad_value, expected):
    frame = _figures()
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = bad_value
    _assert_fails_on(validate_figures(frame), expected)


def test_percent_above_100_is_only_a_warning():
    frame = _figures()
    frame.loc[0, "value"] = 150.0  # "rose 150%" is legal
    frame.loc[2, "value"] = 5e9  # large, but not a percent: not checked
    result = validate_figures(frame)
    assert result.success
    assert [(w["column"], w["unexpected_values"]) for w in result.warnings] == [("value", [150.0])]


def test_missing_column_fails_with_an_error_message():
    result = validate_figures(_figures().drop(columns=["unit"]))
    assert not result.success
    errors = [f for f in result.failures if "error" in f]
    assert errors and all("unit" in f["error"] for f in errors)


def test_result_is_json_serializable():
    frame = _figures()
    frame.loc[[0, 1], "figure_id"] = "dup"
    payload = validate_figures(frame).to_dict()
    assert json.loads(json.dumps(payload, allow_nan=False)) == payload
    (unique,) = [f for f in payload["failures"] if f["column"] == "figure_id"]
    assert unique["unexpected_values"] == ["dup", "dup"]


def test_validates_a_frame_read_from_duckdb():
    """The real input path: DuckDB's .df() dtypes (int32 offsets, pandas 3 strings, NaN bounds)."""
    con = duckdb.connect()
    try:
        con.register("incoming", _figures())
        frame = con.sql(
            "select * replace (char_start::integer as char_start, char_end::integer as char_end)"
            " from incoming"
        ).df()
    finally:
        con.close()
    assert validate_figures(frame).success
    frame.loc[3, "qualifier"] = "guess"
    _assert_fails_on(validate_figures(frame), ("expect_column_values_to_be_in_set", "qualifier"))


def test_valid_consistency_passes():
    result = validate_figure_consistency(_consistency())
    assert result.success, result.failures
    assert result.n_expectations == len(quality.FIGURE_CONSISTENCY_EXPECTATIONS)


@pytest.mark.parametrize(
    ("column", "bad_value", "expected"),
    [
        ("status", "disputed", ("expect_column_values_to_be_in_set", "status")),
        ("n_articles", 0, ("expect_column_values_to_be_between", "n_articles")),
        ("n_distinct_values", 0, ("expect_column_values_to_be_between", "n_distinct_values")),
        (
            "fact_key",
            "budget|c|USD|2025|reported",
            ("expect_column_values_to_be_unique", "fact_key"),
        ),
    ],
)
def test_broken_consistency_fails(column, bad_value, expected):
    frame = _consistency()
    frame.loc[1, column] = bad_value
    _assert_fails_on(validate_figure_consistency(frame), expected)


def test_valid_articles_pass():
    result = validate_articles(_articles())
    assert result.success, result.failures
    assert result.n_expectations == len(quality.ARTICLE_EXPECTATIONS)


@pytest.mark.parametrize(
    ("column", "bad_value", "expected"),
    [
        ("article_id", "a1", ("expect_column_values_to_be_unique", "article_id")),
        ("word_count", 0, ("expect_column_values_to_be_between", "word_count")),
        ("content_hash", None, ("expect_column_values_to_not_be_null", "content_hash")),
    ],
)
def test_broken_articles_fail(column, bad_value, expected):
    frame = _articles()
    frame[column] = frame[column].astype(object)
    frame.loc[2, column] = bad_value
    _assert_fails_on(validate_articles(frame), expected)


def test_module_does_not_import_dagster_or_gx_at_import_time():
    tree = ast.parse(Path(quality.__file__).read_text())
    top_level = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            top_level.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            top_level.add(node.module.split(".")[0])
    assert "dagster" not in top_level
    assert "great_expectations" not in top_level
