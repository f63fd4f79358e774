with source as (
    select * from {{ source('google_ads', 'campaign_budget_history') }}
)

select
    {{ as_id('id') }} as budget_id,
    updated_at,
    {{ as_id('campaign_id') }} as campaign_id,
    name,
    cast(amount_micros as {{ type_double() }}) / 1000000 as budget_amount,
    cast(total_amount_micros as {{ type_double() }}) / 1000000 as total_budget_amount,
    delivery_method,
    {{ raw_col('period') }} as budget_period,
    status,
    {{ raw_col('type') }} as budget_type,
    explicitly_shared,
    reference_count,
    _fivetran_synced,
    {{ history_flags(['id'], 'updated_at', '_fivetran_active') }}
from source
