{#
    Fails for every row where `expression` is not true (a null result counts as a failure: a rule
    that cannot be evaluated has not been met).

    Arguments:
      expression  SQL boolean expression over the model's columns. On a column the column name is
                  put in front of it (`column: value`, `expression: ">= 0"`).
      where       optional SQL filter choosing the rows the rule applies to. In YAML, dbt
                  itself takes `where` (under arguments or config) and wraps the model in a
                  filtered subquery; the parameter serves direct macro calls.
#}
{% test expression_is_true(model, expression, column_name=none, where=none) %}

select *
from {{ model }}
where
    not coalesce(({% if column_name is not none %}{{ column_name }} {% endif %}{{ expression }}), false)
    {% if where is not none %}and ({{ where }}){% endif %}

{% endtest %}
