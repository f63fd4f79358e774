{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
-- GA4 sessions per day, property, source / medium, country and device, from the custom report
-- traffic_source_medium_country_device (dbt/README.md names the connector setting).
-- Grain: date_day x property_id x source_medium_key x country_code x device_code (row_key).
-- total_users is not additive: valid only at this grain (GA4 counts a user once per row).
with traffic as (
    select
        date_day,
        property_id,
        coalesce(source, '(not set)') as source,
        coalesce(medium, '(not set)') as medium,
        coalesce(nullif(country_code, ''), 'ZZ') as country_code,
        device_code,
        sum(sessions) as sessions,
        sum(engaged_sessions) as engaged_sessions,
        sum(total_users) as total_users,
        sum(new_users) as new_users,
        sum(screen_page_views) as screen_page_views,
        sum(user_engagement_seconds) as user_engagement_seconds,
        sum(event_count) as event_count,
        sum(key_events) as key_events,
        sum(total_revenue) as total_revenue
    from {{ ref('stg_google_analytics_4__traffic_source_medium_country_device') }}
    where {{ incremental_window('date_day') }}
    group by 1, 2, 3, 4, 5, 6
)

select
    {{ row_key(['traffic.date_day', 'traffic.property_id', source_medium_key('traffic.source', 'traffic.medium'),
                'traffic.country_code', 'traffic.device_code']) }} as row_key,
    traffic.date_day,
    traffic.property_id,
    {{ entity_key('ga4', 'traffic.property_id') }} as account_key,
    {{ source_medium_key('traffic.source', 'traffic.medium') }} as source_medium_key,
    traffic.source,
    traffic.medium,
    {{ ga4_channel_group('traffic.source', 'traffic.medium') }} as channel_group,
    {{ source_medium_platform('traffic.source', 'traffic.medium') }} as platform_code,
    traffic.country_code,
    traffic.device_code,
    cast(traffic.sessions as {{ dbt.type_bigint() }}) as sessions,
    cast(traffic.engaged_sessions as {{ dbt.type_bigint() }}) as engaged_sessions,
    cast(traffic.total_users as {{ dbt.type_bigint() }}) as total_users,
    cast(traffic.new_users as {{ dbt.type_bigint() }}) as new_users,
    cast(traffic.screen_page_views as {{ dbt.type_bigint() }}) as screen_page_views,
    cast(traffic.user_engagement_seconds as {{ dbt.type_bigint() }}) as user_engagement_seconds,
    cast(traffic.event_count as {{ dbt.type_bigint() }}) as event_count,
    traffic.key_events,
    traffic.total_revenue,
    {{ to_reporting('traffic.total_revenue') }} as total_revenue_reporting,
    {{ ga4_currency() }} as currency_code,
    fx.reporting_currency,
    fx.fx_rate,
    {{ tenant_id() }} as tenant_id
from traffic
left join {{ ref('int_fx_rates_forward_filled') }} as fx
    on fx.date_day = traffic.date_day and fx.currency_code = {{ ga4_currency() }}
