"""The incremental dbt models int_article_features and int_quote_comparisons, with real dbt runs
on a real DuckDB file: a second build computes rows only for new and edited inputs, keeps the
others as they are, drops the rows of inputs that left, and ends equal to a full refresh."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_dbt_models import GAZETTE, HERALD, POST, WIRE, _fault_records, _records

from newsfacts.consistency import QuoteRef, match_quotes
from newsfacts.stories import article_features
from newsfacts.warehouse import connect, ensure_raw_schema, load_raw

pytestmark = pytest.mark.integration

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
SELECT = ["--select", "+int_near_duplicates", "+int_story_assignments"]


def _dbt_run(tmp: Path, *extra: str, select: list[str] = SELECT) -> None:
    env = {
        **os.environ,
        "NEWS_DUCKDB_PATH": str(tmp / "news.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DO_NOT_TRACK": "1",
    }
    args = [str(Path(sys.executable).with_name("dbt")), "run", *select, *extra]
    args += ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    args += ["--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs")]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]


def _features(tmp: Path) -> dict[str, tuple]:
    con = connect(tmp / "news.duckdb", read_only=True)
    try:
        rows = con.execute(
            "select article_id, features_key, shingle_hashes, minhash, terms, term_counts "
            "from intermediate.int_article_features"
        ).fetchall()
    finally:
        con.close()
    return {row[0]: row[1:] for row in rows}


def _sql(tmp: Path, *statements: str) -> None:
    con = connect(tmp / "news.duckdb")
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def test_features_are_computed_once_per_article_text(tmp_path):
    con = connect(tmp_path / "news.duckdb")
    try:
        ensure_raw_schema(con)
        load_raw(con, **_records())
    finally:
        con.close()
    _dbt_run(tmp_path)
    first = _features(tmp_path)
    # Independent articles only: the exact copy of HERALD has no row.
    assert set(first) == {HERALD, POST, WIRE}
    expected = article_features(f"Budget story {POST}", _text(tmp_path, POST))
    assert list(first[POST][3]) == expected.terms
    assert list(first[POST][1]) == [int(x) for x in expected.shingles]
    assert list(first[POST][2]) == [int(x) for x in expected.minhash]

    # A marker in POST's row shows whether the next build recomputes it. Then HERALD is edited
    # and WIRE leaves the warehouse.
    _sql(
        tmp_path,
        f"update intermediate.int_article_features set terms = ['marker'], term_counts = [1] "
        f"where article_id = '{POST}'",
        f"update raw.articles set text = text || ' Snowplows arrived.' "
        f"where article_id = '{HERALD}'",
        f"delete from raw.articles where article_id = '{WIRE}'",
    )
    _dbt_run(tmp_path)
    second = _features(tmp_path)
    assert set(second) == {HERALD, POST}
    assert second[POST][3] == ["marker"]  # kept, not recomputed
    assert second[HERALD][0] != first[HERALD][0]
    assert "snowplows" in second[HERALD][3]

    # A full refresh recomputes every row; apart from the marker, the incremental table was
    # already what a rebuild gives.
    _dbt_run(tmp_path, "--full-refresh")
    rebuilt = _features(tmp_path)
    assert rebuilt[POST] == first[POST]
    assert rebuilt[HERALD] == second[HERALD]


def _text(tmp: Path, article_id: str) -> str:
    con = connect(tmp / "news.duckdb", read_only=True)
    try:
        return con.execute(
            "select text from raw.articles where article_id = ?", [article_id]
        ).fetchall()[0][0]
    finally:
        con.close()


QUOTES = ["--select", "+int_quote_matches"]
MATCH_COLUMNS = (
    "story_id, speaker_key, quote_id_a, article_id_a, quote_id_b, article_id_b, relation, "
    "similarity, matched_words, only_in_a, only_in_b, is_minor"
)


def _query(tmp: Path, sql: str) -> list[tuple]:
    con = connect(tmp / "news.duckdb", read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _python_matches(tmp: Path) -> list[tuple]:
    """newsfacts.consistency.match_quotes over the warehouse's quotes, as the model's rows."""
    rows = _query(
        tmp,
        "select q.quote_id, q.article_id, a.story_id, q.speaker_entity_id, q.quote_text "
        "from staging.stg_quotes q join intermediate.int_articles a using (article_id) "
        "where a.is_independent and q.speaker_entity_id is not null",
    )
    return sorted(
        tuple(getattr(m, c.strip()) for c in MATCH_COLUMNS.split(","))
        for m in match_quotes(QuoteRef(*row) for row in rows)
    )


def test_quote_comparisons_are_kept_across_builds(tmp_path):
    con = connect(tmp_path / "news.duckdb")
    try:
        ensure_raw_schema(con)
        load_raw(con, **_fault_records())
    finally:
        con.close()
    _dbt_run(tmp_path, select=QUOTES)
    matches = f"select {MATCH_COLUMNS} from intermediate.int_quote_matches order by all"
    first = _query(tmp_path, matches)
    # The SQL join of candidate pairs and kept comparisons gives match_quotes' pairs.
    assert first == _python_matches(tmp_path)
    assert [(m[3], m[5], m[6]) for m in first] == [(GAZETTE, POST, "wording_conflict")]
    compared = _query(tmp_path, "select count(*) from intermediate.int_quote_comparisons")[0][0]
    assert compared >= 1

    # A marker shows whether the next build compares a pair again: kept, not compared.
    _sql(tmp_path, "update intermediate.int_quote_comparisons set similarity = -1")
    _dbt_run(tmp_path, select=QUOTES)
    assert {m[7] for m in _query(tmp_path, matches)} == {-1}
    # Comparisons made by other code are compared again.
    _sql(tmp_path, "update intermediate.int_quote_comparisons set comparison_version = 'old'")
    _dbt_run(tmp_path, select=QUOTES)
    assert _query(tmp_path, matches) == first

    # POST's quote leaves the warehouse: every comparison of it goes too.
    _sql(tmp_path, f"delete from raw.quotes where article_id = '{POST}'")
    _dbt_run(tmp_path, select=QUOTES)
    assert _query(tmp_path, matches) == [] == _python_matches(tmp_path)
    left = _query(
        tmp_path,
        "select count(*) from intermediate.int_quote_comparisons c "
        "where c.comparison_key not in (select comparison_key from intermediate.int_quote_pairs)",
    )
    assert left == [(0,)]
    kept = _query(tmp_path, "select count(*) from intermediate.int_quote_comparisons")[0][0]
    assert kept < compared
