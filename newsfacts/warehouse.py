"""The DuckDB ``raw`` schema and its loader.

A run replaces the whole ``raw`` schema content in ONE transaction: either every raw table
holds the new run's rows or (after a crash) every table still holds the previous run's rows.
Rows are inserted in a deterministic order so reruns give identical tables.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from newsfacts.records import (
    Article,
    Claim,
    EntityMention,
    ExtractionError,
    Figure,
    Quote,
    Rejected,
)

RAW_SCHEMA = "raw"

# Column order is the contract with dbt's staging models (dbt_project/models/staging/_sources.yml).
RAW_TABLES: dict[str, str] = {
    "articles": """
        article_id VARCHAR PRIMARY KEY,
        source_path VARCHAR NOT NULL,
        source_format VARCHAR NOT NULL,
        content_hash VARCHAR NOT NULL,
        encoding VARCHAR,
        title VARCHAR,
        author VARCHAR,
        published_date DATE,
        publisher VARCHAR,
        url VARCHAR,
        text VARCHAR NOT NULL,
        word_count INTEGER NOT NULL,
        duplicate_of VARCHAR,
        n_lines_removed INTEGER NOT NULL
    """,
    "rejected_inputs": """
        source_path VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        content_hash VARCHAR
    """,
    "entity_mentions": """
        mention_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,
        canonical_name VARCHAR NOT NULL,
        entity_type VARCHAR NOT NULL,
        mention_text VARCHAR NOT NULL,
        ner_label VARCHAR NOT NULL,
        sentence VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL
    """,
    "figures": """
        figure_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        raw_text VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        value_low DOUBLE,
        value_high DOUBLE,
        unit VARCHAR NOT NULL,
        qualifier VARCHAR NOT NULL,
        modality VARCHAR NOT NULL,
        metric VARCHAR,
        subject VARCHAR,
        subject_entity_id VARCHAR,
        period VARCHAR,
        scope VARCHAR,
        counted_noun VARCHAR,
        sentence VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL
    """,
    "quotes": """
        quote_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        quote_text VARCHAR NOT NULL,
        speaker VARCHAR,
        speaker_entity_id VARCHAR,
        speaker_canonical VARCHAR,
        cue VARCHAR,
        sentence VARCHAR,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL
    """,
    "claims": """
        claim_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        actor VARCHAR,
        actor_entity_id VARCHAR,
        actor_canonical VARCHAR,
        stance VARCHAR NOT NULL,
        cue VARCHAR NOT NULL,
        claim_text VARCHAR NOT NULL,
        sentence VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL
    """,
    "extraction_errors": """
        article_id VARCHAR NOT NULL,
        stage VARCHAR NOT NULL,
        error VARCHAR NOT NULL
    """,
}


def row_id(*parts: object) -> str:
    """Stable short id from the parts that identify a row (same input -> same id on every run)."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    # Offline machines: a missing extension must fail at once, not try to download.
    return duckdb.connect(
        str(path), read_only=read_only, config={"autoinstall_known_extensions": False}
    )


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
    for table, columns in RAW_TABLES.items():
        con.execute(f"CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.{table} ({columns})")


def _columns(table: str) -> list[str]:
    cols = []
    for line in RAW_TABLES[table].strip().splitlines():
        name = line.strip().split()[0]
        cols.append(name)
    return cols


def _frame(table: str, rows: Iterable[dict]) -> pd.DataFrame:
    cols = _columns(table)
    frame = pd.DataFrame(list(rows), columns=cols)
    return frame.astype(object).where(frame.notna(), None)


def article_rows(articles: Sequence[Article]) -> list[dict]:
    rows = []
    for a in sorted(articles, key=lambda a: a.article_id):
        row = dataclasses.asdict(a)
        row["word_count"] = a.word_count
        rows.append(row)
    return rows


def _keyed_rows(items: Sequence, id_column: str, extra=lambda item: ()) -> list[dict]:
    """Rows sorted by position in the article, with an id derived from that position (plus
    ``extra`` parts where one span can hold several rows), so reruns give identical tables."""

    def key(item) -> tuple:
        return (item.article_id, item.char_start, item.char_end, *extra(item))

    rows = []
    seen: dict[tuple, int] = {}
    for item in sorted(items, key=key):
        row = dataclasses.asdict(item)
        k = key(item)
        # Two rows on one span (an extractor reading "240,00" as two numbers) must not break the
        # primary key and with it the whole load: the second gets an occurrence number.
        n = seen[k] = seen.get(k, -1) + 1
        row[id_column] = row_id(*k) if n == 0 else row_id(*k, n)
        rows.append(row)
    return rows


def load_raw(
    con: duckdb.DuckDBPyConnection,
    *,
    articles: Sequence[Article],
    rejected: Sequence[Rejected],
    mentions: Sequence[EntityMention],
    figures: Sequence[Figure],
    quotes: Sequence[Quote],
    claims: Sequence[Claim],
    errors: Sequence[ExtractionError],
) -> dict[str, int]:
    """Replace every raw table's content in one transaction. Returns row counts per table."""
    frames = {
        "articles": _frame("articles", article_rows(articles)),
        "rejected_inputs": _frame(
            "rejected_inputs",
            (dataclasses.asdict(r) for r in sorted(rejected, key=lambda r: r.source_path)),
        ),
        "entity_mentions": _frame("entity_mentions", _keyed_rows(mentions, "mention_id")),
        "figures": _frame("figures", _keyed_rows(figures, "figure_id")),
        "quotes": _frame("quotes", _keyed_rows(quotes, "quote_id")),
        "claims": _frame(
            "claims", _keyed_rows(claims, "claim_id", lambda c: (c.stance, c.actor or ""))
        ),
        "extraction_errors": _frame(
            "extraction_errors",
            (
                dataclasses.asdict(e)
                for e in sorted(errors, key=lambda e: (e.article_id, e.stage, e.error))
            ),
        ),
    }
    ensure_raw_schema(con)
    con.execute("BEGIN TRANSACTION")
    try:
        for table, frame in frames.items():
            con.execute(f"DELETE FROM {RAW_SCHEMA}.{table}")
            if len(frame):
                con.register("_incoming", frame)
                cols = ", ".join(frame.columns)
                con.execute(
                    f"INSERT INTO {RAW_SCHEMA}.{table} ({cols}) SELECT {cols} FROM _incoming"
                )
                con.unregister("_incoming")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {table: len(frame) for table, frame in frames.items()}
