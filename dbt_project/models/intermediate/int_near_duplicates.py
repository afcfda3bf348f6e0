"""Near duplicates: one row per article that (nearly) copies an earlier independent article.

MinHash + LSH over word shingles finds candidates, exact shingle sets confirm them (logic and
rules: newsfacts/stories.py, find_near_duplicates); shingles and signatures are kept per
article by the incremental int_article_features. Exact duplicates (stg_articles.duplicate_of)
are left out: normalize.mark_duplicates already linked them. Compares every article in the
warehouse on each build, so a copy is found whatever run loaded its original.
"""

import pandas as pd

from newsfacts.stories import TextDoc, find_near_duplicates


def model(dbt, session):
    dbt.config(materialized="table")
    # Shingle hashes and MinHash signatures come precomputed from int_article_features.
    joined = (
        dbt.ref("stg_articles")
        .filter("duplicate_of is null")
        .set_alias("a")
        .join(dbt.ref("int_article_features").set_alias("f"), "a.article_id = f.article_id")
        .order("a.article_id")
    )
    keys = joined.project("a.article_id, a.published_date").fetchall()
    arrays = joined.project("f.shingle_hashes, f.minhash").fetchnumpy()
    links = find_near_duplicates(
        [
            TextDoc(aid, published, "", shingles, minhash)
            for (aid, published), shingles, minhash in zip(
                keys, arrays["shingle_hashes"], arrays["minhash"], strict=True
            )
        ],
        shingle_size=int(dbt.config.get("shingle_size")),
        jaccard_threshold=float(dbt.config.get("jaccard_threshold")),
        containment_threshold=float(dbt.config.get("containment_threshold")),
        min_shingles=int(dbt.config.get("min_shingles")),
    )
    return pd.DataFrame(
        {
            "article_id": pd.Series([x.article_id for x in links], dtype="string"),
            "near_duplicate_of": pd.Series([x.original_id for x in links], dtype="string"),
            "shingle_jaccard": pd.Series([x.jaccard for x in links], dtype="float64"),
            "shingle_containment": pd.Series([x.containment for x in links], dtype="float64"),
        }
    )
