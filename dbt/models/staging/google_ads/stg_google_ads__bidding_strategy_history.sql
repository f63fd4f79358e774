with source as (
    select * from {{ source('google_ads', 'bidding_strategy_history') }}
)

select
    {{ as_id('id') }} as bidding_strategy_id,
    updated_at,
    {{ as_id('customer_id') }} as account_id,
    name,
    {{ raw_col('type') }} as bidding_strategy_type,
    status,
    currency_code,
    campaign_count,
    cast(target_cpa_target_cpa_micros as {{ type_double() }}) / 1000000 as target_cpa,
    target_roas_target_roas,
    _fivetran_synced,
    {{ history_flags(['id'], 'updated_at', '_fivetran_active') }}
from source
