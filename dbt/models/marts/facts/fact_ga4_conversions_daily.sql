-- GA4 key events (conversions) per day, property, event and source / medium, from the custom report
-- conversions_source_medium_report (sums over source / medium equal the prebuilt conversions_report).
-- Grain: date_day x property_id x event_name x source_medium_key (row_key).
with conversions as (
    select
        date_day,
        property_id,
        event_name,
        coalesce(source, '(not set)') as source,
        coalesce(medium, '(not set)') as medium,
        sum(key_events) as conversions,
        sum(event_value) as event_value,
        sum(total_revenue) as total_revenue
    from {{ ref('stg_google_analytics_4__conversions_source_medium_report') }}
    group by 1, 2, 3, 4, 5
)

select
    {{ row_key(['conversions.date_day', 'conversions.property_id', 'conversions.event_name',
                source_medium_key('conversions.source', 'conversions.medium')]) }} as row_key,
    conversions.date_day,
    conversions.property_id,
    {{ entity_key('ga4', 'conversions.property_id') }} as account_key,
    {{ dbt.concat(["'ga4:'", 'conversions.event_name']) }} as conversion_action_key,
    conversions.event_name,
    {{ source_medium_key('conversions.source', 'conversions.medium') }} as source_medium_key,
    conversions.source,
    conversions.medium,
    {{ ga4_channel_group('conversions.source', 'conversions.medium') }} as channel_group,
    {{ source_medium_platform('conversions.source', 'conversions.medium') }} as platform_code,
    conversions.conversions,
    conversions.event_value,
    {{ to_reporting('conversions.event_value') }} as event_value_reporting,
    conversions.total_revenue,
    {{ to_reporting('conversions.total_revenue') }} as total_revenue_reporting,
    {{ ga4_currency() }} as currency_code,
    fx.reporting_currency,
    fx.fx_rate,
    {{ tenant_id() }} as tenant_id
from conversions
left join {{ ref('int_fx_rates_forward_filled') }} as fx
    on fx.date_day = conversions.date_day and fx.currency_code = {{ ga4_currency() }}
