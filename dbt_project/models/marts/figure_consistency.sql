-- One row per fact (figures of independent articles of one story sharing a fact_key) and whether
-- the articles agree. Figures of different stories are never compared (story_id is in the key).
-- Agreement is interval overlap: every figure stands for an effective interval (see
-- int_figures_normalized) and the articles corroborate each other when one value fits at least
-- one figure of every article. With one figure per article that is max(eff_low) <=
-- min(eff_high). An article may state several figures under one key (two sub-totals the parser
-- could not tell apart): it is then compatible with any of them, so its own spread is never
-- read as outlets disagreeing. The values that fit are found among the interval ends.
--
-- A disagreement is a 'conflict' only when the key pins down one quantity. It is 'ambiguous'
-- when no figure of the fact has a predicate (the metric is just the counted noun: "12 people"
-- killed vs "9 people" detained share the key people|<subject>) or when one article itself states
-- incompatible values under the key (it evidently covers several quantities). Ambiguous facts are
-- listed with their evidence but are not counted as outlets contradicting each other. Every string aggregate is ordered so reruns produce
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
        story_id,
        metric_key,
        subject_key,
        min(subject_name) as subject_name,
        scope_key,
        period_key,
        unit,
        modality_key,
        count(distinct article_id) as n_articles,
        count(*) as n_figures,
        count(distinct (value, value_low, value_high)) as n_distinct_values,
        string_agg(distinct article_id, ', ' order by article_id) as article_ids,
        bool_or(has_predicate) as has_predicate
    from figures
    group by fact_key, story_id, metric_key, subject_key, scope_key, period_key, unit, modality_key
),

-- Candidate common values: every interval end (the intersection of intervals, if any, starts at
-- one of the lows and ends at one of the highs).
candidates as (
    select distinct fact_key, eff_low as v from figures
    union
    select distinct fact_key, eff_high as v from figures
),

fitting as (
    select candidates.fact_key, candidates.v
    from candidates
    inner join figures
        on figures.fact_key = candidates.fact_key
        and figures.eff_low <= candidates.v
        and candidates.v <= figures.eff_high
    group by candidates.fact_key, candidates.v
    having count(distinct figures.article_id) = (
        select count(distinct f.article_id) from figures as f
        where f.fact_key = candidates.fact_key
    )
),

common as (
    select fact_key, min(v) as common_low, max(v) as common_high
    from fitting
    group by fact_key
),

-- Facts under which one article states values that cannot all be true at once.
self_inconsistent as (
    select distinct fact_key
    from figures
    group by fact_key, article_id
    having max(eff_low) > min(eff_high)
),

classified as (
    select
        facts.*,
        common.common_low,
        common.common_high,
        case
            when n_articles = 1 then 'single_source'
            when common.common_low is not null then 'corroborated'
            when not facts.has_predicate or self_inconsistent.fact_key is not null
                then 'ambiguous'
            else 'conflict'
        end as status,
        case
            when not facts.has_predicate then 'no_predicate'
            when self_inconsistent.fact_key is not null then 'article_states_several_values'
        end as ambiguity,
        -- "tariff for acme on chinese import vehicle (percent, period 2024, reported)"
        metric_key || ' for ' || subject_name
        || case when scope_key = 'unspecified' then '' else ' on ' || scope_key end
        || ' (' || unit || ', period ' || period_key
        || case when modality_key = 'any' then '' else ', ' || modality_key end
        || ')' as fact_label
    from facts
    left join common on common.fact_key = facts.fact_key
    left join self_inconsistent on self_inconsistent.fact_key = facts.fact_key
)

select
    classified.fact_key,
    classified.story_id,
    classified.metric_key as metric,
    classified.subject_name as subject,
    classified.subject_key,
    classified.scope_key as scope,
    classified.period_key as period,
    classified.unit,
    classified.modality_key as modality,
    classified.n_articles,
    classified.n_figures,
    classified.n_distinct_values,
    values_seen.values_seen,
    classified.article_ids,
    classified.common_low,
    classified.common_high,
    classified.status,
    case when classified.status = 'ambiguous' then classified.ambiguity end as ambiguity,
    case classified.status
        when 'single_source' then
            'Only article ' || classified.article_ids || ' reports ' || classified.fact_label
            || ': ' || values_seen.values_seen || '. No independent article confirms it.'
        when 'corroborated' then
            classified.n_articles || ' independent articles (' || classified.article_ids
            || ') agree on ' || classified.fact_label || ': ' || values_seen.values_seen
            || '. Every article has a figure fitting ' || {{ format_number('classified.common_low') }}
            || ' to ' || {{ format_number('classified.common_high') }} || ' ' || classified.unit
            || '.'
        when 'ambiguous' then
            classified.n_articles || ' independent articles (' || classified.article_ids
            || ') give different values for ' || classified.fact_label || ': '
            || values_seen.values_seen || ', but '
            || case classified.ambiguity
                when 'no_predicate' then
                    'the figures only count ' || classified.metric_key
                    || ' without saying what happened to them'
                else 'one article itself states several incompatible values under this key'
            end
            || ', so they may be different quantities rather than a contradiction: '
            || evidence.evidence
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
