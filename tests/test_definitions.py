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
