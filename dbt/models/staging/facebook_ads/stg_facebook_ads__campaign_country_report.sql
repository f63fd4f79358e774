with source as (
    select * from {{ source('facebook_ads', 'campaign_country_report') }}
)

select
    {{ raw_col('date') }} as date_day,
    {{ as_id('account_id') }} as account_id,
    {{ as_id('campaign_id') }} as campaign_id,
    upper(country) as country_code,
    _fivetran_id,
    impressions,
    inline_link_clicks as clicks,
    spend,
    reach,
    _fivetran_synced
from source
