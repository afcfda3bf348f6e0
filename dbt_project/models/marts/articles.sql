-- Every normalized article, duplicates included (is_duplicate / duplicate_of say which).
-- The body text stays in the raw and staging layers; BI users query extracted rows instead.
select
    article_id,
    source_path,
    source_format,
    encoding,
    publisher,
    title,
    author,
    published_date,
    word_count,
    content_hash,
    duplicate_of,
    duplicate_of is not null as is_duplicate,
    url,
    n_lines_removed
from {{ ref('stg_articles') }}
order by article_id
