"""Publish the marts to the read-only snapshot readers open (newsfacts/publish.py)."""

import dagster as dg

from newsfacts.publish import publish
from orchestration.defs.dbt import newsfacts_dbt_models
from orchestration.resources import NewsWarehouse


@dg.asset(
    key=["published", "marts_snapshot"],
    group_name="publish",
    compute_kind="duckdb",
    deps=[newsfacts_dbt_models],
)
def published_marts(context: dg.AssetExecutionContext, warehouse: NewsWarehouse) -> None:
    """Every mart copied into a fresh DuckDB file and swapped in by an atomic rename: BI tools and
    analysts open this file read-only and never see a half-built mart or block a run."""
    with warehouse.lock(shared=True):  # it reads the warehouse: no writer may run meanwhile
        counts = publish(warehouse.duckdb_path, warehouse.published_path)
    context.add_output_metadata(
        {
            "path": warehouse.published_path,
            "tables": len(counts),
            **{f"rows.{name}": n for name, n in counts.items()},
        }
    )
