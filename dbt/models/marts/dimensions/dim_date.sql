-- One row per calendar day between vars date_spine_start and date_spine_end.
with days as (
    select
        cast({{ dbt.dateadd('day', 'n', "cast('" ~ var('date_spine_start') ~ "' as date)") }} as date) as date_day
    from ({{ integer_series(
        "(" ~ dbt.datediff("cast('" ~ var('date_spine_start') ~ "' as date)", "cast('" ~ var('date_spine_end') ~ "' as date)", 'day') ~ " + 1)"
    ) }}) as series
),

attributes as (
    select
        date_day,
        cast({{ dbt.date_trunc('week', 'date_day') }} as date) as date_week,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as date_month,
        cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as date_quarter,
        cast({{ dbt.date_trunc('year', 'date_day') }} as date) as date_year,
        {{ iso_day_of_week('date_day') }} as day_of_week,
        cast(extract(day from date_day) as {{ dbt.type_int() }}) as day_of_month,
        cast(extract(month from date_day) as {{ dbt.type_int() }}) as month_of_year,
        cast(extract(quarter from date_day) as {{ dbt.type_int() }}) as quarter_of_year,
        cast(extract(year from date_day) as {{ dbt.type_int() }}) as year_number
    from days
)

select
    date_day,
    date_week,
    date_month,
    date_quarter,
    date_year,
    day_of_week,
    case day_of_week
        {%- for name in ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] %}
        when {{ loop.index }} then '{{ name }}'
        {%- endfor %}
    end as day_name,
    case month_of_year
        {%- for name in ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
                         'October', 'November', 'December'] %}
        when {{ loop.index }} then '{{ name }}'
        {%- endfor %}
    end as month_name,
    day_of_week >= 6 as is_weekend,
    day_of_month,
    month_of_year,
    quarter_of_year,
    year_number,
    {{ tenant_id() }} as tenant_id
from attributes
