"""The short summary `make run` prints: where the warehouse is and what it found."""

from __future__ import annotations

import sys
from pathlib import Path

from newsfacts.settings import get_settings
from newsfacts.warehouse import connect


def _table(rows: list[tuple], headers: list[str]) -> str:
    cells = [[str("" if v is None else v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]  # fmt: skip
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(out)


def summary(duckdb_path: Path) -> str:
    con = connect(duckdb_path, read_only=True)
    try:
        counts = con.execute(
            """
            select
              (select count(*) from marts.articles where duplicate_of is null),
              (select count(*) from marts.articles where duplicate_of is not null),
              (select count(*) from marts.rejected_inputs),
              (select count(*) from marts.figures),
              (select count(*) from marts.entities),
              (select count(*) from marts.quotes),
              (select count(*) from marts.claims),
              (select count(*) from marts.extraction_errors)
            """
        ).fetchall()[0]
        status = con.execute(
            "select status, count(*) from marts.figure_consistency group by 1 order by 1"
        ).fetchall()
        facts = con.execute(
            """
            select status, metric, subject, period, unit, values_seen
            from marts.figure_consistency
            where status in ('conflict', 'corroborated')
            order by status, metric, subject, period
            """
        ).fetchall()
        stories = con.execute("select count(*) from marts.stories").fetchall()[0][0]
        quotes = con.execute(
            """
            select speaker, article_id_a, quote_a, article_id_b, quote_b
            from marts.quote_consistency where relation = 'wording_conflict'
            order by speaker, article_id_a, article_id_b
            """
        ).fetchall()
        stances = con.execute(
            "select actor, stances_seen from marts.stance_consistency "
            "where status = 'conflict' order by actor"
        ).fetchall()
    finally:
        con.close()
    labels = ["articles loaded", "duplicates", "rejected", "figures", "entities", "quotes",
              "claims", "extraction errors"]  # fmt: skip
    parts = [f"Marts (open this file read-only, any time): {duckdb_path}", ""]
    parts.append(_table(list(zip(labels, counts, strict=True)), ["what", "rows"]))
    parts += ["", "Facts compared across sources:"]
    parts.append(_table(status, ["status", "facts"]))
    if facts:
        parts += ["", "Corroborated and conflicting facts:"]
        parts.append(_table(facts, ["status", "metric", "subject", "period", "unit", "values"]))
    parts += ["", f"Stories: {stories}"]
    if quotes:
        parts += ["", "Quoted differently (wording conflicts):"]
        parts.append(_table(quotes, ["speaker", "article", "quote", "article", "quote"]))
    if stances:
        parts += ["", "Stance conflicts:"]
        parts.append(_table(stances, ["actor", "stances by article"]))
    return "\n".join(parts)


def main() -> int:
    # Read the published snapshot: it is what analysts and BI tools see.
    print(summary(get_settings().published))
    return 0


if __name__ == "__main__":
    sys.exit(main())
