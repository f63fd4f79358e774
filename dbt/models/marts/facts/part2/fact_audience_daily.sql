{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
-- Audience performance. Grain: date_day x campaign_key x audience_key (row_key) from Google Ads
-- ad_group_audience_stats summed over the campaign's ad groups. Google only: Meta's insights have no audience
-- breakdown (custom audiences are ad set targeting, dim_ad_set.targeting_custom_audiences), and Google reports
-- audience rows for observed/targeted user lists, which overlap: never sum across audiences.
with stats as (
    select
        date_day, account_id, campaign_id, user_list_id,
        cast(sum(impressions) as {{ dbt.type_bigint() }}) as impressions,
        cast(sum(clicks) as {{ dbt.type_bigint() }}) as clicks,
        sum(spend) as spend,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value,
        cast(sum(view_through_conversions) as {{ dbt.type_bigint() }}) as view_through_conversions
    from {{ ref('stg_google_ads__ad_group_audience_stats') }}
    where {{ incremental_window('date_day') }}
    group by date_day, account_id, campaign_id, user_list_id
)

select
    {{ row_key(['s.date_day', "'google_ads:' || s.campaign_id", "'google_ads:' || s.user_list_id"]) }} as row_key,
    s.date_day,
    'google_ads' as platform_code,
    {{ entity_key('google_ads', 's.account_id') }} as account_key,
    s.account_id,
    {{ entity_key('google_ads', 's.campaign_id') }} as campaign_key,
    s.campaign_id,
    {{ entity_key('google_ads', 's.user_list_id') }} as audience_key,
    s.user_list_id as audience_id,
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
    s.view_through_conversions,
    {{ tenant_id() }} as tenant_id
from stats as s
left join {{ ref('dim_account') }} as a on a.account_key = {{ entity_key('google_ads', 's.account_id') }} and a.is_current
left join {{ ref('int_fx_rates_forward_filled') }} as fx on fx.date_day = s.date_day and fx.currency_code = a.currency_code
