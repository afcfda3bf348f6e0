"""Resources built from the one settings object (newsfacts.settings)."""

import sys
from contextlib import contextmanager
from functools import cached_property
from importlib import metadata
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from newsfacts.settings import DBT_PROJECT_DIR, Settings, dbt_target_for
from newsfacts.warehouse import connect, warehouse_lock

# Parsed once per process. Under `dagster dev` the manifest is (re)built on load; everywhere
# else (`make run`, tests, CI) `dbt parse` runs first (see the Makefile).
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


class NewsWarehouse(dg.ConfigurableResource):
    """Where articles come from and where the DuckDB warehouse is (absolute paths)."""

    articles_dir: str
    duckdb_path: str
    jsonl_fields: dict[str, str] = {}
    extract_processes: int = 1
    published_path: str  # the marts snapshot readers open (newsfacts/publish.py)

    @contextmanager
    def session(self, read_only: bool = False):
        """A connection, opened under the warehouse lock (shared when read-only) and closed with
        it: steps that touch DuckDB wait for each other instead of failing on its file lock."""
        with warehouse_lock(self.duckdb_path, shared=read_only):
            con = connect(self.duckdb_path, read_only=read_only)
            try:
                yield con
            finally:
                con.close()

    def lock(self, shared: bool = False):
        """The warehouse lock alone, for steps whose DuckDB connection is another process's
        (dbt)."""
        return warehouse_lock(self.duckdb_path, shared=shared)

    @property
    def dbt_target_path(self) -> Path:
        """dbt's target folder for this warehouse (newsfacts.settings.dbt_target_for)."""
        return dbt_target_for(Path(self.duckdb_path))


class NewsDbtCliResource(DbtCliResource):
    """``DbtCliResource`` without two start-up costs of every dbt step that we do not use
    (measured on a 10,000-article add: about 6 s of a 75 s step):

    * the dbt version comes from the installed dbt-core package, not from ``dbt --version`` in a
      subprocess (about 4 s, and that command asks PyPI for the latest release: a network call
      at run time);
    * no dbt adapter is opened inside Dagster's process: dagster-dbt needs it only for
      ``fetch_row_counts()`` / ``fetch_column_metadata()``, which these assets do not call.

    Both override private members of dagster-dbt 0.29 (pinned in constraints.txt);
    tests/test_definitions.py checks that they are still the ones it calls.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def build_resources(settings: Settings) -> dict:
    # The dbt executable next to this interpreter: works whether or not the venv is activated.
    dbt_exe = Path(sys.executable).with_name("dbt")
    return {
        "warehouse": NewsWarehouse(
            articles_dir=str(settings.articles_dir),
            duckdb_path=str(settings.duckdb_path),
            jsonl_fields=settings.jsonl_fields,
            extract_processes=settings.extract_processes,
            published_path=str(settings.published),
        ),
        "dbt": NewsDbtCliResource(
            project_dir=dbt_project,
            dbt_executable=str(dbt_exe) if dbt_exe.exists() else "dbt",
        ),
    }
