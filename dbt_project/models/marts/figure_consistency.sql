-- One row per fact (figures of independent articles sharing a fact_key) and whether the articles
-- agree. Agreement is interval overlap: every figure stands for an effective interval (see
-- int_figures_normalized) and the articles corroborate each other when one value fits all of
-- them, i.e. max(eff_low) <= min(eff_high). Every string aggregate is ordered so reruns produce
-- byte-identical rows.
with figures as (
    select
        *,
        {{ format_figure('value', 'value_low', 'value_high', 'qualifier', 'unit') }} as shown
    from {{ ref('int_independent_figures') }}
    where fact_key is not null
),

-- "4,200 count [a, b]": one entry per way a value was stated, with the articles stating it.
shown_values as (
    select
        fact_key,
        shown,
        -- Ranges sort by their lower bound.
        min(coalesce(value_low, value)) as min_value,
        count(distinct article_id) as n_articles,
        shown || ' [' || string_agg(distinct article_id, ', ' order by article_id) || ']' as entry
    from figures
    group by fact_key, shown
),

values_seen as (
    select
        fact_key,
        -- Most widely reported first, then by size, so the consensus leads the list.
        string_agg(entry, '; ' order by n_articles desc, min_value, shown) as values_seen
    from shown_values
    group by fact_key
),

-- Per figure "<article> reports <value>: "<sentence>"" for conflict explanations.
evidence as (
    select
        fact_key,
        string_agg(
            article_id || ' reports ' || shown || ': "' || trim(sentence) || '"',
            '; '
            order by article_id, char_start, figure_id
        ) as evidence
    from figures
    group by fact_key
),

facts as (
    select
        fact_key,
        metric_key,
        subject_key,
        min(subject_name) as subject_name,
        period_key,
        unit,
        modality_key,
        count(distinct article_id) as n_articles,
        count(*) as n_figures,
        count(distinct (value, value_low, value_high)) as n_distinct_values,
        string_agg(distinct article_id, ', ' order by article_id) as article_ids,
        max(eff_low) as max_low,
        min(eff_high) as min_high
    from figures
    group by fact_key, metric_key, subject_key, period_key, unit, modality_key
),

classified as (
    select
        facts.*,
        case
            when n_articles = 1 then 'single_source'
            when max_low <= min_high then 'corroborated'
            else 'conflict'
        end as status,
        -- "deliveries for acme (count, period 2024, reported)"
        metric_key || ' for ' || subject_name || ' (' || unit || ', period ' || period_key
        || case when modality_key = 'any' then '' else ', ' || modality_key end
        || ')' as fact_label
    from facts
)

select
    classified.fact_key,
    classified.metric_key as metric,
    classified.subject_name as subject,
    classified.subject_key,
    classified.period_key as period,
    classified.unit,
    classified.modality_key as modality,
    classified.n_articles,
    classified.n_figures,
    classified.n_distinct_values,
    values_seen.values_seen,
    classified.article_ids,
    case when classified.max_low <= classified.min_high then classified.max_low end as common_low,
    case when classified.max_low <= classified.min_high then classified.min_high end as common_high,
    classified.status,
    case classified.status
        when 'single_source' then
            'Only article ' || classified.article_ids || ' reports ' || classified.fact_label
            || ': ' || values_seen.values_seen || '. No independent article confirms it.'
        when 'corroborated' then
            classified.n_articles || ' independent articles (' || classified.article_ids
            || ') agree on ' || classified.fact_label || ': ' || values_seen.values_seen
            || '. Every figure fits ' || {{ format_number('classified.max_low') }} || ' to '
            || {{ format_number('classified.min_high') }} || ' ' || classified.unit || '.'
        else
            classified.n_articles || ' independent articles (' || classified.article_ids
            || ') disagree on ' || classified.fact_label || ': ' || values_seen.values_seen
            -- The evidence ends with a quoted sentence: no full stop after it.
            || '. No single value fits every figure: ' || evidence.evidence
    end as explanation
from classified
inner join values_seen on values_seen.fact_key = classified.fact_key
inner join evidence on evidence.fact_key = classified.fact_key
order by classified.fact_key
