-- Every entity mention, traceable to its characters in the article text.
select
    mention_id,
    article_id,
    entity_id,
    mention_text,
    sentence,
    char_start,
    char_end,
    ner_label
from {{ ref('stg_entity_mentions') }}
order by article_id, char_start, mention_id
