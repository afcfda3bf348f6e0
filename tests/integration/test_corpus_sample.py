"""No article may crash extraction or the load: 83 real corpus articles (80 random plus the
longest, the shortest and the most non-ASCII of the 10,000; drawn by
scripts/sample_gold_articles.py --robustness) go through ingest, normalize, two-process extraction
and the raw load without a single error.
The full 10,000-article run is scripts/corpus_robustness.py (numbers in the issue notes)."""

from pathlib import Path

from newsfacts.extract import extract_articles
from newsfacts.nlp import get_nlp
from newsfacts.pipeline import ingest, normalize_all
from newsfacts.warehouse import connect, load_raw

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "corpus_sample.jsonl.gz"


def test_corpus_sample_extracts_without_errors(tmp_path):
    (tmp_path / FIXTURE.name).symlink_to(FIXTURE)
    ingested = ingest(tmp_path)
    assert ingested.rejected == []
    normalized = normalize_all(ingested.inputs)
    assert normalized.rejected == []
    assert len(normalized.articles) == 83
    result = extract_articles(get_nlp(), normalized.articles, n_process=2)
    assert result.errors == []
    extracted = {m.article_id for m in result.mentions}
    assert len(extracted) >= 80  # every article with names yields mentions
    assert len(result.figures) > 300 and len(result.quotes) > 300
    assert all(f.sentence and f.raw_text for f in result.figures)
    # And it loads: one malformed number once produced two rows with one primary key.
    con = connect(tmp_path / "w.duckdb")
    counts = load_raw(
        con,
        articles=normalized.articles,
        rejected=[],
        mentions=result.mentions,
        figures=result.figures,
        quotes=result.quotes,
        claims=result.claims,
        errors=result.errors,
    )
    con.close()
    assert counts["articles"] == 83 and counts["figures"] == len(result.figures)
