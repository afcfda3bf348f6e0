"""The incremental dbt model int_article_features, with real dbt runs on a real DuckDB file:
a second build computes features only for new and edited articles, keeps the others as they
are, drops the rows of articles that left, and ends equal to a full refresh."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_dbt_models import HERALD, POST, WIRE, _records

from newsfacts.stories import article_features
from newsfacts.warehouse import connect, ensure_raw_schema, load_raw

pytestmark = pytest.mark.integration

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
SELECT = ["--select", "+int_near_duplicates", "+int_story_assignments"]


def _dbt_run(tmp: Path, *extra: str) -> None:
    env = {
        **os.environ,
        "NEWS_DUCKDB_PATH": str(tmp / "news.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DO_NOT_TRACK": "1",
    }
    args = [str(Path(sys.executable).with_name("dbt")), "run", *SELECT, *extra]
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
