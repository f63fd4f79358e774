with source as (
    select * from {{ source('facebook_ads', 'basic_ad_set') }}
)

select
    {{ as_id('adset_id') }} as adset_id,
    {{ raw_col('date') }} as date_day,
    {{ as_id('account_id') }} as account_id,
    _fivetran_id,
    adset_name,
    campaign_name,
    impressions,
    inline_link_clicks as clicks,
    spend,
    reach,
    frequency,
    cpc,
    cpm,
    ctr,
    _fivetran_synced
from source
