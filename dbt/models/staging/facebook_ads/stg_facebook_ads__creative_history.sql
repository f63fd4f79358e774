with source as (
    select * from {{ source('facebook_ads', 'creative_history') }}
)

select
    {{ as_id('id') }} as creative_id,
    _fivetran_id,
    {{ as_id('account_id') }} as account_id,
    name,
    title,
    body,
    object_type,
    {{ as_id('video_id') }} as video_id,
    call_to_action_type,
    url_tags,
    page_link,
    _fivetran_synced,
    {{ history_flags(['id'], '_fivetran_synced', none) }}
from source
