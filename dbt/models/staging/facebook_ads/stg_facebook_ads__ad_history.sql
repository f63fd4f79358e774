with source as (
    select * from {{ source('facebook_ads', 'ad_history') }}
)

select
    {{ as_id('id') }} as ad_id,
    updated_time,
    {{ as_id('account_id') }} as account_id,
    {{ as_id('ad_set_id') }} as ad_set_id,
    {{ as_id('campaign_id') }} as campaign_id,
    {{ as_id('creative_id') }} as creative_id,
    name,
    status,
    created_time,
    _fivetran_synced,
    {{ history_flags(['id'], 'updated_time', none) }}
from source
