with source as (
    select * from {{ source('facebook_ads', 'ad_set_history') }}
)

select
    {{ as_id('id') }} as ad_set_id,
    updated_time,
    {{ as_id('account_id') }} as account_id,
    {{ as_id('campaign_id') }} as campaign_id,
    name,
    status,
    bid_strategy,
    billing_event,
    optimization_goal,
    daily_budget as daily_budget_minor_units,
    lifetime_budget as lifetime_budget_minor_units,
    budget_remaining as budget_remaining_minor_units,
    created_time,
    start_time,
    end_time,
    targeting_age_min,
    targeting_age_max,
    targeting_custom_audiences,
    _fivetran_synced,
    {{ history_flags(['id'], 'updated_time', none) }}
from source
