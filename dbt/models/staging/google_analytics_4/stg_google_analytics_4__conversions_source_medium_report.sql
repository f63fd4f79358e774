with source as (
    select * from {{ source('google_analytics_4', 'conversions_source_medium_report') }}
)

select
    replace(property, 'properties/', '') as property_id,
    {{ raw_col('date') }} as date_day,
    event_name,
    session_source as source,
    session_medium as medium,
    _fivetran_id,
    key_events,
    event_value,
    total_revenue,
    _fivetran_synced
from source
