import dagster as dg

from orchestration.definitions import defs


def test_definitions_load():
    keys = {k.to_user_string() for k in defs.resolve_all_asset_keys()}
    assert {"ingested_files", "extracted_facts", "raw/figures", "marts/figure_consistency"} <= keys
    graph = defs.resolve_asset_graph()
    # dbt sources are linked to the Python raw assets (meta.dagster.asset_key).
    parents = graph.get(dg.AssetKey(["staging", "stg_figures"])).parent_keys
    assert dg.AssetKey(["raw", "figures"]) in parents
    check_names = {k.name for k in graph.asset_check_keys}
    assert {"sources_agree", "figures_expectations"} <= check_names
    # dbt tests are asset checks too.
    assert any(name.startswith("unique_") for name in check_names)
    assert defs.resolve_job_def("newsfacts_job")


def test_dbt_resource_skips_the_version_subprocess_and_the_adapter():
    """NewsDbtCliResource overrides two private members of dagster-dbt: they must still exist
    and still be what DbtCliResource.cli calls, or the override silently does nothing."""
    import inspect
    from importlib import metadata

    from dagster_dbt import DbtCliResource
    from packaging import version

    from newsfacts.settings import get_settings
    from orchestration.resources import NewsDbtCliResource, build_resources

    source = inspect.getsource(DbtCliResource.cli)
    assert "self._cli_version" in source and "self._initialize_dbt_core_adapter(" in source
    resource = build_resources(get_settings())["dbt"]
    assert isinstance(resource, NewsDbtCliResource)
    assert resource._cli_version == version.parse(metadata.version("dbt-core"))
    assert resource._cli_version.major == 1  # dbt Core: no adapter needed for our calls
    assert resource._initialize_dbt_core_adapter(["build"]) is None
