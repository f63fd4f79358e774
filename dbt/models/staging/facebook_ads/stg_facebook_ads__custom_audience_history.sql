with source as (
    select * from {{ source('facebook_ads', 'custom_audience_history') }}
)

select
    {{ as_id('id') }} as audience_id,
    {{ as_id('account_id') }} as account_id,
    name,
    subtype,
    description,
    approximate_count_lower_bound,
    approximate_count_upper_bound,
    time_created,
    time_updated,
    _fivetran_synced,
    {{ history_flags(['id'], 'time_updated', none) }}
from source
