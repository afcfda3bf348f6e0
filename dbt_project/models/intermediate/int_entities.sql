-- One row per resolved entity. Resolution should give each entity_id one canonical name and type;
-- if it ever does not, the most frequent spelling wins (ties: alphabetical) so reruns agree.
with mentions as (
    select m.*, a.duplicate_of
    from {{ ref('stg_entity_mentions') }} as m
    left join {{ ref('stg_articles') }} as a on a.article_id = m.article_id
),

names as (
    select
        entity_id,
        canonical_name,
        row_number() over (
            partition by entity_id order by count(*) desc, canonical_name
        ) as rank_in_entity
    from mentions
    group by entity_id, canonical_name
),

types as (
    select
        entity_id,
        entity_type,
        row_number() over (
            partition by entity_id order by count(*) desc, entity_type
        ) as rank_in_entity
    from mentions
    group by entity_id, entity_type
),

counts as (
    select
        entity_id,
        count(distinct article_id) as n_articles,
        count(distinct article_id) filter (where duplicate_of is null) as n_independent_articles,
        count(*) as n_mentions
    from mentions
    group by entity_id
)

select
    counts.entity_id,
    names.canonical_name,
    types.entity_type,
    counts.n_articles,
    counts.n_independent_articles,
    counts.n_mentions
from counts
inner join names on names.entity_id = counts.entity_id and names.rank_in_entity = 1
inner join types on types.entity_id = counts.entity_id and types.rank_in_entity = 1
