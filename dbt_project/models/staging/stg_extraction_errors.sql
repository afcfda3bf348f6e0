-- Errors raised while extracting from one article (the article itself is kept).
select
    article_id,
    trim(stage) as stage,
    error
from {{ source('raw', 'extraction_errors') }}
