"""The folder sensor: a run once a change has settled, none while nothing changes."""

import os

import dagster as dg

from orchestration.defs.sensors import new_articles_sensor
from orchestration.resources import NewsWarehouse


def _tick(folder, cursor):
    warehouse = NewsWarehouse(
        articles_dir=str(folder),
        duckdb_path=str(folder.parent / "w.duckdb"),
        published_path=str(folder.parent / "p.duckdb"),
    )
    context = dg.build_sensor_context(cursor=cursor, resources={"warehouse": warehouse})
    result = new_articles_sensor(context)
    return result, context.cursor


def test_sensor_requests_a_run_once_the_folder_settles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("First article.")

    result, cursor = _tick(folder, None)
    assert isinstance(result, dg.SkipReason)  # just changed: wait one tick
    result, cursor = _tick(folder, cursor)
    assert isinstance(result, dg.RunRequest)
    result, cursor = _tick(folder, cursor)
    assert isinstance(result, dg.SkipReason)  # nothing new

    (folder / "b.txt").write_text("Second article.")
    b_stat = (folder / "b.txt").stat()
    result, cursor = _tick(folder, cursor)
    assert isinstance(result, dg.SkipReason)
    result, cursor = _tick(folder, cursor)
    assert isinstance(result, dg.RunRequest)

    # An edit in place (same name, new mtime) and a deletion are changes too.
    stat = (folder / "a.txt").stat()
    os.utime(folder / "a.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    _, cursor = _tick(folder, cursor)
    result, cursor = _tick(folder, cursor)
    assert isinstance(result, dg.RunRequest)
    edited = result
    (folder / "b.txt").unlink()
    _, cursor = _tick(folder, cursor)
    result, cursor = _tick(folder, cursor)
    assert isinstance(result, dg.RunRequest)

    # Back to an earlier state (b.txt restored with its old mtime): a new run, with a new key.
    (folder / "b.txt").write_text("Second article.")
    os.utime(folder / "b.txt", ns=(b_stat.st_atime_ns, b_stat.st_mtime_ns))
    _, cursor = _tick(folder, cursor)
    result, cursor = _tick(folder, cursor)
    assert isinstance(result, dg.RunRequest)
    assert result.tags == edited.tags and result.run_key != edited.run_key
