"""Dagster entry point (`dagster dev -w workspace.yaml`, `make run`)."""

import dagster as dg

from newsfacts.settings import Settings, get_settings
from orchestration.defs.articles import (
    extracted_facts,
    ingested_files,
    inputs_accounted_for,
    normalized_articles,
    raw_tables,
)
from orchestration.defs.checks import checks
from orchestration.defs.dbt import newsfacts_dbt_models
from orchestration.defs.publish import published_marts
from orchestration.resources import build_resources

ASSETS = [
    ingested_files,
    normalized_articles,
    extracted_facts,
    raw_tables,
    newsfacts_dbt_models,
    published_marts,
]

newsfacts_job = dg.define_asset_job(
    "newsfacts_job",
    selection=dg.AssetSelection.all(),
    description=(
        "Ingest, normalize, extract and load all articles, build and check the marts, then "
        "publish them to the read-only snapshot."
    ),
)


def build_definitions(settings: Settings) -> dg.Definitions:
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=[*checks, inputs_accounted_for],
        jobs=[newsfacts_job],
        resources=build_resources(settings),
    )


defs = build_definitions(get_settings())
