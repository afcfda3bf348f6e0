-- One row per direct quote with its attributed speaker.
select
    quote_id,
    article_id,
    quote_text,
    nullif(trim(speaker), '') as speaker,
    nullif(trim(speaker_entity_id), '') as speaker_entity_id,
    nullif(trim(speaker_canonical), '') as speaker_canonical,
    nullif(trim(cue), '') as cue,
    sentence,
    char_start,
    char_end
from {{ source('raw', 'quotes') }}
