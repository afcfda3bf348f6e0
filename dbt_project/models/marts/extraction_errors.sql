-- Errors raised while extracting from an article, for the run report.
select
    article_id,
    stage,
    error
from {{ ref('stg_extraction_errors') }}
order by article_id, stage, error
