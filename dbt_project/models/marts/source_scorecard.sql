-- One row per article (duplicates included): how its figures fared against other outlets.
-- A duplicate's figures belong to no fact, so only n_figures is non-zero for it.
with articles as (
    select * from {{ ref('stg_articles') }}
),

figure_counts as (
    select
        article_id,
        count(*) as n_figures,
        count(fact_key) as n_comparable,
        count(*) filter (where fact_status = 'corroborated') as n_corroborated,
        count(*) filter (where fact_status = 'conflict') as n_conflicting,
        count(*) filter (where fact_status = 'single_source') as n_single_source
    from {{ ref('figures') }}
    group by article_id
)

select
    articles.article_id,
    articles.publisher,
    articles.published_date,
    articles.duplicate_of is not null as is_duplicate,
    articles.duplicate_of,
    coalesce(figure_counts.n_figures, 0) as n_figures,
    coalesce(figure_counts.n_comparable, 0) as n_comparable,
    coalesce(figure_counts.n_corroborated, 0) as n_corroborated,
    coalesce(figure_counts.n_conflicting, 0) as n_conflicting,
    coalesce(figure_counts.n_single_source, 0) as n_single_source,
    -- Share of this article's cross-checked figures that others confirmed; null when none of its
    -- figures could be checked against another outlet.
    round(
        figure_counts.n_corroborated
        / nullif(figure_counts.n_corroborated + figure_counts.n_conflicting, 0),
        4
    ) as corroboration_rate
from articles
left join figure_counts on figure_counts.article_id = articles.article_id
order by articles.article_id
