-- Input files the pipeline could not turn into an article, with the reason.
select
    source_path,
    trim(reason) as reason,
    content_hash
from {{ source('raw', 'rejected_inputs') }}
