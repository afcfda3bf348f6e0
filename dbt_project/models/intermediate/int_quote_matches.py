"""Pairs of quotes that are the same statement of the same speaker entity, quoted by two
different independent articles of one story (logic and rules: newsfacts/consistency.py).
Pairs judged different statements are not kept."""

import pandas as pd

from newsfacts.consistency import QuoteRef, match_quotes


def model(dbt, session):
    dbt.config(materialized="table")
    quotes = dbt.ref("stg_quotes").set_alias("q")
    articles = dbt.ref("int_articles").set_alias("a")
    rows = (
        quotes.join(articles, "q.article_id = a.article_id")
        .filter("a.is_independent and q.speaker_entity_id is not null")
        .project("q.quote_id, q.article_id, a.story_id, q.speaker_entity_id, q.quote_text")
        .fetchall()
    )
    matches = match_quotes(QuoteRef(*row) for row in rows)
    columns = {
        "story_id": "string",
        "speaker_key": "string",
        "quote_id_a": "string",
        "article_id_a": "string",
        "quote_id_b": "string",
        "article_id_b": "string",
        "relation": "string",
        "similarity": "float64",
        "matched_words": "int64",
        "only_in_a": "string",
        "only_in_b": "string",
        "is_minor": "boolean",
    }
    return pd.DataFrame(
        {
            name: pd.Series([getattr(m, name) for m in matches], dtype=dtype)
            for name, dtype in columns.items()
        }
    )
