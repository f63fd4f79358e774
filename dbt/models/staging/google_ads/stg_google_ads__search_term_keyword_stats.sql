with source as (
    select * from {{ source('google_ads', 'search_term_keyword_stats') }}
)

select
    {{ as_id('customer_id') }} as account_id,
    {{ raw_col('date') }} as date_day,
    _fivetran_id,
    {{ as_id('campaign_id') }} as campaign_id,
    {{ as_id('ad_group_id') }} as ad_group_id,
    keyword_ad_group_criterion,
    info_text,
    search_term,
    search_term_match_type,
    status,
    clicks,
    impressions,
    cast(cost_micros as {{ type_double() }}) / 1000000 as spend,
    conversions,
    conversions_value as conversion_value,
    view_through_conversions,
    _fivetran_synced
from source
