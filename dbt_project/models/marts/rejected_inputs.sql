-- Input files that did not become articles, for the run report.
select
    source_path,
    reason,
    content_hash
from {{ ref('stg_rejected_inputs') }}
order by source_path, reason
