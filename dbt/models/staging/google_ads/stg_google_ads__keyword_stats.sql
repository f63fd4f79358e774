with source as (
    select * from {{ source('google_ads', 'keyword_stats') }}
)

select
    {{ as_id('customer_id') }} as account_id,
    {{ raw_col('date') }} as date_day,
    _fivetran_id,
    {{ as_id('ad_group_criterion_criterion_id') }} as ad_group_criterion_criterion_id,
    {{ as_id('ad_group_id') }} as ad_group_id,
    {{ as_id('campaign_id') }} as campaign_id,
    device as device_type,
    {{ device_code('device') }} as device_code,
    ad_network_type,
    clicks,
    impressions,
    cast(cost_micros as {{ type_double() }}) / 1000000 as spend,
    conversions,
    conversions_value as conversion_value,
    view_through_conversions,
    _fivetran_synced
from source
