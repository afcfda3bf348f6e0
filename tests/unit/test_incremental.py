"""The incremental planner's rules (newsfacts/incremental.py) and the ledger's schema upgrade."""

from newsfacts.incremental import Plan, StoredArticle, plan_changes, plan_run, version_for
from newsfacts.normalize import text_hash
from newsfacts.records import Article, InputFile, Rejected
from newsfacts.warehouse import RAW_TABLES, connect, ensure_raw_schema, read_ledger

V = "v1"


def inp(article_id: str, content: str) -> InputFile:
    return InputFile(article_id, f"{article_id}.txt", "txt", f"h-{content}", "utf-8", content)


def stored(article_id: str, content: str, dup=None, version=V) -> StoredArticle:
    return StoredArticle(article_id, f"h-{content}", text_hash(content), dup, version)


def art(i: InputFile) -> Article:
    return Article(i.article_id, i.source_path, "txt", i.content_hash, "utf-8", i.text)


def test_plan_sorts_new_changed_unchanged_deleted_and_outdated():
    ledger = {
        "same": stored("same", "a"),
        "edited": stored("edited", "old"),
        "gone": stored("gone", "g"),
        "old_code": stored("old_code", "c", version="v0"),
    }
    items = [inp("same", "a"), inp("edited", "new"), inp("fresh", "f"), inp("old_code", "c")]
    items.append(Rejected("bad.txt", "empty file"))
    plan = plan_run(items, ledger, V)
    assert sorted(i.article_id for i in plan.to_process) == ["edited", "fresh", "old_code"]
    assert list(plan.unchanged) == ["same"]
    assert plan.deleted == ["gone"]
    assert plan.inputs_seen == 5


def test_changes_delete_rewrite_and_purge():
    plan = plan_run(
        [inp("a", "x"), inp("b", "new")], {"b": stored("b", "old"), "c": stored("c", "z")}, V
    )
    changes = plan_changes(plan, [art(i) for i in plan.to_process], [])
    assert changes.deleted == ["c"]
    assert [a.article_id for a in changes.upsert] == ["a", "b"]
    assert changes.purge == ["a", "b", "c"]
    assert [a.article_id for a in changes.to_extract()] == ["a", "b"]


def test_input_that_now_fails_normalization_loses_its_article_row():
    plan = plan_run([inp("a", "new")], {"a": stored("a", "old")}, V)
    changes = plan_changes(plan, [], [Rejected("a.txt", "could not normalize: boom")])
    assert changes.deleted == ["a"] and changes.purge == ["a"]
    assert [r.reason for r in changes.rejected] == ["could not normalize: boom"]


def test_copies_are_decided_over_the_whole_warehouse():
    # A new file with the same text as a stored one, sorting first: it becomes the original.
    plan = plan_run(
        [inp("a-copy", "same text"), inp("b", "same text")], {"b": stored("b", "same text")}, V
    )
    changes = plan_changes(plan, [art(i) for i in plan.to_process], [])
    assert changes.upsert[0].duplicate_of is None
    assert changes.redup == {"b": "a-copy"} and "b" in changes.purge
    assert [a.article_id for a in changes.to_extract()] == ["a-copy"]

    # The copy disappears: the stored article is an original again and is extracted again.
    plan = plan_run(
        [inp("b", "same text")],
        {"a-copy": stored("a-copy", "same text"), "b": stored("b", "same text", dup="a-copy")},
        V,
    )
    changes = plan_changes(plan, [], [])
    assert changes.redup == {"b": None} and changes.revive == ["b"]
    changes.revived = [
        Article("b", "b.txt", "txt", "h", "utf-8", "same text", duplicate_of="a-copy")
    ]
    assert [(a.article_id, a.duplicate_of) for a in changes.to_extract()] == [("b", None)]


def test_version_covers_the_field_map():
    assert version_for({}) == version_for(None)
    assert version_for({"text": "body"}) != version_for({})


def test_old_warehouse_gets_the_new_columns(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    con.execute("create schema raw")
    con.execute("create table raw.articles (article_id varchar primary key, content_hash varchar)")
    con.execute("insert into raw.articles values ('a', 'h')")
    # Read before the upgrade (the ingest step opens the warehouse read-only): no error, and the
    # article counts as made by an unknown extractor version.
    assert read_ledger(con)["a"].extractor_version is None
    ensure_raw_schema(con)
    cols = [
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'articles'"
        ).fetchall()
    ]
    assert {"text_hash", "extractor_version"} <= set(cols)
    assert set(RAW_TABLES) <= {
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema='raw'"
        ).fetchall()
    }
    # The old row has no extractor version, so the planner reprocesses it.
    ledger = read_ledger(con)
    assert ledger["a"].extractor_version is None
    assert isinstance(plan_run([inp("a", "x")], ledger, V), Plan)
    assert [i.article_id for i in plan_run([inp("a", "x")], ledger, V).to_process] == ["a"]


def test_spooled_chunks_come_back_in_order(tmp_path):
    from newsfacts.extract import Extraction, spool
    from newsfacts.records import ExtractionError

    parts = [Extraction(errors=[ExtractionError(f"a{i}", "parse", "x")]) for i in range(3)]
    spooled = spool(iter(parts), tmp_path / "spool")
    assert spooled.parts == 3 and spooled.counts["errors"] == 3
    assert [p.errors[0].article_id for p in spooled] == ["a0", "a1", "a2"]
    # Spooling again into the same folder starts from empty.
    assert spool(iter(parts[:1]), tmp_path / "spool").parts == 1
    assert len(list((tmp_path / "spool").iterdir())) == 1


def test_a_plan_made_against_an_older_ledger_is_refused(tmp_path):
    """Re-applying a run's changes (or two runs planned against the same ledger) must not
    write twice: the load checks the ledger it was planned against."""
    import pytest

    from newsfacts.extract import Extraction
    from newsfacts.warehouse import StalePlanError, apply_changes

    con = connect(tmp_path / "w.duckdb")
    plan = plan_run([inp("a", "text a")], read_ledger(con), V)
    changes = plan_changes(plan, [art(i) for i in plan.to_process], [])
    assert apply_changes(con, changes, Extraction())["articles"] == 1
    with pytest.raises(StalePlanError):
        apply_changes(con, changes, Extraction())
    assert con.execute("select count(*) from raw.articles").fetchall() == [(1,)]
    # A plan made against the current ledger goes through.
    plan = plan_run([inp("a", "text a"), inp("b", "text b")], read_ledger(con), V)
    changes = plan_changes(plan, [art(i) for i in plan.to_process], [])
    assert apply_changes(con, changes, Extraction())["articles"] == 2


def test_staged_rows_enter_only_with_the_transaction(tmp_path):
    """Extracted rows are staged outside the load transaction (memory); a refused load leaves
    raw unchanged, and no load leaves its scratch schema behind."""
    import pytest

    from newsfacts.extract import Extraction
    from newsfacts.records import ExtractionError
    from newsfacts.warehouse import STAGE_SCHEMA, StalePlanError, apply_changes

    def schemas(con) -> set[str]:
        rows = con.execute("select schema_name from information_schema.schemata").fetchall()
        return {s for (s,) in rows}

    con = connect(tmp_path / "w.duckdb")
    plan = plan_run([inp("a", "text a")], read_ledger(con), V)
    changes = plan_changes(plan, [art(i) for i in plan.to_process], [])
    chunks = [Extraction(errors=[ExtractionError("a", "parse", f"e{i}")]) for i in range(3)]
    assert apply_changes(con, changes, iter(chunks))["extraction_errors"] == 3
    assert STAGE_SCHEMA not in schemas(con)
    with pytest.raises(StalePlanError):
        apply_changes(con, changes, iter(chunks))
    assert con.execute("select count(*) from raw.extraction_errors").fetchall() == [(3,)]
    assert STAGE_SCHEMA not in schemas(con)
