with source as (
    select * from {{ source('klaviyo', 'campaign') }}
)

select
    {{ as_id('id') }} as campaign_id,
    name,
    status,
    status_label,
    campaign_type,
    channel,
    subject,
    from_email,
    from_name,
    {{ as_id('email_template_id') }} as email_template_id,
    send_time,
    sent_at,
    scheduled,
    created,
    updated,
    archived,
    coalesce(_fivetran_deleted, false) as is_deleted,
    _fivetran_synced
from source
