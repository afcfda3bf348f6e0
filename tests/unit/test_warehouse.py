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
