-- One row per story and actor entity whose response to the story (denies, declines_comment,
-- did_not_respond) independent articles report, and whether they report it the same way. Two
-- articles conflict when one reports stance x and the other stance y, the pair (x, y) is listed
-- in the stance_conflicts seed, and neither article also reports the other's stance (an article
-- saying "X did not respond, then denied" agrees with both). 'asserts' is not a response (an
-- actor may assert one thing and deny another) and is not compared.
with claims as (
    select claims.*, articles.story_id
    from {{ ref('stg_claims') }} as claims
    inner join {{ ref('int_articles') }} as articles on articles.article_id = claims.article_id
    where
        articles.is_independent
        and claims.actor_entity_id is not null
        and claims.stance in ('denies', 'declines_comment', 'did_not_respond')
),

article_stances as (
    select
        story_id,
        actor_entity_id,
        article_id,
        stance,
        -- The first sentence stating it, as evidence.
        arg_min(trim(sentence), char_start) as sentence
    from claims
    group by story_id, actor_entity_id, article_id, stance
),

conflict_pairs as (
    select
        x.story_id,
        x.actor_entity_id,
        x.article_id as article_a,
        x.stance as stance_a,
        y.article_id as article_b,
        y.stance as stance_b,
        seed.conflict
    from article_stances as x
    inner join article_stances as y
        on y.story_id = x.story_id
        and y.actor_entity_id = x.actor_entity_id
        and y.article_id > x.article_id
        and y.stance <> x.stance
    inner join {{ ref('stance_conflicts') }} as seed
        on (seed.stance_a = x.stance and seed.stance_b = y.stance)
        or (seed.stance_a = y.stance and seed.stance_b = x.stance)
    where
        not exists (
            select 1 from article_stances as z
            where z.story_id = x.story_id and z.actor_entity_id = x.actor_entity_id
                and z.article_id = y.article_id and z.stance = x.stance
        )
        and not exists (
            select 1 from article_stances as z
            where z.story_id = x.story_id and z.actor_entity_id = x.actor_entity_id
                and z.article_id = x.article_id and z.stance = y.stance
        )
),

stance_groups as (
    select
        story_id,
        actor_entity_id,
        stance,
        count(*) as n_articles,
        stance || ' [' || string_agg(article_id, ', ' order by article_id) || ']' as entry
    from article_stances
    group by story_id, actor_entity_id, stance
),

actors as (
    select
        story_id,
        actor_entity_id,
        count(distinct article_id) as n_articles,
        count(distinct stance) as n_stances,
        string_agg(distinct article_id, ', ' order by article_id) as article_ids,
        string_agg(
            article_id || ' (' || stance || '): "' || sentence || '"', '; '
            order by article_id, stance
        ) as evidence
    from article_stances
    group by story_id, actor_entity_id
),

seen as (
    select
        story_id,
        actor_entity_id,
        string_agg(entry, '; ' order by n_articles desc, stance) as stances_seen
    from stance_groups
    group by story_id, actor_entity_id
),

pair_summary as (
    select
        story_id,
        actor_entity_id,
        count(*) as n_conflicting_pairs,
        string_agg(
            distinct conflict, '; ' order by conflict
        ) as conflicts
    from conflict_pairs
    group by story_id, actor_entity_id
)

select
    actors.story_id || '|' || actors.actor_entity_id as stance_key,
    actors.story_id,
    actors.actor_entity_id,
    coalesce(entities.canonical_name, actors.actor_entity_id) as actor,
    actors.n_articles,
    actors.n_stances,
    seen.stances_seen,
    actors.article_ids,
    coalesce(pair_summary.n_conflicting_pairs, 0) as n_conflicting_pairs,
    case
        when pair_summary.n_conflicting_pairs > 0 then 'conflict'
        when actors.n_articles = 1 then 'single_source'
        else 'consistent'
    end as status,
    case
        when pair_summary.n_conflicting_pairs > 0 then
            actors.n_articles || ' independent articles disagree on how '
            || coalesce(entities.canonical_name, actors.actor_entity_id)
            || ' responded (' || pair_summary.conflicts || '): ' || seen.stances_seen || '. '
            || actors.evidence
        when actors.n_articles = 1 then
            'Only article ' || actors.article_ids || ' reports how '
            || coalesce(entities.canonical_name, actors.actor_entity_id)
            || ' responded: ' || seen.stances_seen || '.'
        else
            actors.n_articles || ' independent articles (' || actors.article_ids || ') report '
            || coalesce(entities.canonical_name, actors.actor_entity_id)
            || ' responding the same way: ' || seen.stances_seen || '.'
    end as explanation
from actors
inner join seen
    on seen.story_id = actors.story_id and seen.actor_entity_id = actors.actor_entity_id
left join pair_summary
    on pair_summary.story_id = actors.story_id
    and pair_summary.actor_entity_id = actors.actor_entity_id
left join {{ ref('int_entities') }} as entities on entities.entity_id = actors.actor_entity_id
order by actors.story_id, actors.actor_entity_id
