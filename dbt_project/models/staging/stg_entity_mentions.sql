-- One row per named-entity mention, already resolved to a cross-article entity id.
select
    mention_id,
    article_id,
    entity_id,
    trim(canonical_name) as canonical_name,
    lower(trim(entity_type)) as entity_type,
    mention_text,
    ner_label,
    sentence,
    char_start,
    char_end
from {{ source('raw', 'entity_mentions') }}
