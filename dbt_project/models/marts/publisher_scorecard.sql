-- One row per publisher (articles without a known publisher are grouped as '(unknown)'): the
-- article scorecard summed over its articles, with its copies counted apart. Figures, quotes and
-- stances of copies never count (see source_scorecard).
select
    coalesce(publisher, '(unknown)') as publisher,
    count(*) as n_articles,
    count(*) filter (where is_independent) as n_independent_articles,
    count(*) filter (where not is_independent) as n_copies,
    count(distinct story_id) as n_stories,
    sum(n_figures)::bigint as n_figures,
    sum(n_comparable)::bigint as n_comparable,
    sum(n_corroborated)::bigint as n_corroborated,
    sum(n_conflicting)::bigint as n_conflicting,
    sum(n_ambiguous)::bigint as n_ambiguous,
    sum(n_single_source)::bigint as n_single_source,
    round(sum(n_corroborated) / nullif(sum(n_corroborated) + sum(n_conflicting), 0), 4)
        as corroboration_rate,
    sum(n_quotes)::bigint as n_quotes,
    sum(n_quotes_confirmed)::bigint as n_quotes_confirmed,
    sum(n_quote_wording_conflicts)::bigint as n_quote_wording_conflicts,
    sum(n_stance_conflicts)::bigint as n_stance_conflicts
from {{ ref('source_scorecard') }}
group by coalesce(publisher, '(unknown)')
order by publisher
