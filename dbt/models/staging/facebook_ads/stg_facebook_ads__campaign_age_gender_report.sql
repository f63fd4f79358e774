with source as (
    select * from {{ source('facebook_ads', 'campaign_age_gender_report') }}
)

select
    {{ raw_col('date') }} as date_day,
    {{ as_id('account_id') }} as account_id,
    {{ as_id('campaign_id') }} as campaign_id,
    age,
    gender,
    _fivetran_id,
    impressions,
    inline_link_clicks as clicks,
    spend,
    reach,
    _fivetran_synced
from source
