with source as (
    select * from {{ source('google_analytics_4', 'traffic_source_medium_country_device') }}
)

select
    replace(property, 'properties/', '') as property_id,
    {{ raw_col('date') }} as date_day,
    session_source as source,
    session_medium as medium,
    upper(country_id) as country_code,
    country,
    device_category,
    {{ device_code('device_category') }} as device_code,
    _fivetran_id,
    sessions,
    engaged_sessions,
    total_users,
    new_users,
    screen_page_views,
    user_engagement_duration as user_engagement_seconds,
    event_count,
    key_events,
    total_revenue,
    _fivetran_synced
from source
