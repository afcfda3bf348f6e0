"""Asset checks on the marts: great-expectations suites and cross-source numeric consistency."""

import dagster as dg

from newsfacts import quality
from orchestration.resources import NewsWarehouse

FIGURES = dg.AssetKey(["marts", "figures"])
ARTICLES = dg.AssetKey(["marts", "articles"])
CONSISTENCY = dg.AssetKey(["marts", "figure_consistency"])


def _frame(warehouse: NewsWarehouse, sql: str):
    con = warehouse.connect(read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def _gx_result(result: quality.QualityResult) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=result.success,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "expectations": result.n_expectations,
            "failures": dg.MetadataValue.json(result.to_dict()["failures"]),
        },
    )


@dg.asset_check(asset=FIGURES, description="great-expectations suite: types, enums, ranges.")
def figures_expectations(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    return _gx_result(quality.validate_figures(_frame(warehouse, "select * from marts.figures")))


@dg.asset_check(asset=ARTICLES, description="great-expectations suite: keys, word counts, hashes.")
def articles_expectations(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    return _gx_result(quality.validate_articles(_frame(warehouse, "select * from marts.articles")))


@dg.asset_check(
    asset=CONSISTENCY,
    description="great-expectations suite on the consistency mart: statuses and counts.",
)
def figure_consistency_expectations(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    frame = _frame(warehouse, "select * from marts.figure_consistency")
    return _gx_result(quality.validate_figure_consistency(frame))


@dg.asset_check(
    asset=CONSISTENCY,
    description=(
        "Do outlets that report the same fact agree? Warns with every conflicting value, "
        "article and sentence in the metadata."
    ),
)
def sources_agree(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    facts = _frame(
        warehouse,
        """
        select status, fact_key, metric, subject, period, unit, n_articles, values_seen,
               article_ids, explanation
        from marts.figure_consistency
        order by status, fact_key
        """,
    )
    conflicts = facts[facts["status"] == "conflict"]
    evidence = _frame(
        warehouse,
        """
        select f.fact_key, f.article_id, f.raw_text, f.value, f.unit, f.qualifier, f.sentence
        from marts.figures f
        join marts.figure_consistency c using (fact_key)
        where c.status = 'conflict'
        order by f.fact_key, f.article_id, f.char_start
        """,
    )
    records = []
    for _, row in conflicts.iterrows():
        rows = evidence[evidence["fact_key"] == row["fact_key"]]
        records.append(
            {
                "fact": f"{row['metric']} | {row['subject']} | {row['period']} | {row['unit']}",
                "values_seen": row["values_seen"],
                "explanation": row["explanation"],
                "reports": rows.drop(columns=["fact_key"]).to_dict(orient="records"),
            }
        )
    counts = facts["status"].value_counts().to_dict()
    return dg.AssetCheckResult(
        passed=conflicts.empty,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{len(conflicts)} fact(s) reported differently by different sources",
        metadata={
            "conflicts": dg.MetadataValue.json(records),
            "n_conflict": int(counts.get("conflict", 0)),
            "n_corroborated": int(counts.get("corroborated", 0)),
            "n_single_source": int(counts.get("single_source", 0)),
        },
    )


checks = [
    figures_expectations,
    articles_expectations,
    figure_consistency_expectations,
    sources_agree,
]
