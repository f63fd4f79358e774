{#- Generic data tests of the project (no packages). -#}

{#- The combination of columns is unique (a composite grain). -#}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- Each key has exactly one row with is_current (SCD-2 dimensions). -#}
{% test one_current_row_per_key(model, column_name) %}
select {{ column_name }}, sum(case when is_current then 1 else 0 end) as current_rows
from {{ model }}
group by {{ column_name }}
having sum(case when is_current then 1 else 0 end) <> 1
{% endtest %}

{#- SCD-2 intervals [valid_from, valid_to) of one key never overlap; valid_to is null exactly on the current row. -#}
{% test scd_intervals_valid(model, column_name) %}
select a.{{ column_name }}
from {{ model }} as a
inner join {{ model }} as b
    on a.{{ column_name }} = b.{{ column_name }}
    and a.valid_from < b.valid_from
    and (a.valid_to is null or a.valid_to > b.valid_from)
union all
select {{ column_name }}
from {{ model }}
where (valid_to is null) <> is_current or (valid_to is not null and valid_to < valid_from)
{% endtest %}
