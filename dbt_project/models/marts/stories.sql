-- One row per story: the articles grouped together (int_story_assignments; copies join their
-- original's story), when and by whom it was covered, what it is about and how its sources fared.
with articles as (
    select * from {{ ref('int_articles') }}
),

members as (
    select
        story_id,
        count(*) as n_articles,
        count(*) filter (where is_independent) as n_independent_articles,
        count(distinct publisher) as n_publishers,
        min(published_date) as first_date,
        max(published_date) as last_date,
        string_agg(article_id, ', ' order by published_date nulls last, article_id) as article_ids,
        string_agg(distinct publisher, ', ' order by publisher) as publishers
    from articles
    group by story_id
),

-- The label is the title of the independent article closest to the story's centroid.
representative as (
    select
        story_id,
        article_id,
        title,
        row_number() over (
            partition by story_id
            order by story_centrality desc nulls last, published_date nulls last, article_id
        ) as rank_in_story
    from articles
    where is_independent and title is not null
),

entity_counts as (
    select
        articles.story_id,
        entities.canonical_name,
        count(distinct mentions.article_id) as n_articles_mentioning,
        count(*) as n_mentions
    from {{ ref('stg_entity_mentions') }} as mentions
    inner join articles on articles.article_id = mentions.article_id
    inner join {{ ref('int_entities') }} as entities on entities.entity_id = mentions.entity_id
    where articles.is_independent
    group by articles.story_id, entities.canonical_name
),

ranked_entities as (
    select
        *,
        row_number() over (
            partition by story_id
            order by n_articles_mentioning desc, n_mentions desc, canonical_name
        ) as rank_in_story
    from entity_counts
),

top_entities as (
    select
        story_id,
        string_agg(canonical_name, ', ' order by rank_in_story) as top_entities
    from ranked_entities
    where rank_in_story <= 5
    group by story_id
),

figure_facts as (
    select
        story_id,
        count(*) filter (where status <> 'single_source') as n_facts_compared,
        count(*) filter (where status = 'corroborated') as n_facts_corroborated,
        count(*) filter (where status = 'conflict') as n_fact_conflicts,
        count(*) filter (where status = 'ambiguous') as n_facts_ambiguous
    from {{ ref('figure_consistency') }}
    group by story_id
),

quote_pairs as (
    select
        story_id,
        count(*) filter (where status = 'agree') as n_quote_agreements,
        count(*) filter (where status = 'wording_conflict') as n_quote_wording_conflicts
    from {{ ref('quote_consistency') }}
    group by story_id
),

stances as (
    select story_id, count(*) filter (where status = 'conflict') as n_stance_conflicts
    from {{ ref('stance_consistency') }}
    group by story_id
)

select
    members.story_id,
    coalesce(
        representative.title,
        array_to_string(list_slice(string_split(top_entities.top_entities, ', '), 1, 3), ', '),
        members.article_ids
    ) as label,
    members.n_articles,
    members.n_independent_articles,
    members.n_publishers,
    members.first_date,
    members.last_date,
    top_entities.top_entities,
    members.publishers,
    members.article_ids,
    coalesce(figure_facts.n_facts_compared, 0) as n_facts_compared,
    coalesce(figure_facts.n_facts_corroborated, 0) as n_facts_corroborated,
    coalesce(figure_facts.n_fact_conflicts, 0) as n_fact_conflicts,
    coalesce(figure_facts.n_facts_ambiguous, 0) as n_facts_ambiguous,
    coalesce(quote_pairs.n_quote_agreements, 0) as n_quote_agreements,
    coalesce(quote_pairs.n_quote_wording_conflicts, 0) as n_quote_wording_conflicts,
    coalesce(stances.n_stance_conflicts, 0) as n_stance_conflicts
from members
left join representative
    on representative.story_id = members.story_id and representative.rank_in_story = 1
left join top_entities on top_entities.story_id = members.story_id
left join figure_facts on figure_facts.story_id = members.story_id
left join quote_pairs on quote_pairs.story_id = members.story_id
left join stances on stances.story_id = members.story_id
order by members.n_articles desc, members.first_date nulls last, members.story_id
