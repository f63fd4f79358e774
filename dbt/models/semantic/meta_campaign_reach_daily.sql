-- Meta reach at the grain Meta reports it for a campaign (issue 4): one row per date_day x campaign_key (row_key), from
-- the prebuilt report basic_campaign, whose reach Meta deduplicates over the campaign's ads, ad sets and devices.
-- Reach counts unique people: it is valid per day and campaign only, never summed over days or campaigns (the
-- semantic model meta_campaign_reach_daily__semantic.yml refuses that). Summing the ad-level reach of
-- ad_device_report instead counts a person once per ad and device (about a quarter too many on rare-seeds).
-- A table in schema marts beside the facts (the API reads marts only); not a fact_* model: the plan's 22 facts stand.
-- Incremental like fact_campaign_performance_daily (macros/incremental.sql): the last var incremental_lookback_days
-- days before the newest day built are read again and replaced, covering Meta's restatements.
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day', schema='marts') }}
with campaign_days as (
    select
        date_day,
        {{ entity_key('meta', 'account_id') }} as account_key,
        account_id,
        {{ entity_key('meta', 'campaign_id') }} as campaign_key,
        campaign_id,
        impressions,
        reach,
        frequency
    from {{ ref('stg_facebook_ads__basic_campaign') }}
    where {{ incremental_window('date_day') }}
)

select
    {{ row_key(['date_day', 'campaign_key']) }} as row_key,
    date_day,
    'meta' as platform_code,
    account_key,
    account_id,
    campaign_key,
    campaign_id,
    cast(impressions as {{ dbt.type_bigint() }}) as impressions,
    cast(reach as {{ dbt.type_bigint() }}) as reach,
    frequency,
    {{ tenant_id() }} as tenant_id
from campaign_days
