with source as (
    select * from {{ source('google_ads', 'ad_group_history') }}
)

select
    {{ as_id('id') }} as ad_group_id,
    updated_at,
    {{ as_id('campaign_id') }} as campaign_id,
    campaign_name,
    name,
    status,
    {{ raw_col('type') }} as ad_group_type,
    cast(cpc_bid_micros as {{ type_double() }}) / 1000000 as cpc_bid,
    cast(target_cpa_micros as {{ type_double() }}) / 1000000 as target_cpa,
    ad_rotation_mode,
    _fivetran_synced,
    {{ history_flags(['id'], 'updated_at', '_fivetran_active') }}
from source
