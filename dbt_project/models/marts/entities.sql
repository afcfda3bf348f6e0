-- One row per resolved entity with how widely it is mentioned.
select
    entity_id,
    canonical_name,
    entity_type,
    n_articles,
    n_independent_articles,
    n_mentions
from {{ ref('int_entities') }}
order by entity_id
