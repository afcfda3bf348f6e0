-- A table, not a view: two marts and several tests read it, and a view is recomputed by each
-- (about 12 s of tests at 10,000 articles).
{{ config(materialized='table') }}

-- Every figure with comparable keys and its effective interval [eff_low, eff_high]: the set of
-- true values the figure is compatible with, given how precisely it was stated. Two figures agree
-- when their intervals overlap. The widths come from dbt vars so they can be tuned without
-- touching SQL:
--   exact    value * (1 -/+ exact_rel_tolerance)   outlets round ("4.2 million")
--   approx   value * (1 -/+ approx_rel_band)       "about", "roughly", "nearly"
--   at_least [value, +inf]; a percent of at most 100 is capped at 100 (a share cannot exceed it)
--   at_most  [0, value] for non-negative values (counts and amounts do not go below zero),
--            [-inf, value] otherwise
--   range    [value_low, value_high]
--
-- scope_norm: the figure's scope ("tariffs on <imported Chinese-built cars>") as a sorted set of
-- words, so that word order, plurals and a few generic variants do not split one fact in two:
-- the seed scope_words maps a word to its canonical word(s) or drops it (empty canonical:
-- articles, prepositions, origin words such as "built"/"made"); other words lose a plural "s".
-- "imported chinese-built vehicles" and "chinese vehicle imports" both become
-- "chinese import vehicle".
--
-- is_share: a percent whose metric names a share of a whole (var share_metric_pattern); such a
-- value above 100 is impossible, which an error-severity test enforces.
{%- set exact_tol = var('exact_rel_tolerance', 0.01) %}
{%- set approx_band = var('approx_rel_band', 0.10) %}

with figures as (
    select * from {{ ref('stg_figures') }}
),

synonyms as (
    select
        lower(trim(metric_raw)) as metric_raw,
        lower(trim(metric_canonical)) as metric_canonical
    from {{ ref('metric_synonyms') }}
),

entities as (
    select entity_id, canonical_name from {{ ref('int_entities') }}
),

scope_words as (
    select lower(trim(word)) as word, nullif(lower(trim(canonical)), '') as canonical
    from {{ ref('scope_words') }}
),

scope_tokens as (
    select figure_id, unnest(regexp_split_to_array(lower(scope), '[^\pL\pN]+')) as word
    from figures
    where scope is not null
),

scope_canonical as (
    select
        scope_tokens.figure_id,
        case
            when scope_words.word is not null then scope_words.canonical
            when scope_tokens.word similar to '.*(ss|us|is)' then scope_tokens.word
            when scope_tokens.word like '%ies' and length(scope_tokens.word) > 4
                then substr(scope_tokens.word, 1, length(scope_tokens.word) - 3) || 'y'
            when scope_tokens.word like '%s' and length(scope_tokens.word) > 3
                then substr(scope_tokens.word, 1, length(scope_tokens.word) - 1)
            else scope_tokens.word
        end as canonical
    from scope_tokens
    left join scope_words on scope_words.word = scope_tokens.word
    where length(scope_tokens.word) > 1
),

scope_norm as (
    select figure_id, string_agg(distinct word, ' ' order by word) as scope_norm
    from (
        select figure_id, unnest(string_split(canonical, ' ')) as word
        from scope_canonical
        where canonical is not null
    )
    where word <> ''
    group by figure_id
),

keyed as (
    select
        figures.*,
        -- Collapse inner whitespace too: the parser joins phrase tokens with single spaces but
        -- hand-written inputs may not.
        regexp_replace(lower(trim(figures.metric)), '\s+', ' ', 'g') as metric_norm,
        coalesce(figures.subject_entity_id, lower(trim(figures.subject))) as subject_key
    from figures
),

bounds as (
    select
        keyed.*,
        -- Ranges whose bounds the parser could not fill fall back to the value itself.
        least(coalesce(value_low, value), coalesce(value_high, value)) as range_low,
        greatest(coalesce(value_low, value), coalesce(value_high, value)) as range_high
    from keyed
)

select
    bounds.figure_id,
    bounds.article_id,
    bounds.metric as metric_raw,
    coalesce(synonyms.metric_canonical, bounds.metric_norm) as metric_key,
    bounds.subject,
    bounds.subject_entity_id,
    bounds.subject_key,
    coalesce(entities.canonical_name, lower(trim(bounds.subject)), bounds.subject_entity_id)
        as subject_name,
    bounds.period,
    bounds.value,
    bounds.unit,
    bounds.qualifier,
    bounds.modality,
    bounds.value_low,
    bounds.value_high,
    bounds.scope,
    scope_norm.scope_norm,
    bounds.counted_noun,
    bounds.raw_text,
    bounds.sentence,
    bounds.char_start,
    bounds.char_end,
    -- least/greatest keep the interval ordered for negative values (value * 0.99 > value * 1.01).
    -- Unknown qualifiers (blocked by an accepted_values test) are treated like exact figures.
    case bounds.qualifier
        when 'approx' then least(value * (1 - {{ approx_band }}), value * (1 + {{ approx_band }}))
        when 'at_least' then value
        when 'at_most' then case when value >= 0 then 0 else '-infinity'::double end
        when 'range' then range_low
        else least(value * (1 - {{ exact_tol }}), value * (1 + {{ exact_tol }}))
    end::double as eff_low,
    case bounds.qualifier
        when 'approx' then greatest(value * (1 - {{ approx_band }}), value * (1 + {{ approx_band }}))
        when 'at_least' then
            case when unit = 'percent' and value <= 100 then 100 else 'infinity'::double end
        when 'at_most' then value
        when 'range' then range_high
        else greatest(value * (1 - {{ exact_tol }}), value * (1 + {{ exact_tol }}))
    end::double as eff_high,
    bounds.unit = 'percent'
    and regexp_matches(
        coalesce(synonyms.metric_canonical, bounds.metric_norm, ''),
        '{{ var("share_metric_pattern") }}'
    ) as is_share
from bounds
left join synonyms on synonyms.metric_raw = bounds.metric_norm
left join entities on entities.entity_id = bounds.subject_entity_id
left join scope_norm on scope_norm.figure_id = bounds.figure_id
