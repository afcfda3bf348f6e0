"""Quote comparisons (newsfacts.consistency.compare), one row per distinct ordered pair of quote
texts in int_quote_pairs; incremental.

compare() depends on nothing but the two texts and the comparison code, so a pair of texts is
compared on the first build that makes it a candidate and kept: a build compares only the
pairs new to it (at 10,000 articles, adding 10 articles meant comparing some 60,000 pairs
again, 6-9 s). Rows of another ``comparison_version`` (the comparison code, its word lists
or rapidfuzz changed) are compared again; the post-hook deletes pairs no longer a candidate.
Pairs judged ``different`` are kept too: that is what spares comparing them again.
"""

import pandas as pd

from newsfacts.consistency import CONFLICT, compare, comparison_version, is_minor_difference


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        unique_key="comparison_key",
        incremental_strategy="delete+insert",
        on_schema_change="fail",
    )
    version = comparison_version()
    pairs = dbt.ref("int_quote_pairs").project("comparison_key, text_a, text_b").distinct()
    if dbt.is_incremental:
        kept = session.sql(
            f"select comparison_key from {dbt.this} where comparison_version = '{version}'"
        ).set_alias("kept")
        pairs = pairs.set_alias("p").join(kept, "p.comparison_key = kept.comparison_key", "anti")
    rows = pairs.project("comparison_key, text_a, text_b").order("comparison_key").fetchall()
    out = {name: [] for name in ("comparison_key", "relation", "similarity", "matched_words")}
    out |= {"only_in_a": [], "only_in_b": [], "is_minor": []}
    for key, text_a, text_b in rows:
        c = compare(text_a, text_b)
        out["comparison_key"].append(key)
        out["relation"].append(c.relation)
        out["similarity"].append(c.similarity)
        out["matched_words"].append(c.matched_words)
        out["only_in_a"].append(c.only_in_a)
        out["only_in_b"].append(c.only_in_b)
        out["is_minor"].append(
            c.relation == CONFLICT and is_minor_difference(c.only_in_a, c.only_in_b)
        )
    frame = pd.DataFrame(
        {
            "comparison_key": pd.Series(out["comparison_key"], dtype="string"),
            "comparison_version": pd.Series([version] * len(rows), dtype="string"),
            "relation": pd.Series(out["relation"], dtype="string"),
            "similarity": pd.Series(out["similarity"], dtype="float64"),
            "matched_words": pd.Series(out["matched_words"], dtype="int64"),
            "only_in_a": pd.Series(out["only_in_a"], dtype="string"),
            "only_in_b": pd.Series(out["only_in_b"], dtype="string"),
            "is_minor": pd.Series(out["is_minor"], dtype="boolean"),
        }
    )
    return frame
