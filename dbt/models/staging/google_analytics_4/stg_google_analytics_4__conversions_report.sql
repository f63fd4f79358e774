with source as (
    select * from {{ source('google_analytics_4', 'conversions_report') }}
)

select
    replace(property, 'properties/', '') as property_id,
    {{ raw_col('date') }} as date_day,
    event_name,
    _fivetran_id,
    key_events,
    total_revenue,
    total_users,
    event_count,
    _fivetran_synced
from source
