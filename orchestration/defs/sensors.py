"""Runs the job when the articles folder changes (files added, edited, replaced or removed)."""

import json
from pathlib import Path

import dagster as dg

from newsfacts.ingest import folder_fingerprint
from orchestration.defs.jobs import newsfacts_job
from orchestration.resources import NewsWarehouse


@dg.sensor(
    job=newsfacts_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def new_articles_sensor(context: dg.SensorEvaluationContext, warehouse: NewsWarehouse):
    """Requests a run once the folder has changed and then stayed the same for one tick, so a
    file still being copied in is not read half-written. Which articles the run processes is
    decided by the ledger (newsfacts/incremental.py), not by the sensor: a run it requests for
    a change that needs no work parses nothing."""
    state = json.loads(context.cursor) if context.cursor else {}
    now = folder_fingerprint(Path(warehouse.articles_dir))
    settled = now == state.get("seen")
    if not settled:
        context.update_cursor(json.dumps({**state, "seen": now}))
        return dg.SkipReason("articles folder changed; waiting one tick for it to settle")
    if now == state.get("requested"):
        return dg.SkipReason("no change in the articles folder since the last requested run")
    # The run key counts requests: a folder that returns to an earlier state (a file removed,
    # then copied back with its old mtime) still gets its run; Dagster skips a repeated key.
    n = state.get("requests", 0) + 1
    context.update_cursor(json.dumps({"seen": now, "requested": now, "requests": n}))
    return dg.RunRequest(run_key=f"{n}-{now}", tags={"newsfacts/folder_fingerprint": now})
