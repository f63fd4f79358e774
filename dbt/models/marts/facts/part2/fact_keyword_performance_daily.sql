{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
-- Google Ads keyword performance. Grain: date_day x keyword_key x device_code (row_key); keyword_stats summed over
-- ad_network_type. keyword_key = 'google_ads:<ad group id>~<criterion id>' as in dim_keyword.
with stats as (
    select
        date_day, account_id, campaign_id, ad_group_id, ad_group_criterion_criterion_id as criterion_id, device_code,
        cast(sum(impressions) as {{ dbt.type_bigint() }}) as impressions,
        cast(sum(clicks) as {{ dbt.type_bigint() }}) as clicks,
        sum(spend) as spend,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value
    from {{ ref('stg_google_ads__keyword_stats') }}
    where {{ incremental_window('date_day') }}
    group by date_day, account_id, campaign_id, ad_group_id, ad_group_criterion_criterion_id, device_code
),

keyed as (
    select stats.*, {{ dbt.concat(["'google_ads:'", 'ad_group_id', "'~'", 'criterion_id']) }} as keyword_key
    from stats
)

select
    {{ row_key(['s.date_day', 's.keyword_key', 's.device_code']) }} as row_key,
    s.date_day,
    'google_ads' as platform_code,
    {{ entity_key('google_ads', 's.account_id') }} as account_key,
    s.account_id,
    {{ entity_key('google_ads', 's.campaign_id') }} as campaign_key,
    s.campaign_id,
    {{ entity_key('google_ads', 's.ad_group_id') }} as ad_group_key,
    s.ad_group_id,
    s.keyword_key,
    s.criterion_id,
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
    {{ tenant_id() }} as tenant_id
from keyed as s
left join {{ ref('dim_account') }} as a on a.account_key = {{ entity_key('google_ads', 's.account_id') }} and a.is_current
left join {{ ref('int_fx_rates_forward_filled') }} as fx on fx.date_day = s.date_day and fx.currency_code = a.currency_code
