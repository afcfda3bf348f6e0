-- Every attributed claim; actor is the resolved canonical name when there is one.
select
    claim_id,
    article_id,
    coalesce(actor_canonical, actor) as actor,
    actor as actor_as_written,
    actor_entity_id,
    stance,
    cue,
    claim_text,
    sentence,
    char_start,
    char_end
from {{ ref('stg_claims') }}
order by article_id, char_start, claim_id
