-- Every figure of every article (duplicates included), with its canonical metric and, when it is
-- comparable, the fact it reports and that fact's status.
with normalized as (
    select * from {{ ref('int_figures_normalized') }}
),

independent as (
    select figure_id, scope_key, period_key, fact_key from {{ ref('int_independent_figures') }}
),

facts as (
    select fact_key, status from {{ ref('figure_consistency') }}
),

articles as (
    select article_id, duplicate_of, is_independent, story_id from {{ ref('int_articles') }}
)

select
    normalized.figure_id,
    normalized.article_id,
    articles.story_id,
    normalized.metric_key as metric,
    normalized.metric_raw,
    normalized.subject,
    normalized.subject_entity_id,
    normalized.period,
    normalized.value,
    normalized.unit,
    normalized.qualifier,
    normalized.modality,
    normalized.value_low,
    normalized.value_high,
    normalized.scope,
    normalized.scope_norm,
    normalized.raw_text,
    normalized.sentence,
    normalized.char_start,
    normalized.char_end,
    independent.fact_key,
    normalized.subject_key,
    independent.scope_key,
    independent.period_key,
    normalized.counted_noun,
    normalized.eff_low,
    normalized.eff_high,
    normalized.is_share,
    articles.duplicate_of is not null as is_duplicate_article,
    coalesce(articles.is_independent, false) as is_independent_article,
    facts.status as fact_status
from normalized
left join articles on articles.article_id = normalized.article_id
left join independent on independent.figure_id = normalized.figure_id
left join facts on facts.fact_key = independent.fact_key
order by normalized.article_id, normalized.char_start, normalized.figure_id
