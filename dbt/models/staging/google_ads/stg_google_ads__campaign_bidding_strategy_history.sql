with source as (
    select * from {{ source('google_ads', 'campaign_bidding_strategy_history') }}
)

select
    {{ as_id('campaign_id') }} as campaign_id,
    updated_at,
    name,
    {{ raw_col('type') }} as bidding_strategy_type,
    status,
    cast(target_cpa_micros as {{ type_double() }}) / 1000000 as target_cpa,
    target_roas,
    cast(cpc_bid_ceiling_micros as {{ type_double() }}) / 1000000 as cpc_bid_ceiling,
    enhanced_cpc_enabled,
    _fivetran_synced,
    {{ history_flags(['campaign_id'], 'updated_at', '_fivetran_active') }}
from source
