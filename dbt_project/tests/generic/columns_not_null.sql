{#
    not_null for several columns of a model in one scan and one test: fails with one row per
    listed column that has nulls (column_name, n_null). Each dbt test is a query of its own and a
    Dagster asset check of its own (three run events, ~40 ms apiece on a run that adds 10
    articles to 10,000), so one test per model replaces one per column.
#}
{% test columns_not_null(model, columns) %}

{%- if not columns -%}
    {{ exceptions.raise_compiler_error("columns_not_null needs a non-empty list of columns") }}
{%- endif -%}

with counts as (
    select
    {%- for column in columns %}
        count(*) filter (where {{ adapter.quote(column) }} is null)
            as {{ adapter.quote(column) }}{{ "," if not loop.last }}
    {%- endfor %}
    from {{ model }}
),

unpivoted as (
    unpivot counts on columns(*) into name column_name value n_null
)

select column_name, n_null
from unpivoted
where n_null > 0

{% endtest %}
