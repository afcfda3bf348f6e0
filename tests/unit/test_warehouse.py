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
