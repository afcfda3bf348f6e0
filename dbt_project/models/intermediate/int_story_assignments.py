"""Stories: the story each independent article belongs to (one row per independent article).

Single-pass centroid clustering on words and resolved entities within a time window (logic and
rules: newsfacts/stories.py, group_stories). Exact and near duplicates are not clustered: they
take their original's story in int_articles. Runs over the whole warehouse on each build.
"""

from collections import defaultdict

import pandas as pd

from newsfacts.stories import StoryDoc, group_stories


def model(dbt, session):
    dbt.config(materialized="table")
    near = {aid for (aid,) in dbt.ref("int_near_duplicates").project("article_id").fetchall()}
    articles = (
        dbt.ref("stg_articles")
        .filter("duplicate_of is null")
        .project("article_id, published_date, title, article_text")
        .fetchall()
    )
    entities: dict[str, dict[str, int]] = defaultdict(dict)
    mentions = (
        dbt.ref("stg_entity_mentions")
        .aggregate("article_id, entity_id, count(*) as n", "article_id, entity_id")
        .fetchall()
    )
    for aid, entity_id, n in mentions:
        entities[aid][entity_id] = int(n)
    docs = [
        StoryDoc(aid, published, title, text or "", entities.get(aid, {}))
        for aid, published, title, text in articles
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
