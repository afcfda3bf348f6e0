"""Python assets: plan -> normalize -> extract -> load the raw schema (one transaction).

Runs are incremental (newsfacts/incremental.py): the folder is compared with the ledger in
``raw.articles``, and only new, changed or outdated articles are normalized and parsed.
"""

import shutil
import time
from pathlib import Path

import dagster as dg

from newsfacts.extract import SpooledExtraction, iter_extract, spool
from newsfacts.incremental import Changes, Plan
from newsfacts.ingest import count_inputs
from newsfacts.nlp import MODEL_PACKAGE, get_nlp
from newsfacts.pipeline import normalize_plan, plan_folder
from newsfacts.warehouse import (
    RAW_TABLES,
    apply_changes,
    read_articles,
    read_ledger,
    read_state,
)
from orchestration.resources import NewsWarehouse

GROUP = "articles"


def _ledger(warehouse: NewsWarehouse) -> dict:
    if not Path(warehouse.duckdb_path).exists():
        return {}
    with warehouse.session(read_only=True) as con:
        return read_ledger(con)


@dg.asset(group_name=GROUP, compute_kind="python")
def ingested_files(context: dg.AssetExecutionContext, warehouse: NewsWarehouse) -> Plan:
    """Every file (JSON Lines: every record) in the articles folder, compared with what the
    warehouse holds: new or changed inputs are kept (decoded, encoding detected), unchanged ones
    are only counted, vanished ones are listed for deletion, unreadable ones rejected."""
    plan = plan_folder(Path(warehouse.articles_dir), warehouse.jsonl_fields, _ledger(warehouse))
    context.add_output_metadata(
        {
            "articles_dir": warehouse.articles_dir,
            "inputs_seen": plan.inputs_seen,
            "to_process": len(plan.to_process),
            "unchanged": len(plan.unchanged),
            "deleted": len(plan.deleted),
            "rejected": len(plan.rejected),
            "extractor_version": plan.version,
        }
    )
    return plan


@dg.asset(group_name=GROUP, compute_kind="python")
def normalized_articles(
    context: dg.AssetExecutionContext, ingested_files: Plan, warehouse: NewsWarehouse
) -> Changes:
    """New and changed articles with boilerplate stripped and title, author, date and publisher
    found; exact copies marked across the whole warehouse."""
    changes = normalize_plan(ingested_files)
    if changes.revive:
        with warehouse.session(read_only=True) as con:
            changes.revived = read_articles(con, changes.revive)
    context.add_output_metadata(
        {
            "articles": len(changes.upsert),
            "duplicates": sum(a.duplicate_of is not None for a in changes.upsert),
            "deleted": len(changes.deleted),
            "rejected": len(changes.rejected),
            "duplicate_status_changed": len(changes.redup),
            "words": sum(a.word_count for a in changes.upsert),
        }
    )
    return changes


@dg.asset(group_name=GROUP, compute_kind="spacy")
def extracted_facts(
    context: dg.AssetExecutionContext, normalized_articles: Changes, warehouse: NewsWarehouse
) -> SpooledExtraction:
    """Entity mentions, figures with meaning, quotes and claims of the articles to process.
    Resolution across articles happens at load time, over the whole warehouse."""
    todo = normalized_articles.to_extract()
    spool_root = Path(warehouse.duckdb_path).parent / SPOOL_DIR
    _clear_stale_spools(spool_root)
    # A run with nothing to parse does not load the model (about 1 s).
    parts = iter_extract(get_nlp(), todo, n_process=warehouse.extract_processes) if todo else ()
    result = spool(parts, spool_root / context.run_id)
    context.add_output_metadata(
        {
            "model": MODEL_PACKAGE,
            "articles_parsed": len(todo),
            "words_parsed": sum(a.word_count for a in todo),
            "spool": result.directory,
            **{k if k != "errors" else "extraction_errors": v for k, v in result.counts.items()},
        }
    )
    return result


# Extraction chunks wait here (next to the warehouse) between the extract and load steps.
SPOOL_DIR = ".extract_spool"
STALE_SPOOL_SECONDS = 24 * 3600


def _clear_stale_spools(root: Path) -> None:
    """Spools of runs killed before their load; a day-old one belongs to no live run."""
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if time.time() - folder.stat().st_mtime > STALE_SPOOL_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)


RAW_KEYS = {table: dg.AssetKey(["raw", table]) for table in RAW_TABLES}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key,
            group_name="raw",
            kinds={"duckdb"},
            description=f"raw.{table}",
            deps=["normalized_articles", "extracted_facts"],
            skippable=True,  # see the end of raw_tables
        )
        for table, key in RAW_KEYS.items()
    ],
    ins={
        "normalized_articles": dg.AssetIn(),
        "extracted_facts": dg.AssetIn(),
    },
)
def raw_tables(
    context: dg.AssetExecutionContext,
    warehouse: NewsWarehouse,
    normalized_articles: Changes,
    extracted_facts: SpooledExtraction,
):
    """Apply the run's changes and re-resolve entities in one transaction: a crash leaves the
    previous run intact."""
    with warehouse.session() as con:
        before = read_state(con).get("raw_version", 0)
        counts = apply_changes(con, normalized_articles, extracted_facts)
        state = read_state(con)
    shutil.rmtree(extracted_facts.directory, ignore_errors=True)  # loaded: the chunks can go
    if (
        state.get("raw_version", 0) == before == state.get("published_version")
        and Path(warehouse.published_path).exists()
    ):
        # Nothing changed and the snapshot already shows this raw version: yielding nothing
        # skips dbt, the checks and the publish (a no-op run costs seconds, not a dbt build).
        context.log.info("no change since the published marts: dbt and publish are skipped")
        return
    for table, key in RAW_KEYS.items():
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "dagster/row_count": counts[table],
                "table": f"raw.{table}",
                "duckdb_path": warehouse.duckdb_path,
            },
        )


@dg.asset_check(asset=dg.AssetKey(["raw", "articles"]), blocking=True)
def inputs_accounted_for(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    """Files and JSON Lines records seen in the folder = articles loaded (duplicates included,
    marked) + rejected inputs. Counted independently of the pipeline, so a record lost anywhere
    between ingest and load fails the run."""
    seen = count_inputs(Path(warehouse.articles_dir))
    with warehouse.session(read_only=True) as con:
        loaded, duplicates = con.execute(
            "SELECT count(*), count(duplicate_of) FROM raw.articles"
        ).fetchall()[0]
        rejected = con.execute("SELECT count(*) FROM raw.rejected_inputs").fetchall()[0][0]
    return dg.AssetCheckResult(
        passed=seen == loaded + rejected,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "inputs_seen": seen,
            "loaded": loaded - duplicates,
            "duplicates": duplicates,
            "rejected": rejected,
        },
        description=f"{seen} seen = {loaded - duplicates} loaded + {duplicates} duplicates + "
        f"{rejected} rejected"
        if seen == loaded + rejected
        else f"{seen} inputs seen but {loaded} articles + {rejected} rejects in raw",
    )
