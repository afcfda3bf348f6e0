"""The job `make run`, the sensor and the UI launch: every asset, in dependency order."""

import dagster as dg

# In-process: the steps run one after another anyway (each needs the previous one's output, and
# the warehouse lock serializes the rest), and a process per step cost several seconds of
# start-up each. Extraction still uses every core through its own worker pool.
newsfacts_job = dg.define_asset_job(
    "newsfacts_job",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description=(
        "Process the articles added, changed or removed since the last run (the ledger is "
        "raw.articles), re-resolve entities, build and check the marts, then publish them to the "
        "read-only snapshot."
    ),
)
