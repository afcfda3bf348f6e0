-- A table, not a view: two marts and several tests read it, and a view is recomputed by each
-- (about 12 s of tests at 10,000 articles).
{{ config(materialized='table') }}

-- Figures of independent articles (neither an exact nor a near duplicate of another article)
-- with the keys that decide which figures report the same fact. A copy repeats its original, so
-- counting it would turn one source into two.
--
-- Facts are compared only within a story (int_articles.story_id): the same metric of the same
-- subject in two unrelated stories is usually a different fact (another year, another deal).
--
-- scope_key: a figure without a stated scope usually has the scope its story gives it elsewhere
-- ("the 100% tariff" next to "a 100% tariff on Chinese vehicles"). It takes the scope of the
-- scoped figures with the same story, metric, subject, unit (and modality slot) when they all
-- carry exactly one normalized scope; otherwise it is 'unspecified'.
--
-- period_key: likewise, a figure without a stated period takes the period of the dated figures
-- of the same story, metric, subject, scope_key, unit (and modality slot) when they all carry
-- exactly one period; otherwise 'unspecified'.
--
-- fact_key: story|metric|subject|scope|unit|period|modality, readable on purpose. A figure
-- without a metric or without a subject cannot be compared with anything and gets no fact_key.
with figures as (
    select figures.*, articles.story_id
    from {{ ref('int_figures_normalized') }} as figures
    inner join {{ ref('int_articles') }} as articles on articles.article_id = figures.article_id
    where articles.is_independent
),

keyed as (
    select
        *,
        -- Periods are machine-made by the parser; upper() only merges "2024-q3" and "2024-Q3".
        upper(trim(period)) as period_norm,
        {% if var('split_facts_by_modality', true) -%}
        modality
        {%- else -%}
        'any'
        {%- endif %} as modality_key,
        metric_key is not null and subject_key is not null as is_comparable
    from figures
),

group_scopes as (
    select
        story_id,
        metric_key,
        subject_key,
        unit,
        modality_key,
        count(distinct scope_norm) as n_scopes,
        min(scope_norm) as only_scope
    from keyed
    where is_comparable and scope_norm is not null
    group by story_id, metric_key, subject_key, unit, modality_key
),

with_scope as (
    select
        keyed.*,
        coalesce(
            keyed.scope_norm,
            case when group_scopes.n_scopes = 1 then group_scopes.only_scope end,
            'unspecified'
        ) as scope_key,
        keyed.scope_norm is null and group_scopes.n_scopes = 1 as is_scope_inferred
    from keyed
    left join group_scopes
        on keyed.is_comparable
        and group_scopes.story_id = keyed.story_id
        and group_scopes.metric_key = keyed.metric_key
        and group_scopes.subject_key = keyed.subject_key
        and group_scopes.unit = keyed.unit
        and group_scopes.modality_key = keyed.modality_key
),

group_periods as (
    select
        story_id,
        metric_key,
        subject_key,
        scope_key,
        unit,
        modality_key,
        count(distinct period_norm) as n_periods,
        min(period_norm) as only_period
    from with_scope
    where is_comparable and period_norm is not null
    group by story_id, metric_key, subject_key, scope_key, unit, modality_key
),

with_period as (
    select
        with_scope.*,
        coalesce(
            with_scope.period_norm,
            case when group_periods.n_periods = 1 then group_periods.only_period end,
            'unspecified'
        ) as period_key,
        with_scope.period_norm is null and group_periods.n_periods = 1 as is_period_inferred
    from with_scope
    left join group_periods
        on with_scope.is_comparable
        and group_periods.story_id = with_scope.story_id
        and group_periods.metric_key = with_scope.metric_key
        and group_periods.subject_key = with_scope.subject_key
        and group_periods.scope_key = with_scope.scope_key
        and group_periods.unit = with_scope.unit
        and group_periods.modality_key = with_scope.modality_key
)

select
    figure_id,
    article_id,
    story_id,
    metric_raw,
    metric_key,
    subject,
    subject_entity_id,
    subject_key,
    subject_name,
    scope,
    scope_norm,
    scope_key,
    coalesce(is_scope_inferred, false) as is_scope_inferred,
    period,
    period_key,
    coalesce(is_period_inferred, false) as is_period_inferred,
    modality_key,
    value,
    unit,
    qualifier,
    modality,
    value_low,
    value_high,
    eff_low,
    eff_high,
    is_share,
    counted_noun,
    -- A figure whose metric is only the noun it counts ("12 people", "99 delegates") says nothing
    -- about what happened to them (killed? detained? at stake? won?).
    counted_noun is null
    or lower(coalesce(metric_raw, '')) not in (counted_noun, counted_noun || 's') as has_predicate,
    sentence,
    char_start,
    char_end,
    is_comparable,
    case
        when is_comparable
            then story_id || '|' || metric_key || '|' || subject_key || '|' || scope_key || '|'
            || unit || '|' || period_key || '|' || modality_key
    end as fact_key
from with_period
