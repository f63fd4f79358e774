with source as (
    select * from {{ source('facebook_ads', 'account_history') }}
)

select
    {{ as_id('id') }} as account_id,
    name,
    account_status,
    business_country_code,
    currency,
    timezone_name,
    created_time,
    _fivetran_synced,
    {{ history_flags(['id'], '_fivetran_synced', '_fivetran_active') }}
from source
