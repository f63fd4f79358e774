with source as (
    select * from {{ source('facebook_ads', 'campaign_history') }}
)

select
    {{ as_id('id') }} as campaign_id,
    updated_time,
    {{ as_id('account_id') }} as account_id,
    name,
    status,
    objective,
    buying_type,
    bid_strategy,
    daily_budget as daily_budget_minor_units,
    lifetime_budget as lifetime_budget_minor_units,
    budget_remaining as budget_remaining_minor_units,
    created_time,
    start_time,
    stop_time,
    _fivetran_synced,
    {{ history_flags(['id'], 'updated_time', none) }}
from source
