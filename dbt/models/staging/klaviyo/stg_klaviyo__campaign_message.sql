with source as (
    select * from {{ source('klaviyo', 'campaign_message') }}
)

select
    {{ as_id('id') }} as message_id,
    {{ as_id('campaign_id') }} as campaign_id,
    label,
    channel,
    content_subject,
    content_preview_text,
    content_from_email,
    content_from_label,
    {{ as_id('template_id') }} as template_id,
    send_times,
    created,
    updated,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from source
