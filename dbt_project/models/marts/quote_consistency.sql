-- One row per pair of quotes of the same speaker entity, from two different independent articles
-- of the same story, that are the same statement (int_quote_matches; rules in
-- newsfacts/consistency.py): quoted alike (verbatim, fragment, abridged, overlap -> status
-- 'agree') or in different words (status 'wording_conflict'; is_minor when only function words
-- differ).
with matches as (
    select * from {{ ref('int_quote_matches') }}
),

quotes as (
    select * from {{ ref('stg_quotes') }}
),

entities as (
    select entity_id, canonical_name from {{ ref('int_entities') }}
),

pairs as (
    select
        matches.*,
        coalesce(entities.canonical_name, qa.speaker_canonical, qa.speaker) as speaker,
        qa.quote_text as quote_a,
        trim(qa.sentence) as sentence_a,
        qb.quote_text as quote_b,
        trim(qb.sentence) as sentence_b,
        case
            when matches.relation = 'wording_conflict' then 'wording_conflict' else 'agree'
        end as status
    from matches
    inner join quotes as qa on qa.quote_id = matches.quote_id_a
    inner join quotes as qb on qb.quote_id = matches.quote_id_b
    left join entities on entities.entity_id = matches.speaker_key
)

select
    quote_id_a || '|' || quote_id_b as pair_id,
    story_id,
    speaker_key as speaker_entity_id,
    speaker,
    article_id_a,
    quote_id_a,
    quote_a,
    sentence_a,
    article_id_b,
    quote_id_b,
    quote_b,
    sentence_b,
    relation,
    status,
    similarity,
    matched_words,
    nullif(only_in_a, '') as only_in_a,
    nullif(only_in_b, '') as only_in_b,
    coalesce(is_minor, false) as is_minor,
    case
        when status = 'wording_conflict' then
            article_id_a || ' and ' || article_id_b || ' quote ' || speaker
            || ' making the same statement in different words'
            || case when is_minor then ' (function words only)' else '' end || ' ("' || coalesce(only_in_a, '')
            || '" vs "' || coalesce(only_in_b, '') || '"): ' || article_id_a || ' has "'
            || quote_a || '" in "' || coalesce(sentence_a, '') || '"; ' || article_id_b
            || ' has "' || quote_b || '" in "' || coalesce(sentence_b, '') || '"'
        else
            article_id_a || ' and ' || article_id_b || ' quote ' || speaker || ' alike ('
            || relation || '): "' || quote_a || '" / "' || quote_b || '"'
    end as explanation
from pairs
order by story_id, speaker_key, article_id_a, article_id_b, quote_id_a, quote_id_b
