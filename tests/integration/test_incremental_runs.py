"""Incremental runs with real Dagster materializations, real dbt and a real DuckDB file:
articles added over several runs give the same warehouse as one run over all of them; a rerun
parses nothing and leaves the marts byte-identical; changed, deleted and newly copied files are
handled by the documented rules (newsfacts/incremental.py)."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from warehouse_digest import table_digests

from newsfacts.settings import REPO_ROOT

pytestmark = pytest.mark.integration
SEEDS = sorted((REPO_ROOT / "seeds").glob("*.txt"))
PYTHON_ASSETS = ("ingested_files", "normalized_articles", "extracted_facts", "raw_tables")


def _defs(articles: Path, db: Path, monkeypatch):
    monkeypatch.setenv("NEWS_ARTICLES_DIR", str(articles))
    monkeypatch.setenv("NEWS_DUCKDB_PATH", str(db))
    from newsfacts.settings import get_settings
    from orchestration.definitions import build_definitions

    return build_definitions(get_settings())


def _run(articles: Path, db: Path, monkeypatch, *, with_dbt: bool) -> dict:
    """One run; returns the metadata of the Python assets' materializations."""
    defs = _defs(articles, db, monkeypatch)
    job = defs.resolve_job_def("newsfacts_job")
    selection = None if with_dbt else [dg.AssetKey(k) for k in PYTHON_ASSETS[:3]]
    with dg.DagsterInstance.ephemeral() as instance:
        if selection is None:
            result = job.execute_in_process(instance=instance, raise_on_error=False)
        else:
            selection = dg.AssetSelection.assets(*selection) | dg.AssetSelection.groups("raw")
            result = dg.materialize(
                [a for a in defs.assets if not isinstance(a, dg.AssetSpec)],
                selection=selection,
                resources=defs.resources,
                instance=instance,
                raise_on_error=False,
            )
        assert result.success, [e.message for e in result.all_events if e.is_failure]
        return {
            m.step_key if m.step_key else "": {
                k: v.value for k, v in m.event_specific_data.materialization.metadata.items()
            }
            for m in result.get_asset_materialization_events()
        }


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


def _parsed(meta: dict) -> int:
    return next(v["articles_parsed"] for v in meta.values() if "articles_parsed" in v)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Incremental warehouse: 3 seeds, then +2 seeds, then a rerun. Reference warehouse: all 5
    seeds in one run. Both folders also hold one file that is rejected."""
    tmp = tmp_path_factory.mktemp("incremental")
    inc, ref = tmp / "inc", tmp / "ref"
    for folder in (inc, ref):
        folder.mkdir()
        (folder / "empty.txt").write_bytes(b"")
    for path in SEEDS[:3]:
        shutil.copy(path, inc)
    for path in SEEDS:
        shutil.copy(path, ref)
    out = {"inc_db": tmp / "inc.duckdb", "ref_db": tmp / "ref.duckdb", "inc": inc, "tmp": tmp}
    with pytest.MonkeyPatch.context() as mp:
        out["first"] = _run(inc, out["inc_db"], mp, with_dbt=False)
        for path in SEEDS[3:]:
            shutil.copy(path, inc)
        out["second"] = _run(inc, out["inc_db"], mp, with_dbt=True)
        out["marts_after_second"] = table_digests(out["inc_db"], "marts")
        out["rerun"] = _run(inc, out["inc_db"], mp, with_dbt=True)
        out["ref"] = _run(ref, out["ref_db"], mp, with_dbt=True)
    return out


def test_only_new_articles_are_parsed(runs):
    assert _parsed(runs["first"]) == 3
    assert _parsed(runs["second"]) == 2
    assert _parsed(runs["rerun"]) == 0


def test_runs_in_parts_equal_one_run(runs):
    """Extraction is per article and entity resolution reruns over every stored mention, so
    the split into runs leaves no trace: raw and marts equal the one-run warehouse."""
    assert table_digests(runs["inc_db"], "raw") == table_digests(runs["ref_db"], "raw")
    assert table_digests(runs["inc_db"], "marts") == table_digests(runs["ref_db"], "marts")


def test_rerun_is_byte_identical(runs):
    assert runs["marts_after_second"] == table_digests(runs["inc_db"], "marts")
    assert len(runs["marts_after_second"]) >= 10
    # With nothing changed, the rerun skips dbt and the publish (meta.pipeline_state).
    assert "newsfacts_dbt_models" in runs["second"]
    assert "newsfacts_dbt_models" not in runs["rerun"]
    assert "published__marts_snapshot" not in runs["rerun"]


def test_changed_deleted_and_copied_files(runs, monkeypatch):
    """Change one file, delete one, and add an exact copy of a third that sorts before it (the
    copy becomes the original, the old article a duplicate); then remove the copy again."""
    inc, db = runs["inc"], runs["tmp"] / "changes.duckdb"
    shutil.copy(runs["inc_db"], db)
    changed, deleted, copied = SEEDS[4], SEEDS[0], SEEDS[1]
    head, _, rest = changed.read_text(encoding="utf-8").partition("\n\n")
    added = "The company said it sold 4,321 widgets in 2031, up from 3,000 a year earlier."
    (inc / changed.name).write_text(f"{head}\n\n{added}\n\n{rest}", encoding="utf-8")
    (inc / deleted.name).unlink()
    copy = inc / ("0 copy " + copied.name)
    shutil.copy(copied, copy)

    meta = _run(inc, db, monkeypatch, with_dbt=False)
    assert _parsed(meta) == 2  # the changed file and the copy, which is now the original
    rows = dict(
        duckdb.connect(str(db), read_only=True)
        .execute("select article_id, duplicate_of from raw.articles")
        .fetchall()
    )
    assert deleted.stem not in rows
    assert rows[copied.stem] == copy.stem and rows[copy.stem] is None
    for table in ("entity_mentions", "figures", "quotes", "claims"):
        for gone in (deleted.stem, copied.stem):
            assert not _count(db, f"select count(*) from raw.{table} where article_id = '{gone}'")
    assert _count(db, "select count(*) from raw.figures where value = 4321")
    assert _count(db, f"select count(*) from raw.quotes where article_id = '{copy.stem}'")

    # The copy goes: the old article is the original again and is extracted from stored text.
    copy.unlink()
    meta = _run(inc, db, monkeypatch, with_dbt=False)
    assert _parsed(meta) == 1
    assert _count(db, f"select count(*) from raw.quotes where article_id = '{copied.stem}'")
    assert not _count(db, f"select count(*) from raw.articles where article_id = '{copy.stem}'")

    # And the result equals one run over the final folder.
    fresh = runs["tmp"] / "fresh.duckdb"
    _run(inc, fresh, monkeypatch, with_dbt=False)
    assert table_digests(db, "raw") == table_digests(fresh, "raw")
