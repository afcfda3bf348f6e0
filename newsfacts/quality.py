"""Data-quality checks on mart frames with Great Expectations 1.x.

Each ``validate_*`` function takes a pandas DataFrame (e.g. ``con.sql("from marts.figures").df()``)
and returns a :class:`QualityResult` that is plain JSON, so the caller (a Dagster asset check)
can put it into metadata as is. This module imports nothing from Dagster.

Why GX on pandas frames and not on the warehouse: GX's SQL datasource on DuckDB (through
duckdb-engine) is broken in this stack, and the marts are small enough to load.

Why GX is imported inside the functions: ``import great_expectations`` takes about 4 s, which
would otherwise be paid by every process that merely imports the pipeline code.

Expectations are declared below as plain data (expectation class name + keyword arguments) so
they can be read without GX installed and are built only when a validation runs.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

# GX severities: a "warning" expectation is reported but does not make the result fail.
CRITICAL = "critical"
WARNING = "warning"

# How many unexpected values to keep per failed expectation (metadata must stay small).
N_UNEXPECTED_VALUES = 5

QUALIFIERS = ["exact", "approx", "at_least", "at_most", "range"]
MODALITIES = ["reported", "target", "forecast"]
STATUSES = ["corroborated", "conflict", "ambiguous", "single_source"]
QUOTE_RELATIONS = ["verbatim", "fragment", "abridged", "overlap", "wording_conflict"]
QUOTE_STATUSES = ["agree", "wording_conflict"]
STANCE_STATUSES = ["conflict", "consistent", "single_source"]

Spec = tuple[str, dict[str, Any]]

FIGURE_EXPECTATIONS: list[Spec] = [
    ("ExpectColumnValuesToNotBeNull", {"column": "figure_id"}),
    ("ExpectColumnValuesToBeUnique", {"column": "figure_id"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "article_id"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "qualifier"}),
    ("ExpectColumnValuesToBeInSet", {"column": "qualifier", "value_set": QUALIFIERS}),
    ("ExpectColumnValuesToNotBeNull", {"column": "modality"}),
    ("ExpectColumnValuesToBeInSet", {"column": "modality", "value_set": MODALITIES}),
    ("ExpectColumnValuesToNotBeNull", {"column": "unit"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "value"}),
    # Shares lie in 0..100, but "rose 150%" is a legal percent: a warning, as in the dbt tests.
    (
        "ExpectColumnValuesToBeBetween",
        {
            "column": "value",
            "min_value": 0,
            "max_value": 100,
            "row_condition": 'unit == "percent"',
            "condition_parser": "pandas",
            "severity": WARNING,
        },
    ),
    (
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {
            "column_A": "value_high",
            "column_B": "value_low",
            "or_equal": True,
            # Bounds are set for ranges only; other rows have nothing to compare.
            "ignore_row_if": "either_value_is_missing",
        },
    ),
    (
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {"column_A": "char_end", "column_B": "char_start", "or_equal": False},
    ),
    # Impossible values are errors: a share of a whole above 100 %, a negative count.
    (
        "ExpectColumnValuesToBeBetween",
        {
            "column": "value",
            "max_value": 100,
            "row_condition": "is_share == True",
            "condition_parser": "pandas",
        },
    ),
    (
        "ExpectColumnValuesToBeBetween",
        {
            "column": "value",
            "min_value": 0,
            "row_condition": 'unit == "count"',
            "condition_parser": "pandas",
        },
    ),
    (
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {"column_A": "eff_high", "column_B": "eff_low", "or_equal": True},
    ),
]

FIGURE_CONSISTENCY_EXPECTATIONS: list[Spec] = [
    ("ExpectColumnValuesToNotBeNull", {"column": "fact_key"}),
    ("ExpectColumnValuesToBeUnique", {"column": "fact_key"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "status"}),
    ("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": STATUSES}),
    ("ExpectColumnValuesToNotBeNull", {"column": "n_articles"}),
    ("ExpectColumnValuesToBeBetween", {"column": "n_articles", "min_value": 1}),
    ("ExpectColumnValuesToNotBeNull", {"column": "n_distinct_values"}),
    ("ExpectColumnValuesToBeBetween", {"column": "n_distinct_values", "min_value": 1}),
]

STORY_EXPECTATIONS: list[Spec] = [
    ("ExpectColumnValuesToNotBeNull", {"column": "story_id"}),
    ("ExpectColumnValuesToBeUnique", {"column": "story_id"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "label"}),
    ("ExpectColumnValuesToBeBetween", {"column": "n_articles", "min_value": 1}),
    ("ExpectColumnValuesToBeBetween", {"column": "n_independent_articles", "min_value": 1}),
    (
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {"column_A": "n_articles", "column_B": "n_independent_articles", "or_equal": True},
    ),
    (
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {
            "column_A": "last_date",
            "column_B": "first_date",
            "or_equal": True,
            "ignore_row_if": "either_value_is_missing",
        },
    ),
]

QUOTE_CONSISTENCY_EXPECTATIONS: list[Spec] = [
    ("ExpectColumnValuesToNotBeNull", {"column": "pair_id"}),
    ("ExpectColumnValuesToBeUnique", {"column": "pair_id"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "story_id"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "speaker_entity_id"}),
    ("ExpectColumnValuesToBeInSet", {"column": "relation", "value_set": QUOTE_RELATIONS}),
    ("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": QUOTE_STATUSES}),
    ("ExpectColumnValuesToBeBetween", {"column": "similarity", "min_value": 0, "max_value": 100}),
    ("ExpectColumnValuesToNotBeNull", {"column": "explanation"}),
    # Pairs are ordered: article a sorts before article b (so they differ).
    (
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {"column_A": "article_id_b", "column_B": "article_id_a", "or_equal": False},
    ),
]

STANCE_CONSISTENCY_EXPECTATIONS: list[Spec] = [
    ("ExpectColumnValuesToNotBeNull", {"column": "stance_key"}),
    ("ExpectColumnValuesToBeUnique", {"column": "stance_key"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "actor_entity_id"}),
    ("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": STANCE_STATUSES}),
    ("ExpectColumnValuesToBeBetween", {"column": "n_articles", "min_value": 1}),
    ("ExpectColumnValuesToNotBeNull", {"column": "explanation"}),
]

SOURCE_SCORECARD_EXPECTATIONS: list[Spec] = [
    ("ExpectColumnValuesToNotBeNull", {"column": "article_id"}),
    ("ExpectColumnValuesToBeUnique", {"column": "article_id"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "story_id"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "is_independent"}),
    (
        "ExpectColumnValuesToBeBetween",
        {"column": "corroboration_rate", "min_value": 0, "max_value": 1},
    ),
    # A copy never counts for or against anything.
    (
        "ExpectColumnValuesToBeInSet",
        {
            "column": "n_comparable",
            "value_set": [0],
            "row_condition": "is_independent == False",
            "condition_parser": "pandas",
        },
    ),
]

ARTICLE_EXPECTATIONS: list[Spec] = [
    ("ExpectColumnValuesToNotBeNull", {"column": "article_id"}),
    ("ExpectColumnValuesToBeUnique", {"column": "article_id"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "word_count"}),
    ("ExpectColumnValuesToBeBetween", {"column": "word_count", "min_value": 1}),
    ("ExpectColumnValuesToNotBeNull", {"column": "content_hash"}),
]


@dataclass
class QualityResult:
    """Outcome of one validation; every field is JSON-serializable.

    ``success`` is false when any critical expectation failed or when any expectation could not
    be evaluated (e.g. a missing column; its failure carries an ``"error"`` message). Failed
    warning-severity expectations are listed in ``failures`` with ``"severity": "warning"`` but
    leave ``success`` true.
    """

    success: bool
    n_expectations: int
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return [f for f in self.failures if f["severity"] == WARNING and "error" not in f]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def validate_figures(df: pd.DataFrame) -> QualityResult:
    """Check marts.figures: ids, enumerations, required values, bounds and offsets."""
    return _validate(df, "figures", FIGURE_EXPECTATIONS)


def validate_figure_consistency(df: pd.DataFrame) -> QualityResult:
    """Check marts.figure_consistency: one row per fact, known status, counts of at least 1."""
    return _validate(df, "figure_consistency", FIGURE_CONSISTENCY_EXPECTATIONS)


def validate_stories(df: pd.DataFrame) -> QualityResult:
    """Check marts.stories: one row per story, a label, at least one independent article."""
    return _validate(df, "stories", STORY_EXPECTATIONS)


def validate_quote_consistency(df: pd.DataFrame) -> QualityResult:
    """Check marts.quote_consistency: unique pairs, known relations, scores in 0..100."""
    return _validate(df, "quote_consistency", QUOTE_CONSISTENCY_EXPECTATIONS)


def validate_stance_consistency(df: pd.DataFrame) -> QualityResult:
    """Check marts.stance_consistency: one row per story and actor, known statuses."""
    return _validate(df, "stance_consistency", STANCE_CONSISTENCY_EXPECTATIONS)


def validate_source_scorecard(df: pd.DataFrame) -> QualityResult:
    """Check marts.source_scorecard: one row per article, rates in 0..1, copies count nothing."""
    return _validate(df, "source_scorecard", SOURCE_SCORECARD_EXPECTATIONS)


def validate_articles(df: pd.DataFrame) -> QualityResult:
    """Check marts.articles: unique ids, non-empty texts, a content hash on every row."""
    return _validate(df, "articles", ARTICLE_EXPECTATIONS)


def _validate(df: pd.DataFrame, name: str, specs: list[Spec]) -> QualityResult:
    # GX reads this when the context is created; the pipeline's settings set it too, but this
    # module must also be quiet when used on its own (tests, notebooks).
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.enable_analytics(False)
    # tqdm bars would flood Dagster's captured stderr with one line per metric batch.
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)

    batch = (
        context.data_sources.add_pandas(f"{name}_source")
        .add_dataframe_asset(name)
        .add_batch_definition_whole_dataframe("whole_frame")
        .get_batch(batch_parameters={"dataframe": df})
    )
    suite = gx.ExpectationSuite(name=f"{name}_suite")
    for class_name, kwargs in specs:
        suite.add_expectation(getattr(gxe, class_name)(**kwargs))

    validation = batch.validate(
        suite,
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": N_UNEXPECTED_VALUES},
    )
    # GX does not keep the suite's order; sort so the same data always gives the same metadata.
    failures = sorted(
        (_failure(r) for r in validation.results if not r.success),
        key=lambda f: (f["expectation"], f["column"] or ""),
    )
    return QualityResult(
        # An expectation that could not run (missing column, bad condition) fails the result
        # whatever its severity: the frame does not have the shape the rules were written for.
        success=not any(f["severity"] == CRITICAL or "error" in f for f in failures),
        n_expectations=len(validation.results),
        failures=failures,
    )


def _failure(result: Any) -> dict[str, Any]:
    config = result.expectation_config
    kwargs = config.kwargs
    column = kwargs.get("column")
    if column is None and "column_A" in kwargs:
        column = f"{kwargs['column_A']},{kwargs['column_B']}"
    details = result.result or {}
    failure: dict[str, Any] = {
        "expectation": config.type,
        "column": column,
        "severity": str(getattr(config, "severity", None) or CRITICAL).split(".")[-1].lower(),
        "unexpected_count": _jsonable(details.get("unexpected_count")),
        "unexpected_values": _jsonable(
            (details.get("partial_unexpected_list") or [])[:N_UNEXPECTED_VALUES]
        ),
    }
    error = _exception_message(result.exception_info)
    if error:
        # E.g. a missing column: the expectation could not be evaluated, which is a failure.
        failure["error"] = error
    return failure


def _exception_message(info: Any) -> str | None:
    """GX reports exceptions either flat or keyed by metric id; return the first message."""
    if not isinstance(info, dict):
        return None
    if "raised_exception" in info:
        return info.get("exception_message") if info.get("raised_exception") else None
    for nested in info.values():
        message = _exception_message(nested)
        if message:
            return message
    return None


def _jsonable(value: Any) -> Any:
    """numpy scalars, tuples, NaN, timestamps -> plain JSON values."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        # JSON has no infinity; keep it readable instead of emitting the non-standard Infinity.
        return str(value) if math.isinf(value) else value
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return _jsonable(value.item())
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)
