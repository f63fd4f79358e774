{#-
  Change histories (fact_*_history): one row per entity and change day. `versions` is a relation or CTE name with
  columns valid_from (timestamp of the version) and `columns`; several versions of one day collapse into the day's
  last one (the value in effect at the end of that day). Adds date_day (the change day), valid_from_date,
  valid_to / valid_to_date (the next change, null while current) and is_current. The value in effect on a day d is
  the row with valid_from_date <= d and (valid_to_date is null or d < valid_to_date): exactly one row per entity from
  its first recorded change on.
-#}
{% macro change_days(versions, key, columns) -%}
select
    {{ key }},
    {%- for c in columns %}
    {{ c }},
    {%- endfor %}
    date_day,
    valid_from,
    date_day as valid_from_date,
    lead(valid_from) over (partition by {{ key }} order by valid_from) as valid_to,
    lead(date_day) over (partition by {{ key }} order by valid_from) as valid_to_date,
    lead(valid_from) over (partition by {{ key }} order by valid_from) is null as is_current
from (
    select
        v.*,
        cast(v.valid_from as date) as date_day,
        row_number() over (partition by {{ key }}, cast(v.valid_from as date) order by v.valid_from desc) as rank_in_day
    from {{ versions }} as v
) as last_of_day
where rank_in_day = 1
{%- endmacro %}

{#-
  The versions of a staged history table as a subquery, without versions superseded at the same instant (a
  zero-length interval [t, t): Fivetran re-synced the same updated_at twice); SCD keys stay unique per valid_from.
-#}
{% macro scd_versions(relation) -%}
    (select * from {{ relation }} where valid_to is null or valid_to > valid_from)
{%- endmacro %}

{#-
  Intervals [valid_from, valid_to) of one entity (the combination of `columns`, e.g. list_key + person_id) never
  overlap: ordered by valid_from, each interval ends (valid_to not null) no later than the next one starts; valid_to
  is null exactly on is_current rows and never before valid_from. A window instead of a self-join (memberships
  are large).
-#}
{% test intervals_do_not_overlap(model, columns) %}
select *
from (
    select
        {{ columns | join(', ') }},
        valid_from,
        valid_to,
        is_current,
        lead(valid_from) over (partition by {{ columns | join(', ') }} order by valid_from) as next_valid_from
    from {{ model }}
) as ordered
where (next_valid_from is not null and (valid_to is null or valid_to > next_valid_from))
    or (valid_to is null) <> is_current
    or valid_to < valid_from
{% endtest %}
