-- Every direct quote; speaker is the resolved canonical name when there is one, so quotes by the
-- same person group together however each outlet wrote the name.
select
    quote_id,
    article_id,
    coalesce(speaker_canonical, speaker) as speaker,
    speaker as speaker_as_written,
    speaker_entity_id,
    quote_text,
    cue,
    sentence,
    char_start,
    char_end
from {{ ref('stg_quotes') }}
order by article_id, char_start, quote_id
