"""Publish the marts to the read-only snapshot readers open (newsfacts/publish.py)."""

import dagster as dg

from newsfacts.publish import publish
from orchestration.defs.articles import DUCKDB_POOL
from orchestration.defs.dbt import newsfacts_dbt_models
from orchestration.resources import NewsWarehouse


@dg.asset(
    key=["published", "marts_snapshot"],
    group_name="publish",
    compute_kind="duckdb",
    deps=[newsfacts_dbt_models],
    pool=DUCKDB_POOL,  # it reads the warehouse: a reader blocks DuckDB's single writer
)
def published_marts(context: dg.AssetExecutionContext, warehouse: NewsWarehouse) -> None:
    """Every mart copied into a fresh DuckDB file and swapped in by an atomic rename: BI tools and
    analysts open this file read-only and never see a half-built mart or block a run."""
    counts = publish(warehouse.duckdb_path, warehouse.published_path)
    context.add_output_metadata(
        {
            "path": warehouse.published_path,
            "tables": len(counts),
            **{f"rows.{name}": n for name, n in counts.items()},
        }
    )
