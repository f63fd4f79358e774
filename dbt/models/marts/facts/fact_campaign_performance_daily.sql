{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day',
          on_schema_change='sync_all_columns') }}
-- Daily ad performance per campaign and device, Google Ads and Meta together.
-- Grain: date_day x campaign_key x device_code (row_key).
-- Google: campaign_stats summed over ad_network_type (and devices that map to the same device_code).
-- Meta: the ad-level custom report ad_device_report summed over the campaign's ads and device platforms.
-- No reach: Meta's reach counts unique people, and the per-ad figures of ad_device_report do not add up to a campaign's
-- (a person reached by two ads counts twice). Meta's deduplicated campaign-day reach is meta_campaign_reach_daily
-- (models/semantic, from basic_campaign); ad x device reach is fact_ad_performance_daily's.
-- on_schema_change: a marts file built before reach was dropped loses the column on its next incremental run.
with google as (
    select
        date_day,
        'google_ads' as platform_code,
        account_id,
        campaign_id,
        device_code,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(spend) as spend,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value,
        sum(video_views) as video_views
    from {{ ref('stg_google_ads__campaign_stats') }}
    where {{ incremental_window('date_day') }}
    group by date_day, account_id, campaign_id, device_code
),

meta as (
    select
        date_day,
        'meta' as platform_code,
        account_id,
        campaign_id,
        device_code,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(spend) as spend,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value,
        sum(video_views) as video_views
    from {{ ref('int_meta_ad_device_report_joined') }}
    where {{ incremental_window('date_day') }}
    group by date_day, account_id, campaign_id, device_code
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
        {{ dbt.concat(["platform_code", "':'", "campaign_id"]) }} as campaign_key
    from unioned
),

accounts as (
    select account_key, currency_code
    from {{ ref('dim_account') }}
    where is_current
)

select
    {{ row_key(['keyed.date_day', 'keyed.campaign_key', 'keyed.device_code']) }} as row_key,
    keyed.date_day,
    keyed.platform_code,
    keyed.account_key,
    keyed.account_id,
    keyed.campaign_key,
    keyed.campaign_id,
    keyed.device_code,
    accounts.currency_code,
    fx.reporting_currency,
    fx.fx_rate,
    cast(keyed.impressions as {{ dbt.type_bigint() }}) as impressions,
    cast(keyed.clicks as {{ dbt.type_bigint() }}) as clicks,
    keyed.spend,
    {{ to_reporting('keyed.spend') }} as spend_reporting,
    keyed.conversions,
    keyed.conversion_value,
    {{ to_reporting('keyed.conversion_value') }} as conversion_value_reporting,
    cast(keyed.video_views as {{ dbt.type_bigint() }}) as video_views,
    {{ tenant_id() }} as tenant_id
from keyed
left join accounts on accounts.account_key = keyed.account_key
left join {{ ref('int_fx_rates_forward_filled') }} as fx
    on fx.date_day = keyed.date_day and fx.currency_code = accounts.currency_code
