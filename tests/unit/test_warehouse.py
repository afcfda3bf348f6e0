from newsfacts.records import Figure
from newsfacts.warehouse import connect, load_raw


def _figure(value):
    return Figure("a", "240,00", value, "count", "exact", "reported", "s", 16, 22)


def test_two_rows_on_one_span_still_load_with_distinct_ids(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    figures = [_figure(240), _figure(0)]
    counts = load_raw(con, articles=[], rejected=[], mentions=[], figures=figures, quotes=[],
                      claims=[], errors=[])  # fmt: skip
    assert counts["figures"] == 2
    ids = con.execute("SELECT figure_id FROM raw.figures").fetchall()
    assert len(set(ids)) == 2
    # Reruns give the same ids.
    load_raw(con, articles=[], rejected=[], mentions=[], figures=figures, quotes=[], claims=[],
             errors=[])  # fmt: skip
    assert sorted(con.execute("SELECT figure_id FROM raw.figures").fetchall()) == sorted(ids)
    con.close()


def test_warehouse_lock_waits_for_a_writer_and_dies_with_it(tmp_path):
    """A second writer waits for the lock (instead of failing on DuckDB's); kill -9 of the
    holder releases it at once, so a crashed run never blocks the next one."""
    import signal
    import subprocess
    import sys
    import time

    import pytest

    from newsfacts.warehouse import warehouse_lock

    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from newsfacts.warehouse import warehouse_lock\n"
            "with warehouse_lock(sys.argv[1]):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(60)\n",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(TimeoutError), warehouse_lock(db, timeout_s=0.5):
        pass
    with pytest.raises(TimeoutError), warehouse_lock(db, shared=True, timeout_s=0.5):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    t0 = time.monotonic()
    with warehouse_lock(db, timeout_s=5), warehouse_lock(tmp_path / "other.duckdb"):
        pass
    assert time.monotonic() - t0 < 1
    # Readers share the lock.
    with warehouse_lock(db, shared=True), warehouse_lock(db, shared=True, timeout_s=0.5):
        pass


def test_resolution_reruns_only_when_mentions_or_its_code_change(tmp_path):
    """A load that adds or removes no mention keeps the stored resolution (a run over an
    unchanged 10,000-article folder spent 12 s resolving it again); new resolution code
    (another resolver_version) resolves again even then."""
    from newsfacts.extract import Extraction
    from newsfacts.incremental import Changes, resolver_version
    from newsfacts.records import Article, EntityMention
    from newsfacts.warehouse import apply_changes, read_state, write_state

    con = connect(tmp_path / "w.duckdb")
    text = "Jane Smith said so. Smith left."
    article = Article("a1", "a1.txt", "txt", "h1", "utf-8", text)
    mentions = [
        EntityMention("a1", "Jane Smith", "PERSON", "Jane Smith said so.", 0, 10),
        EntityMention("a1", "Smith", "PERSON", "Smith left.", 20, 25),
    ]
    apply_changes(con, Changes(version="v", upsert=[article]), Extraction(mentions=mentions))

    def names() -> set[str]:
        return {
            n for (n,) in con.execute("SELECT canonical_name FROM raw.entity_mentions").fetchall()
        }

    assert names() == {"Jane Smith"}
    assert read_state(con)["resolver_version"] == resolver_version()
    # Stand-in for a stale stored result: nothing changed, so the load leaves it alone ...
    con.execute("UPDATE raw.entity_mentions SET canonical_name = 'stale'")
    apply_changes(con, Changes(version="v"), Extraction())
    assert names() == {"stale"}
    # ... until the resolution code is another one.
    write_state(con, "resolver_version", 0)
    apply_changes(con, Changes(version="v"), Extraction())
    assert names() == {"Jane Smith"}
    assert read_state(con)["resolver_version"] == resolver_version()
    con.close()
