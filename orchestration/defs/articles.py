"""Python assets: ingest -> normalize -> extract -> load the raw schema (one transaction)."""

from pathlib import Path

import dagster as dg

from newsfacts.extract import Extraction, extract_articles
from newsfacts.ingest import count_inputs
from newsfacts.nlp import MODEL_PACKAGE, get_nlp
from newsfacts.pipeline import Ingested, Normalized, ingest, normalize_all
from newsfacts.warehouse import RAW_TABLES, load_raw
from orchestration.resources import NewsWarehouse

GROUP = "articles"
# Every asset that writes the DuckDB file shares this pool (limit 1 in dagster.yaml): DuckDB
# allows a single writing process.
DUCKDB_POOL = "duckdb_writer"


@dg.asset(group_name=GROUP, compute_kind="python")
def ingested_files(context: dg.AssetExecutionContext, warehouse: NewsWarehouse) -> Ingested:
    """Every file in the articles folder, decoded (encoding detected), or rejected with a reason."""
    result = ingest(Path(warehouse.articles_dir), warehouse.jsonl_fields)
    context.add_output_metadata(
        {
            "articles_dir": warehouse.articles_dir,
            "inputs_read": len(result.inputs),
            "rejected": len(result.rejected),
        }
    )
    return result


@dg.asset(group_name=GROUP, compute_kind="python")
def normalized_articles(context: dg.AssetExecutionContext, ingested_files: Ingested) -> Normalized:
    """Boilerplate stripped; title, author, date and publisher found; exact duplicates marked."""
    result = normalize_all(ingested_files.inputs)
    result.rejected = ingested_files.rejected + result.rejected
    context.add_output_metadata(
        {
            "articles": len(result.articles),
            "duplicates": sum(a.duplicate_of is not None for a in result.articles),
            "rejected": len(result.rejected),
            "words": sum(a.word_count for a in result.articles),
        }
    )
    return result


@dg.asset(group_name=GROUP, compute_kind="spacy")
def extracted_facts(
    context: dg.AssetExecutionContext, normalized_articles: Normalized, warehouse: NewsWarehouse
) -> Extraction:
    """Entities (resolved across articles), figures with meaning, quotes and claims."""
    result = extract_articles(
        get_nlp(), normalized_articles.articles, n_process=warehouse.extract_processes
    )
    context.add_output_metadata(
        {
            "model": MODEL_PACKAGE,
            "mentions": len(result.mentions),
            "entities": len({m.entity_id for m in result.mentions}),
            "figures": len(result.figures),
            "quotes": len(result.quotes),
            "claims": len(result.claims),
            "extraction_errors": len(result.errors),
        }
    )
    return result


RAW_KEYS = {table: dg.AssetKey(["raw", table]) for table in RAW_TABLES}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key,
            group_name="raw",
            kinds={"duckdb"},
            description=f"raw.{table}",
            deps=["normalized_articles", "extracted_facts"],
        )
        for table, key in RAW_KEYS.items()
    ],
    pool=DUCKDB_POOL,
    ins={
        "normalized_articles": dg.AssetIn(),
        "extracted_facts": dg.AssetIn(),
    },
)
def raw_tables(
    context: dg.AssetExecutionContext,
    warehouse: NewsWarehouse,
    normalized_articles: Normalized,
    extracted_facts: Extraction,
):
    """Replace the whole raw schema in one transaction: a crash leaves the previous run intact."""
    con = warehouse.connect()
    try:
        counts = load_raw(
            con,
            articles=normalized_articles.articles,
            rejected=normalized_articles.rejected,
            mentions=extracted_facts.mentions,
            figures=extracted_facts.figures,
            quotes=extracted_facts.quotes,
            claims=extracted_facts.claims,
            errors=extracted_facts.errors,
        )
    finally:
        con.close()
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
    con = warehouse.connect(read_only=True)
    try:
        loaded, duplicates = con.execute(
            "SELECT count(*), count(duplicate_of) FROM raw.articles"
        ).fetchall()[0]
        rejected = con.execute("SELECT count(*) FROM raw.rejected_inputs").fetchall()[0][0]
    finally:
        con.close()
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
