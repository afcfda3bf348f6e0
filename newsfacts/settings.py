"""The one place that resolves paths and settings.

Every path is absolute. ``NEWS_DUCKDB_PATH`` is written back into the process environment as an
absolute path so that dbt's ``profiles.yml`` (which reads the same variable) and the Dagster
DuckDB resource always open the same file, whatever the working directory of the dbt subprocess.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

DEFAULT_ARTICLES_DIR = "seeds"
DEFAULT_DUCKDB_PATH = "warehouse/news.duckdb"

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


@dataclass(frozen=True)
class Settings:
    articles_dir: Path
    duckdb_path: Path
    dbt_project_dir: Path = DBT_PROJECT_DIR


def get_settings() -> Settings:
    """Resolve settings from the environment (relative paths are taken from the repo root)."""
    settings = Settings(
        articles_dir=_absolute(os.environ.get("NEWS_ARTICLES_DIR", DEFAULT_ARTICLES_DIR)),
        duckdb_path=_absolute(os.environ.get("NEWS_DUCKDB_PATH", DEFAULT_DUCKDB_PATH)),
    )
    # dbt's profile reads NEWS_DUCKDB_PATH: hand it the same absolute path Dagster uses.
    os.environ["NEWS_DUCKDB_PATH"] = str(settings.duckdb_path)
    for key, value in _TELEMETRY_OFF.items():
        os.environ.setdefault(key, value)
    return settings
