"""Build the dbt project on a synthetic story and check what lands in the marts.

The story (a city budget covered by three outlets plus one syndicated copy) is made up for this
test and sized so that every fact status and every interval rule is exercised once:

- the 2025 budget: two exact figures plus one "about" figure that overlaps -> corroborated, and a
  figure without a period that must join the dated fact; the syndicated copy must not add an
  article;
- the council's 2025 budget target: same metric, subject and period but a target -> its own fact;
- city hall headcount: 4,200 vs 4,800, both exact -> conflict;
- transit share of spending: "at least 25%" vs exactly 30% -> corroborated;
- bus orders: a 40-45 range vs exactly 42 -> corroborated;
- council debt: one outlet only -> single_source;
- a figure with neither metric nor subject: kept in marts.figures, no fact.

Fault injection (a second ``dbt build``, fixture ``injected``): the same records plus

- GAZETTE, an independent article in its own words that changes one figure (the 2025 budget),
  quotes the mayor in different words and says the transit authority did not respond (WIRE says
  it declined to comment) -> a figure conflict, a quote wording conflict and a stance conflict;
- MIRROR, a byte-identical copy of WIRE, and SYNDICATED, a near copy of POST (new first line) with
  POST's figures and quote -> corroboration counts must not rise;
- LEDGER, an article of another story six months later that reports a different 2025 budget for
  the same council -> it must not be compared with the first story.

Each build is module-scoped, which keeps the runtime to a few seconds per build.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfacts.records import (
    Article,
    Claim,
    EntityMention,
    ExtractionError,
    Figure,
    Quote,
    Rejected,
)
from newsfacts.warehouse import connect, ensure_raw_schema, load_raw

pytestmark = pytest.mark.integration

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
DBT_EXECUTABLE = Path(sys.executable).with_name("dbt")

HERALD = "herald/001"
POST = "valleypost/002"
WIRE = "metrowire/003"
COPY = "aggregator/004"  # syndicated, byte-identical copy of HERALD

COUNCIL = "org:riverton_city_council"
TRANSIT = "org:riverton_transit_authority"
MAYOR = "person:mara_ellison"

TEXTS = {
    HERALD: (
        "Riverton City Council approved a budget of $1.2 billion for 2025 on Tuesday.\n"
        "City hall employed 4,200 people in 2024, according to payroll records.\n"
        "Transit will receive 30% of capital spending in 2025.\n"
        "The Riverton Transit Authority plans to order between 40 and 45 new buses in 2025.\n"
        "The Riverton City Council vote was 7 to 2."
    ),
    POST: (
        "The Riverton City Council signed off on its 2025 budget of $1.2 billion.\n"
        "Budgets of $1.2 billion are rare for a city this size.\n"
        "The council aims for a $1.3 billion budget in 2025 if revenue allows.\n"
        "The council's debt stood at $310 million in 2024.\n"
        '"We balanced it without new taxes," Mayor Ellison said.\n'
        "The vote also approved capital spending of the Riverton Transit Authority for 2025."
    ),
    WIRE: (
        "Riverton budgeted about $1.15 billion for 2025.\n"
        "City hall employed 4,800 people in 2024, a union count shows.\n"
        "At least 25% of capital spending in 2025 goes to transit.\n"
        "The Riverton Transit Authority will order 42 buses in 2025.\n"
        "Some 12 percent of residents attended a hearing.\n"
        "The transit authority declined to comment on the bus contract."
    ),
}
TEXTS[COPY] = TEXTS[HERALD]

# Fault injection (see the module docstring).
GAZETTE = "gazette/005"
MIRROR = "mirror/006"  # exact copy of WIRE
SYNDICATED = "syndicate/007"  # near copy of POST
LEDGER = "ledger/008"  # another story, six months later

TEXTS[GAZETTE] = (
    "Riverton City Council passed a $1.6 billion budget for 2025, the largest in its history.\n"
    "The council's budget vote followed weeks of debate over transit and city hall spending.\n"
    '"We balanced it without any new levies," Mayor Ellison said after the vote.\n'
    "The Riverton Transit Authority did not respond to a request for comment about its buses."
)
TEXTS[MIRROR] = TEXTS[WIRE]
TEXTS[SYNDICATED] = "Republished with permission of the Valley Post.\n" + TEXTS[POST]
TEXTS[LEDGER] = (
    "Riverton City Council opened the new Ashford reservoir on Saturday after a dry summer.\n"
    "Water rates will rise in October, officials said, citing a 2025 budget of $2.0 billion.\n"
    "Engineers expect the reservoir to supply three neighbouring towns by next spring."
)


def _span(article_id: str, needle: str, nth: int = 0) -> tuple[int, int, str]:
    """Offsets of the nth `needle` in the article text and the line (sentence) containing it."""
    text = TEXTS[article_id]
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    sentence = text[line_start : line_end if line_end != -1 else len(text)]
    return start, start + len(needle), sentence


def _figure(article_id: str, raw_text: str, value: float, unit: str, **kw) -> Figure:
    start, end, sentence = _span(article_id, raw_text)
    kw.setdefault("qualifier", "exact")
    kw.setdefault("modality", "reported")
    return Figure(
        article_id=article_id,
        raw_text=raw_text,
        value=value,
        unit=unit,
        sentence=sentence,
        char_start=start,
        char_end=end,
        **kw,
    )


ENTITIES = {
    COUNCIL: ("Riverton City Council", "organization"),
    TRANSIT: ("Riverton Transit Authority", "organization"),
    MAYOR: ("Mara Ellison", "person"),
}


def _mention(article_id: str, text: str, entity_id: str, nth: int = 0) -> EntityMention:
    start, end, sentence = _span(article_id, text, nth)
    name, etype = ENTITIES[entity_id]
    return EntityMention(
        article_id=article_id,
        mention_text=text,
        ner_label="PERSON" if etype == "person" else "ORG",
        sentence=sentence,
        char_start=start,
        char_end=end,
        entity_id=entity_id,
        canonical_name=name,
        entity_type=etype,
    )


def _story_figures(article_id: str) -> list[Figure]:
    """HERALD's figures; the syndicated COPY carries the very same ones."""
    council = {"subject": "Riverton City Council", "subject_entity_id": COUNCIL}
    transit = {"subject": "Riverton Transit Authority", "subject_entity_id": TRANSIT}
    return [
        _figure(
            article_id, "$1.2 billion", 1.2e9, "USD", metric="budget", period="2025", **council
        ),
        _figure(
            article_id,
            "4,200",
            4200,
            "count",
            metric="employ",
            subject=" City Hall ",
            period="2024",
        ),
        _figure(article_id, "30%", 30, "percent", metric="spending", period="2025", **transit),
        _figure(
            article_id,
            "between 40 and 45",
            42.5,
            "count",
            qualifier="range",
            value_low=40,
            value_high=45,
            metric="order",
            period="2025",
            **transit,
        ),
    ]


def _quote(article_id: str, text: str) -> Quote:
    start, end, sentence = _span(article_id, text)
    return Quote(
        article_id=article_id,
        quote_text=text,
        char_start=start,
        char_end=end,
        speaker="Mayor Ellison",
        cue="say",
        sentence=sentence,
        speaker_entity_id=MAYOR,
        speaker_canonical="Mara Ellison",
    )


def _claim(article_id: str, actor: str, stance: str, cue: str) -> Claim:
    start, _, sentence = _span(article_id, actor)
    return Claim(
        article_id=article_id,
        actor=actor,
        stance=stance,
        claim_text=sentence,
        cue=cue,
        sentence=sentence,
        char_start=start,
        char_end=start + len(sentence),
        actor_entity_id=TRANSIT,
        actor_canonical="Riverton Transit Authority",
    )


def _article(aid: str, publisher: str, day: dt.date = dt.date(2025, 3, 4), **kw) -> Article:
    return Article(
        article_id=aid,
        source_path=f"{aid}.txt",
        source_format="txt",
        content_hash=kw.pop("content_hash", f"hash-{aid}"),
        encoding="utf-8",
        text=TEXTS[aid],
        title=f"Budget story {aid}",
        publisher=publisher,
        published_date=day,
        **kw,
    )


def _fault_records() -> dict:
    """The baseline records plus the injected faults (module docstring)."""
    records = _records()
    council = {"subject": "the council", "subject_entity_id": COUNCIL}
    records["articles"] += [
        _article(GAZETTE, "Riverton Gazette"),
        _article(MIRROR, "Mirror Site", content_hash=f"hash-{WIRE}", duplicate_of=WIRE),
        _article(SYNDICATED, "Syndicate Network", dt.date(2025, 3, 5)),
        _article(LEDGER, "Daily Ledger", dt.date(2025, 9, 20)),
    ]
    # Copies carry their original's figures, as the extractor would find them.
    post_figures = [f for f in records["figures"] if f.article_id == POST]
    wire_figures = [f for f in records["figures"] if f.article_id == WIRE]
    records["figures"] += [
        _figure(GAZETTE, "$1.6 billion", 1.6e9, "USD", metric="budget", period="2025", **council),
        *[_figure(SYNDICATED, f.raw_text, f.value, f.unit, qualifier=f.qualifier,
                  modality=f.modality, metric=f.metric, subject=f.subject,
                  subject_entity_id=f.subject_entity_id, period=f.period)
          for f in post_figures],
        *[_figure(MIRROR, f.raw_text, f.value, f.unit, qualifier=f.qualifier,
                  modality=f.modality, metric=f.metric, subject=f.subject,
                  subject_entity_id=f.subject_entity_id, period=f.period,
                  value_low=f.value_low, value_high=f.value_high)
          for f in wire_figures],
        _figure(LEDGER, "$2.0 billion", 2.0e9, "USD", metric="budget", period="2025", **council),
    ]  # fmt: skip
    records["mentions"] += [
        _mention(GAZETTE, "Riverton City Council", COUNCIL),
        _mention(GAZETTE, "Ellison", MAYOR),
        _mention(GAZETTE, "Riverton Transit Authority", TRANSIT),
        _mention(SYNDICATED, "Riverton City Council", COUNCIL),
        _mention(SYNDICATED, "Ellison", MAYOR),
        _mention(MIRROR, "Riverton Transit Authority", TRANSIT),
        _mention(LEDGER, "Riverton City Council", COUNCIL),
    ]
    records["quotes"] += [
        _quote(GAZETTE, "We balanced it without any new levies,"),
        _quote(SYNDICATED, "We balanced it without new taxes,"),
    ]
    records["claims"] += [
        _claim(GAZETTE, "The Riverton Transit Authority", "did_not_respond", "respond"),
        _claim(MIRROR, "The transit authority", "declines_comment", "decline"),
    ]  # fmt: skip
    return records


def _records() -> dict:
    council = {"subject": "the council", "subject_entity_id": COUNCIL}
    transit = {"subject": "transit authority", "subject_entity_id": TRANSIT}
    articles = [
        _article(
            aid,
            publisher,
            content_hash=f"hash-{aid if aid != COPY else HERALD}",
            duplicate_of=HERALD if aid == COPY else None,
        )
        for aid, publisher in [
            (HERALD, "Riverton Herald"),
            (POST, "Valley Post"),
            (WIRE, "Metro Wire"),
            (COPY, "News Aggregator"),
        ]
    ]
    figures = [
        *_story_figures(HERALD),
        *_story_figures(COPY),
        _figure(POST, "$1.2 billion", 1.2e9, "USD", metric="budget", period="2025", **council),
        # No period stated: must take 2025, the only period of the dated budget figures.
        _figure(POST, "Budgets of $1.2 billion", 1.2e9, "USD", metric="budgets", **council),
        _figure(
            POST,
            "$1.3 billion",
            1.3e9,
            "USD",
            metric="budget",
            period="2025",
            modality="target",
            **council,
        ),
        _figure(POST, "$310 million", 3.1e8, "USD", metric="debt", period="2024", **council),
        _figure(
            WIRE,
            "about $1.15 billion",
            1.15e9,
            "USD",
            qualifier="approx",
            metric="budgeted",
            period="2025",
            # "Riverton" resolved to the council, whose budget this is.
            subject="Riverton",
            subject_entity_id=COUNCIL,
        ),
        _figure(WIRE, "4,800", 4800, "count", metric="employ", subject="city hall", period="2024"),
        _figure(
            WIRE,
            "At least 25%",
            25,
            "percent",
            qualifier="at_least",
            metric="spending",
            period="2025",
            **transit,
        ),
        _figure(WIRE, "42", 42, "count", metric="order", period="2025", **transit),
        _figure(WIRE, "12 percent", 12, "percent", qualifier="approx"),  # no metric, no subject
    ]
    mentions = [
        _mention(HERALD, "Riverton City Council", COUNCIL),
        _mention(HERALD, "Riverton City Council", COUNCIL, nth=1),
        _mention(HERALD, "Riverton Transit Authority", TRANSIT),
        _mention(COPY, "Riverton City Council", COUNCIL),
        _mention(COPY, "Riverton City Council", COUNCIL, nth=1),
        _mention(COPY, "Riverton Transit Authority", TRANSIT),
        _mention(POST, "Riverton City Council", COUNCIL),
        _mention(POST, "Ellison", MAYOR),
        _mention(POST, "Riverton Transit Authority", TRANSIT),
        _mention(WIRE, "Riverton Transit Authority", TRANSIT),
    ]
    quotes = [_quote(POST, "We balanced it without new taxes,")]
    claims = [_claim(WIRE, "The transit authority", "declines_comment", "decline")]
    return {
        "articles": articles,
        "rejected": [Rejected(source_path="broken.bin", reason="binary file")],
        "mentions": mentions,
        "figures": figures,
        "quotes": quotes,
        "claims": claims,
        "errors": [ExtractionError(article_id=WIRE, stage="quotes", error="unbalanced quote")],
    }


def _start_build(tmp: Path, records: dict) -> tuple[Path, subprocess.Popen]:
    """Load the raw tables, then start ``dbt build`` (returns at once)."""
    db_path = tmp / "news.duckdb"
    con = connect(db_path)
    try:
        ensure_raw_schema(con)
        load_raw(con, **records)
    finally:
        con.close()

    env = {
        **os.environ,
        "NEWS_DUCKDB_PATH": str(db_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DO_NOT_TRACK": "1",
    }
    args = [
        str(DBT_EXECUTABLE),
        "build",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(tmp / "target"),
        "--log-path",
        str(tmp / "logs"),
    ]
    process = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return tmp, process


def _finish_build(tmp: Path, process: subprocess.Popen) -> dict:
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stdout[-5000:] + stderr[-2000:]
    run_results = json.loads((tmp / "target" / "run_results.json").read_text())
    manifest = json.loads((tmp / "target" / "manifest.json").read_text())
    con = connect(tmp / "news.duckdb", read_only=True)
    return {"con": con, "run_results": run_results, "manifest": manifest, "stdout": stdout}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict]]:
    """The baseline and the fault-injected warehouse, built by two dbt processes at once (each
    into its own DuckDB file), which halves the wall time on a two-core machine."""
    started = {
        "baseline": _start_build(tmp_path_factory.mktemp("dbt_models"), _records()),
        "injected": _start_build(tmp_path_factory.mktemp("dbt_faults"), _fault_records()),
    }
    built = {name: _finish_build(*job) for name, job in started.items()}
    yield built
    for b in built.values():
        b["con"].close()


@pytest.fixture(scope="module")
def warehouse(builds: dict[str, dict]) -> dict:
    return builds["baseline"]


@pytest.fixture(scope="module")
def injected(builds: dict[str, dict]) -> dict:
    return builds["injected"]


def _rows(warehouse: dict, sql: str) -> list[dict]:
    cur = warehouse["con"].execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _facts(warehouse: dict, article_id: str = HERALD) -> dict[tuple[str, str, str, str], dict]:
    """Facts of the story of ``article_id`` (the budget story by default)."""
    rows = _rows(
        warehouse,
        "select c.* from marts.figure_consistency c join marts.articles a using (story_id) "
        f"where a.article_id = '{article_id}'",
    )
    return {(r["metric"], r["subject"], r["period"], r["modality"]): r for r in rows}


def test_schemas_are_named_exactly(warehouse):
    schemas = {
        r["schema_name"]
        for r in _rows(warehouse, "select schema_name from information_schema.schemata")
    }
    assert {"raw", "staging", "intermediate", "marts"} <= schemas
    assert not any(s.startswith("main_") for s in schemas)
    kinds = {
        (r["table_schema"], r["table_type"])
        for r in _rows(
            warehouse,
            "select table_schema, table_type from information_schema.tables "
            "where table_schema in ('staging', 'intermediate', 'marts')",
        )
    }
    assert ("marts", "VIEW") not in kinds
    # Intermediate SQL models are views except the two figure models and int_quote_matches,
    # which several marts and tests read; dbt-duckdb Python models are tables (two incremental).
    tables = {
        r["table_name"]
        for r in _rows(
            warehouse,
            "select table_name from information_schema.tables "
            "where table_schema = 'intermediate' and table_type = 'BASE TABLE'",
        )
    }
    assert tables == {
        "int_figures_normalized",
        "int_independent_figures",
        "int_article_features",
        "int_near_duplicates",
        "int_story_assignments",
        "int_quote_comparisons",
        "int_quote_matches",
    }


def test_build_passes_and_warns_only_about_the_conflict(warehouse):
    statuses = {r["unique_id"]: r["status"] for r in warehouse["run_results"]["results"]}
    assert not [uid for uid, s in statuses.items() if s in ("error", "fail", "skipped")]
    # The story holds one conflict: the warn-severity test must surface it.
    warned = [uid.split(".")[2] for uid, s in statuses.items() if s == "warn"]
    assert warned == ["figure_consistency_has_no_conflicts"]


def test_corroborated_budget_ignores_duplicate_and_joins_undated_figure(warehouse):
    fact = _facts(warehouse)[("budget", "Riverton City Council", "2025", "reported")]
    assert fact["status"] == "corroborated"
    assert fact["n_articles"] == 3  # the syndicated copy of HERALD is not a fourth source
    assert fact["article_ids"] == f"{HERALD}, {WIRE}, {POST}"
    assert fact["n_figures"] == 4  # POST states it twice, once without a period
    assert fact["n_distinct_values"] == 2
    assert fact["values_seen"] == (
        f"1,200,000,000 USD [{HERALD}, {POST}]; about 1,150,000,000 USD [{WIRE}]"
    )
    # exact 1.2e9 -> [1.188e9, 1.212e9] lies inside about 1.15e9 -> [1.035e9, 1.265e9]
    assert fact["common_low"] == pytest.approx(1.188e9)
    assert fact["common_high"] == pytest.approx(1.212e9)
    assert "3 independent articles" in fact["explanation"]

    undated = _rows(
        warehouse,
        f"select * from marts.figures where article_id = '{POST}' and metric_raw = 'budgets'",
    )
    assert len(undated) == 1
    assert undated[0]["period"] is None
    assert undated[0]["period_key"] == "2025"
    assert undated[0]["metric"] == "budget"
    assert undated[0]["fact_key"] == fact["fact_key"]


def test_target_is_not_compared_with_reported_figure(warehouse):
    target = _facts(warehouse)[("budget", "Riverton City Council", "2025", "target")]
    assert target["status"] == "single_source"
    assert target["article_ids"] == POST
    assert target["values_seen"] == f"1,300,000,000 USD [{POST}]"


def test_exact_mismatch_is_a_conflict_with_quoted_sentences(warehouse):
    fact = _facts(warehouse)[("employees", "city hall", "2024", "reported")]
    assert fact["status"] == "conflict"
    assert fact["n_articles"] == 2
    assert fact["common_low"] is None and fact["common_high"] is None
    assert fact["values_seen"] == f"4,200 count [{HERALD}]; 4,800 count [{WIRE}]"
    explanation = fact["explanation"]
    assert "disagree" in explanation
    assert f'{HERALD} reports 4,200 count: "City hall employed 4,200 people' in explanation
    assert f'{WIRE} reports 4,800 count: "City hall employed 4,800 people' in explanation


def test_at_least_overlapping_exact_is_corroborated(warehouse):
    fact = _facts(warehouse)[("spending", "Riverton Transit Authority", "2025", "reported")]
    assert fact["status"] == "corroborated"
    assert fact["values_seen"] == f"at least 25 percent [{WIRE}]; 30 percent [{HERALD}]"
    assert fact["common_low"] == pytest.approx(29.7)
    assert fact["common_high"] == pytest.approx(30.3)
    eff = _rows(
        warehouse, "select eff_low, eff_high from marts.figures where raw_text = 'At least 25%'"
    )
    assert eff == [{"eff_low": 25.0, "eff_high": 100.0}]  # a share cannot exceed 100 percent


def test_range_containing_exact_is_corroborated(warehouse):
    fact = _facts(warehouse)[("orders", "Riverton Transit Authority", "2025", "reported")]
    assert fact["status"] == "corroborated"
    assert fact["values_seen"] == f"40–45 count [{HERALD}]; 42 count [{WIRE}]"
    assert (fact["common_low"], fact["common_high"]) == (pytest.approx(41.58), pytest.approx(42.42))


def test_single_source(warehouse):
    fact = _facts(warehouse)[("debt", "Riverton City Council", "2024", "reported")]
    assert fact["status"] == "single_source"
    assert fact["n_articles"] == 1
    assert fact["explanation"].startswith(f"Only article {POST} reports debt")


def test_no_other_facts(warehouse):
    assert len(_facts(warehouse)) == 6


def test_figures_keep_incomparable_and_duplicate_figures(warehouse):
    figures = _rows(warehouse, "select * from marts.figures")
    assert len(figures) == 17
    loose = [f for f in figures if f["raw_text"] == "12 percent"]
    assert len(loose) == 1 and loose[0]["fact_key"] is None and loose[0]["metric"] is None
    copies = [f for f in figures if f["article_id"] == COPY]
    assert len(copies) == 4
    assert all(f["fact_key"] is None and f["is_duplicate_article"] for f in copies)


def test_source_scorecard(warehouse):
    rows = {
        r["article_id"]: r
        for r in _rows(warehouse, "select * from marts.source_scorecard order by article_id")
    }
    assert set(rows) == {HERALD, POST, WIRE, COPY}

    def counts(article_id):
        r = rows[article_id]
        keys = ("n_figures", "n_corroborated", "n_conflicting", "n_single_source")
        return tuple(r[k] for k in keys)

    assert counts(HERALD) == (4, 3, 1, 0)
    assert counts(POST) == (4, 2, 0, 2)
    assert counts(WIRE) == (5, 3, 1, 0)  # its "12 percent" belongs to no fact
    assert counts(COPY) == (4, 0, 0, 0)
    assert rows[COPY]["is_duplicate"] and not rows[HERALD]["is_duplicate"]
    assert rows[HERALD]["corroboration_rate"] == pytest.approx(0.75)
    assert rows[POST]["publisher"] == "Valley Post"


def test_entities_count_articles_and_mentions(warehouse):
    rows = {r["entity_id"]: r for r in _rows(warehouse, "select * from marts.entities")}
    assert (rows[COUNCIL]["n_articles"], rows[COUNCIL]["n_mentions"]) == (3, 5)
    assert rows[COUNCIL]["n_independent_articles"] == 2
    assert (rows[TRANSIT]["n_articles"], rows[TRANSIT]["n_mentions"]) == (4, 4)
    assert (rows[MAYOR]["canonical_name"], rows[MAYOR]["entity_type"]) == ("Mara Ellison", "person")


def test_quotes_claims_and_small_marts(warehouse):
    quote = _rows(warehouse, "select * from marts.quotes")
    assert [(q["speaker"], q["speaker_as_written"]) for q in quote] == [
        ("Mara Ellison", "Mayor Ellison")
    ]
    claim = _rows(warehouse, "select * from marts.claims")
    assert [(c["actor"], c["stance"]) for c in claim] == [
        ("Riverton Transit Authority", "declines_comment")
    ]
    assert _rows(warehouse, "select source_path, reason from marts.rejected_inputs") == [
        {"source_path": "broken.bin", "reason": "binary file"}
    ]
    assert _rows(warehouse, "select article_id, stage from marts.extraction_errors") == [
        {"article_id": WIRE, "stage": "quotes"}
    ]


MART_CONTRACT = {
    "articles": "article_id source_path source_format encoding publisher title author "
    "published_date word_count content_hash duplicate_of",
    "rejected_inputs": "source_path reason content_hash",
    "entities": "entity_id canonical_name entity_type n_articles n_mentions",
    "entity_mentions": "mention_id article_id entity_id mention_text sentence char_start char_end",
    "figures": "figure_id article_id metric metric_raw subject subject_entity_id period value unit "
    "qualifier modality value_low value_high scope raw_text sentence char_start char_end fact_key",
    "quotes": "quote_id article_id speaker speaker_as_written speaker_entity_id quote_text cue "
    "sentence char_start char_end",
    "claims": "claim_id article_id actor actor_entity_id stance cue claim_text sentence "
    "char_start char_end",
    "extraction_errors": "article_id stage error",
    "figure_consistency": "fact_key metric subject period unit n_articles n_figures "
    "n_distinct_values values_seen article_ids common_low common_high status explanation",
    "source_scorecard": "article_id publisher is_duplicate n_figures n_corroborated "
    "n_conflicting n_single_source near_duplicate_of is_independent story_id n_quotes "
    "n_quotes_confirmed n_quote_wording_conflicts n_stance_conflicts",
    "publisher_scorecard": "publisher n_articles n_independent_articles n_copies n_corroborated "
    "n_conflicting n_single_source n_quote_wording_conflicts n_stance_conflicts",
    "stories": "story_id label n_articles n_independent_articles n_publishers first_date "
    "last_date top_entities article_ids",
    "quote_consistency": "pair_id story_id speaker article_id_a quote_a sentence_a article_id_b "
    "quote_b sentence_b relation status explanation",
    "stance_consistency": "stance_key story_id actor n_articles stances_seen status explanation",
}


def _db_columns(warehouse: dict, schema: str, table: str) -> list[str]:
    rows = _rows(
        warehouse,
        "select column_name from information_schema.columns "
        f"where table_schema = '{schema}' and table_name = '{table}' order by ordinal_position",
    )
    return [r["column_name"] for r in rows]


def test_marts_keep_their_column_contract(warehouse):
    for mart, columns in MART_CONTRACT.items():
        actual = _db_columns(warehouse, "marts", mart)
        missing = [c for c in columns.split() if c not in actual]
        assert not missing, f"marts.{mart} lacks {missing}"


def test_every_column_is_documented(warehouse):
    """Each built relation's columns (as DuckDB sees them) all carry a description in YAML."""
    manifest = warehouse["manifest"]
    undocumented = []
    nodes = [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] in ("model", "seed") and n["package_name"] == "newsfacts"
    ]
    assert len(nodes) >= 20
    for node in nodes:
        documented = {
            name for name, col in node["columns"].items() if col.get("description", "").strip()
        }
        if not node.get("description", "").strip():
            undocumented.append(node["name"])
        for column in _db_columns(warehouse, node["schema"], node["alias"]):
            if column not in documented:
                undocumented.append(f"{node['name']}.{column}")
    for source in manifest["sources"].values():
        documented = {n for n, c in source["columns"].items() if c.get("description", "").strip()}
        for column in _db_columns(warehouse, source["schema"], source["identifier"]):
            if column not in documented:
                undocumented.append(f"source {source['name']}.{column}")
        assert source["meta"]["dagster"]["asset_key"] == ["raw", source["identifier"]]
    assert not undocumented


# ----------------------------------------------------------------------------- stories, copies


def test_baseline_is_one_story(warehouse):
    stories = _rows(warehouse, "select * from marts.stories")
    assert len(stories) == 1
    story = stories[0]
    assert (story["n_articles"], story["n_independent_articles"]) == (4, 3)
    assert story["first_date"] == story["last_date"] == dt.date(2025, 3, 4)
    assert story["label"].startswith("Budget story ")
    # Most independent articles first, then most mentions.
    assert story["top_entities"] == (
        "Riverton Transit Authority, Riverton City Council, Mara Ellison"
    )
    articles = _rows(warehouse, "select article_id, story_id, is_independent from marts.articles")
    assert {a["story_id"] for a in articles} == {story["story_id"]}
    assert [a["article_id"] for a in articles if not a["is_independent"]] == [COPY]
    # No quote of the mayor elsewhere, one stance report: nothing to compare.
    assert _rows(warehouse, "select * from marts.quote_consistency") == []
    stance = _rows(warehouse, "select status, actor from marts.stance_consistency")
    assert stance == [{"status": "single_source", "actor": "Riverton Transit Authority"}]


# ----------------------------------------------------------------------------- fault injection


def _story_of(built: dict, article_id: str) -> str:
    return _rows(built, f"select story_id from marts.articles where article_id = '{article_id}'")[
        0
    ]["story_id"]


def test_changed_figure_is_a_conflict(warehouse, injected):
    before = _facts(warehouse)[("budget", "Riverton City Council", "2025", "reported")]
    after = _facts(injected)[("budget", "Riverton City Council", "2025", "reported")]
    assert before["status"] == "corroborated"
    assert after["status"] == "conflict"
    assert after["article_ids"] == f"{GAZETTE}, {HERALD}, {WIRE}, {POST}"
    assert (
        f'{GAZETTE} reports 1,600,000,000 USD: "Riverton City Council passed'
        in (after["explanation"])
    )
    statuses = {
        r["unique_id"].split(".")[2]: r["status"] for r in injected["run_results"]["results"]
    }
    assert statuses["figure_consistency_has_no_conflicts"] == "warn"


def test_copies_do_not_add_corroboration(warehouse, injected):
    articles = {
        r["article_id"]: r
        for r in _rows(
            injected,
            "select article_id, duplicate_of, near_duplicate_of, original_id, is_independent, "
            "near_duplicate_containment, story_id from marts.articles",
        )
    }
    assert articles[MIRROR]["duplicate_of"] == WIRE and articles[MIRROR]["original_id"] == WIRE
    assert articles[SYNDICATED]["duplicate_of"] is None
    assert articles[SYNDICATED]["near_duplicate_of"] == POST
    assert articles[SYNDICATED]["near_duplicate_containment"] == pytest.approx(1.0)
    assert not articles[SYNDICATED]["is_independent"] and not articles[MIRROR]["is_independent"]
    # Copies sit in their original's story.
    assert articles[SYNDICATED]["story_id"] == articles[POST]["story_id"]
    assert articles[MIRROR]["story_id"] == articles[WIRE]["story_id"]

    before, after = _facts(warehouse), _facts(injected)
    # Facts the copies repeat keep their article counts: the copies add nothing.
    for key in [
        ("employees", "city hall", "2024", "reported"),
        ("spending", "Riverton Transit Authority", "2025", "reported"),
        ("orders", "Riverton Transit Authority", "2025", "reported"),
        ("debt", "Riverton City Council", "2024", "reported"),
        ("budget", "Riverton City Council", "2025", "target"),
    ]:
        assert after[key]["n_articles"] == before[key]["n_articles"], key
        assert after[key]["status"] == before[key]["status"], key
    # The budget gains exactly one source: the independent GAZETTE.
    budget = ("budget", "Riverton City Council", "2025", "reported")
    assert after[budget]["n_articles"] == before[budget]["n_articles"] + 1
    cards = {r["article_id"]: r for r in _rows(injected, "select * from marts.source_scorecard")}
    for copy in (MIRROR, SYNDICATED, COPY):
        card = cards[copy]
        assert card["n_figures"] > 0
        assert (card["n_comparable"], card["n_quotes_confirmed"], card["n_stance_conflicts"]) == (
            0,
            0,
            0,
        )
    figures = _rows(injected, "select fact_key from marts.figures where not is_independent_article")
    assert figures and all(f["fact_key"] is None for f in figures)
    publishers = {
        r["publisher"]: r for r in _rows(injected, "select * from marts.publisher_scorecard")
    }
    assert (publishers["Syndicate Network"]["n_copies"], publishers["Mirror Site"]["n_copies"]) == (
        1,
        1,
    )
    assert publishers["Syndicate Network"]["n_comparable"] == 0


def test_nothing_is_compared_across_stories(injected):
    ledger_story = _story_of(injected, LEDGER)
    assert ledger_story != _story_of(injected, HERALD)
    stories = {r["story_id"]: r for r in _rows(injected, "select * from marts.stories")}
    assert len(stories) == 2
    assert stories[ledger_story]["n_articles"] == 1
    main = stories[_story_of(injected, HERALD)]
    assert (main["n_articles"], main["n_independent_articles"]) == (7, 4)
    # LEDGER's budget is the same metric, subject, unit and period: its own single-source fact.
    ledger_facts = _rows(
        injected,
        f"select * from marts.figure_consistency where story_id = '{ledger_story}'",
    )
    assert [(f["metric"], f["status"], f["article_ids"]) for f in ledger_facts] == [
        ("budget", "single_source", LEDGER)
    ]
    # No fact anywhere mixes articles of two stories.
    mixed = _rows(
        injected,
        """
        select f.fact_key
        from marts.figures f join marts.articles a using (article_id)
        where f.fact_key is not null
        group by f.fact_key
        having count(distinct a.story_id) > 1
        """,
    )
    assert mixed == []
    main_budget = _facts(injected)[("budget", "Riverton City Council", "2025", "reported")]
    assert "2,000,000,000" not in main_budget["values_seen"]


def test_quote_wording_conflict(injected):
    pairs = _rows(injected, "select * from marts.quote_consistency")
    assert len(pairs) == 1  # SYNDICATED copies POST's quote but is not a source
    pair = pairs[0]
    assert (pair["article_id_a"], pair["article_id_b"]) == (GAZETTE, POST)
    assert (pair["relation"], pair["status"]) == ("wording_conflict", "wording_conflict")
    assert (pair["only_in_a"], pair["only_in_b"]) == ("any levies", "taxes")
    assert pair["speaker"] == "Mara Ellison"
    assert pair["explanation"].startswith(
        f"{GAZETTE} and {POST} quote Mara Ellison making the same statement in different words"
    )
    assert '"We balanced it without new taxes," Mayor Ellison said.' in pair["explanation"]
    cards = {r["article_id"]: r for r in _rows(injected, "select * from marts.source_scorecard")}
    assert cards[GAZETTE]["n_quote_wording_conflicts"] == 1
    assert cards[POST]["n_quote_wording_conflicts"] == 1


def test_stance_conflict(injected):
    rows = _rows(injected, "select * from marts.stance_consistency")
    assert len(rows) == 1
    row = rows[0]
    assert (row["actor"], row["status"], row["n_articles"]) == (
        "Riverton Transit Authority",
        "conflict",
        2,
    )
    assert row["stances_seen"] == f"declines_comment [{WIRE}]; did_not_respond [{GAZETTE}]"
    assert f'{WIRE} (declines_comment): "The transit authority declined' in row["explanation"]
    assert (
        f'{GAZETTE} (did_not_respond): "The Riverton Transit Authority did not'
        in (row["explanation"])
    )
    statuses = {
        r["unique_id"].split(".")[2]: r["status"] for r in injected["run_results"]["results"]
    }
    assert statuses["stance_consistency_has_no_conflicts"] == "warn"
    assert statuses["quote_consistency_has_no_wording_conflicts"] == "warn"
