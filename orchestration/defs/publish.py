"""Publish the marts to the read-only snapshot readers open (newsfacts/publish.py)."""

import dagster as dg

from newsfacts.publish import publish
from newsfacts.warehouse import connect, read_state, write_state
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
    # Exclusive: it reads the marts and then records which raw version the snapshot holds.
    with warehouse.lock():
        con = connect(warehouse.duckdb_path, read_only=True)
        try:
            version = read_state(con).get("marts_version", -1)
        finally:
            con.close()
        counts = publish(warehouse.duckdb_path, warehouse.published_path)
        con = connect(warehouse.duckdb_path)
        try:
            write_state(con, "published_version", version)
        finally:
            con.close()
    context.add_output_metadata(
        {
            "path": warehouse.published_path,
            "tables": len(counts),
            **{f"rows.{name}": n for name, n in counts.items()},
        }
    )
