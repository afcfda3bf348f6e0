"""dbt models (staging -> intermediate -> marts) as Dagster assets; dbt tests as asset checks."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from newsfacts.warehouse import connect, read_state, write_state
from orchestration.resources import NewsWarehouse, dbt_project


class NewsDbtTranslator(DagsterDbtTranslator):
    """Models are keyed by schema and name (marts/figures) so raw, staging and marts read apart
    in the UI; sources keep the asset keys given in their YAML meta (raw/<table>)."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            schema = dbt_resource_props["config"].get("schema") or "main"
            return dg.AssetKey([schema, dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["config"].get("schema") or "dbt"


translator = NewsDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
)
def newsfacts_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: NewsWarehouse
):
    """`dbt build`: seeds, models and their tests, in dependency order, under the warehouse
    lock (dbt writes the DuckDB file)."""
    with warehouse.lock():
        # The raw version this build reads (no load can commit while we hold the lock).
        raw_version = _state(warehouse).get("raw_version", 0)
        # One target folder per warehouse (not dagster-dbt's default of a new one per run): dbt
        # reuses the partial-parse state of the last run on this warehouse (a full parse costs
        # about 6 s), and runs do not pile up ~10 MB folders. Runs never share it at the same
        # time: they hold the warehouse lock. On a warehouse's first run dagster-dbt seeds it
        # with the project's target/partial_parse.msgpack (`make dbt-parse`).
        target = warehouse.dbt_target_path
        yield from dbt.cli(["build"], context=context, target_path=target).stream()
        # Reached only when the build (models and ERROR tests) succeeded. A subset picked in
        # the UI rebuilt only some marts: it does not make the marts current.
        if context.is_subset:
            return
        con = connect(warehouse.duckdb_path)
        try:
            write_state(con, "marts_version", raw_version)
        finally:
            con.close()


def _state(warehouse: NewsWarehouse) -> dict[str, int]:
    # Called under the warehouse lock: a plain connection (``session`` would lock again).
    con = connect(warehouse.duckdb_path, read_only=True)
    try:
        return read_state(con)
    finally:
        con.close()
