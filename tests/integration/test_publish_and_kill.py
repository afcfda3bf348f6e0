"""Readers and crashes, with real processes and real DuckDB files (issue 5).

* A reader process querying the published snapshot in a loop while it is republished never gets
  a lock error and never sees two tables from different runs.
* kill -9 during a publish leaves the previous snapshot readable; the next publish completes.
* kill -9 during the raw load leaves every raw table from one run (before or after), never a mix;
  the next load completes.
"""

import json
import signal
import subprocess
import sys
import textwrap
import time

import duckdb

from newsfacts.publish import publish

PY = sys.executable


def _write_version(path, version: int, rows: int = 1000) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA IF NOT EXISTS marts")
    for table in ("figures", "quotes"):
        con.execute(
            f"CREATE OR REPLACE TABLE marts.{table} AS "
            f"SELECT {version} AS version, i, md5(i::varchar) AS payload FROM range({rows}) t(i)"
        )
    con.close()


READER = textwrap.dedent(
    """
    import json, sys, time
    import duckdb
    path, seconds = sys.argv[1], float(sys.argv[2])
    reads = errors = mixed = 0
    versions = set()
    messages = []
    end = time.time() + seconds
    while time.time() < end:
        try:
            con = duckdb.connect(path, read_only=True)
            seen = {v for (v,) in con.execute(
                "SELECT DISTINCT version FROM marts.figures "
                "UNION SELECT DISTINCT version FROM marts.quotes").fetchall()}
            con.close()
            reads += 1
            versions |= seen
            mixed += len(seen) != 1
        except Exception as exc:
            errors += 1
            messages.append(str(exc)[:200])
    print(json.dumps({"reads": reads, "errors": errors, "mixed": mixed,
                      "versions": sorted(versions), "messages": messages[:3]}))
    """
)


def test_reader_never_blocked_and_never_sees_a_half_published_snapshot(tmp_path):
    work, published = tmp_path / "work.duckdb", tmp_path / "work_marts.duckdb"
    _write_version(work, 0)
    publish(work, published)
    reader = subprocess.Popen(
        [PY, "-c", READER, str(published), "6"], stdout=subprocess.PIPE, text=True
    )
    time.sleep(0.5)
    version = 0
    while reader.poll() is None:
        version += 1
        _write_version(work, version, rows=20_000 + version)
        publish(work, published)
    result = json.loads(reader.stdout.read())
    assert result["errors"] == 0, result["messages"]
    assert result["mixed"] == 0
    assert result["reads"] > 20
    assert len(result["versions"]) >= 2  # the reader really saw snapshots change under it


PUBLISHER = textwrap.dedent(
    """
    import sys
    from newsfacts.publish import publish
    publish(sys.argv[1], sys.argv[2])
    """
)


def test_kill_during_publish_keeps_the_previous_snapshot(tmp_path):
    work, published = tmp_path / "work.duckdb", tmp_path / "work_marts.duckdb"
    tmp = published.with_name(published.name + ".tmp")
    killed = False
    # Big enough that copying takes a while; a faster machine gets a bigger table.
    for version, rows in enumerate((1_500_000, 6_000_000, 20_000_000), start=2):
        _write_version(work, 1)
        publish(work, published)
        _write_version(work, version, rows=rows)
        child = subprocess.Popen([PY, "-c", PUBLISHER, str(work), str(published)])
        deadline = time.time() + 60
        while not tmp.exists() and child.poll() is None and time.time() < deadline:
            time.sleep(0.005)
        time.sleep(0.05)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            child.wait()
            killed = True
            break
    assert killed, "every publish finished before it could be killed"
    con = duckdb.connect(str(published), read_only=True)
    assert con.execute("SELECT DISTINCT version FROM marts.figures").fetchall() == [(1,)]
    con.close()
    publish(work, published)  # the next run completes and clears the stale .tmp
    con = duckdb.connect(str(published), read_only=True)
    assert con.execute("SELECT DISTINCT version FROM marts.quotes").fetchall() == [(version,)]
    con.close()
    assert not tmp.exists()


LOADER = textwrap.dedent(
    """
    import sys
    from newsfacts.records import Article, EntityMention
    from newsfacts.warehouse import connect, load_raw
    con = connect(sys.argv[1])
    for run in range(1, 1000):
        tag = f"run{run}"
        articles = [Article(f"a{i}", tag, "txt", "h", "utf-8", "text " * 50) for i in range(4000)]
        mentions = [EntityMention(f"a{i}", tag, "ORG", "s", 0, 4, "e", "Acme", "organization")
                    for i in range(4000)]
        load_raw(con, articles=articles, rejected=[], mentions=mentions, figures=[], quotes=[],
                 claims=[], errors=[])
        print(run, flush=True)
    """
)


def test_kill_during_load_leaves_one_whole_run(tmp_path):
    db = tmp_path / "w.duckdb"
    child = subprocess.Popen([PY, "-c", LOADER, str(db)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "1"  # one run committed
    time.sleep(1.5)  # somewhere inside a later transaction
    assert child.poll() is None
    child.send_signal(signal.SIGKILL)
    child.wait()
    con = duckdb.connect(str(db))
    article_runs = con.execute("SELECT DISTINCT source_path FROM raw.articles").fetchall()
    mention_runs = con.execute("SELECT DISTINCT mention_text FROM raw.entity_mentions").fetchall()
    assert len(article_runs) == 1 and article_runs == mention_runs
    assert con.execute("SELECT count(*) FROM raw.articles").fetchall() == [(4000,)]
    con.close()
    # The next run completes on the recovered file.
    rerun = subprocess.run(
        [PY, "-c", LOADER.replace("range(1, 1000)", "range(1, 2)"), str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rerun.returncode == 0, rerun.stderr
