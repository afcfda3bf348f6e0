"""Pure pipeline steps that the Dagster assets call (no Dagster imports here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsfacts.incremental import (
    Changes,
    Plan,
    StoredArticle,
    plan_changes,
    plan_run,
    version_for,
)
from newsfacts.ingest import iter_inputs
from newsfacts.normalize import mark_duplicates, normalize
from newsfacts.records import Article, InputFile, Rejected


@dataclass
class Ingested:
    inputs: list[InputFile] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def ingest(articles_dir: Path, field_map: dict | None = None) -> Ingested:
    """Read every file of the folder into an input or a reject (nothing is skipped silently)."""
    out = Ingested()
    for item in iter_inputs(articles_dir, field_map):
        (out.rejected if isinstance(item, Rejected) else out.inputs).append(item)
    return out


@dataclass
class Normalized:
    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def normalize_all(inputs: Iterable[InputFile]) -> Normalized:
    """Normalize each input; an input that cannot be normalized becomes a reject with the reason."""
    out = Normalized()
    for inp in inputs:
        try:
            out.articles.append(normalize(inp))
        except Exception as exc:  # noqa: BLE001 - a bad input is a reject, not a failed run
            out.rejected.append(
                Rejected(inp.source_path, f"could not normalize: {exc}", inp.content_hash)
            )
    out.articles = mark_duplicates(out.articles)
    return out


def plan_folder(
    articles_dir: Path, field_map: dict | None, ledger: dict[str, StoredArticle]
) -> Plan:
    """Compare the folder with the warehouse ledger (see ``newsfacts.incremental``)."""
    return plan_run(iter_inputs(articles_dir, field_map), ledger, version_for(field_map))


def normalize_plan(plan: Plan) -> Changes:
    """Normalize the inputs to process and decide every row change of the run."""
    normalized = normalize_all(plan.to_process)
    return plan_changes(plan, normalized.articles, normalized.rejected)
