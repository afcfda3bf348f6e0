-- One row per article (duplicates included): how its figures, quotes and stances fared against
-- the other independent articles of its story. A copy (exact or near duplicate) belongs to no
-- fact and no comparison, so only its n_figures and n_quotes are non-zero.
with articles as (
    select stg.article_id, stg.publisher, stg.published_date, stg.duplicate_of, linked.*
        exclude (article_id, publisher, published_date, duplicate_of)
    from {{ ref('stg_articles') }} as stg
    inner join {{ ref('int_articles') }} as linked on linked.article_id = stg.article_id
),

figure_counts as (
    select
        article_id,
        count(*) as n_figures,
        count(fact_key) as n_comparable,
        count(*) filter (where fact_status = 'corroborated') as n_corroborated,
        count(*) filter (where fact_status = 'conflict') as n_conflicting,
        count(*) filter (where fact_status = 'ambiguous') as n_ambiguous,
        count(*) filter (where fact_status = 'single_source') as n_single_source
    from {{ ref('figures') }}
    group by article_id
),

quote_counts as (
    select article_id, count(*) as n_quotes
    from {{ ref('stg_quotes') }}
    group by article_id
),

-- Each quote of the article with the best and worst outcome of its comparisons.
quote_sides as (
    select article_id_a as article_id, quote_id_a as quote_id, status
    from {{ ref('quote_consistency') }}
    union all
    select article_id_b, quote_id_b, status
    from {{ ref('quote_consistency') }}
),

quote_outcomes as (
    select
        article_id,
        count(distinct quote_id) filter (where status = 'agree') as n_quotes_confirmed,
        count(distinct quote_id) filter (where status = 'wording_conflict')
            as n_quote_wording_conflicts
    from quote_sides
    group by article_id
),

stance_sides as (
    select article_id, count(distinct stance_key) as n_stance_conflicts
    from (
        select stance_key, unnest(string_split(article_ids, ', ')) as article_id
        from {{ ref('stance_consistency') }}
        where status = 'conflict'
    )
    group by article_id
)

select
    articles.article_id,
    articles.publisher,
    articles.published_date,
    articles.duplicate_of is not null as is_duplicate,
    articles.duplicate_of,
    articles.near_duplicate_of,
    articles.is_independent,
    articles.story_id,
    coalesce(figure_counts.n_figures, 0) as n_figures,
    coalesce(figure_counts.n_comparable, 0) as n_comparable,
    coalesce(figure_counts.n_corroborated, 0) as n_corroborated,
    coalesce(figure_counts.n_conflicting, 0) as n_conflicting,
    coalesce(figure_counts.n_ambiguous, 0) as n_ambiguous,
    coalesce(figure_counts.n_single_source, 0) as n_single_source,
    -- Share of this article's cross-checked figures that others confirmed; null when none of its
    -- figures could be checked against another outlet.
    round(
        figure_counts.n_corroborated
        / nullif(figure_counts.n_corroborated + figure_counts.n_conflicting, 0),
        4
    ) as corroboration_rate,
    coalesce(quote_counts.n_quotes, 0) as n_quotes,
    coalesce(quote_outcomes.n_quotes_confirmed, 0) as n_quotes_confirmed,
    coalesce(quote_outcomes.n_quote_wording_conflicts, 0) as n_quote_wording_conflicts,
    coalesce(stance_sides.n_stance_conflicts, 0) as n_stance_conflicts
from articles
left join figure_counts on figure_counts.article_id = articles.article_id
left join quote_counts on quote_counts.article_id = articles.article_id
left join quote_outcomes on quote_outcomes.article_id = articles.article_id
left join stance_sides on stance_sides.article_id = articles.article_id
order by articles.article_id
