with source as (
    select * from {{ source('facebook_ads', 'basic_ad') }}
)

select
    {{ as_id('ad_id') }} as ad_id,
    {{ raw_col('date') }} as date_day,
    {{ as_id('account_id') }} as account_id,
    _fivetran_id,
    ad_name,
    adset_name,
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
