-- Candidate pairs for int_quote_matches: every two quotes of the same resolved speaker in the same
-- story from two different independent articles (a before b by article_id), with the key of their
-- two texts under which int_quote_comparisons keeps the comparison. The pairs are those
-- newsfacts.consistency.match_quotes forms; a view, because story and speaker assignments
-- change with every build.
with quotes as (
    select
        q.quote_id,
        q.article_id,
        a.story_id,
        q.speaker_entity_id as speaker_key,
        q.quote_text
    from {{ ref('stg_quotes') }} as q
    inner join {{ ref('int_articles') }} as a on a.article_id = q.article_id
    where a.is_independent and q.speaker_entity_id is not null
)

select
    qa.story_id,
    qa.speaker_key,
    qa.quote_id as quote_id_a,
    qa.article_id as article_id_a,
    qb.quote_id as quote_id_b,
    qb.article_id as article_id_b,
    md5(qa.quote_text || chr(0) || qb.quote_text) as comparison_key,
    qa.quote_text as text_a,
    qb.quote_text as text_b
from quotes as qa
inner join quotes as qb
    on
        qb.story_id = qa.story_id
        and qb.speaker_key = qa.speaker_key
        and qb.article_id > qa.article_id
