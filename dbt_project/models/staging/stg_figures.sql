-- One row per numeric figure. Enumerations are lower-cased and blank strings nulled so the
-- accepted_values tests and the fact keys see one spelling; values are kept exactly as parsed.
select
    figure_id,
    article_id,
    raw_text,
    value,
    value_low,
    value_high,
    trim(unit) as unit,
    lower(trim(qualifier)) as qualifier,
    lower(trim(modality)) as modality,
    nullif(trim(metric), '') as metric,
    nullif(trim(subject), '') as subject,
    nullif(trim(subject_entity_id), '') as subject_entity_id,
    nullif(trim(period), '') as period,
    nullif(trim(scope), '') as scope,
    nullif(trim(counted_noun), '') as counted_noun,
    sentence,
    char_start,
    char_end
from {{ source('raw', 'figures') }}
