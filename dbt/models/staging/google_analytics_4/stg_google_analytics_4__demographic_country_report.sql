with source as (
    select * from {{ source('google_analytics_4', 'demographic_country_report') }}
)

select
    replace(property, 'properties/', '') as property_id,
    {{ raw_col('date') }} as date_day,
    country,
    _fivetran_id,
    sessions,
    engaged_sessions,
    total_users,
    new_users,
    key_events,
    total_revenue,
    _fivetran_synced
from source
