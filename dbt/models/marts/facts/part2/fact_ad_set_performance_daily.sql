{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
-- Meta ad set performance. Grain: date_day x ad_set_key x device_code (row_key), summed from the ad-level custom
-- report ad_device_report (the prebuilt basic_ad_set has no device breakdown). Conversions: action types of var
-- meta_conversion_action_types. Reach is not carried: Meta reports it per ad and device (fact_ad_performance_daily)
-- and per ad set without device (basic_ad_set), and reach cannot be summed across ads.
with stats as (
    select
        date_day, account_id, campaign_id, ad_set_id, device_code,
        cast(sum(impressions) as {{ dbt.type_bigint() }}) as impressions,
        cast(sum(clicks) as {{ dbt.type_bigint() }}) as clicks,
        sum(spend) as spend,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value,
        cast(sum(video_views) as {{ dbt.type_bigint() }}) as video_views
    from {{ ref('int_meta_ad_device_report_joined') }}
    where {{ incremental_window('date_day') }}
    group by date_day, account_id, campaign_id, ad_set_id, device_code
)

select
    {{ row_key(['s.date_day', "'meta:' || s.ad_set_id", 's.device_code']) }} as row_key,
    s.date_day,
    'meta' as platform_code,
    {{ entity_key('meta', 's.account_id') }} as account_key,
    s.account_id,
    {{ entity_key('meta', 's.campaign_id') }} as campaign_key,
    s.campaign_id,
    {{ entity_key('meta', 's.ad_set_id') }} as ad_set_key,
    s.ad_set_id,
    s.device_code,
    a.currency_code,
    fx.reporting_currency,
    fx.fx_rate,
    s.impressions,
    s.clicks,
    s.spend,
    {{ to_reporting('s.spend') }} as spend_reporting,
    s.conversions,
    s.conversion_value,
    {{ to_reporting('s.conversion_value') }} as conversion_value_reporting,
    s.video_views,
    {{ tenant_id() }} as tenant_id
from stats as s
left join {{ ref('dim_account') }} as a on a.account_key = {{ entity_key('meta', 's.account_id') }} and a.is_current
left join {{ ref('int_fx_rates_forward_filled') }} as fx on fx.date_day = s.date_day and fx.currency_code = a.currency_code
