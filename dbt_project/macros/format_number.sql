{#
    Human-readable rendering of a DOUBLE for explanations: whole numbers with thousands separators
    ("4,200"), other numbers with at most four decimals and no trailing zeros ("2.75").
#}
{% macro format_number(expr) -%}
    case
        when {{ expr }} is null then 'null'
        when isinf({{ expr }}) then case when {{ expr }} > 0 then 'inf' else '-inf' end
        when {{ expr }} = round({{ expr }}) and abs({{ expr }}) < 1e15
            then format('{:,}', cast({{ expr }} as hugeint))
        else regexp_replace(format('{:,.4f}', {{ expr }}), '\.?0+$', '')
    end
{%- endmacro %}

{#
    One figure as a reader would say it: qualifier words + value(s) + unit, e.g.
    "about 4,200 count", "at least 25 percent", "10–12 percent".
#}
{% macro format_figure(value, value_low, value_high, qualifier, unit) -%}
    case {{ qualifier }}
        when 'range' then
            {{ format_number('coalesce(' ~ value_low ~ ', ' ~ value ~ ')') }}
            || '–' || {{ format_number('coalesce(' ~ value_high ~ ', ' ~ value ~ ')') }}
        when 'approx' then 'about ' || {{ format_number(value) }}
        when 'at_least' then 'at least ' || {{ format_number(value) }}
        when 'at_most' then 'at most ' || {{ format_number(value) }}
        else {{ format_number(value) }}
    end || ' ' || {{ unit }}
{%- endmacro %}
