"""The one place that resolves paths and settings.

Every path is absolute. ``NEWS_DUCKDB_PATH`` is written back into the process environment as an
absolute path so that dbt's ``profiles.yml`` (which reads the same variable) and the Dagster
DuckDB resource always open the same file, whatever the working directory of the dbt subprocess.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

DEFAULT_ARTICLES_DIR = "seeds"
DEFAULT_DUCKDB_PATH = "warehouse/news.duckdb"
# DuckDB's own default is 80 % of RAM per connection: a 10,000-article load reached 2 GB of
# resident memory. Above this limit DuckDB spills to a temp folder next to the file. Read by
# warehouse.connect and, through the environment, by dbt's profile.
DEFAULT_DUCKDB_MEMORY_LIMIT = "1GB"

# Telemetry off for every tool we run, in every process that imports the settings.
_TELEMETRY_OFF = {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "False",
}


def _absolute(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path.resolve()


# JSON Lines field names we read; NEWS_JSONL_FIELDS maps them to another feed's names.
JSONL_FIELDS = ("text", "id", "title", "published", "authors", "publisher", "url")


@dataclass(frozen=True)
class Settings:
    articles_dir: Path
    duckdb_path: Path
    dbt_project_dir: Path = DBT_PROJECT_DIR
    # Our JSON Lines field -> the input's field, e.g. {"text": "body", "published": "date"}.
    jsonl_fields: dict = field(default_factory=dict)
    # Worker processes for parsing + extraction (both cores of the reference machine).
    extract_processes: int = 1
    # The read-only snapshot of the marts readers open (newsfacts/publish.py); default: next to
    # the warehouse, "<name>_marts.duckdb".
    published_path: Path | None = None

    @property
    def published(self) -> Path:
        return self.published_path or self.duckdb_path.with_name(
            f"{self.duckdb_path.stem}_marts.duckdb"
        )


def dbt_target_for(duckdb_path: Path) -> Path:
    """dbt's target folder (manifest, run results, partial-parse state) for one warehouse:
    ``.<name>.dbt_target`` next to the file. One folder per warehouse because dbt reparses the
    whole project (about 6 s) when the partial-parse state was written for another profile,
    i.e. another ``NEWS_DUCKDB_PATH``."""
    return duckdb_path.with_name(f".{duckdb_path.stem}.dbt_target")


def parse_field_map(value: str) -> dict[str, str]:
    """``"text=body, published=date"`` -> ``{"text": "body", "published": "date"}``."""
    out = {}
    for part in filter(None, (p.strip() for p in value.split(","))):
        ours, sep, theirs = (x.strip() for x in part.partition("="))
        if not sep or not theirs or ours not in JSONL_FIELDS:
            raise ValueError(
                f"NEWS_JSONL_FIELDS: {part!r} is not <field>=<input field> with <field> one of "
                f"{', '.join(JSONL_FIELDS)}"
            )
        out[ours] = theirs
    return out


def get_settings() -> Settings:
    """Resolve settings from the environment (relative paths are taken from the repo root)."""
    settings = Settings(
        articles_dir=_absolute(os.environ.get("NEWS_ARTICLES_DIR", DEFAULT_ARTICLES_DIR)),
        duckdb_path=_absolute(os.environ.get("NEWS_DUCKDB_PATH", DEFAULT_DUCKDB_PATH)),
        jsonl_fields=parse_field_map(os.environ.get("NEWS_JSONL_FIELDS", "")),
        published_path=_absolute(os.environ["NEWS_PUBLISHED_PATH"])
        if os.environ.get("NEWS_PUBLISHED_PATH")
        else None,
        extract_processes=int(
            os.environ.get("NEWS_EXTRACT_PROCESSES") or min(2, os.cpu_count() or 1)
        ),
    )
    # dbt's profile reads NEWS_DUCKDB_PATH: hand it the same absolute path Dagster uses.
    os.environ["NEWS_DUCKDB_PATH"] = str(settings.duckdb_path)
    os.environ.setdefault("NEWS_DUCKDB_MEMORY_LIMIT", DEFAULT_DUCKDB_MEMORY_LIMIT)
    for key, value in _TELEMETRY_OFF.items():
        os.environ.setdefault(key, value)
    return settings
