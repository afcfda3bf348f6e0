"""Asset checks on the marts: great-expectations suites (ERROR), impossible values (ERROR) and
cross-source consistency of figures, quotes and stances (WARN, with the evidence in metadata)."""

import dagster as dg

from newsfacts import quality
from orchestration.resources import NewsWarehouse

FIGURES = dg.AssetKey(["marts", "figures"])
ARTICLES = dg.AssetKey(["marts", "articles"])
CONSISTENCY = dg.AssetKey(["marts", "figure_consistency"])
STORIES = dg.AssetKey(["marts", "stories"])
QUOTE_CONSISTENCY = dg.AssetKey(["marts", "quote_consistency"])
STANCE_CONSISTENCY = dg.AssetKey(["marts", "stance_consistency"])
SCORECARD = dg.AssetKey(["marts", "source_scorecard"])

# How many offending rows an ERROR check puts into its metadata.
N_EXAMPLES = 20


def _frame(warehouse: NewsWarehouse, sql: str):
    with warehouse.session(read_only=True) as con:
        return con.execute(sql).df()


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
        select status, fact_key, story_id, metric, subject, scope, period, unit, n_articles,
               values_seen, article_ids, explanation
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
                "story_id": row["story_id"],
                "fact": (
                    f"{row['metric']} | {row['subject']} | {row['scope']} | {row['period']} | "
                    f"{row['unit']}"
                ),
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
            "n_ambiguous": int(counts.get("ambiguous", 0)),
            # Differences under a key that does not pin down one quantity: listed, not alarmed.
            "ambiguous": dg.MetadataValue.json(
                quality._jsonable(
                    facts[facts["status"] == "ambiguous"][["fact_key", "explanation"]].to_dict(
                        orient="records"
                    )
                )
            ),
        },
    )


@dg.asset_check(
    asset=FIGURES,
    description=(
        "Impossible values: a share of a whole above 100 %, a negative count, an interval whose "
        "low end exceeds its high end. ERROR, with the offending figures in the metadata."
    ),
)
def figures_possible(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    bad = _frame(
        warehouse,
        """
        select figure_id, article_id, raw_text, value, value_high, unit, metric, sentence,
               case
                   when is_share and greatest(value, coalesce(value_high, 0)) > 100
                       then 'share above 100 percent'
                   when unit = 'count' and value < 0 then 'negative count'
                   else 'eff_low above eff_high'
               end as problem
        from marts.figures
        where (is_share and greatest(value, coalesce(value_high, 0)) > 100)
           or (unit = 'count' and value < 0)
           or eff_low > eff_high
        order by article_id, char_start, figure_id
        """,
    )
    return dg.AssetCheckResult(
        passed=bad.empty,
        severity=dg.AssetCheckSeverity.ERROR,
        description=f"{len(bad)} figure(s) with an impossible value",
        metadata={
            "n_impossible": len(bad),
            "examples": dg.MetadataValue.json(
                quality._jsonable(bad.head(N_EXAMPLES).to_dict(orient="records"))
            ),
        },
    )


@dg.asset_check(asset=STORIES, description="great-expectations suite: keys, labels, counts.")
def stories_expectations(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    return _gx_result(quality.validate_stories(_frame(warehouse, "select * from marts.stories")))


@dg.asset_check(
    asset=QUOTE_CONSISTENCY, description="great-expectations suite: pairs, relations, scores."
)
def quote_consistency_expectations(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    frame = _frame(warehouse, "select * from marts.quote_consistency")
    return _gx_result(quality.validate_quote_consistency(frame))


@dg.asset_check(
    asset=STANCE_CONSISTENCY, description="great-expectations suite: keys, statuses, counts."
)
def stance_consistency_expectations(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    frame = _frame(warehouse, "select * from marts.stance_consistency")
    return _gx_result(quality.validate_stance_consistency(frame))


@dg.asset_check(asset=SCORECARD, description="great-expectations suite: keys, rates, copies.")
def source_scorecard_expectations(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    frame = _frame(warehouse, "select * from marts.source_scorecard")
    return _gx_result(quality.validate_source_scorecard(frame))


@dg.asset_check(
    asset=QUOTE_CONSISTENCY,
    description=(
        "Do outlets quote a speaker's statement in the same words? Warns with every wording "
        "conflict (both quotes, articles and sentences) in the metadata."
    ),
)
def quotes_agree(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    pairs = _frame(
        warehouse,
        """
        select story_id, speaker, article_id_a, quote_a, sentence_a, article_id_b, quote_b,
               sentence_b, relation, status, similarity, only_in_a, only_in_b, explanation
        from marts.quote_consistency
        order by story_id, speaker, article_id_a, article_id_b, pair_id
        """,
    )
    conflicts = pairs[pairs["status"] == "wording_conflict"]
    return dg.AssetCheckResult(
        passed=conflicts.empty,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{len(conflicts)} quote pair(s) give the same statement in different words",
        metadata={
            "conflicts": dg.MetadataValue.json(
                quality._jsonable(conflicts.to_dict(orient="records"))
            ),
            "n_wording_conflict": len(conflicts),
            "n_agree": int((pairs["status"] == "agree").sum()),
        },
    )


@dg.asset_check(
    asset=STANCE_CONSISTENCY,
    description=(
        "Do outlets agree on how an actor responded (denied / declined to comment / did not "
        "respond)? Warns with every conflicting article and sentence in the metadata."
    ),
)
def stances_agree(warehouse: NewsWarehouse) -> dg.AssetCheckResult:
    rows = _frame(
        warehouse,
        """
        select story_id, actor, status, stances_seen, article_ids, explanation
        from marts.stance_consistency
        order by story_id, actor
        """,
    )
    conflicts = rows[rows["status"] == "conflict"]
    counts = rows["status"].value_counts().to_dict()
    return dg.AssetCheckResult(
        passed=conflicts.empty,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{len(conflicts)} actor(s) whose response outlets report differently",
        metadata={
            "conflicts": dg.MetadataValue.json(
                quality._jsonable(conflicts.to_dict(orient="records"))
            ),
            "n_conflict": int(counts.get("conflict", 0)),
            "n_consistent": int(counts.get("consistent", 0)),
            "n_single_source": int(counts.get("single_source", 0)),
        },
    )


checks = [
    figures_expectations,
    figures_possible,
    articles_expectations,
    figure_consistency_expectations,
    sources_agree,
    stories_expectations,
    quote_consistency_expectations,
    stance_consistency_expectations,
    source_scorecard_expectations,
    quotes_agree,
    stances_agree,
]
