with source as (
    select * from {{ source('facebook_ads', 'ad_video_report') }}
)

select
    {{ raw_col('date') }} as date_day,
    {{ as_id('account_id') }} as account_id,
    {{ as_id('ad_id') }} as ad_id,
    _fivetran_id,
    impressions,
    spend,
    _fivetran_synced
from source
