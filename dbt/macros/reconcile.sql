{#-
  Reconciliation test body: two queries that each return tenant_id, date_day and the named measures; returns the days
  where any measure differs by more than a relative tolerance (or a day present on one side only).
-#}
{% macro reconcile_daily(expected_sql, actual_sql, measures, tolerance=0.000001) -%}
with expected as (
    {{ expected_sql }}
),

actual as (
    {{ actual_sql }}
)

select
    coalesce(expected.tenant_id, actual.tenant_id) as tenant_id,
    coalesce(expected.date_day, actual.date_day) as date_day
    {%- for m in measures %},
    expected.{{ m }} as expected_{{ m }},
    actual.{{ m }} as actual_{{ m }}
    {%- endfor %}
from expected
full outer join actual
    on expected.tenant_id = actual.tenant_id and expected.date_day = actual.date_day
where expected.date_day is null
    or actual.date_day is null
    {%- for m in measures %}
    or abs(coalesce(expected.{{ m }}, 0) - coalesce(actual.{{ m }}, 0))
        > {{ tolerance }} * (case when abs(coalesce(expected.{{ m }}, 0)) > 1 then abs(expected.{{ m }}) else 1 end)
    {%- endfor %}
{%- endmacro %}
