-- One row per hour of the day (0-23).
select
    n as hour_of_day,
    case when n < 10 then {{ dbt.concat(["'0'", "cast(n as " ~ dbt.type_string() ~ ")", "':00'"]) }}
         else {{ dbt.concat(["cast(n as " ~ dbt.type_string() ~ ")", "':00'"]) }} end as hour_label,
    case
        when n < 6 then 'night'
        when n < 12 then 'morning'
        when n < 18 then 'afternoon'
        else 'evening'
    end as daypart,
    {{ tenant_id() }} as tenant_id
from ({{ integer_series(24) }}) as series
