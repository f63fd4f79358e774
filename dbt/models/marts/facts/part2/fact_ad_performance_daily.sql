{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
-- Ad performance of Google Ads (ad_stats, summed over ad_network_type) and Meta (custom report ad_device_report with
-- its conversions). Grain: date_day x ad_key x device_code (row_key). Meta device_platform values that map to the same
-- device_code are summed; reach (Meta) is Meta's figure for the ad and device platform(s) of the row: non-additive.
with google as (
    select
        date_day, 'google_ads' as platform_code, account_id, campaign_id, ad_group_id as parent_id, ad_id, device_code,
        cast(sum(impressions) as {{ dbt.type_bigint() }}) as impressions,
        cast(sum(clicks) as {{ dbt.type_bigint() }}) as clicks,
        sum(spend) as spend,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value,
        cast(null as {{ dbt.type_bigint() }}) as reach,
        cast(null as {{ dbt.type_bigint() }}) as video_views
    from {{ ref('stg_google_ads__ad_stats') }}
    where {{ incremental_window('date_day') }}
    group by date_day, account_id, campaign_id, ad_group_id, ad_id, device_code
),

meta as (
    select
        date_day, 'meta' as platform_code, account_id, campaign_id, ad_set_id as parent_id, ad_id, device_code,
        cast(sum(impressions) as {{ dbt.type_bigint() }}) as impressions,
        cast(sum(clicks) as {{ dbt.type_bigint() }}) as clicks,
        sum(spend) as spend,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value,
        cast(sum(reach) as {{ dbt.type_bigint() }}) as reach,
        cast(sum(video_views) as {{ dbt.type_bigint() }}) as video_views
    from {{ ref('int_meta_ad_device_report_joined') }}
    where {{ incremental_window('date_day') }}
    group by date_day, account_id, campaign_id, ad_set_id, ad_id, device_code
),

unioned as (
    select * from google
    union all
    select * from meta
),

keyed as (
    select
        unioned.*,
        {{ dbt.concat(["platform_code", "':'", "account_id"]) }} as account_key,
        {{ dbt.concat(["platform_code", "':'", "campaign_id"]) }} as campaign_key,
        {{ dbt.concat(["platform_code", "':'", "parent_id"]) }} as parent_key,
        {{ dbt.concat(["platform_code", "':'", "ad_id"]) }} as ad_key
    from unioned
)

select
    {{ row_key(['k.date_day', 'k.ad_key', 'k.device_code']) }} as row_key,
    k.date_day,
    k.platform_code,
    k.account_key,
    k.account_id,
    k.campaign_key,
    k.campaign_id,
    case when k.platform_code = 'google_ads' then k.parent_key end as ad_group_key,
    case when k.platform_code = 'meta' then k.parent_key end as ad_set_key,
    k.ad_key,
    k.ad_id,
    k.device_code,
    a.currency_code,
    fx.reporting_currency,
    fx.fx_rate,
    k.impressions,
    k.clicks,
    k.spend,
    {{ to_reporting('k.spend') }} as spend_reporting,
    k.conversions,
    k.conversion_value,
    {{ to_reporting('k.conversion_value') }} as conversion_value_reporting,
    k.reach,
    k.video_views,
    {{ tenant_id() }} as tenant_id
from keyed as k
left join {{ ref('dim_account') }} as a on a.account_key = k.account_key and a.is_current
left join {{ ref('int_fx_rates_forward_filled') }} as fx on fx.date_day = k.date_day and fx.currency_code = a.currency_code
