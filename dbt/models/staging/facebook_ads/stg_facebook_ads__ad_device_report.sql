with source as (
    select * from {{ source('facebook_ads', 'ad_device_report') }}
)

select
    {{ raw_col('date') }} as date_day,
    {{ as_id('account_id') }} as account_id,
    {{ as_id('campaign_id') }} as campaign_id,
    {{ as_id('adset_id') }} as adset_id,
    {{ as_id('ad_id') }} as ad_id,
    device_platform,
    {{ device_code('device_platform') }} as device_code,
    _fivetran_id,
    impressions,
    inline_link_clicks as clicks,
    spend,
    reach,
    frequency,
    cpc,
    cpm,
    ctr,
    video_play_actions,
    _fivetran_synced
from source
