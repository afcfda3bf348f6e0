"""The job `make run`, the sensor and the UI launch: every asset, in dependency order."""

import dagster as dg

newsfacts_job = dg.define_asset_job(
    "newsfacts_job",
    selection=dg.AssetSelection.all(),
    description=(
        "Process the articles added, changed or removed since the last run (the ledger is "
        "raw.articles), re-resolve entities, build and check the marts, then publish them to the "
        "read-only snapshot."
    ),
)
