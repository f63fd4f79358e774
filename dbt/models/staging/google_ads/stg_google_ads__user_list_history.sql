with source as (
    select * from {{ source('google_ads', 'user_list_history') }}
)

select
    {{ as_id('id') }} as user_list_id,
    updated_at,
    {{ as_id('customer_id') }} as account_id,
    name,
    {{ raw_col('type') }} as user_list_type,
    description,
    membership_status,
    size_for_display,
    size_for_search,
    _fivetran_synced,
    {{ history_flags(['id'], 'updated_at', '_fivetran_active') }}
from source
