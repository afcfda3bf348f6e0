-- One row per attributed claim (an actor asserting, denying or declining to comment).
select
    claim_id,
    article_id,
    nullif(trim(actor), '') as actor,
    nullif(trim(actor_entity_id), '') as actor_entity_id,
    nullif(trim(actor_canonical), '') as actor_canonical,
    lower(trim(stance)) as stance,
    trim(cue) as cue,
    claim_text,
    sentence,
    char_start,
    char_end
from {{ source('raw', 'claims') }}
