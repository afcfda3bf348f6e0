-- One row per normalized article. Text fields are trimmed and empty strings become null so that
-- "no author" has one spelling downstream.
select
    article_id,
    source_path,
    lower(trim(source_format)) as source_format,
    content_hash,
    nullif(trim(encoding), '') as encoding,
    nullif(trim(title), '') as title,
    nullif(trim(author), '') as author,
    published_date,
    nullif(trim(publisher), '') as publisher,
    nullif(trim(url), '') as url,
    text as article_text,
    word_count,
    nullif(trim(duplicate_of), '') as duplicate_of,
    n_lines_removed
from {{ source('raw', 'articles') }}
