"""Materialize the whole graph (Python assets, dbt models and tests, asset checks) into a
temporary warehouse over the seed articles, then assert on real mart contents against the gold."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml

from newsfacts.settings import REPO_ROOT

pytestmark = pytest.mark.integration
GOLD = yaml.safe_load((REPO_ROOT / "tests/gold/seeds.yaml").read_text())


def _near_copy(article_id: str) -> str:
    paragraphs = (REPO_ROOT / "seeds" / f"{article_id}.txt").read_text().split("\n\n")
    paragraphs[0] = "Report: Ford weighed a US electric vehicle venture with Xiaomi"
    cut = next(i for i, p in enumerate(paragraphs) if "Sarah Chen" in p)
    return "\n\n".join(paragraphs[:cut] + paragraphs[cut + 1 :])


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("pipeline")
    articles = tmp / "articles"
    shutil.copytree(REPO_ROOT / "seeds", articles)
    (articles / "empty.txt").write_bytes(b"")
    (articles / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (articles / "copy of 003.txt").write_bytes(
        (REPO_ROOT / "seeds/003_6ca7fd36ef1083aa.txt").read_bytes()
    )
    # A near copy: 002 republished under a new headline with one paragraph cut.
    (articles / "near copy of 002.txt").write_text(_near_copy(aid("002")), encoding="utf-8")
    db = tmp / "news.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWS_ARTICLES_DIR", str(articles))
        mp.setenv("NEWS_DUCKDB_PATH", str(db))
        from newsfacts.settings import get_settings
        from orchestration.definitions import build_definitions

        defs = build_definitions(get_settings())
        job = defs.resolve_job_def("newsfacts_job")
        with dg.DagsterInstance.ephemeral() as instance:
            result = job.execute_in_process(instance=instance, raise_on_error=False)
            assert result.success, [e.message for e in result.all_events if e.is_failure]
            checks = {
                e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data
                for e in result.all_events
                if e.event_type_value == "ASSET_CHECK_EVALUATION"
            }
        # Rerun: idempotent replace, not append.
        with dg.DagsterInstance.ephemeral() as instance:
            assert job.execute_in_process(instance=instance).success
    pytest.checks = checks
    return db


@pytest.fixture(scope="module")
def con(warehouse):
    c = duckdb.connect(str(warehouse), read_only=True)
    yield c
    c.close()


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def aid(short: str) -> str:
    return next(p.stem for p in (REPO_ROOT / "seeds").glob(f"{short}_*.txt"))


def test_every_input_is_loaded_or_rejected(con):
    assert rows(con, "select count(*) from marts.articles")[0][0] == 7
    rejected = dict(rows(con, "select source_path, reason from marts.rejected_inputs"))
    assert set(rejected) == {"empty.txt", "binary.txt"}
    assert "empty" in rejected["empty.txt"] and "binary" in rejected["binary.txt"]
    dup = rows(con, "select duplicate_of from marts.articles where article_id = 'copy of 003'")
    assert dup == [(aid("003"),)]


def test_article_metadata(con):
    for short, expected in GOLD["articles"].items():
        (row,) = rows(
            con,
            "select title, author, cast(published_date as varchar), publisher "
            "from marts.articles where article_id = ?",
            aid(short),
        )
        got = dict(zip(["title", "author", "published_date", "publisher"], row, strict=True))
        for field, value in expected.items():
            assert got[field] == value, (short, field)


def test_boilerplate_is_gone(con):
    texts = [t for (t,) in rows(con, "select text from raw.articles")]
    for junk in GOLD["boilerplate_gone"]:
        assert not any(junk in t for t in texts), junk


def test_entities_resolve_to_one_each(con):
    for entity in GOLD["entities"]:
        found = rows(
            con,
            "select distinct e.entity_id, e.entity_type from marts.entity_mentions m "
            "join marts.entities e using (entity_id) where m.mention_text in "
            f"({', '.join('?' * len(entity['aliases']))})",
            *entity["aliases"],
        )
        assert len(found) == 1, (entity, found)
        assert found[0][1] == entity["type"]


def test_figures_match_gold(con):
    figures = rows(
        con,
        "select article_id, value, unit, qualifier, modality, metric, subject, period "
        "from marts.figures",
    )
    cols = ["article", "value", "unit", "qualifier", "modality", "metric", "subject", "period"]
    got = [dict(zip(cols, f, strict=True)) for f in figures]
    for g in GOLD["figures"]:
        want = {**g, "article": aid(g["article"])}
        match = [
            f for f in got
            if all(
                abs(f[k] - v) < 0.01 if k == "value" else f[k] == v for k, v in want.items()
            )
        ]  # fmt: skip
        assert match, f"no figure like {g}"


def test_years_and_furniture_are_not_figures(con):
    values = {v for (v,) in rows(con, "select value from marts.figures")}
    assert not values & {2024.0, 2025.0, 2026.0, 0.0}


def test_consistency(con):
    for g in GOLD["consistency"]["figures"]:
        found = rows(
            con,
            "select status, n_articles from marts.figure_consistency "
            "where metric = ? and subject = ? and unit = ?",
            g["metric"], g["subject"], g["unit"],
        )  # fmt: skip
        assert (g["status"], g["n_articles"]) in found, (g, found)
    # The exact copy of 003 and the near copy of 002 add nothing to corroboration.
    (n,) = rows(con, "select max(n_articles) from marts.figure_consistency")[0]
    assert n == 4
    conflicts = rows(con, "select fact_key from marts.figure_consistency where status = 'conflict'")
    assert conflicts == []


def test_copies_are_linked_and_share_the_story(con):
    copies = dict(
        rows(
            con,
            "select article_id, original_id from marts.articles where not is_independent",
        )
    )
    assert copies == {"copy of 003": aid("003"), "near copy of 002": aid("002")}
    (jaccard, containment) = rows(
        con,
        "select near_duplicate_jaccard, near_duplicate_containment from marts.articles "
        "where article_id = 'near copy of 002'",
    )[0]
    assert containment >= 0.85 and jaccard < 1
    # One story: the five seeds cover the same news, and the copies join their originals.
    ((n_stories, n_articles, n_independent),) = rows(
        con, "select count(*), sum(n_articles), sum(n_independent_articles) from marts.stories"
    )
    assert (n_stories, n_articles, n_independent) == (1, 7, 5)
    cards = dict(rows(con, "select article_id, n_comparable from marts.source_scorecard"))
    assert cards["near copy of 002"] == 0 and cards["copy of 003"] == 0


def _short(article_id: str) -> str:
    return article_id.split("_")[0]


def test_quote_consistency_matches_gold(con):
    found = {
        (_short(a), _short(b), relation)
        for a, b, relation in rows(
            con, "select article_id_a, article_id_b, relation from marts.quote_consistency"
        )
    }
    expected = {
        (g["articles"][0], g["articles"][1], g["relation"]) for g in GOLD["consistency"]["quotes"]
    }
    assert found == expected
    for (explanation,) in rows(
        con,
        "select explanation from marts.quote_consistency where status = 'wording_conflict'",
    ):
        assert '"untrue" vs "false"' in explanation


def test_stance_consistency_matches_gold(con):
    found = {
        actor: (status, stances)
        for actor, status, stances in rows(
            con,
            "select actor, status, stances_seen from marts.stance_consistency "
            "where status <> 'single_source'",
        )
    }
    for g in GOLD["consistency"]["stances"]:
        status, stances = found.pop(g["actor"])
        assert status == g["status"], g
        for stance, shorts in g["stances"].items():
            ids = ", ".join(aid(s) for s in shorts)
            assert f"{stance} [{ids}]" in stances, (g, stances)
    assert not found


def test_quotes_attributed(con):
    quotes = rows(con, "select article_id, speaker, quote_text from marts.quotes")
    for g in GOLD["quotes"]:
        assert any(
            a == aid(g["article"]) and s == g["speaker"] and g["text"] in q for a, s, q in quotes
        ), g


def test_claims_with_stance(con):
    claims = set(rows(con, "select article_id, actor, stance from marts.claims"))
    for g in GOLD["claims"]:
        assert (aid(g["article"]), g["actor"], g["stance"]) in claims, g


def test_scorecard_covers_every_article(con):
    (n,) = rows(con, "select count(*) from marts.source_scorecard")[0]
    assert n == 7
    (corr,) = rows(
        con, "select n_corroborated from marts.source_scorecard where article_id = ?", aid("003")
    )[0]
    assert corr >= 2  # tariff and the FT's four sources


def test_rerun_is_idempotent(con):
    (n,) = rows(con, "select count(*) from raw.figures")[0]
    (distinct,) = rows(con, "select count(distinct figure_id) from raw.figures")[0]
    assert n == distinct > 0


def test_asset_checks_ran(warehouse):
    checks = pytest.checks
    errors = [
        "figures_expectations",
        "figures_possible",
        "articles_expectations",
        "figure_consistency_expectations",
        "stories_expectations",
        "quote_consistency_expectations",
        "stance_consistency_expectations",
        "source_scorecard_expectations",
    ]
    for name in errors:
        assert checks[name].passed, (name, checks[name].metadata)
        assert checks[name].severity == dg.AssetCheckSeverity.ERROR
    # The seeds' figures agree with each other: no conflict.
    assert checks["sources_agree"].passed
    assert checks["sources_agree"].metadata["n_corroborated"].value >= 2
    # Their quotes and stances do not: WARN with the evidence in the metadata.
    quotes = checks["quotes_agree"]
    assert not quotes.passed and quotes.severity == dg.AssetCheckSeverity.WARN
    assert quotes.metadata["n_wording_conflict"].value == 3
    evidence = quotes.metadata["conflicts"].value
    assert {e["only_in_a"] for e in evidence} == {"untrue"}
    assert all(e["sentence_a"] and e["sentence_b"] for e in evidence)
    stances = checks["stances_agree"]
    assert not stances.passed and stances.severity == dg.AssetCheckSeverity.WARN
    assert [c["actor"] for c in stances.metadata["conflicts"].value] == ["Xiaomi"]


def test_published_snapshot_and_summary(warehouse):
    """Readers get the marts in the snapshot next to the warehouse, and the `make run` summary
    (read from it) names the wording and stance conflicts."""
    from newsfacts.report import summary

    published = warehouse.with_name("news_marts.duckdb")
    snap = duckdb.connect(str(published), read_only=True)
    tables = {t for (t,) in snap.execute(
        "select table_name from information_schema.tables where table_schema = 'marts'"
    ).fetchall()}  # fmt: skip
    snap.close()
    assert {"figures", "figure_consistency", "quote_consistency", "stories"} <= tables
    assert checks_ran("inputs_accounted_for")
    text = summary(published)
    assert "Stories: 1" in text and "wording conflicts" in text and "Stance conflicts" in text


def test_dbt_reuses_its_parse_on_the_next_run(warehouse):
    """dbt's target folder sits next to the warehouse, and the parse state the run left there is
    valid for the next dbt call on this warehouse (else every run parses the whole project
    again: about 6 s). A second Dagster run would skip dbt here (nothing changed), so the next
    call is a `dbt parse` with the same profile and target folder."""
    import os
    import subprocess
    import sys

    from newsfacts.settings import DBT_PROJECT_DIR, dbt_target_for

    target = dbt_target_for(warehouse)
    assert (target / "partial_parse.msgpack").is_file()
    dbt = Path(sys.executable).with_name("dbt")
    env = {**os.environ, "NEWS_DUCKDB_PATH": str(warehouse)}
    out = subprocess.run(
        [str(dbt), "parse", "--profiles-dir", ".", "--target-path", str(target)],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Unable to do partial parsing" not in out and "full parse" not in out, out


def checks_ran(name: str) -> bool:
    return pytest.checks[name].passed
