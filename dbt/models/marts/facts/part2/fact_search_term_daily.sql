{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='date_day') }}
-- Google Ads search terms per keyword. Grain: date_day x keyword_key x search_term x search_term_match_type (row_key)
-- from search_term_keyword_stats (no device segment in that report). Incremental: the last var
-- incremental_lookback_days days are rebuilt on each run (restatements).
with stats as (
    select
        date_day, account_id, campaign_id, ad_group_id, keyword_ad_group_criterion, info_text, search_term,
        lower(search_term_match_type) as search_term_match_type,
        max(status) as search_term_status,
        cast(sum(impressions) as {{ dbt.type_bigint() }}) as impressions,
        cast(sum(clicks) as {{ dbt.type_bigint() }}) as clicks,
        sum(spend) as spend,
        sum(conversions) as conversions,
        sum(conversion_value) as conversion_value
    from {{ ref('stg_google_ads__search_term_keyword_stats') }}
    where {{ incremental_window('date_day') }}
    group by date_day, account_id, campaign_id, ad_group_id, keyword_ad_group_criterion, info_text, search_term,
        lower(search_term_match_type)
),

keyed as (
    select
        stats.*,
        -- resource name customers/<account>/adGroupCriteria/<ad group id>~<criterion id>
        {{ dbt.concat(["'google_ads:'", dbt.split_part('keyword_ad_group_criterion', "'/'", 4)]) }} as keyword_key
    from stats
)

select
    {{ row_key(['s.date_day', 's.keyword_key', 's.search_term', 's.search_term_match_type']) }} as row_key,
    s.date_day,
    'google_ads' as platform_code,
    {{ entity_key('google_ads', 's.account_id') }} as account_key,
    s.account_id,
    {{ entity_key('google_ads', 's.campaign_id') }} as campaign_key,
    s.campaign_id,
    {{ entity_key('google_ads', 's.ad_group_id') }} as ad_group_key,
    s.ad_group_id,
    s.keyword_key,
    s.info_text as keyword_text,
    s.search_term,
    s.search_term_match_type,
    s.search_term_status,
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
