"""Per-article text features for near-duplicate detection and story grouping: shingle hashes,
MinHash signature, story terms (newsfacts/stories.py, article_features).

Incremental: they depend only on the article's own title and text, so a build computes them
for new and edited articles only (a changed ``features_key``) and keeps the rest. Rows of
articles that left the warehouse or became exact duplicates are deleted by the post-hook. At
10,000 articles this turns the per-build text work of int_near_duplicates and
int_story_assignments into a table read.
"""

import pandas as pd

from newsfacts.stories import FEATURES_VERSION, article_features


def model(dbt, session):
    shingle_size = int(dbt.config.get("shingle_size"))
    min_shingles = int(dbt.config.get("min_shingles"))
    dbt.config(
        materialized="incremental",
        unique_key="article_id",
        incremental_strategy="delete+insert",
        on_schema_change="fail",
    )
    # The key changes with the text, the title and anything that changes the computation.
    version = f"{FEATURES_VERSION}/{shingle_size}/{min_shingles}"
    articles = (
        dbt.ref("stg_articles")
        .filter("duplicate_of is null")
        .project(
            "article_id, title, article_text, "
            f"md5('{version}' || chr(0) || coalesce(title, '') || chr(0) "
            "|| coalesce(article_text, '')) as features_key"
        )
    )
    if dbt.is_incremental:
        kept = session.sql(f"select article_id, features_key from {dbt.this}").set_alias("kept")
        articles = articles.set_alias("a").join(
            kept, "a.article_id = kept.article_id and a.features_key = kept.features_key", "anti"
        )
    rows = articles.project("article_id, title, article_text, features_key").fetchall()
    ids, keys, shingles, minhashes, terms, counts = [], [], [], [], [], []
    for article_id, title, text, key in rows:
        f = article_features(
            title, text or "", shingle_size=shingle_size, min_shingles=min_shingles
        )
        ids.append(article_id)
        keys.append(key)
        shingles.append(f.shingles)
        minhashes.append(f.minhash)
        terms.append(f.terms)
        counts.append(f.term_counts)
    frame = pd.DataFrame(
        {
            "article_id": ids,
            "features_key": keys,
            "shingle_hashes": shingles,
            "minhash": minhashes,
            "terms": terms,
            "term_counts": counts,
        },
        dtype="object",
    )
    session.register("int_article_features_new", frame)
    # Explicit types: an empty frame (nothing new) has no values to infer list types from.
    return session.sql(
        "select article_id::varchar as article_id, features_key::varchar as features_key, "
        "shingle_hashes::ubigint[] as shingle_hashes, minhash::ubigint[] as minhash, "
        "terms::varchar[] as terms, term_counts::integer[] as term_counts "
        "from int_article_features_new"
    )
