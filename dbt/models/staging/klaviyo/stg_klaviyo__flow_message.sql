with source as (
    select * from {{ source('klaviyo', 'flow_message') }}
)

select
    {{ as_id('id') }} as flow_message_id,
    {{ as_id('flow_action_id') }} as flow_action_id,
    {{ as_id('flow_id') }} as flow_id,
    name,
    channel,
    content_subject,
    content_from_email,
    {{ as_id('template_id') }} as template_id,
    created,
    updated,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from source
