"""Stories: the story each independent article belongs to (one row per independent article).

Single-pass centroid clustering on words and resolved entities within a time window (logic and
rules: newsfacts/stories.py, group_stories). Exact and near duplicates are not clustered: they
take their original's story in int_articles. Clusters the whole warehouse on each build (an
article dated earlier can change every later assignment); the per-article word counts are
kept by the incremental int_article_features.
"""

import numpy as np
import pandas as pd

from newsfacts.stories import StoryDoc, group_stories


def model(dbt, session):
    dbt.config(materialized="table")
    near = {aid for (aid,) in dbt.ref("int_near_duplicates").project("article_id").fetchall()}
    # Story terms come precomputed from int_article_features (incremental: new articles only),
    # and stay numpy arrays: a dict per article cost time and memory at 10,000 articles.
    joined = (
        dbt.ref("stg_articles")
        .filter("duplicate_of is null")
        .set_alias("a")
        .join(dbt.ref("int_article_features").set_alias("f"), "a.article_id = f.article_id")
        .order("a.article_id")
    )
    keys = joined.project("a.article_id, a.published_date").fetchall()
    arrays = joined.project("f.terms, f.term_counts").fetchnumpy()
    # Entity mention counts per article, as one slice of two flat arrays per article.
    mentions = (
        dbt.ref("stg_entity_mentions")
        .aggregate("article_id, entity_id, count(*) as n", "article_id, entity_id")
        .order("article_id, entity_id")
        .fetchnumpy()
    )
    m_articles = mentions["article_id"].astype(object)
    m_ids, m_counts = mentions["entity_id"].astype(object), mentions["n"].astype(np.float64)
    bounds = np.flatnonzero(m_articles[1:] != m_articles[:-1]) + 1
    starts = np.concatenate(([0], bounds)) if len(m_articles) else np.zeros(0, dtype=np.int64)
    stops = np.concatenate((bounds, [len(m_articles)])) if len(m_articles) else starts
    entities = {
        m_articles[a]: (m_ids[a:b], m_counts[a:b]) for a, b in zip(starts, stops, strict=True)
    }
    no_entities = (np.zeros(0, dtype=object), np.zeros(0))
    docs = [
        StoryDoc(aid, published, None, "", entities.get(aid, no_entities), (terms, counts))
        for (aid, published), terms, counts in zip(
            keys, arrays["terms"], arrays["term_counts"], strict=True
        )
        if aid not in near
    ]
    assigned = group_stories(
        docs,
        threshold=float(dbt.config.get("similarity_threshold")),
        undated_margin=float(dbt.config.get("undated_margin")),
        window_days=int(dbt.config.get("window_days")),
        text_weight=float(dbt.config.get("text_weight")),
    )
    return pd.DataFrame(
        {
            "article_id": pd.Series([a.article_id for a in assigned], dtype="string"),
            "story_id": pd.Series([a.story_id for a in assigned], dtype="string"),
            "story_founder_id": pd.Series([a.founder_id for a in assigned], dtype="string"),
            "story_similarity": pd.Series([a.similarity for a in assigned], dtype="float64"),
            "story_text_similarity": pd.Series(
                [a.text_similarity for a in assigned], dtype="float64"
            ),
            "story_entity_similarity": pd.Series(
                [a.entity_similarity for a in assigned], dtype="float64"
            ),
            "story_centrality": pd.Series([a.centrality for a in assigned], dtype="float64"),
        }
    )
