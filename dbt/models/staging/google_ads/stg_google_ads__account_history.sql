with source as (
    select * from {{ source('google_ads', 'account_history') }}
)

select
    {{ as_id('id') }} as account_id,
    updated_at,
    descriptive_name,
    currency_code,
    time_zone,
    auto_tagging_enabled,
    manager,
    test_account,
    _fivetran_synced,
    {{ history_flags(['id'], 'updated_at', '_fivetran_active') }}
from source
