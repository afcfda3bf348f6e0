{{ config(materialized="table") }}

-- Pairs of quotes that are the same statement of the same speaker entity, quoted by two different
-- independent articles of one story: the candidate pairs (int_quote_pairs) with their comparison
-- (int_quote_comparisons; rules in newsfacts/consistency.py). Pairs judged different statements
-- are not kept. Equals newsfacts.consistency.match_quotes over the same quotes (tested).
select
    pairs.story_id,
    pairs.speaker_key,
    pairs.quote_id_a,
    pairs.article_id_a,
    pairs.quote_id_b,
    pairs.article_id_b,
    comparisons.relation,
    comparisons.similarity,
    comparisons.matched_words,
    comparisons.only_in_a,
    comparisons.only_in_b,
    comparisons.is_minor
from {{ ref('int_quote_pairs') }} as pairs
inner join {{ ref('int_quote_comparisons') }} as comparisons
    on comparisons.comparison_key = pairs.comparison_key
where comparisons.relation <> 'different'
