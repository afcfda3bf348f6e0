-- Every article (duplicates included) with what decides whether it counts as a source of its own,
-- and its story.
--
-- original_id: the article this one copies. An exact duplicate (stg_articles.duplicate_of) points
-- at its original, or at that original's own original when the original is a near duplicate; a
-- near duplicate (int_near_duplicates) points at the article it nearly copies. Null for
-- independent articles. Copies are never clustered: they take the story of their original.
with articles as (
    select * from {{ ref('stg_articles') }}
),

near as (
    select * from {{ ref('int_near_duplicates') }}
),

stories as (
    select * from {{ ref('int_story_assignments') }}
),

linked as (
    select
        articles.*,
        near.near_duplicate_of,
        near.shingle_jaccard as near_duplicate_jaccard,
        near.shingle_containment as near_duplicate_containment,
        case
            when articles.duplicate_of is not null
                then coalesce(near_of_original.near_duplicate_of, articles.duplicate_of)
            else near.near_duplicate_of
        end as original_id
    from articles
    left join near on near.article_id = articles.article_id
    left join near as near_of_original on near_of_original.article_id = articles.duplicate_of
)

select
    linked.article_id,
    linked.publisher,
    linked.published_date,
    linked.title,
    linked.duplicate_of,
    linked.near_duplicate_of,
    linked.near_duplicate_jaccard,
    linked.near_duplicate_containment,
    linked.original_id,
    linked.original_id is null as is_independent,
    stories.story_id,
    own.story_similarity,
    own.story_centrality
from linked
left join stories on stories.article_id = coalesce(linked.original_id, linked.article_id)
left join stories as own on own.article_id = linked.article_id
