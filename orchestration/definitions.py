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
from orchestration.defs.jobs import newsfacts_job
from orchestration.defs.publish import published_marts
from orchestration.defs.sensors import new_articles_sensor
from orchestration.resources import build_resources

ASSETS = [
    ingested_files,
    normalized_articles,
    extracted_facts,
    raw_tables,
    newsfacts_dbt_models,
    published_marts,
]


def build_definitions(settings: Settings) -> dg.Definitions:
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=[*checks, inputs_accounted_for],
        jobs=[newsfacts_job],
        sensors=[new_articles_sensor],
        resources=build_resources(settings),
    )


defs = build_definitions(get_settings())
