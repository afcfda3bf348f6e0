{#
    Fails for every non-null value of the column outside [min_value, max_value] (bounds are
    optional; `inclusive: false` makes them strict). Null values are left to not_null tests.
#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error("accepted_range needs min_value or max_value") }}
{%- endif -%}

select *
from {{ model }}
where {{ column_name }} is not null
  and not (
        true
        {% if min_value is not none %}
        and {{ column_name }} {{ ">=" if inclusive else ">" }} {{ min_value }}
        {% endif %}
        {% if max_value is not none %}
        and {{ column_name }} {{ "<=" if inclusive else "<" }} {{ max_value }}
        {% endif %}
  )

{% endtest %}
