with source as (
    select * from {{ source('facebook_ads', 'basic_campaign') }}
)

select
    {{ as_id('campaign_id') }} as campaign_id,
    {{ raw_col('date') }} as date_day,
    {{ as_id('account_id') }} as account_id,
    _fivetran_id,
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
