with source as (
    select * from {{ source('google_ads', 'conversion_action_history') }}
)

select
    {{ as_id('id') }} as conversion_action_id,
    updated_at,
    {{ as_id('customer_id') }} as account_id,
    name,
    category,
    {{ raw_col('type') }} as conversion_action_type,
    status,
    counting_type,
    include_in_conversions_metric,
    primary_for_goal,
    _fivetran_synced,
    {{ history_flags(['id'], 'updated_at', '_fivetran_active') }}
from source
