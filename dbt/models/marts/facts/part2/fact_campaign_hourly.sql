{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
-- Google Ads campaign performance per hour of the account's day. Grain: date_day x hour_of_day x campaign_key x
-- device_code (row_key); campaign_hourly_stats summed over ad_network_type. Meta has no hourly report in the
-- connector's contract (hourly breakdowns are not synced), so this fact is Google-only.
-- Incremental: the last var incremental_lookback_days days are rebuilt on each run (restatements).
with hourly as (
    select
        date_day,
        hour_of_day,
        account_id,
        campaign_id,
        device_code,
        cast(sum(impressions) as {{ dbt.type_bigint() }}) as impressions,
        cast(sum(clicks) as {{ dbt.type_bigint() }}) as clicks,
        sum(spend) as spend,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value
    from {{ ref('stg_google_ads__campaign_hourly_stats') }}
    where {{ incremental_window('date_day') }}
    group by date_day, hour_of_day, account_id, campaign_id, device_code
)

select
    {{ row_key(['h.date_day', 'h.hour_of_day', "'google_ads:' || h.campaign_id", 'h.device_code']) }} as row_key,
    h.date_day,
    h.hour_of_day,
    'google_ads' as platform_code,
    {{ entity_key('google_ads', 'h.account_id') }} as account_key,
    h.account_id,
    {{ entity_key('google_ads', 'h.campaign_id') }} as campaign_key,
    h.campaign_id,
    h.device_code,
    a.currency_code,
    fx.reporting_currency,
    fx.fx_rate,
    h.impressions,
    h.clicks,
    h.spend,
    {{ to_reporting('h.spend') }} as spend_reporting,
    h.conversions,
    h.conversion_value,
    {{ to_reporting('h.conversion_value') }} as conversion_value_reporting,
    {{ tenant_id() }} as tenant_id
from hourly as h
left join {{ ref('dim_account') }} as a on a.account_key = {{ entity_key('google_ads', 'h.account_id') }} and a.is_current
left join {{ ref('int_fx_rates_forward_filled') }} as fx on fx.date_day = h.date_day and fx.currency_code = a.currency_code
