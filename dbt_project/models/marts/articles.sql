-- Every normalized article, duplicates included (is_duplicate / duplicate_of say which exact copy,
-- near_duplicate_of which near copy; is_independent whether it counts as a source), with its
-- story. The body text stays in the raw and staging layers; BI users query extracted rows instead.
select
    stg.article_id,
    stg.source_path,
    stg.source_format,
    stg.encoding,
    stg.publisher,
    stg.title,
    stg.author,
    stg.published_date,
    stg.word_count,
    stg.content_hash,
    stg.duplicate_of,
    stg.duplicate_of is not null as is_duplicate,
    stg.url,
    stg.n_lines_removed,
    linked.near_duplicate_of,
    linked.near_duplicate_jaccard,
    linked.near_duplicate_containment,
    linked.original_id,
    linked.is_independent,
    linked.story_id,
    linked.story_similarity,
    linked.story_centrality
from {{ ref('stg_articles') }} as stg
inner join {{ ref('int_articles') }} as linked on linked.article_id = stg.article_id
order by stg.article_id
