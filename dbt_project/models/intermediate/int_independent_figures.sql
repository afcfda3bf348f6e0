-- Figures of independent articles (not exact duplicates of another article) with the keys that
-- decide which figures report the same fact. A duplicate repeats its original word for word, so
-- counting it would turn one source into two.
--
-- period_key: a figure without a stated period usually refers to the period its story is about
-- ("delivered 4,200 vehicles" next to "... in 2024" elsewhere). It takes the period of the dated
-- figures with the same metric, subject, unit (and modality slot) when they all carry exactly one
-- period; when there are none or several, guessing would be arbitrary, so it is 'unspecified'.
--
-- fact_key: metric|subject|unit|period|modality, readable on purpose. A figure without a metric or
-- without a subject cannot be compared with anything and gets no fact_key.
with figures as (
    select figures.*
    from {{ ref('int_figures_normalized') }} as figures
    inner join {{ ref('stg_articles') }} as articles on articles.article_id = figures.article_id
    where articles.duplicate_of is null
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

group_periods as (
    select
        metric_key,
        subject_key,
        unit,
        modality_key,
        count(distinct period_norm) as n_periods,
        min(period_norm) as only_period
    from keyed
    where is_comparable and period_norm is not null
    group by metric_key, subject_key, unit, modality_key
),

with_period as (
    select
        keyed.*,
        coalesce(
            keyed.period_norm,
            case when group_periods.n_periods = 1 then group_periods.only_period end,
            'unspecified'
        ) as period_key,
        keyed.period_norm is null and group_periods.n_periods = 1 as is_period_inferred
    from keyed
    left join group_periods
        on keyed.is_comparable
        and group_periods.metric_key = keyed.metric_key
        and group_periods.subject_key = keyed.subject_key
        and group_periods.unit = keyed.unit
        and group_periods.modality_key = keyed.modality_key
)

select
    figure_id,
    article_id,
    metric_raw,
    metric_key,
    subject,
    subject_entity_id,
    subject_key,
    subject_name,
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
    sentence,
    char_start,
    char_end,
    is_comparable,
    case
        when is_comparable
            then metric_key || '|' || subject_key || '|' || unit || '|' || period_key || '|'
            || modality_key
    end as fact_key
from with_period
